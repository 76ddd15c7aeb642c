// AVX2 luma 8-tap and chroma 4-tap interpolation (H.265 8.5.3.3.3) of 8-wide blocks of even
// height, two rows a register: each 128-bit lane holds one row's 8 outputs, laid out as the
// 16-wide version (interpolation_avx2.cpp, which explains the arithmetic) lays out one lane.
// The 16-wide version spends half of each register on such blocks; they are the chroma of 16x16
// prediction blocks and the luma of 8x8 ones. Outputs: predSamplesLX as int16, and the fused
// uni-prediction samples. Bit-exact with the scalar references.
#include "kernels/x86/kernel_init_x86.h"

#if defined(__AVX2__)
#include <immintrin.h>

#include "kernels/x86/interpolation_taps_avx2.h"
#include "kernels/x86/simd_loads_x86.h"
#include "predict/inter_interpolation.h"

namespace tc {
namespace {

// The 8 outputs of the row from `first` (kTaps / 2 - 1 columns left of the first output) in the
// low lane and those of the row from `second` in the high lane.
template <int kTaps>
struct HorizontalFilter : HorizontalTaps<kTaps> {
    using HorizontalTaps<kTaps>::HorizontalTaps;
    __m256i filter(const uint8_t* first, const uint8_t* second) const {
        return this->apply(load_two_rows_16(first, second));
    }
};

// Where a register of two rows goes: predSamplesLX as int16 ...
class PredictionOutput {
  public:
    PredictionOutput(int16_t* base, ptrdiff_t stride) : base_(base), stride_(stride) {}
    // 16 int16 outputs in order: row y's 8 then row y + 1's.
    void store(int y, __m256i v) const {
        int16_t* row = base_ + y * stride_;
        _mm_storeu_si128(reinterpret_cast<__m128i*>(row), _mm256_castsi256_si128(v));
        _mm_storeu_si128(reinterpret_cast<__m128i*>(row + stride_), _mm256_extracti128_si256(v, 1));
    }
    // The second pass's 32-bit results in the unpack order (per lane outputs 0..3 in `low`,
    // 4..7 in `high`): the low 16 bits, which packs on sign-extended values keeps exactly.
    void store(int y, __m256i low, __m256i high) const {
        store(y, _mm256_packs_epi32(wrap_to_int16(low), wrap_to_int16(high)));
    }

  private:
    int16_t* base_;
    ptrdiff_t stride_;
};

// ... or the uni-prediction samples Clip((predSamplesLX + 32) >> 6) (H.265 8.5.3.3.4.2), from
// the exact values as in the 16-wide version.
class UniOutput {
  public:
    UniOutput(uint8_t* base, ptrdiff_t stride) : base_(base), stride_(stride) {}
    void store(int y, __m256i v) const {
        store_bytes(y, _mm256_srai_epi16(_mm256_add_epi16(v, _mm256_set1_epi16(32)), 6));
    }
    void store(int y, __m256i low, __m256i high) const {
        const __m256i offset = _mm256_set1_epi32(32);
        low = _mm256_srai_epi32(_mm256_add_epi32(low, offset), 6);
        high = _mm256_srai_epi32(_mm256_add_epi32(high, offset), 6);
        store_bytes(y, _mm256_packs_epi32(low, high));  // saturated to int16, in order
    }

  private:
    // 16 int16 values in order, saturated to bytes: row y's 8 then row y + 1's.
    void store_bytes(int y, __m256i v) const {
        const __m128i bytes = _mm_packus_epi16(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));
        uint8_t* row = base_ + y * stride_;
        _mm_storel_epi64(reinterpret_cast<__m128i*>(row), bytes);
        _mm_storel_epi64(reinterpret_cast<__m128i*>(row + stride_), _mm_unpackhi_epi64(bytes, bytes));
    }

    uint8_t* base_;
    ptrdiff_t stride_;
};

// Width 8, height even. The vertical taps run over pairs of adjacent rows interleaved once
// (bytes for the one-dimensional case, words for the second pass): pairs[j] holds in its low
// lane the pair (row 2j, row 2j + 1) and in its high lane (row 2j + 1, row 2j + 2), so output
// rows 2j and 2j + 1 take pairs[j] .. pairs[j + kTaps / 2 - 1], one per coefficient pair (kStep
// 1 of vertical_taps_*).
template <int kTaps, const int8_t (*kFilters)[kTaps], class Output, typename Destination>
void interpolate_8_wide(const uint8_t* source, ptrdiff_t source_stride, int height, int x_fraction, int y_fraction,
                        Destination* destination, ptrdiff_t destination_stride) {
    constexpr int kBefore = kTaps / 2 - 1;  // samples left of (above) the output position
    const Output output(destination, destination_stride);
    if (x_fraction == 0 && y_fraction == 0) {
        for (int y = 0; y < height; y += 2) {
            const uint8_t* p = source + y * source_stride;
            const __m128i samples = _mm_unpacklo_epi64(load_8_bytes(p), load_8_bytes(p + source_stride));
            output.store(y, _mm256_slli_epi16(_mm256_cvtepu8_epi16(samples), kFullShift));
        }
        return;
    }
    if (y_fraction == 0) {
        const HorizontalFilter<kTaps> horizontal(kFilters[x_fraction]);
        for (int y = 0; y < height; y += 2) {
            const uint8_t* p = source + y * source_stride - kBefore;
            output.store(y, horizontal.filter(p, p + source_stride));
        }
        return;
    }
    // Output rows 0..rows-1 of a tile read input rows -kBefore .. rows + kTaps / 2 - 1 (rows +
    // kTaps - 1, an odd count), so the last pair register's high lane (a row past the end) is
    // never used: it is made from the last row again rather than read.
    constexpr int kPairs = kRowTile / 2 + kTaps / 2 - 1;
    if (x_fraction == 0) {
        const BytePairs<kTaps> vertical(kFilters[y_fraction]);
        __m256i pairs[kPairs];
        for (int tile_y = 0; tile_y < height; tile_y += kRowTile) {
            const int rows = height - tile_y < kRowTile ? height - tile_y : kRowTile;
            const int input_rows = rows + kTaps - 1;
            const uint8_t* p = source + (tile_y - kBefore) * source_stride;
            auto row = [&](int r) { return p + (r < input_rows ? r : input_rows - 1) * source_stride; };
            // Each row widened once; (row r, row r + 1) byte-interleaved in 128 bits, two of
            // those a pair register.
            __m128i upper = _mm_cvtepu8_epi16(load_8_bytes(row(0)));
            auto interleaved_with_next = [&](int r) {
                const __m128i lower = _mm_cvtepu8_epi16(load_8_bytes(row(r + 1)));
                const __m128i pair = _mm_or_si128(upper, _mm_slli_epi16(lower, 8));
                upper = lower;
                return pair;
            };
            for (int j = 0; j < rows / 2 + kTaps / 2 - 1; j++) {
                const __m128i first = interleaved_with_next(2 * j);
                const __m128i second = interleaved_with_next(2 * j + 1);
                _mm256_store_si256(pairs + j, _mm256_inserti128_si256(_mm256_castsi128_si256(first), second, 1));
            }
            for (int j = 0; j < rows / 2; j++) output.store(tile_y + 2 * j, vertical_taps_u8<kTaps, 1>(pairs + j, vertical));
        }
        return;
    }
    // Both: the first pass two rows a register; each register and the next make the row pairs.
    const HorizontalFilter<kTaps> horizontal(kFilters[x_fraction]);
    const WordPairs<kTaps> vertical(kFilters[y_fraction]);
    __m256i low_pairs[kPairs], high_pairs[kPairs];
    for (int tile_y = 0; tile_y < height; tile_y += kRowTile) {
        const int rows = height - tile_y < kRowTile ? height - tile_y : kRowTile;
        const int input_rows = rows + kTaps - 1;
        const uint8_t* p = source + (tile_y - kBefore) * source_stride - kBefore;
        auto row = [&](int r) { return p + (r < input_rows ? r : input_rows - 1) * source_stride; };
        __m256i current = horizontal.filter(row(0), row(1));  // rows 2j, 2j + 1
        for (int j = 0; j < rows / 2 + kTaps / 2 - 1; j++) {
            const __m256i next = horizontal.filter(row(2 * j + 2), row(2 * j + 3));
            // Rows 2j + 1 and 2j + 2: the high lane of `current`, the low lane of `next`.
            const __m256i shifted = _mm256_permute2x128_si256(current, next, 0x21);
            _mm256_store_si256(low_pairs + j, _mm256_unpacklo_epi16(current, shifted));
            _mm256_store_si256(high_pairs + j, _mm256_unpackhi_epi16(current, shifted));
            current = next;
        }
        for (int j = 0; j < rows / 2; j++) {
            __m256i low, high;
            vertical_taps_i16<kTaps, 1>(low_pairs + j, high_pairs + j, vertical, low, high);
            output.store(tile_y + 2 * j, low, high);
        }
    }
}

bool serves(int width, int height) { return width == 8 && height % 2 == 0; }

}  // namespace

bool interpolate_luma_8_wide(const uint8_t* source, ptrdiff_t source_stride, int width, int height, int x_fraction,
                             int y_fraction, int16_t* prediction, ptrdiff_t prediction_stride) {
    if (!serves(width, height)) return false;
    interpolate_8_wide<kLumaFilterTaps, kLumaFilter, PredictionOutput>(source, source_stride, height, x_fraction,
                                                                       y_fraction, prediction, prediction_stride);
    return true;
}

bool interpolate_luma_uni_8_wide(const uint8_t* source, ptrdiff_t source_stride, int width, int height,
                                 int x_fraction, int y_fraction, uint8_t* destination, ptrdiff_t destination_stride) {
    if (!serves(width, height)) return false;
    interpolate_8_wide<kLumaFilterTaps, kLumaFilter, UniOutput>(source, source_stride, height, x_fraction, y_fraction,
                                                                destination, destination_stride);
    return true;
}

bool interpolate_chroma_8_wide(const uint8_t* source, ptrdiff_t source_stride, int width, int height, int x_fraction,
                               int y_fraction, int16_t* prediction, ptrdiff_t prediction_stride) {
    if (!serves(width, height)) return false;
    interpolate_8_wide<kChromaFilterTaps, kChromaFilter, PredictionOutput>(
        source, source_stride, height, x_fraction, y_fraction, prediction, prediction_stride);
    return true;
}

bool interpolate_chroma_uni_8_wide(const uint8_t* source, ptrdiff_t source_stride, int width, int height,
                                   int x_fraction, int y_fraction, uint8_t* destination,
                                   ptrdiff_t destination_stride) {
    if (!serves(width, height)) return false;
    interpolate_8_wide<kChromaFilterTaps, kChromaFilter, UniOutput>(source, source_stride, height, x_fraction,
                                                                    y_fraction, destination, destination_stride);
    return true;
}

}  // namespace tc

#endif
