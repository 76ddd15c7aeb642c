// AVX2 residual subtraction and reconstruction (prediction + residual, clipped): any size.
#include "kernels/x86/kernel_init_x86.h"

#if defined(__AVX2__)
#include <immintrin.h>

#include "kernels/x86/simd_loads_x86.h"

namespace tc {
namespace {

void subtract_avx2(const uint8_t* source, ptrdiff_t source_stride, const uint8_t* prediction,
                   ptrdiff_t prediction_stride, int16_t* residual, ptrdiff_t residual_stride, int size) {
    for (int y = 0; y < size; y++, source += source_stride, prediction += prediction_stride, residual += residual_stride) {
        int x = 0;
        for (; x + 16 <= size; x += 16) {
            _mm256_storeu_si256(reinterpret_cast<__m256i*>(residual + x),
                                widen_difference(load_16_bytes(source + x), load_16_bytes(prediction + x)));
        }
        if (x + 8 <= size) {
            const __m128i d = _mm_sub_epi16(_mm_cvtepu8_epi16(load_8_bytes(source + x)),
                                            _mm_cvtepu8_epi16(load_8_bytes(prediction + x)));
            _mm_storeu_si128(reinterpret_cast<__m128i*>(residual + x), d);
            x += 8;
        }
        if (x + 4 <= size) {
            const __m128i d = _mm_sub_epi16(_mm_cvtepu8_epi16(load_4_bytes(source + x)),
                                            _mm_cvtepu8_epi16(load_4_bytes(prediction + x)));
            _mm_storel_epi64(reinterpret_cast<__m128i*>(residual + x), d);
            x += 4;
        }
        for (; x < size; x++) residual[x] = static_cast<int16_t>(source[x] - prediction[x]);
    }
}

uint8_t clip_to_byte(int v) { return static_cast<uint8_t>(v < 0 ? 0 : v > 255 ? 255 : v); }

// prediction + residual saturates in 16 bits before packing to [0, 255]; a saturated sum is
// outside [0, 255] anyway, so the result equals the scalar clip of the exact sum.
void add_clip_avx2(const uint8_t* prediction, ptrdiff_t prediction_stride, const int16_t* residual,
                   ptrdiff_t residual_stride, uint8_t* destination, ptrdiff_t destination_stride, int size) {
    for (int y = 0; y < size;
         y++, prediction += prediction_stride, residual += residual_stride, destination += destination_stride) {
        int x = 0;
        for (; x + 16 <= size; x += 16) {
            const __m256i sum = _mm256_adds_epi16(_mm256_cvtepu8_epi16(load_16_bytes(prediction + x)),
                                                  _mm256_loadu_si256(reinterpret_cast<const __m256i*>(residual + x)));
            const __m128i packed = _mm_packus_epi16(_mm256_castsi256_si128(sum), _mm256_extracti128_si256(sum, 1));
            _mm_storeu_si128(reinterpret_cast<__m128i*>(destination + x), packed);
        }
        if (x + 8 <= size) {
            const __m128i sum = _mm_adds_epi16(_mm_cvtepu8_epi16(load_8_bytes(prediction + x)),
                                               _mm_loadu_si128(reinterpret_cast<const __m128i*>(residual + x)));
            _mm_storel_epi64(reinterpret_cast<__m128i*>(destination + x), _mm_packus_epi16(sum, sum));
            x += 8;
        }
        if (x + 4 <= size) {
            const __m128i sum = _mm_adds_epi16(_mm_cvtepu8_epi16(load_4_bytes(prediction + x)),
                                               _mm_loadl_epi64(reinterpret_cast<const __m128i*>(residual + x)));
            _mm_storeu_si32(destination + x, _mm_packus_epi16(sum, sum));
            x += 4;
        }
        for (; x < size; x++) destination[x] = clip_to_byte(prediction[x] + residual[x]);
    }
}

}  // namespace

void init_residual_avx2(PixelKernels& kernels) {
    kernels.subtract = subtract_avx2;
    kernels.add_clip = add_clip_avx2;
}

}  // namespace tc

#endif
