// AVX-512 luma 8-tap interpolation (H.265 8.5.3.3.3) for widths that are multiples of 32:
// the AVX2 arithmetic (interpolation_avx2.cpp explains why 16-bit maddubs sums are exact and
// why the second pass keeps the low 16 bits) on 32 outputs per register. Other widths, and
// chroma, keep the AVX2 versions. Bit-exact with interpolate_luma_block_scalar.
#include "kernels/x86/kernel_init_x86.h"

#if defined(__AVX512F__) && defined(__AVX512BW__)
#include "kernels/x86/avx512_intrinsics.h"

#include "kernels/x86/simd_loads_x86.h"
#include "predict/inter_interpolation.h"

namespace tc {
namespace {

constexpr int kTaps = kLumaFilterTaps;
constexpr int kBefore = kTaps / 2 - 1;  // samples left of (above) the output position
constexpr int kShift2 = 6;              // H.265 8.5.3.3.3 for BitDepth 8 (shift1 = 0)
constexpr int kFullShift = 6;           // shift3: full-sample positions
constexpr int kRowTile = 64;            // rows per pass of the two-dimensional case
constexpr int kChunk = 32;              // outputs per register

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
__m512i pair_shuffle(int k) {
    alignas(64) int8_t bytes[64];
    for (int lane = 0; lane < 4; lane++) {
        for (int j = 0; j < 8; j++) {
            bytes[lane * 16 + 2 * j] = static_cast<int8_t>(j + 2 * k);
            bytes[lane * 16 + 2 * j + 1] = static_cast<int8_t>(j + 2 * k + 1);
        }
    }
    return _mm512_load_si512(bytes);
}

struct HorizontalFilter {
    explicit HorizontalFilter(const int8_t* c) : coefficients(c) {
        for (int k = 0; k < kTaps / 2; k++) shuffles[k] = pair_shuffle(k);
    }
    // Outputs x..x+31 of a row from `p`, the sample kBefore columns left of output x: 128-bit
    // lane l filters the 16 bytes from p + 8 l into outputs 8 l .. 8 l + 7.
    __m512i filter(const uint8_t* p) const {
        const __m256i low = _mm256_inserti128_si256(_mm256_castsi128_si256(load_16_bytes(p)), load_16_bytes(p + 8), 1);
        const __m256i high =
            _mm256_inserti128_si256(_mm256_castsi128_si256(load_16_bytes(p + 16)), load_16_bytes(p + 24), 1);
        const __m512i samples = _mm512_inserti64x4(_mm512_castsi256_si512(low), high, 1);
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

// Vertical taps on 8-bit rows from pairs of adjacent rows byte-interleaved once per strip (as in
// the AVX2 version): `interleaved` gets rows - 1 pairs for `rows` rows from `p`.
void interleave_row_pairs_u8(const uint8_t* p, ptrdiff_t stride, int rows, __m512i* interleaved) {
    __m512i upper = _mm512_cvtepu8_epi16(load_32_bytes(p));
    for (int r = 0; r + 1 < rows; r++) {
        const __m512i lower = _mm512_cvtepu8_epi16(load_32_bytes(p + (r + 1) * stride));
        _mm512_store_si512(interleaved + r, _mm512_or_si512(upper, _mm512_slli_epi16(lower, 8)));
        upper = lower;
    }
}

__m512i filter_interleaved_u8(const __m512i* interleaved, const Coefficients& coefficients) {
    __m512i sum = _mm512_maddubs_epi16(_mm512_load_si512(interleaved), coefficients.bytes[0]);
    for (int k = 1; k < kTaps / 2; k++) {
        sum = _mm512_add_epi16(sum, _mm512_maddubs_epi16(_mm512_load_si512(interleaved + 2 * k), coefficients.bytes[k]));
    }
    return sum;
}

// Keeps the low 16 bits of each 32-bit lane, sign-extended, so that the pack below is exact.
__m512i wrap_to_int16(__m512i v) { return _mm512_srai_epi32(_mm512_slli_epi32(v, 16), 16); }

// Vertical taps on the first pass's int16 rows, as word-interleaved pairs of adjacent rows
// (unpacklo / unpackhi of rows r and r + 1 at `low_pairs[r]` / `high_pairs[r]`).
__m512i filter_interleaved_i16(const __m512i* low_pairs, const __m512i* high_pairs, const Coefficients& coefficients) {
    __m512i low = _mm512_madd_epi16(_mm512_load_si512(low_pairs), coefficients.words[0]);
    __m512i high = _mm512_madd_epi16(_mm512_load_si512(high_pairs), coefficients.words[0]);
    for (int k = 1; k < kTaps / 2; k++) {
        low = _mm512_add_epi32(low, _mm512_madd_epi16(_mm512_load_si512(low_pairs + 2 * k), coefficients.words[k]));
        high = _mm512_add_epi32(high, _mm512_madd_epi16(_mm512_load_si512(high_pairs + 2 * k), coefficients.words[k]));
    }
    low = wrap_to_int16(_mm512_srai_epi32(low, kShift2));
    high = wrap_to_int16(_mm512_srai_epi32(high, kShift2));
    return _mm512_packs_epi32(low, high);  // per 128-bit lane: the order of the unpacks undone
}

void store(int16_t* destination, __m512i v) { _mm512_storeu_si512(destination, v); }

void interpolate_luma_32n(const uint8_t* source, ptrdiff_t source_stride, int width, int height, int x_fraction,
                          int y_fraction, int16_t* prediction, ptrdiff_t prediction_stride) {
    if (x_fraction == 0 && y_fraction == 0) {
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x += kChunk) {
                const __m512i samples = _mm512_cvtepu8_epi16(load_32_bytes(source + y * source_stride + x));
                store(prediction + y * prediction_stride + x, _mm512_slli_epi16(samples, kFullShift));
            }
        }
        return;
    }
    if (y_fraction == 0) {
        const HorizontalFilter horizontal(kLumaFilter[x_fraction]);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x += kChunk) {
                const uint8_t* left = source + y * source_stride + x - kBefore;
                store(prediction + y * prediction_stride + x, horizontal.filter(left));
            }
        }
        return;
    }
    // The vertical cases: a column strip of kRowTile output rows at a time, its row pairs
    // interleaved once, then the vertical taps over them.
    if (x_fraction == 0) {
        const Coefficients vertical(kLumaFilter[y_fraction]);
        __m512i interleaved[kRowTile + kTaps - 2];
        for (int x = 0; x < width; x += kChunk) {
            for (int tile_y = 0; tile_y < height; tile_y += kRowTile) {
                const int rows = height - tile_y < kRowTile ? height - tile_y : kRowTile;
                interleave_row_pairs_u8(source + (tile_y - kBefore) * source_stride + x, source_stride,
                                        rows + kTaps - 1, interleaved);
                for (int row = 0; row < rows; row++) {
                    store(prediction + (tile_y + row) * prediction_stride + x,
                          filter_interleaved_u8(interleaved + row, vertical));
                }
            }
        }
        return;
    }
    // Both: the first pass row by row, each new row interleaved with the one before it.
    const HorizontalFilter horizontal(kLumaFilter[x_fraction]);
    const Coefficients vertical(kLumaFilter[y_fraction]);
    __m512i low_pairs[kRowTile + kTaps - 2], high_pairs[kRowTile + kTaps - 2];
    for (int x = 0; x < width; x += kChunk) {
        for (int tile_y = 0; tile_y < height; tile_y += kRowTile) {
            const int rows = height - tile_y < kRowTile ? height - tile_y : kRowTile;
            const uint8_t* p = source + (tile_y - kBefore) * source_stride + x - kBefore;
            __m512i upper = horizontal.filter(p);
            for (int row = 0; row + 1 < rows + kTaps - 1; row++) {
                const __m512i lower = horizontal.filter(p + (row + 1) * source_stride);
                _mm512_store_si512(low_pairs + row, _mm512_unpacklo_epi16(upper, lower));
                _mm512_store_si512(high_pairs + row, _mm512_unpackhi_epi16(upper, lower));
                upper = lower;
            }
            for (int row = 0; row < rows; row++) {
                store(prediction + (tile_y + row) * prediction_stride + x,
                      filter_interleaved_i16(low_pairs + row, high_pairs + row, vertical));
            }
        }
    }
}

void interpolate_luma_avx512(const uint8_t* source, ptrdiff_t source_stride, int width, int height, int x_fraction,
                             int y_fraction, int16_t* prediction, ptrdiff_t prediction_stride) {
    if (width % kChunk == 0) {
        interpolate_luma_32n(source, source_stride, width, height, x_fraction, y_fraction, prediction,
                             prediction_stride);
    } else if (!interpolate_luma_row_pairs(source, source_stride, width, height, x_fraction, y_fraction,
                                           prediction, prediction_stride)) {
        interpolate_luma_avx2(source, source_stride, width, height, x_fraction, y_fraction, prediction,
                              prediction_stride);
    }
}

}  // namespace

// The uni-prediction samples: two rows a register where the shape allows (widths of 16n, even
// heights: tcenc_bench_kernels 16x16 h 48.6 -> 30.4, hv 92.1 -> 76.3 ns against the fused AVX2
// version), else the fused AVX2 version, which beats this file's 32-wide interpolation followed
// by the AVX-512 weighting (its vertical taps read interleaved row pairs).
void init_interpolation_avx512(PixelKernels& kernels) {
    kernels.interpolate_luma = interpolate_luma_avx512;
    kernels.interpolate_luma_uni = interpolate_luma_uni_avx512;
}

}  // namespace tc

#endif
