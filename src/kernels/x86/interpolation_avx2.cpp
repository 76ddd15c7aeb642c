// AVX2 luma 8-tap and chroma 4-tap interpolation (H.265 8.5.3.3.3), bit-exact with
// interpolate_luma_block_scalar / interpolate_chroma_block_scalar, and the same fused with the
// uni-prediction weighting (interpolate_*_uni_scalar): one algorithm, two output policies.
//
// Columns go 16, 8 or 4 at a time; a remainder of fewer than 4 columns (2-wide chroma) goes to
// the scalar reference. The first pass on 8-bit samples uses maddubs: every coefficient pair
// times two samples stays below 255 * 58 and the running sums stay within [-24, 88] * 255, so
// 16-bit lanes are exact. The second pass of the two-dimensional case works in 32 bits (madd)
// and keeps the low 16 bits of the result, as the scalar code stores it.
#include "kernels/x86/kernel_init_x86.h"

#if defined(__AVX2__)
#include <immintrin.h>

#include <cstring>

#include "kernels/x86/interpolation_taps_avx2.h"
#include "kernels/x86/simd_loads_x86.h"
#include "predict/inter_interpolation.h"

namespace tc {
namespace {

// Outputs x..x+15 of a row from `p`, the sample kBefore columns left of output x. With count <= 8
// only 16 bytes are read and the upper 8 outputs are meaningless.
template <int kTaps>
struct HorizontalFilter : HorizontalTaps<kTaps> {
    using HorizontalTaps<kTaps>::HorizontalTaps;
    __m256i filter(const uint8_t* p, int count) const {
        const __m128i low = load_16_bytes(p);
        const __m128i high = count > 8 ? load_16_bytes(p + 8) : low;
        return this->apply(_mm256_inserti128_si256(_mm256_castsi128_si256(low), high, 1));
    }
};

// Vertical taps on 8-bit rows. Each output row takes kTaps / 2 pairs of adjacent input rows,
// byte-interleaved (row r in the low, row r + 1 in the high byte of each 16-bit lane) as maddubs
// operands; output row y uses the pairs that start at rows y, y + 2, ..., so every pair serves
// kTaps / 2 output rows and is built once: `interleaved` holds rows - 1 pairs for `rows` rows
// from `p` (16 columns each; with count <= 8 the upper lanes are meaningless).
inline void interleave_row_pairs_u8(const uint8_t* p, ptrdiff_t stride, int rows, __m256i* interleaved) {
    __m256i upper = _mm256_cvtepu8_epi16(load_16_bytes(p));
    for (int r = 0; r + 1 < rows; r++) {
        const __m256i lower = _mm256_cvtepu8_epi16(load_16_bytes(p + (r + 1) * stride));
        _mm256_store_si256(interleaved + r, _mm256_or_si256(upper, _mm256_slli_epi16(lower, 8)));
        upper = lower;
    }
}

// Where the outputs go: predSamplesLX as int16 (the low 16 bits of the two-dimensional case's
// values, as the scalar code stores them), ...
class PredictionOutput {
  public:
    PredictionOutput(int16_t* base, ptrdiff_t stride) : base_(base), stride_(stride) {}
    // 16 int16 outputs of the one-dimensional cases.
    void store(int x, int y, __m256i v, int count) const { store_int16(base_ + y * stride_ + x, v, count); }
    // 16 outputs of the two-dimensional case as filter_columns_i16 left them.
    void store(int x, int y, __m256i low, __m256i high, int count) const {
        // packs on the low 16 bits, sign-extended, is exact; per 128-bit lane it undoes the unpacks.
        store(x, y, _mm256_packs_epi32(wrap_to_int16(low), wrap_to_int16(high)), count);
    }

    static void store_int16(int16_t* destination, __m256i v, int count) {
        if (count == 16) {
            _mm256_storeu_si256(reinterpret_cast<__m256i*>(destination), v);
        } else if (count == 8) {
            _mm_storeu_si128(reinterpret_cast<__m128i*>(destination), _mm256_castsi256_si128(v));
        } else {
            _mm_storel_epi64(reinterpret_cast<__m128i*>(destination), _mm256_castsi256_si128(v));
        }
    }

  private:
    int16_t* base_;
    ptrdiff_t stride_;
};

// ... or the uni-prediction samples: Clip((predSamplesLX + 32) >> 6) (H.265 8.5.3.3.4.2 with
// shift1 = 6), from the exact values (the two-dimensional case rounds in 32 bits, so no value
// wraps; the one-dimensional values lie in [-6120, 22440] and take the 16-bit add).
class UniOutput {
  public:
    UniOutput(uint8_t* base, ptrdiff_t stride) : base_(base), stride_(stride) {}
    void store(int x, int y, __m256i v, int count) const {
        const __m256i rounded = _mm256_srai_epi16(_mm256_add_epi16(v, _mm256_set1_epi16(32)), 6);
        store_bytes(base_ + y * stride_ + x, rounded, count);
    }
    void store(int x, int y, __m256i low, __m256i high, int count) const {
        const __m256i offset = _mm256_set1_epi32(32);
        low = _mm256_srai_epi32(_mm256_add_epi32(low, offset), 6);
        high = _mm256_srai_epi32(_mm256_add_epi32(high, offset), 6);
        // Saturating to int16 and then to 0..255 clips as Clip3(0, 255, .) does.
        store_bytes(base_ + y * stride_ + x, _mm256_packs_epi32(low, high), count);
    }

  private:
    // 16 int16 values in order, saturated to bytes.
    static void store_bytes(uint8_t* destination, __m256i v, int count) {
        const __m128i bytes = _mm_packus_epi16(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));
        if (count == 16) {
            _mm_storeu_si128(reinterpret_cast<__m128i*>(destination), bytes);
        } else if (count == 8) {
            _mm_storel_epi64(reinterpret_cast<__m128i*>(destination), bytes);
        } else {
            const int four = _mm_cvtsi128_si32(bytes);
            std::memcpy(destination, &four, 4);
        }
    }

    uint8_t* base_;
    ptrdiff_t stride_;
};

int chunk_width(int remaining) { return remaining >= 16 ? 16 : remaining >= 8 ? 8 : 4; }

template <typename Destination>
using ScalarInterpolation = void (*)(const uint8_t*, ptrdiff_t, int, int, int, int, Destination*, ptrdiff_t);

// kScalar serves the last one to three columns; Output stores (PredictionOutput or UniOutput).
template <int kTaps, const int8_t (*kFilters)[kTaps], class Output, typename Destination,
          ScalarInterpolation<Destination> kScalar>
void interpolate_avx2(const uint8_t* source, ptrdiff_t source_stride, int width, int height, int x_fraction,
                      int y_fraction, Destination* destination, ptrdiff_t destination_stride) {
    constexpr int kBefore = kTaps / 2 - 1;
    const int vector_width = width & ~3;
    if (vector_width < width) {  // the last one to three columns
        kScalar(source + vector_width, source_stride, width - vector_width, height, x_fraction, y_fraction,
                destination + vector_width, destination_stride);
    }
    if (vector_width == 0) return;
    const Output output(destination, destination_stride);

    if (x_fraction == 0 && y_fraction == 0) {
        for (int y = 0; y < height; y++) {
            for (int x = 0, count; x < vector_width; x += count) {
                count = chunk_width(vector_width - x);
                const __m256i samples = _mm256_cvtepu8_epi16(load_16_bytes(source + y * source_stride + x));
                output.store(x, y, _mm256_slli_epi16(samples, kFullShift), count);
            }
        }
        return;
    }
    if (y_fraction == 0) {
        const HorizontalFilter<kTaps> horizontal(kFilters[x_fraction]);
        for (int y = 0; y < height; y++) {
            for (int x = 0, count; x < vector_width; x += count) {
                count = chunk_width(vector_width - x);
                output.store(x, y, horizontal.filter(source + y * source_stride + x - kBefore, count), count);
            }
        }
        return;
    }
    // The vertical cases: a column strip of kRowTile output rows at a time, its row pairs
    // interleaved once, then the vertical taps over them.
    if (x_fraction == 0) {
        const BytePairs<kTaps> vertical(kFilters[y_fraction]);
        __m256i interleaved[kRowTile + kTaps - 2];
        for (int x = 0, count; x < vector_width; x += count) {
            count = chunk_width(vector_width - x);
            for (int tile_y = 0; tile_y < height; tile_y += kRowTile) {
                const int rows = height - tile_y < kRowTile ? height - tile_y : kRowTile;
                interleave_row_pairs_u8(source + (tile_y - kBefore) * source_stride + x, source_stride,
                                        rows + kTaps - 1, interleaved);
                for (int row = 0; row < rows; row++) {
                    output.store(x, tile_y + row, vertical_taps_u8<kTaps, 2>(interleaved + row, vertical), count);
                }
            }
        }
        return;
    }
    // Both: the first pass row by row, each new row interleaved with the one before it.
    const HorizontalFilter<kTaps> horizontal(kFilters[x_fraction]);
    const WordPairs<kTaps> vertical(kFilters[y_fraction]);
    __m256i low_pairs[kRowTile + kTaps - 2], high_pairs[kRowTile + kTaps - 2];
    for (int x = 0, count; x < vector_width; x += count) {
        count = chunk_width(vector_width - x);
        for (int tile_y = 0; tile_y < height; tile_y += kRowTile) {
            const int rows = height - tile_y < kRowTile ? height - tile_y : kRowTile;
            const uint8_t* p = source + (tile_y - kBefore) * source_stride + x - kBefore;
            __m256i upper = horizontal.filter(p, count);
            for (int row = 0; row + 1 < rows + kTaps - 1; row++) {
                const __m256i lower = horizontal.filter(p + (row + 1) * source_stride, count);
                _mm256_store_si256(low_pairs + row, _mm256_unpacklo_epi16(upper, lower));
                _mm256_store_si256(high_pairs + row, _mm256_unpackhi_epi16(upper, lower));
                upper = lower;
            }
            for (int row = 0; row < rows; row++) {
                __m256i low, high;
                vertical_taps_i16<kTaps, 2>(low_pairs + row, high_pairs + row, vertical, low, high);
                output.store(x, tile_y + row, low, high, count);
            }
        }
    }
}

void interpolate_chroma_avx2(const uint8_t* source, ptrdiff_t source_stride, int width, int height,
                             int x_fraction, int y_fraction, int16_t* prediction, ptrdiff_t prediction_stride) {
    if (interpolate_chroma_8_wide(source, source_stride, width, height, x_fraction, y_fraction, prediction,
                                  prediction_stride)) {
        return;
    }
    interpolate_avx2<kChromaFilterTaps, kChromaFilter, PredictionOutput, int16_t, interpolate_chroma_block_scalar>(
        source, source_stride, width, height, x_fraction, y_fraction, prediction, prediction_stride);
}

void interpolate_chroma_uni_avx2(const uint8_t* source, ptrdiff_t source_stride, int width, int height,
                                 int x_fraction, int y_fraction, uint8_t* destination, ptrdiff_t destination_stride) {
    if (interpolate_chroma_uni_8_wide(source, source_stride, width, height, x_fraction, y_fraction, destination,
                                      destination_stride)) {
        return;
    }
    interpolate_avx2<kChromaFilterTaps, kChromaFilter, UniOutput, uint8_t, interpolate_chroma_uni_scalar>(
        source, source_stride, width, height, x_fraction, y_fraction, destination, destination_stride);
}


}  // namespace

void interpolate_luma_uni_avx2(const uint8_t* source, ptrdiff_t source_stride, int width, int height,
                               int x_fraction, int y_fraction, uint8_t* destination, ptrdiff_t destination_stride) {
    if (interpolate_luma_uni_8_wide(source, source_stride, width, height, x_fraction, y_fraction, destination,
                                    destination_stride)) {
        return;
    }
    interpolate_avx2<kLumaFilterTaps, kLumaFilter, UniOutput, uint8_t, interpolate_luma_uni_scalar>(
        source, source_stride, width, height, x_fraction, y_fraction, destination, destination_stride);
}

void interpolate_luma_avx2(const uint8_t* source, ptrdiff_t source_stride, int width, int height, int x_fraction,
                           int y_fraction, int16_t* prediction, ptrdiff_t prediction_stride) {
    if (interpolate_luma_8_wide(source, source_stride, width, height, x_fraction, y_fraction, prediction,
                                prediction_stride)) {
        return;
    }
    interpolate_avx2<kLumaFilterTaps, kLumaFilter, PredictionOutput, int16_t, interpolate_luma_block_scalar>(
        source, source_stride, width, height, x_fraction, y_fraction, prediction, prediction_stride);
}

void init_interpolation_avx2(PixelKernels& kernels) {
    kernels.interpolate_luma = interpolate_luma_avx2;
    kernels.interpolate_chroma = interpolate_chroma_avx2;
    kernels.interpolate_luma_uni = interpolate_luma_uni_avx2;
    kernels.interpolate_chroma_uni = interpolate_chroma_uni_avx2;
}

}  // namespace tc

#endif
