// AVX-512 default weighted sample prediction: weighting_avx2.cpp's arithmetic on 32 (uni) and
// 16 (bi) samples per register, with masked loads and stores for the last columns of a row.
#include "kernels/x86/kernel_init_x86.h"

#if defined(__AVX512F__) && defined(__AVX512BW__)
#include "kernels/x86/avx512_intrinsics.h"

namespace tc {
namespace {

constexpr int kLowestTrueValue = -16830;  // see prediction_value()

// The lanes [0, count) of a register of `lanes` lanes.
__mmask32 first_lanes(int count) { return count >= 32 ? ~__mmask32{0} : (__mmask32{1} << count) - 1; }

__m512i true_values_16(__m256i stored) {
    const __m512i v = _mm512_cvtepi16_epi32(stored);
    const __mmask16 wrapped = _mm512_cmplt_epi32_mask(v, _mm512_set1_epi32(kLowestTrueValue));
    return _mm512_mask_add_epi32(v, wrapped, v, _mm512_set1_epi32(65536));
}

void weighted_bi_avx512(const int16_t* prediction0, const int16_t* prediction1, ptrdiff_t prediction_stride,
                        uint8_t* destination, ptrdiff_t destination_stride, int width, int height) {
    const __m512i rounding = _mm512_set1_epi32(64);
    const __m512i zero = _mm512_setzero_si512();
    const __m512i max_sample = _mm512_set1_epi32(255);
    for (int y = 0; y < height;
         y++, prediction0 += prediction_stride, prediction1 += prediction_stride, destination += destination_stride) {
        for (int x = 0; x < width; x += 16) {
            const __mmask16 lanes = static_cast<__mmask16>(first_lanes(width - x));
            const __m512i sum = _mm512_add_epi32(
                _mm512_add_epi32(true_values_16(_mm256_maskz_loadu_epi16(lanes, prediction0 + x)),
                                 true_values_16(_mm256_maskz_loadu_epi16(lanes, prediction1 + x))),
                rounding);
            const __m512i clipped = _mm512_min_epi32(_mm512_max_epi32(_mm512_srai_epi32(sum, 7), zero), max_sample);
            _mm_mask_storeu_epi8(destination + x, lanes, _mm512_cvtepi32_epi8(clipped));
        }
    }
}

void weighted_uni_avx512(const int16_t* prediction, ptrdiff_t prediction_stride, uint8_t* destination,
                         ptrdiff_t destination_stride, int width, int height) {
    const __m512i rounding = _mm512_set1_epi16(32);
    const __m512i lowest = _mm512_set1_epi16(kLowestTrueValue);
    const __m512i zero = _mm512_setzero_si512();
    const __m512i max_sample = _mm512_set1_epi16(255);
    for (int y = 0; y < height; y++, prediction += prediction_stride, destination += destination_stride) {
        for (int x = 0; x < width; x += 32) {
            const __mmask32 lanes = first_lanes(width - x);
            const __m512i stored = _mm512_maskz_loadu_epi16(lanes, prediction + x);
            // As in weighting_avx2.cpp: a saturated add or a wrapped value both end at 255.
            const __m512i shifted = _mm512_srai_epi16(_mm512_adds_epi16(stored, rounding), 6);
            const __mmask32 wrapped = _mm512_cmplt_epi16_mask(stored, lowest);
            const __m512i clipped = _mm512_mask_mov_epi16(_mm512_max_epi16(shifted, zero), wrapped, max_sample);
            _mm256_mask_storeu_epi8(destination + x, lanes, _mm512_cvtusepi16_epi8(clipped));
        }
    }
}

}  // namespace

void init_weighting_avx512(PixelKernels& kernels) {
    kernels.weighted_uni = weighted_uni_avx512;
    kernels.weighted_bi = weighted_bi_avx512;
}

}  // namespace tc

#endif
