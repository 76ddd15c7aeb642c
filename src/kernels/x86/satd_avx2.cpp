// AVX2 SATD: the scalar tiling (8x8 Hadamard transforms where width and height are multiples
// of 8, 4x4 otherwise) and its per-transform rounding, bit-exact.
#include "kernels/x86/kernel_init_x86.h"

#if defined(__AVX2__)
#include <immintrin.h>

#include "kernels/x86/simd_loads_x86.h"

namespace tc {
namespace {

//
// The sum of absolute Hadamard coefficients does not depend on the order of the butterflies or
// of the outputs, so any network of sum/difference stages gives the scalar result exactly. Two
// more exact shortcuts: the last stage uses |a + b| + |a - b| = 2 max(|a|, |b|), and each 128-bit
// lane holds its own transforms so that the per-transform rounding of the scalar code can be
// applied per lane. All values fit in 16 bits: an 8x8 coefficient is at most 64 * 255 = 16320.

void butterfly(__m256i& a, __m256i& b) {
    const __m256i sum = _mm256_add_epi16(a, b);
    b = _mm256_sub_epi16(a, b);
    a = sum;
}

__m256i max_magnitude(__m256i a, __m256i b) { return _mm256_max_epi16(_mm256_abs_epi16(a), _mm256_abs_epi16(b)); }

// Transposes the 8x8 16-bit matrix in each 128-bit lane.
void transpose_8x8_per_lane(__m256i r[8]) {
    const __m256i t0 = _mm256_unpacklo_epi16(r[0], r[1]), t1 = _mm256_unpackhi_epi16(r[0], r[1]);
    const __m256i t2 = _mm256_unpacklo_epi16(r[2], r[3]), t3 = _mm256_unpackhi_epi16(r[2], r[3]);
    const __m256i t4 = _mm256_unpacklo_epi16(r[4], r[5]), t5 = _mm256_unpackhi_epi16(r[4], r[5]);
    const __m256i t6 = _mm256_unpacklo_epi16(r[6], r[7]), t7 = _mm256_unpackhi_epi16(r[6], r[7]);
    const __m256i u0 = _mm256_unpacklo_epi32(t0, t2), u1 = _mm256_unpackhi_epi32(t0, t2);
    const __m256i u2 = _mm256_unpacklo_epi32(t1, t3), u3 = _mm256_unpackhi_epi32(t1, t3);
    const __m256i u4 = _mm256_unpacklo_epi32(t4, t6), u5 = _mm256_unpackhi_epi32(t4, t6);
    const __m256i u6 = _mm256_unpacklo_epi32(t5, t7), u7 = _mm256_unpackhi_epi32(t5, t7);
    r[0] = _mm256_unpacklo_epi64(u0, u4);
    r[1] = _mm256_unpackhi_epi64(u0, u4);
    r[2] = _mm256_unpacklo_epi64(u1, u5);
    r[3] = _mm256_unpackhi_epi64(u1, u5);
    r[4] = _mm256_unpacklo_epi64(u2, u6);
    r[5] = _mm256_unpackhi_epi64(u2, u6);
    r[6] = _mm256_unpacklo_epi64(u3, u7);
    r[7] = _mm256_unpackhi_epi64(u3, u7);
}

// r[i] = row i of the differences of two 8x8 blocks, one per 128-bit lane. Returns, in 32-bit
// element 0 of each lane, that block's (sum + 2) >> 2 (the other elements hold copies).
__m256i hadamard_8x8_pair(__m256i r[8]) {
    for (int i = 0; i < 4; i++) butterfly(r[i], r[i + 4]);
    butterfly(r[0], r[2]), butterfly(r[1], r[3]), butterfly(r[4], r[6]), butterfly(r[5], r[7]);
    butterfly(r[0], r[1]), butterfly(r[2], r[3]), butterfly(r[4], r[5]), butterfly(r[6], r[7]);
    transpose_8x8_per_lane(r);
    for (int i = 0; i < 4; i++) butterfly(r[i], r[i + 4]);
    butterfly(r[0], r[2]), butterfly(r[1], r[3]), butterfly(r[4], r[6]), butterfly(r[5], r[7]);
    // Half of each final |coefficient| pair sum; each max is <= 8160, four of them fit in int16.
    const __m256i halves = _mm256_add_epi16(_mm256_add_epi16(max_magnitude(r[0], r[1]), max_magnitude(r[2], r[3])),
                                            _mm256_add_epi16(max_magnitude(r[4], r[5]), max_magnitude(r[6], r[7])));
    __m256i sums = _mm256_madd_epi16(halves, _mm256_set1_epi16(1));
    sums = _mm256_hadd_epi32(sums, sums);
    sums = _mm256_hadd_epi32(sums, sums);
    // sum = 2 * halves, so (sum + 2) >> 2 = (halves + 1) >> 1.
    return _mm256_srli_epi32(_mm256_add_epi32(sums, _mm256_set1_epi32(1)), 1);
}

// Two 8x8 blocks side by side (16 contiguous columns).
__m256i satd_8x8_adjacent(const uint8_t* a, ptrdiff_t a_stride, const uint8_t* b, ptrdiff_t b_stride) {
    __m256i r[8];
    for (int i = 0; i < 8; i++) {
        r[i] = widen_difference(load_16_bytes(a + i * a_stride), load_16_bytes(b + i * b_stride));
    }
    return hadamard_8x8_pair(r);
}

// Two 8x8 blocks anywhere.
__m256i satd_8x8_two(const uint8_t* a0, const uint8_t* b0, const uint8_t* a1, const uint8_t* b1, ptrdiff_t a_stride,
                     ptrdiff_t b_stride) {
    __m256i r[8];
    for (int i = 0; i < 8; i++) {
        const __m128i va = _mm_unpacklo_epi64(load_8_bytes(a0 + i * a_stride), load_8_bytes(a1 + i * a_stride));
        const __m128i vb = _mm_unpacklo_epi64(load_8_bytes(b0 + i * b_stride), load_8_bytes(b1 + i * b_stride));
        r[i] = widen_difference(va, vb);
    }
    return hadamard_8x8_pair(r);
}

uint32_t add_lane_elements_0(__m256i v) {
    return static_cast<uint32_t>(_mm256_cvtsi256_si32(v)) +
           static_cast<uint32_t>(_mm_cvtsi128_si32(_mm256_extracti128_si256(v, 1)));
}

uint32_t satd_8x8_tiles(const uint8_t* a, ptrdiff_t a_stride, const uint8_t* b, ptrdiff_t b_stride, int width,
                        int height) {
    __m256i total = _mm256_setzero_si256();
    const int paired_width = width & ~15;
    for (int y = 0; y < height; y += 8) {
        for (int x = 0; x < paired_width; x += 16) {
            total = _mm256_add_epi32(total, satd_8x8_adjacent(a + y * a_stride + x, a_stride, b + y * b_stride + x, b_stride));
        }
    }
    if (paired_width < width) {  // the last 8 columns: pair blocks vertically
        const uint8_t* ca = a + paired_width;
        const uint8_t* cb = b + paired_width;
        for (int y = 0; y < height; y += 16) {
            const uint8_t* a0 = ca + y * a_stride;
            const uint8_t* b0 = cb + y * b_stride;
            if (y + 8 < height) {
                total = _mm256_add_epi32(total, satd_8x8_two(a0, b0, a0 + 8 * a_stride, b0 + 8 * b_stride, a_stride, b_stride));
            } else {  // a lone block: transform it twice and keep the first lane
                const __m256i first_lane = _mm256_setr_epi32(-1, -1, -1, -1, 0, 0, 0, 0);
                total = _mm256_add_epi32(total, _mm256_and_si256(first_lane, satd_8x8_two(a0, b0, a0, b0, a_stride, b_stride)));
            }
        }
    }
    return add_lane_elements_0(total);
}

// r[i] = row i of the differences of four 4x4 blocks: 64-bit halves of the 128-bit lanes. Returns
// 32-bit sums whose total is the sum of the blocks' (sum + 1) >> 1.
__m256i hadamard_4x4_quad(__m256i r[4]) {
    butterfly(r[0], r[2]), butterfly(r[1], r[3]);
    butterfly(r[0], r[1]), butterfly(r[2], r[3]);
    const __m256i t0 = _mm256_unpacklo_epi16(r[0], r[1]), t1 = _mm256_unpackhi_epi16(r[0], r[1]);
    const __m256i t2 = _mm256_unpacklo_epi16(r[2], r[3]), t3 = _mm256_unpackhi_epi16(r[2], r[3]);
    const __m256i u0 = _mm256_unpacklo_epi32(t0, t2), u1 = _mm256_unpackhi_epi32(t0, t2);
    const __m256i u2 = _mm256_unpacklo_epi32(t1, t3), u3 = _mm256_unpackhi_epi32(t1, t3);
    // Column c of every block: c0 = columns 0, c1 = 1, c2 = 2, c3 = 3.
    __m256i c0 = _mm256_unpacklo_epi64(u0, u2), c1 = _mm256_unpackhi_epi64(u0, u2);
    __m256i c2 = _mm256_unpacklo_epi64(u1, u3), c3 = _mm256_unpackhi_epi64(u1, u3);
    butterfly(c0, c2), butterfly(c1, c3);
    // The block's sum is 2 * (its halves), so (sum + 1) >> 1 is exactly its halves: no
    // per-block rounding is left and the lanes can simply be added.
    const __m256i halves = _mm256_add_epi16(max_magnitude(c0, c1), max_magnitude(c2, c3));
    return _mm256_madd_epi16(halves, _mm256_set1_epi16(1));
}

__m256i satd_4x4_sixteen_columns(const uint8_t* a, ptrdiff_t a_stride, const uint8_t* b, ptrdiff_t b_stride) {
    __m256i r[4];
    for (int i = 0; i < 4; i++) r[i] = widen_difference(load_16_bytes(a + i * a_stride), load_16_bytes(b + i * b_stride));
    return hadamard_4x4_quad(r);
}

// Four 4x4 blocks anywhere.
__m256i satd_4x4_four(const uint8_t* const a[4], const uint8_t* const b[4], ptrdiff_t a_stride, ptrdiff_t b_stride) {
    __m256i r[4];
    for (int i = 0; i < 4; i++) {
        const __m128i va = _mm_unpacklo_epi64(
            _mm_unpacklo_epi32(load_4_bytes(a[0] + i * a_stride), load_4_bytes(a[1] + i * a_stride)),
            _mm_unpacklo_epi32(load_4_bytes(a[2] + i * a_stride), load_4_bytes(a[3] + i * a_stride)));
        const __m128i vb = _mm_unpacklo_epi64(
            _mm_unpacklo_epi32(load_4_bytes(b[0] + i * b_stride), load_4_bytes(b[1] + i * b_stride)),
            _mm_unpacklo_epi32(load_4_bytes(b[2] + i * b_stride), load_4_bytes(b[3] + i * b_stride)));
        r[i] = widen_difference(va, vb);
    }
    return hadamard_4x4_quad(r);
}

uint32_t add_epi32_lanes(__m256i v) {
    __m128i sum = _mm_add_epi32(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));
    sum = _mm_add_epi32(sum, _mm_unpackhi_epi64(sum, sum));
    sum = _mm_add_epi32(sum, _mm_shuffle_epi32(sum, 1));
    return static_cast<uint32_t>(_mm_cvtsi128_si32(sum));
}

// Gathers the 4x4 blocks outside the 16-column groups and transforms them four at a time.
class LooseBlocks4x4 {
public:
    LooseBlocks4x4(ptrdiff_t a_stride, ptrdiff_t b_stride) : a_stride_(a_stride), b_stride_(b_stride) {}

    void add(const uint8_t* a, const uint8_t* b, __m256i& total) {
        a_[count_] = a;
        b_[count_] = b;
        if (++count_ == 4) flush(total);
    }
    void flush(__m256i& total) {
        if (count_ == 0) return;
        for (int i = count_; i < 4; i++) a_[i] = a_[0], b_[i] = b_[0];  // valid memory, dropped below
        __m256i sums = satd_4x4_four(a_, b_, a_stride_, b_stride_);
        if (count_ < 4) {
            // Slot k's sum sits in the 32-bit elements 2k and 2k + 1 (madd of its 64-bit half).
            const __m256i slot = _mm256_setr_epi32(0, 0, 1, 1, 2, 2, 3, 3);
            sums = _mm256_and_si256(sums, _mm256_cmpgt_epi32(_mm256_set1_epi32(count_), slot));
        }
        total = _mm256_add_epi32(total, sums);
        count_ = 0;
    }

private:
    const uint8_t* a_[4] = {};
    const uint8_t* b_[4] = {};
    int count_ = 0;
    ptrdiff_t a_stride_, b_stride_;
};

uint32_t satd_4x4_tiles(const uint8_t* a, ptrdiff_t a_stride, const uint8_t* b, ptrdiff_t b_stride, int width,
                        int height) {
    __m256i total = _mm256_setzero_si256();
    const int grouped_width = width & ~15;
    LooseBlocks4x4 loose(a_stride, b_stride);
    for (int y = 0; y < height; y += 4) {
        const uint8_t* row_a = a + y * a_stride;
        const uint8_t* row_b = b + y * b_stride;
        for (int x = 0; x < grouped_width; x += 16) {
            total = _mm256_add_epi32(total, satd_4x4_sixteen_columns(row_a + x, a_stride, row_b + x, b_stride));
        }
        for (int x = grouped_width; x < width; x += 4) loose.add(row_a + x, row_b + x, total);
    }
    loose.flush(total);
    return add_epi32_lanes(total);
}

}  // namespace

uint32_t satd_avx2(const uint8_t* a, ptrdiff_t a_stride, const uint8_t* b, ptrdiff_t b_stride, int width,
                   int height) {
    if (width % 8 == 0 && height % 8 == 0) return satd_8x8_tiles(a, a_stride, b, b_stride, width, height);
    return satd_4x4_tiles(a, a_stride, b, b_stride, width, height);
}

void init_satd_avx2(PixelKernels& kernels) {
    kernels.satd = satd_avx2;
}

}  // namespace tc

#endif
