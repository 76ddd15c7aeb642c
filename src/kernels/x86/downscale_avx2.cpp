// AVX2 pyramid 2:1 downscale: (a + b + c + d + 2) >> 2 over 2x2 blocks, 16 outputs at a time.
#include "kernels/x86/kernel_init_x86.h"

#if defined(__AVX2__)
#include <immintrin.h>

#include "kernels/x86/simd_loads_x86.h"

namespace tc {
namespace {

void downscale_2x_avx2(const uint8_t* source, ptrdiff_t source_stride, uint8_t* destination,
                       ptrdiff_t destination_stride, int width, int height) {
    const __m256i ones = _mm256_set1_epi8(1);
    const __m256i two = _mm256_set1_epi16(2);
    for (int y = 0; y < height; y++, source += 2 * source_stride, destination += destination_stride) {
        const uint8_t* row0 = source;
        const uint8_t* row1 = source + source_stride;
        int x = 0;
        for (; x + 16 <= width; x += 16) {
            // Horizontal pair sums of both rows (at most 4 * 255 in 16 bits), then round.
            const __m256i sums = _mm256_add_epi16(_mm256_maddubs_epi16(load_32_bytes(row0 + 2 * x), ones),
                                                  _mm256_maddubs_epi16(load_32_bytes(row1 + 2 * x), ones));
            const __m256i averages = _mm256_srli_epi16(_mm256_add_epi16(sums, two), 2);
            const __m256i packed = _mm256_permute4x64_epi64(_mm256_packus_epi16(averages, averages), 0xd8);
            _mm_storeu_si128(reinterpret_cast<__m128i*>(destination + x), _mm256_castsi256_si128(packed));
        }
        for (; x < width; x++) {
            destination[x] =
                static_cast<uint8_t>((row0[2 * x] + row0[2 * x + 1] + row1[2 * x] + row1[2 * x + 1] + 2) >> 2);
        }
    }
}

}  // namespace

void init_downscale_avx2(PixelKernels& kernels) { kernels.downscale_2x = downscale_2x_avx2; }

}  // namespace tc

#endif
