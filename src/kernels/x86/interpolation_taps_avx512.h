// The pieces the AVX-512 luma interpolation kernels share (interpolation_avx512.cpp: 32-column
// strips; interpolation_row_pairs_avx512.cpp: 16-column strips two rows a register): the filter
// coefficients as maddubs / madd operands, the first pass on a register of samples and the
// vertical taps on interleaved row pairs. interpolation_avx2.cpp explains why the arithmetic is
// exact. Internal linkage, as simd_loads_x86.h says why; include only from AVX-512 kernel files.
#pragma once
#include "kernels/x86/avx512_intrinsics.h"

#include <cstdint>

#include "predict/inter_interpolation.h"

namespace tc {
namespace {

constexpr int kTaps = kLumaFilterTaps;
constexpr int kBefore = kTaps / 2 - 1;  // samples left of (above) the output position
constexpr int kShift2 = 6;              // H.265 8.5.3.3.3 for BitDepth 8 (shift1 = 0)
constexpr int kFullShift = 6;           // shift3: full-sample positions
constexpr int kRowTile = 64;            // output rows per pass of the vertical cases (even)

// The coefficient pairs (c[2k], c[2k + 1]) as maddubs operands (bytes) and madd operands (words).
struct Coefficients {
    explicit Coefficients(const int8_t* c) {
        for (int k = 0; k < kTaps / 2; k++) {
            const uint8_t low = static_cast<uint8_t>(c[2 * k]), high = static_cast<uint8_t>(c[2 * k + 1]);
            bytes[k] = _mm512_set1_epi16(static_cast<int16_t>(low | (high << 8)));
            const uint32_t word_pair = static_cast<uint16_t>(c[2 * k]) |
                                       (static_cast<uint32_t>(static_cast<uint16_t>(c[2 * k + 1])) << 16);
            words[k] = _mm512_set1_epi32(static_cast<int>(word_pair));
        }
    }
    __m512i bytes[kTaps / 2];
    __m512i words[kTaps / 2];
};

// Byte shuffle that puts (s[j + 2k], s[j + 2k + 1]) in 16-bit lane j, per 128-bit lane.
inline __m512i pair_shuffle(int k) {
    alignas(64) int8_t bytes[64];
    for (int lane = 0; lane < 4; lane++) {
        for (int j = 0; j < 8; j++) {
            bytes[lane * 16 + 2 * j] = static_cast<int8_t>(j + 2 * k);
            bytes[lane * 16 + 2 * j + 1] = static_cast<int8_t>(j + 2 * k + 1);
        }
    }
    return _mm512_load_si512(bytes);
}

// The first pass: per 128-bit lane of `samples`, the 8 outputs of the 16 bytes there (the first
// byte kBefore columns left of the first output).
struct HorizontalTaps {
    explicit HorizontalTaps(const int8_t* c) : coefficients(c) {
        for (int k = 0; k < kTaps / 2; k++) shuffles[k] = pair_shuffle(k);
    }
    __m512i apply(__m512i samples) const {
        __m512i sum = _mm512_maddubs_epi16(_mm512_shuffle_epi8(samples, shuffles[0]), coefficients.bytes[0]);
        for (int k = 1; k < kTaps / 2; k++) {
            sum = _mm512_add_epi16(sum, _mm512_maddubs_epi16(_mm512_shuffle_epi8(samples, shuffles[k]),
                                                             coefficients.bytes[k]));
        }
        return sum;
    }
    Coefficients coefficients;
    __m512i shuffles[kTaps / 2];
};

// The vertical taps on 8-bit rows: registers of byte-interleaved row pairs (row r in the low,
// row r + 1 in the high byte of each 16-bit lane), the pair for coefficient pair k kStep * k
// registers after `pairs`.
template <int kStep>
__m512i vertical_taps_u8(const __m512i* pairs, const Coefficients& c) {
    __m512i sum = _mm512_maddubs_epi16(_mm512_load_si512(pairs), c.bytes[0]);
    for (int k = 1; k < kTaps / 2; k++) {
        sum = _mm512_add_epi16(sum, _mm512_maddubs_epi16(_mm512_load_si512(pairs + kStep * k), c.bytes[k]));
    }
    return sum;
}

// The vertical taps on the first pass's int16 rows, as word-interleaved pairs (unpacklo /
// unpackhi of rows r and r + 1 at `low_pairs` / `high_pairs`, coefficient pair k kStep * k
// registers on): the 32-bit results after shift2, per 128-bit lane outputs 0..3 in `low` and
// 4..7 in `high`.
template <int kStep>
void vertical_taps_i16(const __m512i* low_pairs, const __m512i* high_pairs, const Coefficients& c, __m512i& low,
                       __m512i& high) {
    low = _mm512_madd_epi16(_mm512_load_si512(low_pairs), c.words[0]);
    high = _mm512_madd_epi16(_mm512_load_si512(high_pairs), c.words[0]);
    for (int k = 1; k < kTaps / 2; k++) {
        low = _mm512_add_epi32(low, _mm512_madd_epi16(_mm512_load_si512(low_pairs + kStep * k), c.words[k]));
        high = _mm512_add_epi32(high, _mm512_madd_epi16(_mm512_load_si512(high_pairs + kStep * k), c.words[k]));
    }
    low = _mm512_srai_epi32(low, kShift2);
    high = _mm512_srai_epi32(high, kShift2);
}

// Keeps the low 16 bits of each 32-bit lane, sign-extended, so that a pack is exact.
inline __m512i wrap_to_int16(__m512i v) { return _mm512_srai_epi32(_mm512_slli_epi32(v, 16), 16); }

}  // namespace
}  // namespace tc
