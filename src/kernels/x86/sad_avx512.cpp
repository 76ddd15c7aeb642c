// AVX-512 sum of absolute differences for the widths where a 512-bit register holds whole rows:
// 64 (one row) and 32 (two rows), for sad and sad_x4. Other widths keep the AVX2 versions.
#include "kernels/x86/kernel_init_x86.h"

#if defined(__AVX512F__) && defined(__AVX512BW__)
#include "kernels/x86/avx512_intrinsics.h"

#include "kernels/x86/simd_loads_x86.h"

namespace tc {
namespace {

__m512i load_64_bytes(const uint8_t* p) { return _mm512_loadu_si512(p); }
__m512i load_two_rows_32(const uint8_t* row0, const uint8_t* row1) {
    return _mm512_inserti64x4(_mm512_castsi256_si512(load_32_bytes(row0)), load_32_bytes(row1), 1);
}

// The low 32 bits of the 64-bit total, as the scalar uint32_t sum wraps.
uint32_t total(__m512i lanes64) { return static_cast<uint32_t>(_mm512_reduce_add_epi64(lanes64)); }

// Rows of kWidth (32 or 64) bytes, a 512-bit register's worth at a time.
template <int kWidth>
__m512i load_rows(const uint8_t* p, ptrdiff_t stride) {
    if constexpr (kWidth == 64) {
        return load_64_bytes(p);
    } else {
        return load_two_rows_32(p, p + stride);
    }
}
template <int kWidth>
constexpr int kRowsPerLoad = kWidth == 64 ? 1 : 2;

template <int kWidth>
uint32_t sad_rows(const uint8_t* a, ptrdiff_t a_stride, const uint8_t* b, ptrdiff_t b_stride, int height) {
    __m512i sum = _mm512_setzero_si512();
    int y = 0;
    for (; y + kRowsPerLoad<kWidth> <= height; y += kRowsPerLoad<kWidth>) {
        sum = _mm512_add_epi64(sum, _mm512_sad_epu8(load_rows<kWidth>(a + y * a_stride, a_stride),
                                                    load_rows<kWidth>(b + y * b_stride, b_stride)));
    }
    if (y < height) {  // an odd last row of 32
        const __m256i last = _mm256_sad_epu8(load_32_bytes(a + y * a_stride), load_32_bytes(b + y * b_stride));
        sum = _mm512_add_epi64(sum, _mm512_zextsi256_si512(last));
    }
    return total(sum);
}

template <int kWidth>
void sad_x4_rows(const uint8_t* source, ptrdiff_t source_stride, const uint8_t* const candidates[4],
                 ptrdiff_t candidate_stride, int height, uint32_t sads[4]) {
    __m512i sum[4] = {_mm512_setzero_si512(), _mm512_setzero_si512(), _mm512_setzero_si512(), _mm512_setzero_si512()};
    int y = 0;
    for (; y + kRowsPerLoad<kWidth> <= height; y += kRowsPerLoad<kWidth>) {
        const __m512i s = load_rows<kWidth>(source + y * source_stride, source_stride);
        for (int i = 0; i < 4; i++) {
            const __m512i c = load_rows<kWidth>(candidates[i] + y * candidate_stride, candidate_stride);
            sum[i] = _mm512_add_epi64(sum[i], _mm512_sad_epu8(s, c));
        }
    }
    for (int i = 0; i < 4; i++) {
        sads[i] = total(sum[i]);
        if (y < height) {
            const __m256i last = _mm256_sad_epu8(load_32_bytes(source + y * source_stride),
                                                 load_32_bytes(candidates[i] + y * candidate_stride));
            sads[i] += static_cast<uint32_t>(_mm512_reduce_add_epi64(_mm512_zextsi256_si512(last)));
        }
    }
}

uint32_t sad_avx512(const uint8_t* a, ptrdiff_t a_stride, const uint8_t* b, ptrdiff_t b_stride, int width,
                    int height) {
    if (width == 64) return sad_rows<64>(a, a_stride, b, b_stride, height);
    if (width == 32) return sad_rows<32>(a, a_stride, b, b_stride, height);
    return sad_avx2(a, a_stride, b, b_stride, width, height);
}

void sad_x4_avx512(const uint8_t* source, ptrdiff_t source_stride, const uint8_t* const candidates[4],
                   ptrdiff_t candidate_stride, int width, int height, uint32_t sads[4]) {
    if (width == 64) return sad_x4_rows<64>(source, source_stride, candidates, candidate_stride, height, sads);
    if (width == 32) return sad_x4_rows<32>(source, source_stride, candidates, candidate_stride, height, sads);
    sad_x4_avx2(source, source_stride, candidates, candidate_stride, width, height, sads);
}

}  // namespace

void init_sad_avx512(PixelKernels& kernels) {
    kernels.sad = sad_avx512;
    kernels.sad_x4 = sad_x4_avx512;
}

}  // namespace tc

#endif
