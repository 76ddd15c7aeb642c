// AVX-512 luma 8-tap interpolation (H.265 8.5.3.3.3) for widths that are multiples of 32:
// the AVX2 arithmetic (interpolation_avx2.cpp explains why 16-bit maddubs sums are exact and
// why the second pass keeps the low 16 bits) on 32 outputs per register. Other widths of 16n
// with even heights go to interpolation_row_pairs_avx512.cpp (two rows a register), the rest,
// and chroma, to the AVX2 versions. Bit-exact with interpolate_luma_block_scalar.
#include "kernels/x86/kernel_init_x86.h"

#if defined(__AVX512F__) && defined(__AVX512BW__)
#include "kernels/x86/interpolation_taps_avx512.h"
#include "kernels/x86/simd_loads_x86.h"

namespace tc {
namespace {

constexpr int kChunk = 32;  // outputs per register

// Outputs x..x+31 of a row from `p`, the sample kBefore columns left of output x: 128-bit lane l
// filters the 16 bytes from p + 8 l into outputs 8 l .. 8 l + 7.
struct HorizontalFilter : HorizontalTaps {
    using HorizontalTaps::HorizontalTaps;
    __m512i filter(const uint8_t* p) const {
        const __m256i low = _mm256_inserti128_si256(_mm256_castsi128_si256(load_16_bytes(p)), load_16_bytes(p + 8), 1);
        const __m256i high =
            _mm256_inserti128_si256(_mm256_castsi128_si256(load_16_bytes(p + 16)), load_16_bytes(p + 24), 1);
        return apply(_mm512_inserti64x4(_mm512_castsi256_si512(low), high, 1));
    }
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

// The second pass over the row pairs of one output row (built per row, so the next row's pair
// is two registers on), as int16 predSamplesLX: per 128-bit lane the order of the unpacks undone.
__m512i vertical_taps_to_int16(const __m512i* low_pairs, const __m512i* high_pairs, const Coefficients& c) {
    __m512i low, high;
    vertical_taps_i16<2>(low_pairs, high_pairs, c, low, high);
    return _mm512_packs_epi32(wrap_to_int16(low), wrap_to_int16(high));
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
                          vertical_taps_u8<2>(interleaved + row, vertical));
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
                      vertical_taps_to_int16(low_pairs + row, high_pairs + row, vertical));
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
