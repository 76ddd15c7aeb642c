// AVX2 default weighted sample prediction (H.265 8.5.3.3.4.2), bit-exact with weighted_uni and
// weighted_bi, including the wrapped luma values that prediction_value() restores: a stored value
// below -16830 stands for itself + 65536.
#include "kernels/x86/kernel_init_x86.h"

#if defined(__AVX2__)
#include <immintrin.h>

#include "kernels/x86/simd_loads_x86.h"

namespace tc {
namespace {

constexpr int kLowestTrueValue = -16830;  // see prediction_value()

__m256i load_16_values(const int16_t* p) { return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)); }

// Uni: (v + 32) >> 6 clipped. In 16 bits the add saturates only for v > 32735, whose result
// (511 instead of 512) clips to 255 all the same; a wrapped value's true result is above 511
// and clips to 255 too, so those lanes are simply forced to 255.
__m128i weigh_uni_16(__m256i stored) {
    const __m256i shifted = _mm256_srai_epi16(_mm256_adds_epi16(stored, _mm256_set1_epi16(32)), 6);
    const __m256i wrapped = _mm256_cmpgt_epi16(_mm256_set1_epi16(kLowestTrueValue), stored);
    const __m256i result = _mm256_max_epi16(shifted, _mm256_srli_epi16(wrapped, 8));  // >= 255 where wrapped
    return _mm_packus_epi16(_mm256_castsi256_si128(result), _mm256_extracti128_si256(result, 1));
}

void weighted_uni_avx2(const int16_t* prediction, ptrdiff_t prediction_stride, uint8_t* destination,
                       ptrdiff_t destination_stride, int width, int height) {
    for (int y = 0; y < height; y++, prediction += prediction_stride, destination += destination_stride) {
        int x = 0;
        for (; x + 16 <= width; x += 16) {
            _mm_storeu_si128(reinterpret_cast<__m128i*>(destination + x), weigh_uni_16(load_16_values(prediction + x)));
        }
        if (x + 8 <= width) {
            const __m256i stored = _mm256_castsi128_si256(_mm_loadu_si128(reinterpret_cast<const __m128i*>(prediction + x)));
            _mm_storel_epi64(reinterpret_cast<__m128i*>(destination + x), weigh_uni_16(stored));
            x += 8;
        }
        if (x + 4 <= width) {
            const __m256i stored = _mm256_castsi128_si256(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(prediction + x)));
            _mm_storeu_si32(destination + x, weigh_uni_16(stored));
            x += 4;
        }
        for (; x < width; x++) {
            const int v = prediction[x] < kLowestTrueValue ? prediction[x] + 65536 : prediction[x];
            const int result = (v + 32) >> 6;
            destination[x] = static_cast<uint8_t>(result < 0 ? 0 : result > 255 ? 255 : result);
        }
    }
}

// Bi: (v0 + v1 + 64) >> 7 clipped, in 16-bit lanes, 16 samples. With u = v - kLowest (the
// stored value plus 16830, modulo 2^16: exactly the true value's offset from the lowest, 0..65535,
// wrapped or not) and m = floor((u0 + u1) / 2), the result is (m - 16798) >> 6: the sum is
// u0 + u1 - 33660, and (2m + parity - 33596) >> 7 equals (m - 16798) >> 6 because the parity's
// half never carries a multiple of 64 over. m is avg_epu16 (which rounds up) less the parity; the
// saturating subtract clips below at 0, the unsigned pack above at 255. The bytes land in order.
__m128i weigh_bi_16(__m256i s0, __m256i s1) {
    const __m256i offset = _mm256_set1_epi16(static_cast<int16_t>(-kLowestTrueValue));
    const __m256i rounded_up = _mm256_avg_epu16(_mm256_add_epi16(s0, offset), _mm256_add_epi16(s1, offset));
    const __m256i m = _mm256_sub_epi16(rounded_up, _mm256_and_si256(_mm256_xor_si256(s0, s1), _mm256_set1_epi16(1)));
    const __m256i shifted =
        _mm256_srli_epi16(_mm256_subs_epu16(m, _mm256_set1_epi16(static_cast<int16_t>(-kLowestTrueValue - 32))), 6);
    return _mm_packus_epi16(_mm256_castsi256_si128(shifted), _mm256_extracti128_si256(shifted, 1));
}

void weighted_bi_avx2(const int16_t* prediction0, const int16_t* prediction1, ptrdiff_t prediction_stride,
                      uint8_t* destination, ptrdiff_t destination_stride, int width, int height) {
    int y = 0;
    if (width == 8) {  // two rows a register
        auto two_rows_of_8 = [&](const int16_t* p) {
            const __m128i first = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
            const __m128i second = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + prediction_stride));
            return _mm256_inserti128_si256(_mm256_castsi128_si256(first), second, 1);
        };
        for (; y + 2 <= height; y += 2, prediction0 += 2 * prediction_stride, prediction1 += 2 * prediction_stride,
                                destination += 2 * destination_stride) {
            const __m128i bytes = weigh_bi_16(two_rows_of_8(prediction0), two_rows_of_8(prediction1));
            _mm_storel_epi64(reinterpret_cast<__m128i*>(destination), bytes);
            _mm_storel_epi64(reinterpret_cast<__m128i*>(destination + destination_stride), _mm_srli_si128(bytes, 8));
        }
    }
    for (; y < height;
         y++, prediction0 += prediction_stride, prediction1 += prediction_stride, destination += destination_stride) {
        int x = 0;
        for (; x + 16 <= width; x += 16) {
            _mm_storeu_si128(reinterpret_cast<__m128i*>(destination + x),
                             weigh_bi_16(load_16_values(prediction0 + x), load_16_values(prediction1 + x)));
        }
        if (x + 8 <= width) {
            const __m256i s0 = _mm256_castsi128_si256(_mm_loadu_si128(reinterpret_cast<const __m128i*>(prediction0 + x)));
            const __m256i s1 = _mm256_castsi128_si256(_mm_loadu_si128(reinterpret_cast<const __m128i*>(prediction1 + x)));
            _mm_storel_epi64(reinterpret_cast<__m128i*>(destination + x), weigh_bi_16(s0, s1));
            x += 8;
        }
        if (x + 4 <= width) {
            const __m256i s0 = _mm256_castsi128_si256(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(prediction0 + x)));
            const __m256i s1 = _mm256_castsi128_si256(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(prediction1 + x)));
            _mm_storeu_si32(destination + x, weigh_bi_16(s0, s1));
            x += 4;
        }
        for (; x < width; x++) {
            const int v0 = prediction0[x] < kLowestTrueValue ? prediction0[x] + 65536 : prediction0[x];
            const int v1 = prediction1[x] < kLowestTrueValue ? prediction1[x] + 65536 : prediction1[x];
            const int result = (v0 + v1 + 64) >> 7;
            destination[x] = static_cast<uint8_t>(result < 0 ? 0 : result > 255 ? 255 : result);
        }
    }
}

}  // namespace

void init_weighting_avx2(PixelKernels& kernels) {
    kernels.weighted_uni = weighted_uni_avx2;
    kernels.weighted_bi = weighted_bi_avx2;
}

}  // namespace tc

#endif
