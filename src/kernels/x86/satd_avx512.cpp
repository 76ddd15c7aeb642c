// AVX-512 SATD for blocks whose width is a multiple of 32 and height a multiple of 8, or both
// multiples of 16: four 8x8 Hadamard transforms at once, one per 128-bit lane, with the
// per-transform rounding of the scalar code (satd_avx2.cpp explains the exact shortcuts). Other
// shapes keep the AVX2 version.
#include "kernels/x86/kernel_init_x86.h"

#if defined(__AVX512F__) && defined(__AVX512BW__)
#include "kernels/x86/avx512_intrinsics.h"
#include "kernels/x86/simd_loads_x86.h"

namespace tc {
namespace {

[[gnu::always_inline]] inline void butterfly(__m512i& a, __m512i& b) {
    const __m512i sum = _mm512_add_epi16(a, b);
    b = _mm512_sub_epi16(a, b);
    a = sum;
}

[[gnu::always_inline]] inline __m512i max_magnitude(__m512i a, __m512i b) {
    return _mm512_max_epi16(_mm512_abs_epi16(a), _mm512_abs_epi16(b));
}

// Transposes the 8x8 16-bit matrix in each 128-bit lane.
[[gnu::always_inline]] inline void transpose_8x8_per_lane(__m512i r[8]) {
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
[[gnu::always_inline]] inline __m512i hadamard_8x8_quad(__m512i r[8]) {
    for (int i = 0; i < 4; i++) butterfly(r[i], r[i + 4]);
    butterfly(r[0], r[2]), butterfly(r[1], r[3]), butterfly(r[4], r[6]), butterfly(r[5], r[7]);
    butterfly(r[0], r[1]), butterfly(r[2], r[3]), butterfly(r[4], r[5]), butterfly(r[6], r[7]);
    transpose_8x8_per_lane(r);
    for (int i = 0; i < 4; i++) butterfly(r[i], r[i + 4]);
    butterfly(r[0], r[2]), butterfly(r[1], r[3]), butterfly(r[4], r[6]), butterfly(r[5], r[7]);
    // Half of each final |coefficient| pair sum (the last stage); four maxima fit in int16.
    const __m512i halves =
        _mm512_add_epi16(_mm512_add_epi16(max_magnitude(r[0], r[1]), max_magnitude(r[2], r[3])),
                         _mm512_add_epi16(max_magnitude(r[4], r[5]), max_magnitude(r[6], r[7])));
    __m512i sums = _mm512_madd_epi16(halves, _mm512_set1_epi16(1));
    sums = _mm512_add_epi32(sums, _mm512_shuffle_epi32(sums, _MM_PERM_BADC));
    sums = _mm512_add_epi32(sums, _mm512_shuffle_epi32(sums, _MM_PERM_CDAB));
    // sum = 2 * halves, so (sum + 2) >> 2 = (halves + 1) >> 1.
    const __m512i rounded = _mm512_srli_epi32(_mm512_add_epi32(sums, _mm512_set1_epi32(1)), 1);
    return _mm512_maskz_mov_epi32(0x1111, rounded);
}

// The sum of element 0 of the four lanes (the others are zero; GCC 12's reduce intrinsics warn
// inside its own header).
[[gnu::always_inline]] inline uint32_t lane_sums_total(__m512i sums) {
    const __m256i halves =
        _mm256_add_epi32(_mm512_castsi512_si256(sums), _mm512_extracti64x4_epi64(sums, 1));
    const __m128i quarters =
        _mm_add_epi32(_mm256_castsi256_si128(halves), _mm256_extracti128_si256(halves, 1));
    return static_cast<uint32_t>(_mm_cvtsi128_si32(quarters));
}

// The SATD of a block tiled into kTileWidth x kTileHeight tiles whose four 8x8 blocks go to the
// four lanes: difference_row(pa, pb) gives row i of each lane's block from the tile's row i in
// `a` and `b` (the strides are the caller's).
template <int kTileWidth, int kTileHeight, class DifferenceRow>
[[gnu::always_inline]] inline uint32_t satd_quad_tiles(const uint8_t* a, ptrdiff_t a_stride,
                                                       const uint8_t* b, ptrdiff_t b_stride,
                                                       int width, int height,
                                                       DifferenceRow difference_row) {
    __m512i total = _mm512_setzero_si512();
    for (int y = 0; y < height; y += kTileHeight) {
        for (int x = 0; x < width; x += kTileWidth) {
            __m512i r[8];
#pragma GCC unroll 8
            for (int i = 0; i < 8; i++)
                r[i] = difference_row(a + (y + i) * a_stride + x, b + (y + i) * b_stride + x);
            total = _mm512_add_epi32(total, hadamard_8x8_quad(r));
        }
    }
    return lane_sums_total(total);
}

// Widths that are multiples of 32, heights of 8: four 8x8 blocks side by side.
uint32_t satd_32n_avx512(const uint8_t* a, ptrdiff_t a_stride, const uint8_t* b, ptrdiff_t b_stride,
                         int width, int height) {
    return satd_quad_tiles<32, 8>(
        a, a_stride, b, b_stride, width, height, [](const uint8_t* pa, const uint8_t* pb) {
            return _mm512_sub_epi16(_mm512_cvtepu8_epi16(load_32_bytes(pa)),
                                    _mm512_cvtepu8_epi16(load_32_bytes(pb)));
        });
}

// Widths and heights that are multiples of 16 (16x16, 16x32, 48x16, ...): each 16x16 tile's four
// 8x8 blocks in the four lanes (rows 8-15 of the tile in the upper two).
uint32_t satd_16n_avx512(const uint8_t* a, ptrdiff_t a_stride, const uint8_t* b, ptrdiff_t b_stride,
                         int width, int height) {
    return satd_quad_tiles<16, 16>(
        a, a_stride, b, b_stride, width, height,
        [a_stride, b_stride](const uint8_t* pa, const uint8_t* pb) {
            return _mm512_sub_epi16(_mm512_cvtepu8_epi16(load_two_rows_16(pa, pa + 8 * a_stride)),
                                    _mm512_cvtepu8_epi16(load_two_rows_16(pb, pb + 8 * b_stride)));
        });
}

uint32_t satd_avx512(const uint8_t* a, ptrdiff_t a_stride, const uint8_t* b, ptrdiff_t b_stride,
                     int width, int height) {
    if (width % 32 == 0 && height % 8 == 0)
        return satd_32n_avx512(a, a_stride, b, b_stride, width, height);
    if (width % 16 == 0 && height % 16 == 0)
        return satd_16n_avx512(a, a_stride, b, b_stride, width, height);
    return satd_avx2(a, a_stride, b, b_stride, width, height);
}

}  // namespace

void init_satd_avx512(PixelKernels& kernels) {
    kernels.satd = satd_avx512;
}

}  // namespace tc

#endif
