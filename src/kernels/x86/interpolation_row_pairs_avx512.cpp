// AVX-512 luma 8-tap interpolation (H.265 8.5.3.3.3) of blocks whose width is a multiple of 16
// and whose height is even, two rows per register: each 256-bit half of a register holds one
// row's 16 outputs laid out as the AVX2 version lays out its one row (interpolation_avx2.cpp
// explains the arithmetic: maddubs first passes exact in 16 bits, the second pass in 32 bits
// keeping the low 16 bits for predSamplesLX). The 16x16 prediction blocks of the motion search
// and the merge candidates are the sizes this serves. Two outputs: predSamplesLX as int16, and
// the fused uni-prediction samples. Bit-exact with interpolate_luma_block_scalar and
// interpolate_luma_uni_scalar.
#include "kernels/x86/kernel_init_x86.h"

#if defined(__AVX512F__) && defined(__AVX512BW__)
#include "kernels/x86/interpolation_taps_avx512.h"
#include "kernels/x86/simd_loads_x86.h"

namespace tc {
namespace {

constexpr int kStrip = 16;  // columns per register half

// The 16 outputs of the row from `first` (kBefore columns left of the first output) in the low
// half and those of the row from `second` in the high half; 128-bit lane l filters the 16 bytes
// from its row's pointer + 8 (l % 2).
struct HorizontalFilter : HorizontalTaps {
    using HorizontalTaps::HorizontalTaps;
    __m512i filter(const uint8_t* first, const uint8_t* second) const {
        return apply(_mm512_inserti64x4(_mm512_castsi256_si512(load_two_rows_16(first, first + 8)),
                                        load_two_rows_16(second, second + 8), 1));
    }
};

// Where a register of two rows goes: predSamplesLX as int16 ...
class PredictionOutput {
  public:
    PredictionOutput(int16_t* base, ptrdiff_t stride) : base_(base), stride_(stride) {}
    // 32 int16 outputs in order: row y's 16 then row y + 1's.
    void store(int x, int y, __m512i v) const {
        int16_t* row = base_ + y * stride_ + x;
        _mm256_storeu_si256(reinterpret_cast<__m256i*>(row), _mm512_castsi512_si256(v));
        _mm256_storeu_si256(reinterpret_cast<__m256i*>(row + stride_), _mm512_extracti64x4_epi64(v, 1));
    }
    // The second pass's 32-bit results in the unpack order (per 128-bit lane outputs 0..3 in
    // `low`, 4..7 in `high`): the low 16 bits, which packs on sign-extended values keeps exactly.
    void store(int x, int y, __m512i low, __m512i high) const {
        store(x, y, _mm512_packs_epi32(wrap_to_int16(low), wrap_to_int16(high)));
    }

  private:
    int16_t* base_;
    ptrdiff_t stride_;
};

// ... or the uni-prediction samples Clip((predSamplesLX + 32) >> 6) (H.265 8.5.3.3.4.2), from
// the exact values as in the AVX2 version.
class UniOutput {
  public:
    UniOutput(uint8_t* base, ptrdiff_t stride) : base_(base), stride_(stride) {}
    void store(int x, int y, __m512i v) const {
        store_bytes(x, y, _mm512_srai_epi16(_mm512_add_epi16(v, _mm512_set1_epi16(32)), 6));
    }
    void store(int x, int y, __m512i low, __m512i high) const {
        const __m512i offset = _mm512_set1_epi32(32);
        low = _mm512_srai_epi32(_mm512_add_epi32(low, offset), 6);
        high = _mm512_srai_epi32(_mm512_add_epi32(high, offset), 6);
        store_bytes(x, y, _mm512_packs_epi32(low, high));  // saturated to int16, in order
    }

  private:
    // 32 int16 values in order clipped to 0..255: negative ones to 0 first, then the unsigned
    // saturating narrowing takes the rest to at most 255.
    void store_bytes(int x, int y, __m512i v) const {
        const __m256i bytes = _mm512_cvtusepi16_epi8(_mm512_max_epi16(v, _mm512_setzero_si512()));
        uint8_t* row = base_ + y * stride_ + x;
        _mm_storeu_si128(reinterpret_cast<__m128i*>(row), _mm256_castsi256_si128(bytes));
        _mm_storeu_si128(reinterpret_cast<__m128i*>(row + stride_), _mm256_extracti128_si256(bytes, 1));
    }

    uint8_t* base_;
    ptrdiff_t stride_;
};

// Width a multiple of 16, height even. The vertical taps run over pairs of adjacent rows
// interleaved once (bytes for the one-dimensional case, words for the second pass): pairs[j]
// holds in its low half the pair (row 2j, row 2j + 1) and in its high half (row 2j + 1, row
// 2j + 2), so output rows 2j and 2j + 1 take pairs[j] .. pairs[j + 3], one per coefficient pair
// (kStep 1 of vertical_taps_*).
template <class Output, typename Destination>
void interpolate_row_pairs(const uint8_t* source, ptrdiff_t source_stride, int width, int height, int x_fraction,
                           int y_fraction, Destination* destination, ptrdiff_t destination_stride) {
    const Output output(destination, destination_stride);
    if (x_fraction == 0 && y_fraction == 0) {
        for (int y = 0; y < height; y += 2) {
            for (int x = 0; x < width; x += kStrip) {
                const uint8_t* p = source + y * source_stride + x;
                const __m512i samples = _mm512_cvtepu8_epi16(load_two_rows_16(p, p + source_stride));
                output.store(x, y, _mm512_slli_epi16(samples, kFullShift));
            }
        }
        return;
    }
    if (y_fraction == 0) {
        const HorizontalFilter horizontal(kLumaFilter[x_fraction]);
        for (int y = 0; y < height; y += 2) {
            for (int x = 0; x < width; x += kStrip) {
                const uint8_t* p = source + y * source_stride + x - kBefore;
                output.store(x, y, horizontal.filter(p, p + source_stride));
            }
        }
        return;
    }
    // Output rows 0..rows-1 of a tile read input rows -kBefore .. rows + kBefore + 1 (rows + 7,
    // an odd count), so the last pair register's high half (row 2j + 2 past the end) is never
    // used: it is made from the last row again rather than read.
    constexpr int kPairs = kRowTile / 2 + kTaps / 2 - 1;
    if (x_fraction == 0) {
        const Coefficients vertical(kLumaFilter[y_fraction]);
        __m512i pairs[kPairs];
        for (int x = 0; x < width; x += kStrip) {
            for (int tile_y = 0; tile_y < height; tile_y += kRowTile) {
                const int rows = height - tile_y < kRowTile ? height - tile_y : kRowTile;
                const int input_rows = rows + kTaps - 1;
                const uint8_t* p = source + (tile_y - kBefore) * source_stride + x;
                auto row = [&](int r) { return p + (r < input_rows ? r : input_rows - 1) * source_stride; };
                // Each row widened once; (row r, row r + 1) byte-interleaved in 256 bits, two of
                // those a pair register.
                __m256i upper = _mm256_cvtepu8_epi16(load_16_bytes(row(0)));
                auto interleaved_with_next = [&](int r) {
                    const __m256i lower = _mm256_cvtepu8_epi16(load_16_bytes(row(r + 1)));
                    const __m256i pair = _mm256_or_si256(upper, _mm256_slli_epi16(lower, 8));
                    upper = lower;
                    return pair;
                };
                for (int j = 0; j < rows / 2 + kTaps / 2 - 1; j++) {
                    const __m256i first = interleaved_with_next(2 * j);
                    const __m256i second = interleaved_with_next(2 * j + 1);
                    _mm512_store_si512(pairs + j, _mm512_inserti64x4(_mm512_castsi256_si512(first), second, 1));
                }
                for (int j = 0; j < rows / 2; j++) output.store(x, tile_y + 2 * j, vertical_taps_u8<1>(pairs + j, vertical));
            }
        }
        return;
    }
    // Both: the first pass two rows a register; each register and the next make the row pairs.
    const HorizontalFilter horizontal(kLumaFilter[x_fraction]);
    const Coefficients vertical(kLumaFilter[y_fraction]);
    __m512i low_pairs[kPairs], high_pairs[kPairs];
    for (int x = 0; x < width; x += kStrip) {
        for (int tile_y = 0; tile_y < height; tile_y += kRowTile) {
            const int rows = height - tile_y < kRowTile ? height - tile_y : kRowTile;
            const int input_rows = rows + kTaps - 1;
            const uint8_t* p = source + (tile_y - kBefore) * source_stride + x - kBefore;
            auto row = [&](int r) { return p + (r < input_rows ? r : input_rows - 1) * source_stride; };
            __m512i current = horizontal.filter(row(0), row(1));  // rows 2j, 2j + 1
            for (int j = 0; j < rows / 2 + kTaps / 2 - 1; j++) {
                const __m512i next = horizontal.filter(row(2 * j + 2), row(2 * j + 3));
                // Rows 2j + 1 and 2j + 2: the high half of `current`, the low half of `next`.
                const __m512i shifted = _mm512_shuffle_i64x2(current, next, _MM_SHUFFLE(1, 0, 3, 2));
                _mm512_store_si512(low_pairs + j, _mm512_unpacklo_epi16(current, shifted));
                _mm512_store_si512(high_pairs + j, _mm512_unpackhi_epi16(current, shifted));
                current = next;
            }
            for (int j = 0; j < rows / 2; j++) {
                __m512i low, high;
                vertical_taps_i16<1>(low_pairs + j, high_pairs + j, vertical, low, high);
                output.store(x, tile_y + 2 * j, low, high);
            }
        }
    }
}

bool row_pairs_serve(int width, int height) { return width % kStrip == 0 && height % 2 == 0; }

void interpolate_luma_row_pairs_avx512(const uint8_t* source, ptrdiff_t source_stride, int width, int height,
                                       int x_fraction, int y_fraction, int16_t* prediction,
                                       ptrdiff_t prediction_stride) {
    interpolate_row_pairs<PredictionOutput>(source, source_stride, width, height, x_fraction, y_fraction, prediction,
                                            prediction_stride);
}

}  // namespace

void interpolate_luma_uni_avx512(const uint8_t* source, ptrdiff_t source_stride, int width, int height,
                                 int x_fraction, int y_fraction, uint8_t* destination, ptrdiff_t destination_stride) {
    if (row_pairs_serve(width, height)) {
        interpolate_row_pairs<UniOutput>(source, source_stride, width, height, x_fraction, y_fraction, destination,
                                         destination_stride);
    } else {
        interpolate_luma_uni_avx2(source, source_stride, width, height, x_fraction, y_fraction, destination,
                                  destination_stride);
    }
}

bool interpolate_luma_row_pairs(const uint8_t* source, ptrdiff_t source_stride, int width, int height, int x_fraction,
                                int y_fraction, int16_t* prediction, ptrdiff_t prediction_stride) {
    if (!row_pairs_serve(width, height)) return false;
    interpolate_luma_row_pairs_avx512(source, source_stride, width, height, x_fraction, y_fraction, prediction,
                                      prediction_stride);
    return true;
}

}  // namespace tc

#endif
