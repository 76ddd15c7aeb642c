// The pieces the AVX2 interpolation kernels share (interpolation_avx2.cpp: 16-column strips;
// interpolation_row_pairs_avx2.cpp: 8-wide blocks two rows a register): the filter
// coefficients as maddubs / madd operands, the first pass on a register of samples and the
// vertical taps on interleaved row pairs. interpolation_avx2.cpp explains why the arithmetic is
// exact. Internal linkage, as simd_loads_x86.h says why; include only from AVX2 kernel files.
#pragma once
#include <immintrin.h>

#include <cstdint>

namespace tc {
namespace {

constexpr int kShift2 = 6;     // H.265 8.5.3.3.3 for BitDepth 8 (shift1 = 0)
constexpr int kFullShift = 6;  // shift3: full-sample positions
constexpr int kRowTile = 64;   // output rows per pass of the vertical cases

// The coefficient pairs (c[2k], c[2k + 1]) as maddubs operands: byte pairs in 16-bit lanes.
template <int kTaps>
struct BytePairs {
    explicit BytePairs(const int8_t* c) {
        for (int k = 0; k < kTaps / 2; k++) {
            const int packed = static_cast<uint8_t>(c[2 * k]) | (static_cast<uint8_t>(c[2 * k + 1]) << 8);
            pair[k] = _mm256_set1_epi16(static_cast<int16_t>(packed));
        }
    }
    __m256i pair[kTaps / 2];
};

// The same as madd operands: 16-bit pairs in 32-bit lanes.
template <int kTaps>
struct WordPairs {
    explicit WordPairs(const int8_t* c) {
        for (int k = 0; k < kTaps / 2; k++) {
            const uint32_t packed = static_cast<uint16_t>(c[2 * k]) |
                                    (static_cast<uint32_t>(static_cast<uint16_t>(c[2 * k + 1])) << 16);
            pair[k] = _mm256_set1_epi32(static_cast<int>(packed));
        }
    }
    __m256i pair[kTaps / 2];
};

// Byte shuffle that puts (s[j + 2k], s[j + 2k + 1]) in 16-bit lane j, per 128-bit lane.
inline __m256i pair_shuffle(int k) {
    alignas(32) int8_t bytes[32];
    for (int lane = 0; lane < 2; lane++) {
        for (int j = 0; j < 8; j++) {
            bytes[lane * 16 + 2 * j] = static_cast<int8_t>(j + 2 * k);
            bytes[lane * 16 + 2 * j + 1] = static_cast<int8_t>(j + 2 * k + 1);
        }
    }
    return _mm256_load_si256(reinterpret_cast<const __m256i*>(bytes));
}

// The first pass: per 128-bit lane of `samples`, the 8 outputs of the 16 bytes there (the first
// byte kTaps / 2 - 1 columns left of the first output).
template <int kTaps>
struct HorizontalTaps {
    explicit HorizontalTaps(const int8_t* c) : pairs(c) {
        for (int k = 0; k < kTaps / 2; k++) shuffles[k] = pair_shuffle(k);
    }
    __m256i apply(__m256i samples) const {
        __m256i sum = _mm256_maddubs_epi16(_mm256_shuffle_epi8(samples, shuffles[0]), pairs.pair[0]);
        for (int k = 1; k < kTaps / 2; k++) {
            sum = _mm256_add_epi16(sum, _mm256_maddubs_epi16(_mm256_shuffle_epi8(samples, shuffles[k]), pairs.pair[k]));
        }
        return sum;
    }
    BytePairs<kTaps> pairs;
    __m256i shuffles[kTaps / 2];
};

// The vertical taps on 8-bit rows: registers of byte-interleaved row pairs (row r in the low,
// row r + 1 in the high byte of each 16-bit lane), the pair for coefficient pair k kStep * k
// registers after `pairs`.
template <int kTaps, int kStep>
__m256i vertical_taps_u8(const __m256i* pairs, const BytePairs<kTaps>& c) {
    __m256i sum = _mm256_maddubs_epi16(_mm256_load_si256(pairs), c.pair[0]);
    for (int k = 1; k < kTaps / 2; k++) {
        sum = _mm256_add_epi16(sum, _mm256_maddubs_epi16(_mm256_load_si256(pairs + kStep * k), c.pair[k]));
    }
    return sum;
}

// The vertical taps on the first pass's int16 rows, as word-interleaved pairs (unpacklo /
// unpackhi of rows r and r + 1 at `low_pairs` / `high_pairs`, coefficient pair k kStep * k
// registers on): the 32-bit results after shift2, in the unpack order (per 128-bit lane outputs
// 0..3 in `low`, 4..7 in `high`).
template <int kTaps, int kStep>
void vertical_taps_i16(const __m256i* low_pairs, const __m256i* high_pairs, const WordPairs<kTaps>& c, __m256i& low,
                       __m256i& high) {
    low = _mm256_madd_epi16(_mm256_load_si256(low_pairs), c.pair[0]);
    high = _mm256_madd_epi16(_mm256_load_si256(high_pairs), c.pair[0]);
    for (int k = 1; k < kTaps / 2; k++) {
        low = _mm256_add_epi32(low, _mm256_madd_epi16(_mm256_load_si256(low_pairs + kStep * k), c.pair[k]));
        high = _mm256_add_epi32(high, _mm256_madd_epi16(_mm256_load_si256(high_pairs + kStep * k), c.pair[k]));
    }
    low = _mm256_srai_epi32(low, kShift2);
    high = _mm256_srai_epi32(high, kShift2);
}

// Keeps the low 16 bits of each 32-bit lane, sign-extended, so that a pack is exact.
inline __m256i wrap_to_int16(__m256i v) { return _mm256_srai_epi32(_mm256_slli_epi32(v, 16), 16); }

}  // namespace
}  // namespace tc
