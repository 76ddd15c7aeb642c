// AVX2 sum of squared differences: any width and height.
#include "kernels/x86/kernel_init_x86.h"

#if defined(__AVX2__)
#include <immintrin.h>

#include "kernels/x86/simd_loads_x86.h"

namespace tc {
namespace {

// Squares are summed in 32-bit lanes (at most 255^2 = 65025 each, so 66051 of them fit in an
// unsigned lane) and moved to 64-bit lanes every few rows.
class SquareSum {
public:
    void add_squares(__m256i differences_epi16) {
        lanes32_ = _mm256_add_epi32(lanes32_, _mm256_madd_epi16(differences_epi16, differences_epi16));
    }
    void flush() {
        const __m256i zero = _mm256_setzero_si256();
        lanes64_ = _mm256_add_epi64(lanes64_, _mm256_unpacklo_epi32(lanes32_, zero));
        lanes64_ = _mm256_add_epi64(lanes64_, _mm256_unpackhi_epi32(lanes32_, zero));
        lanes32_ = zero;
    }
    uint64_t total() {
        flush();
        __m128i sum = _mm_add_epi64(_mm256_castsi256_si128(lanes64_), _mm256_extracti128_si256(lanes64_, 1));
        sum = _mm_add_epi64(sum, _mm_unpackhi_epi64(sum, sum));
        uint64_t result;
        _mm_storel_epi64(reinterpret_cast<__m128i*>(&result), sum);
        return result;
    }

private:
    __m256i lanes32_ = _mm256_setzero_si256();
    __m256i lanes64_ = _mm256_setzero_si256();
};

uint64_t sse_width_4(const uint8_t* a, ptrdiff_t a_stride, const uint8_t* b, ptrdiff_t b_stride, int height) {
    SquareSum sum;  // 16 squares per iteration over 8 lanes: no flush needed below 2^14 rows
    int y = 0;
    for (; y + 4 <= height; y += 4, a += 4 * a_stride, b += 4 * b_stride) {
        const __m128i va = _mm_unpacklo_epi64(_mm_unpacklo_epi32(load_4_bytes(a), load_4_bytes(a + a_stride)),
                                              _mm_unpacklo_epi32(load_4_bytes(a + 2 * a_stride),
                                                                 load_4_bytes(a + 3 * a_stride)));
        const __m128i vb = _mm_unpacklo_epi64(_mm_unpacklo_epi32(load_4_bytes(b), load_4_bytes(b + b_stride)),
                                              _mm_unpacklo_epi32(load_4_bytes(b + 2 * b_stride),
                                                                 load_4_bytes(b + 3 * b_stride)));
        sum.add_squares(widen_difference(va, vb));
        if ((y & 0x3fff) == 0x3ffc) sum.flush();
    }
    for (; y < height; y++, a += a_stride, b += b_stride) sum.add_squares(widen_difference(load_4_bytes(a), load_4_bytes(b)));
    return sum.total();
}

uint64_t sse_width_8(const uint8_t* a, ptrdiff_t a_stride, const uint8_t* b, ptrdiff_t b_stride, int height) {
    SquareSum sum;
    int y = 0;
    for (; y + 2 <= height; y += 2, a += 2 * a_stride, b += 2 * b_stride) {
        const __m128i va = _mm_unpacklo_epi64(load_8_bytes(a), load_8_bytes(a + a_stride));
        const __m128i vb = _mm_unpacklo_epi64(load_8_bytes(b), load_8_bytes(b + b_stride));
        sum.add_squares(widen_difference(va, vb));
        if ((y & 0x3fff) == 0x3ffe) sum.flush();
    }
    if (y < height) sum.add_squares(widen_difference(load_8_bytes(a), load_8_bytes(b)));
    return sum.total();
}

// Widths 16, 32 and 64: whole registers per row. A 64-wide row puts 8 squares in a lane, so
// flushing every 256 rows keeps each lane below 2048 squares.
template <int kWidth>
uint64_t sse_width_16n(const uint8_t* a, ptrdiff_t a_stride, const uint8_t* b, ptrdiff_t b_stride, int height) {
    SquareSum sum;
    for (int y = 0; y < height; y++, a += a_stride, b += b_stride) {
        for (int x = 0; x < kWidth; x += 16) sum.add_squares(widen_difference(load_16_bytes(a + x), load_16_bytes(b + x)));
        if ((y & 255) == 255) sum.flush();
    }
    return sum.total();
}

uint64_t sse_any_width(const uint8_t* a, ptrdiff_t a_stride, const uint8_t* b, ptrdiff_t b_stride, int width,
                       int height) {
    // Per row a 32-bit lane receives at most width / 8 + 6 squares.
    const int rows_per_flush = 66000 / (width / 8 + 6) > 0 ? 66000 / (width / 8 + 6) : 1;
    const __m256i zero = _mm256_setzero_si256();
    SquareSum sum;
    uint64_t tail = 0;
    for (int y = 0, rows = 0; y < height; y++, a += a_stride, b += b_stride) {
        int x = 0;
        for (; x + 32 <= width; x += 32) {
            const __m256i va = load_32_bytes(a + x), vb = load_32_bytes(b + x);
            const __m256i distance = _mm256_or_si256(_mm256_subs_epu8(va, vb), _mm256_subs_epu8(vb, va));
            sum.add_squares(_mm256_unpacklo_epi8(distance, zero));
            sum.add_squares(_mm256_unpackhi_epi8(distance, zero));
        }
        if (x + 16 <= width) {
            sum.add_squares(widen_difference(load_16_bytes(a + x), load_16_bytes(b + x)));
            x += 16;
        }
        if (x + 8 <= width) {
            sum.add_squares(widen_difference(load_8_bytes(a + x), load_8_bytes(b + x)));
            x += 8;
        }
        if (x + 4 <= width) {
            sum.add_squares(widen_difference(load_4_bytes(a + x), load_4_bytes(b + x)));
            x += 4;
        }
        for (; x < width; x++) {
            const int d = a[x] - b[x];
            tail += static_cast<uint64_t>(d * d);
        }
        if (++rows == rows_per_flush) {
            sum.flush();
            rows = 0;
        }
    }
    return sum.total() + tail;
}

uint64_t sse_avx2(const uint8_t* a, ptrdiff_t a_stride, const uint8_t* b, ptrdiff_t b_stride, int width,
                  int height) {
    switch (width) {
        case 4: return sse_width_4(a, a_stride, b, b_stride, height);
        case 8: return sse_width_8(a, a_stride, b, b_stride, height);
        case 16: return sse_width_16n<16>(a, a_stride, b, b_stride, height);
        case 32: return sse_width_16n<32>(a, a_stride, b, b_stride, height);
        case 64: return sse_width_16n<64>(a, a_stride, b, b_stride, height);
        default: return sse_any_width(a, a_stride, b, b_stride, width, height);
    }
}

}  // namespace

void init_sse_avx2(PixelKernels& kernels) {
    kernels.sse = sse_avx2;
}

}  // namespace tc

#endif
