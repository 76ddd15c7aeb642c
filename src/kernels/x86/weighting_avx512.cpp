// AVX-512 default weighted sample prediction: weighting_avx2.cpp's arithmetic on 32 samples per
// register, with masked loads and stores for the last columns of a row.
#include "kernels/x86/kernel_init_x86.h"

#if defined(__AVX512F__) && defined(__AVX512BW__)
#include "kernels/x86/avx512_intrinsics.h"

namespace tc {
namespace {

constexpr int kLowestTrueValue = -16830;  // see prediction_value()

// The lanes [0, count) of a register of `lanes` lanes.
__mmask32 first_lanes(int count) { return count >= 32 ? ~__mmask32{0} : (__mmask32{1} << count) - 1; }

// Bi: (v0 + v1 + 64) >> 7 clipped, in 16-bit lanes, 32 samples a register. With u = v - kLowest
// (the stored value plus 16830, modulo 2^16: exactly the true value's offset from the lowest,
// 0..65535, wrapped or not) and m = floor((u0 + u1) / 2), the result is (m - 16798) >> 6: the sum
// is u0 + u1 - 33660, (2m + parity - 33596) >> 7 equals (m - 16798) >> 6 because the parity's
// half never carries a multiple of 64 over. m is avg_epu16 (which rounds up) less the parity;
// the saturating subtract clips below at 0, the unsigned pack above at 255.
__m256i weigh_bi_32(__m512i s0, __m512i s1) {
    const __m512i offset = _mm512_set1_epi16(static_cast<int16_t>(-kLowestTrueValue));
    const __m512i bias = _mm512_set1_epi16(static_cast<int16_t>(-kLowestTrueValue - 32));  // 16798
    const __m512i rounded_up = _mm512_avg_epu16(_mm512_add_epi16(s0, offset), _mm512_add_epi16(s1, offset));
    const __m512i m = _mm512_sub_epi16(rounded_up, _mm512_and_si512(_mm512_xor_si512(s0, s1), _mm512_set1_epi16(1)));
    return _mm512_cvtusepi16_epi8(_mm512_srli_epi16(_mm512_subs_epu16(m, bias), 6));
}

__m512i two_rows_of_16(const int16_t* p, ptrdiff_t stride) {
    const __m256i first = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
    const __m256i second = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + stride));
    return _mm512_inserti64x4(_mm512_castsi256_si512(first), second, 1);
}

__m512i four_rows_of_8(const int16_t* p, ptrdiff_t stride) {
    __m512i rows = _mm512_castsi128_si512(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
    rows = _mm512_inserti32x4(rows, _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + stride)), 1);
    rows = _mm512_inserti32x4(rows, _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 2 * stride)), 2);
    return _mm512_inserti32x4(rows, _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 3 * stride)), 3);
}

void weighted_bi_avx512(const int16_t* prediction0, const int16_t* prediction1, ptrdiff_t prediction_stride,
                        uint8_t* destination, ptrdiff_t destination_stride, int width, int height) {
    int y = 0;
    if (width == 8) {  // four rows a register
        for (; y + 4 <= height; y += 4, prediction0 += 4 * prediction_stride, prediction1 += 4 * prediction_stride,
                                destination += 4 * destination_stride) {
            const __m256i bytes = weigh_bi_32(four_rows_of_8(prediction0, prediction_stride),
                                              four_rows_of_8(prediction1, prediction_stride));
            const __m128i low = _mm256_castsi256_si128(bytes), high = _mm256_extracti128_si256(bytes, 1);
            _mm_storel_epi64(reinterpret_cast<__m128i*>(destination), low);
            _mm_storel_epi64(reinterpret_cast<__m128i*>(destination + destination_stride), _mm_srli_si128(low, 8));
            _mm_storel_epi64(reinterpret_cast<__m128i*>(destination + 2 * destination_stride), high);
            _mm_storel_epi64(reinterpret_cast<__m128i*>(destination + 3 * destination_stride), _mm_srli_si128(high, 8));
        }
    }
    if (width == 16) {  // the most common width: two rows a register
        for (; y + 2 <= height; y += 2, prediction0 += 2 * prediction_stride, prediction1 += 2 * prediction_stride,
                                destination += 2 * destination_stride) {
            const __m256i bytes = weigh_bi_32(two_rows_of_16(prediction0, prediction_stride),
                                              two_rows_of_16(prediction1, prediction_stride));
            _mm_storeu_si128(reinterpret_cast<__m128i*>(destination), _mm256_castsi256_si128(bytes));
            _mm_storeu_si128(reinterpret_cast<__m128i*>(destination + destination_stride),
                             _mm256_extracti128_si256(bytes, 1));
        }
    }
    for (; y < height;
         y++, prediction0 += prediction_stride, prediction1 += prediction_stride, destination += destination_stride) {
        for (int x = 0; x < width; x += 32) {
            const __mmask32 lanes = first_lanes(width - x);
            const __m256i bytes = weigh_bi_32(_mm512_maskz_loadu_epi16(lanes, prediction0 + x),
                                              _mm512_maskz_loadu_epi16(lanes, prediction1 + x));
            _mm256_mask_storeu_epi8(destination + x, lanes, bytes);
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
