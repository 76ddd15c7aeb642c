// AVX-512 SATD for blocks whose width is a multiple of 32 and height a multiple of 8: four 8x8
// Hadamard transforms side by side, one per 128-bit lane, with the per-transform rounding of
// the scalar code (satd_avx2.cpp explains the exact shortcuts). Other shapes keep the AVX2
// version.
#include "kernels/x86/kernel_init_x86.h"

#if defined(__AVX512F__) && defined(__AVX512BW__)
#include "kernels/x86/avx512_intrinsics.h"

#include "kernels/x86/simd_loads_x86.h"

namespace tc {
namespace {

void butterfly(__m512i& a, __m512i& b) {
    const __m512i sum = _mm512_add_epi16(a, b);
    b = _mm512_sub_epi16(a, b);
    a = sum;
}

__m512i max_magnitude(__m512i a, __m512i b) { return _mm512_max_epi16(_mm512_abs_epi16(a), _mm512_abs_epi16(b)); }

// Transposes the 8x8 16-bit matrix in each 128-bit lane.
void transpose_8x8_per_lane(__m512i r[8]) {
    const __m512i t0 = _mm512_unpacklo_epi16(r[0], r[1]), t1 = _mm512_unpackhi_epi16(r[0], r[1]);
    const __m512i t2 = _mm512_unpacklo_epi16(r[2], r[3]), t3 = _mm512_unpackhi_epi16(r[2], r[3]);
    const __m512i t4 = _mm512_unpacklo_epi16(r[4], r[5]), t5 = _mm512_unpackhi_epi16(r[4], r[5]);
    const __m512i t6 = _mm512_unpacklo_epi16(r[6], r[7]), t7 = _mm512_unpackhi_epi16(r[6], r[7]);
    const __m512i u0 = _mm512_unpacklo_epi32(t0, t2), u1 = _mm512_unpackhi_epi32(t0, t2);
    const __m512i u2 = _mm512_unpacklo_epi32(t1, t3), u3 = _mm512_unpackhi_epi32(t1, t3);
    const __m512i u4 = _mm512_unpacklo_epi32(t4, t6), u5 = _mm512_unpackhi_epi32(t4, t6);
    const __m512i u6 = _mm512_unpacklo_epi32(t5, t7), u7 = _mm512_unpackhi_epi32(t5, t7);
    r[0] = _mm512_unpacklo_epi64(u0, u4);
    r[1] = _mm512_unpackhi_epi64(u0, u4);
    r[2] = _mm512_unpacklo_epi64(u1, u5);
    r[3] = _mm512_unpackhi_epi64(u1, u5);
    r[4] = _mm512_unpacklo_epi64(u2, u6);
    r[5] = _mm512_unpackhi_epi64(u2, u6);
    r[6] = _mm512_unpacklo_epi64(u3, u7);
    r[7] = _mm512_unpackhi_epi64(u3, u7);
}

// r[i] = row i of the differences of four 8x8 blocks, one per 128-bit lane. Returns each
// block's (sum + 2) >> 2 in 32-bit element 0 of its lane, zeros elsewhere.
__m512i hadamard_8x8_quad(__m512i r[8]) {
    for (int i = 0; i < 4; i++) butterfly(r[i], r[i + 4]);
    butterfly(r[0], r[2]), butterfly(r[1], r[3]), butterfly(r[4], r[6]), butterfly(r[5], r[7]);
    butterfly(r[0], r[1]), butterfly(r[2], r[3]), butterfly(r[4], r[5]), butterfly(r[6], r[7]);
    transpose_8x8_per_lane(r);
    for (int i = 0; i < 4; i++) butterfly(r[i], r[i + 4]);
    butterfly(r[0], r[2]), butterfly(r[1], r[3]), butterfly(r[4], r[6]), butterfly(r[5], r[7]);
    // Half of each final |coefficient| pair sum (the last stage); four maxima fit in int16.
    const __m512i halves = _mm512_add_epi16(_mm512_add_epi16(max_magnitude(r[0], r[1]), max_magnitude(r[2], r[3])),
                                            _mm512_add_epi16(max_magnitude(r[4], r[5]), max_magnitude(r[6], r[7])));
    __m512i sums = _mm512_madd_epi16(halves, _mm512_set1_epi16(1));
    sums = _mm512_add_epi32(sums, _mm512_shuffle_epi32(sums, _MM_PERM_BADC));
    sums = _mm512_add_epi32(sums, _mm512_shuffle_epi32(sums, _MM_PERM_CDAB));
    // sum = 2 * halves, so (sum + 2) >> 2 = (halves + 1) >> 1.
    const __m512i rounded = _mm512_srli_epi32(_mm512_add_epi32(sums, _mm512_set1_epi32(1)), 1);
    return _mm512_maskz_mov_epi32(0x1111, rounded);
}

uint32_t satd_32n_avx512(const uint8_t* a, ptrdiff_t a_stride, const uint8_t* b, ptrdiff_t b_stride, int width,
                         int height) {
    __m512i total = _mm512_setzero_si512();
    for (int y = 0; y < height; y += 8) {
        for (int x = 0; x < width; x += 32) {
            __m512i r[8];
            for (int i = 0; i < 8; i++) {
                const uint8_t* pa = a + (y + i) * a_stride + x;
                const uint8_t* pb = b + (y + i) * b_stride + x;
                r[i] = _mm512_sub_epi16(_mm512_cvtepu8_epi16(load_32_bytes(pa)),
                                        _mm512_cvtepu8_epi16(load_32_bytes(pb)));
            }
            total = _mm512_add_epi32(total, hadamard_8x8_quad(r));
        }
    }
    // Element 0 of each lane (GCC 12's reduce intrinsics warn inside its own header).
    alignas(64) uint32_t elements[16];
    _mm512_store_si512(elements, total);
    return elements[0] + elements[4] + elements[8] + elements[12];
}

uint32_t satd_avx512(const uint8_t* a, ptrdiff_t a_stride, const uint8_t* b, ptrdiff_t b_stride, int width,
                     int height) {
    if (width % 32 == 0 && height % 8 == 0) return satd_32n_avx512(a, a_stride, b, b_stride, width, height);
    return satd_avx2(a, a_stride, b, b_stride, width, height);
}

}  // namespace

void init_satd_avx512(PixelKernels& kernels) { kernels.satd = satd_avx512; }

}  // namespace tc

#endif
