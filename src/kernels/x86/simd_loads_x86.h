// Loads and widening helpers shared by the AVX2 and AVX-512 kernel files. Everything here has
// internal linkage: a file compiled with -mavx512f gets its own copies, so that the linker cannot
// hand an AVX-512 encoding of a helper to an AVX2 caller (or a SIMD one to portable code).
#pragma once
#include <immintrin.h>

#include <cstddef>
#include <cstdint>

namespace tc {
namespace {

inline __m128i load_4_bytes(const uint8_t* p) { return _mm_loadu_si32(p); }
inline __m128i load_8_bytes(const uint8_t* p) { return _mm_loadl_epi64(reinterpret_cast<const __m128i*>(p)); }
inline __m128i load_16_bytes(const uint8_t* p) { return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p)); }
inline __m256i load_32_bytes(const uint8_t* p) { return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)); }
inline __m256i load_two_rows_16(const uint8_t* row0, const uint8_t* row1) {
    return _mm256_inserti128_si256(_mm256_castsi128_si256(load_16_bytes(row0)), load_16_bytes(row1), 1);
}
// Four rows of 4 bytes in one register.
inline __m128i load_4x4_bytes(const uint8_t* p, ptrdiff_t stride) {
    return _mm_unpacklo_epi64(_mm_unpacklo_epi32(load_4_bytes(p), load_4_bytes(p + stride)),
                              _mm_unpacklo_epi32(load_4_bytes(p + 2 * stride), load_4_bytes(p + 3 * stride)));
}
// 16 unsigned bytes minus 16 unsigned bytes, as 16 int16 differences.
inline __m256i widen_difference(__m128i a, __m128i b) {
    return _mm256_sub_epi16(_mm256_cvtepu8_epi16(a), _mm256_cvtepu8_epi16(b));
}

}  // namespace
}  // namespace tc
