// AVX2 sum of absolute differences: any width and height, with whole-register paths for
// the prediction block widths 4, 8, 16, 32 and 64.
#include "kernels/x86/kernel_init_x86.h"

#if defined(__AVX2__)
#include <immintrin.h>

#include "kernels/x86/simd_loads_x86.h"

namespace tc {
namespace {

uint32_t absolute_difference(uint8_t a, uint8_t b) { return a > b ? a - b : b - a; }

uint32_t add_lanes_epi64(__m256i wide, __m128i narrow) {
    __m128i sum = _mm_add_epi64(_mm256_castsi256_si128(wide), _mm256_extracti128_si256(wide, 1));
    sum = _mm_add_epi64(sum, narrow);
    sum = _mm_add_epi64(sum, _mm_unpackhi_epi64(sum, sum));
    // The scalar sum is a uint32_t that wraps; the low 32 bits of the 64-bit sum are the same.
    return static_cast<uint32_t>(_mm_cvtsi128_si32(sum));
}


// Width 4: four rows in one register.
uint32_t sad_width_4(const uint8_t* a, ptrdiff_t a_stride, const uint8_t* b, ptrdiff_t b_stride, int height) {
    __m128i sum = _mm_setzero_si128();
    int y = 0;
    for (; y + 4 <= height; y += 4, a += 4 * a_stride, b += 4 * b_stride) {
        const __m128i va = _mm_unpacklo_epi64(_mm_unpacklo_epi32(load_4_bytes(a), load_4_bytes(a + a_stride)),
                                              _mm_unpacklo_epi32(load_4_bytes(a + 2 * a_stride),
                                                                 load_4_bytes(a + 3 * a_stride)));
        const __m128i vb = _mm_unpacklo_epi64(_mm_unpacklo_epi32(load_4_bytes(b), load_4_bytes(b + b_stride)),
                                              _mm_unpacklo_epi32(load_4_bytes(b + 2 * b_stride),
                                                                 load_4_bytes(b + 3 * b_stride)));
        sum = _mm_add_epi64(sum, _mm_sad_epu8(va, vb));
    }
    for (; y < height; y++, a += a_stride, b += b_stride) {
        sum = _mm_add_epi64(sum, _mm_sad_epu8(load_4_bytes(a), load_4_bytes(b)));
    }
    return add_lanes_epi64(_mm256_setzero_si256(), sum);
}

// Width 8: two rows in one register.
uint32_t sad_width_8(const uint8_t* a, ptrdiff_t a_stride, const uint8_t* b, ptrdiff_t b_stride, int height) {
    __m128i sum = _mm_setzero_si128();
    int y = 0;
    for (; y + 2 <= height; y += 2, a += 2 * a_stride, b += 2 * b_stride) {
        const __m128i va = _mm_unpacklo_epi64(load_8_bytes(a), load_8_bytes(a + a_stride));
        const __m128i vb = _mm_unpacklo_epi64(load_8_bytes(b), load_8_bytes(b + b_stride));
        sum = _mm_add_epi64(sum, _mm_sad_epu8(va, vb));
    }
    if (y < height) sum = _mm_add_epi64(sum, _mm_sad_epu8(load_8_bytes(a), load_8_bytes(b)));
    return add_lanes_epi64(_mm256_setzero_si256(), sum);
}

// Width 16: two rows in one register.
uint32_t sad_width_16(const uint8_t* a, ptrdiff_t a_stride, const uint8_t* b, ptrdiff_t b_stride, int height) {
    __m256i sum = _mm256_setzero_si256();
    __m128i last = _mm_setzero_si128();
    int y = 0;
    for (; y + 2 <= height; y += 2, a += 2 * a_stride, b += 2 * b_stride) {
        sum = _mm256_add_epi64(sum, _mm256_sad_epu8(load_two_rows_16(a, a + a_stride),
                                                    load_two_rows_16(b, b + b_stride)));
    }
    if (y < height) last = _mm_sad_epu8(load_16_bytes(a), load_16_bytes(b));
    return add_lanes_epi64(sum, last);
}

// Widths 32 and 64: whole registers per row, no tails.
template <int kWidth>
uint32_t sad_width_32n(const uint8_t* a, ptrdiff_t a_stride, const uint8_t* b, ptrdiff_t b_stride, int height) {
    __m256i sum = _mm256_setzero_si256();
    for (int y = 0; y < height; y++, a += a_stride, b += b_stride) {
        for (int x = 0; x < kWidth; x += 32) {
            sum = _mm256_add_epi64(sum, _mm256_sad_epu8(load_32_bytes(a + x), load_32_bytes(b + x)));
        }
    }
    return add_lanes_epi64(sum, _mm_setzero_si128());
}

// Any width: 32, 16, 8 and 4 columns at a time, then single samples.
uint32_t sad_any_width(const uint8_t* a, ptrdiff_t a_stride, const uint8_t* b, ptrdiff_t b_stride, int width,
                       int height) {
    __m256i wide = _mm256_setzero_si256();
    __m128i narrow = _mm_setzero_si128();
    uint32_t tail = 0;
    for (int y = 0; y < height; y++, a += a_stride, b += b_stride) {
        int x = 0;
        for (; x + 32 <= width; x += 32) {
            wide = _mm256_add_epi64(wide, _mm256_sad_epu8(load_32_bytes(a + x), load_32_bytes(b + x)));
        }
        if (x + 16 <= width) {
            narrow = _mm_add_epi64(narrow, _mm_sad_epu8(load_16_bytes(a + x), load_16_bytes(b + x)));
            x += 16;
        }
        if (x + 8 <= width) {
            narrow = _mm_add_epi64(narrow, _mm_sad_epu8(load_8_bytes(a + x), load_8_bytes(b + x)));
            x += 8;
        }
        if (x + 4 <= width) {
            narrow = _mm_add_epi64(narrow, _mm_sad_epu8(load_4_bytes(a + x), load_4_bytes(b + x)));
            x += 4;
        }
        for (; x < width; x++) tail += absolute_difference(a[x], b[x]);
    }
    return add_lanes_epi64(wide, narrow) + tail;
}

}  // namespace

uint32_t sad_avx2(const uint8_t* a, ptrdiff_t a_stride, const uint8_t* b, ptrdiff_t b_stride, int width,
                  int height) {
    switch (width) {
        case 4: return sad_width_4(a, a_stride, b, b_stride, height);
        case 8: return sad_width_8(a, a_stride, b, b_stride, height);
        case 16: return sad_width_16(a, a_stride, b, b_stride, height);
        case 32: return sad_width_32n<32>(a, a_stride, b, b_stride, height);
        case 64: return sad_width_32n<64>(a, a_stride, b, b_stride, height);
        default: return sad_any_width(a, a_stride, b, b_stride, width, height);
    }
}

namespace {

// ---- sad_x4: the source rows are loaded once for the four candidates -------------------------

uint32_t horizontal_sum_epi64(__m256i v) { return add_lanes_epi64(v, _mm_setzero_si128()); }

// Widths 8 and 16: two rows per register.
template <int kWidth>
void sad_x4_two_rows(const uint8_t* source, ptrdiff_t source_stride, const uint8_t* const candidates[4],
                     ptrdiff_t candidate_stride, int height, uint32_t sads[4]) {
    const auto load_rows = [](const uint8_t* p, ptrdiff_t stride) {
        if constexpr (kWidth == 8) {
            return _mm256_castsi128_si256(_mm_unpacklo_epi64(load_8_bytes(p), load_8_bytes(p + stride)));
        } else {
            return load_two_rows_16(p, p + stride);
        }
    };
    __m256i sum[4] = {_mm256_setzero_si256(), _mm256_setzero_si256(), _mm256_setzero_si256(), _mm256_setzero_si256()};
    int y = 0;
    for (; y + 2 <= height; y += 2) {
        const __m256i s = load_rows(source + y * source_stride, source_stride);
        for (int i = 0; i < 4; i++) {
            sum[i] = _mm256_add_epi64(sum[i], _mm256_sad_epu8(s, load_rows(candidates[i] + y * candidate_stride,
                                                                            candidate_stride)));
        }
    }
    for (int i = 0; i < 4; i++) {
        sads[i] = horizontal_sum_epi64(sum[i]);
        if (y < height) {  // an odd last row
            sads[i] += sad_avx2(source + y * source_stride, source_stride, candidates[i] + y * candidate_stride,
                                candidate_stride, kWidth, 1);
        }
    }
}

// Widths 32 and 64: whole registers per row.
template <int kWidth>
void sad_x4_width_32n(const uint8_t* source, ptrdiff_t source_stride, const uint8_t* const candidates[4],
                      ptrdiff_t candidate_stride, int height, uint32_t sads[4]) {
    __m256i sum[4] = {_mm256_setzero_si256(), _mm256_setzero_si256(), _mm256_setzero_si256(), _mm256_setzero_si256()};
    for (int y = 0; y < height; y++) {
        for (int x = 0; x < kWidth; x += 32) {
            const __m256i s = load_32_bytes(source + y * source_stride + x);
            for (int i = 0; i < 4; i++) {
                const __m256i c = load_32_bytes(candidates[i] + y * candidate_stride + x);
                sum[i] = _mm256_add_epi64(sum[i], _mm256_sad_epu8(s, c));
            }
        }
    }
    for (int i = 0; i < 4; i++) sads[i] = horizontal_sum_epi64(sum[i]);
}

// Eight candidate positions at a time with mpsadbw: in each 128-bit lane (row r low, row
// r + 1 high) it sums |reference[k + j] - source[j]| over a 4-byte group j for eight
// consecutive offsets k; the two groups of an 8-byte row (the second against the reference
// 4 bytes on) give the row's sad at each offset.
void sad_8x8_row_avx2(const uint8_t* source, ptrdiff_t source_stride, const uint8_t* reference,
                      ptrdiff_t reference_stride, int count, uint32_t* sads) {
    __m256i rows[4];
    for (int r = 0; r < 4; r++) {
        rows[r] = _mm256_inserti128_si256(_mm256_castsi128_si256(load_8_bytes(source + 2 * r * source_stride)),
                                          load_8_bytes(source + (2 * r + 1) * source_stride), 1);
    }
    // In both lanes: reference offset 0 against source bytes 0-3; reference offset 4 (bit 2)
    // against source bytes 4-7 (group 1).
    constexpr int kFirstGroup = 0, kSecondGroup = 0b101 | (0b101 << 3);
    int i = 0;
    // A 16-byte load at reference + i reads up to i + 15, which is inside the count + 7 bytes
    // of a row while i + 9 <= count.
    for (; i + 9 <= count; i += 8) {
        __m256i sum = _mm256_setzero_si256();
        for (int r = 0; r < 4; r++) {
            const uint8_t* at = reference + 2 * r * reference_stride + i;
            const __m256i candidates = _mm256_inserti128_si256(_mm256_castsi128_si256(load_16_bytes(at)),
                                                               load_16_bytes(at + reference_stride), 1);
            sum = _mm256_add_epi16(sum, _mm256_mpsadbw_epu8(candidates, rows[r], kFirstGroup));
            sum = _mm256_add_epi16(sum, _mm256_mpsadbw_epu8(candidates, rows[r], kSecondGroup));
        }
        // At most 64 * 255 per offset: the 16-bit sums do not overflow.
        const __m128i total = _mm_add_epi16(_mm256_castsi256_si128(sum), _mm256_extracti128_si256(sum, 1));
        _mm256_storeu_si256(reinterpret_cast<__m256i*>(sads + i), _mm256_cvtepu16_epi32(total));
    }
    for (; i < count; i++) sads[i] = sad_width_8(source, source_stride, reference + i, reference_stride, 8);
}

}  // namespace

void sad_x4_avx2(const uint8_t* source, ptrdiff_t source_stride, const uint8_t* const candidates[4],
                 ptrdiff_t candidate_stride, int width, int height, uint32_t sads[4]) {
    switch (width) {
        case 8: return sad_x4_two_rows<8>(source, source_stride, candidates, candidate_stride, height, sads);
        case 16: return sad_x4_two_rows<16>(source, source_stride, candidates, candidate_stride, height, sads);
        case 32: return sad_x4_width_32n<32>(source, source_stride, candidates, candidate_stride, height, sads);
        case 64: return sad_x4_width_32n<64>(source, source_stride, candidates, candidate_stride, height, sads);
        default:
            for (int i = 0; i < 4; i++) {
                sads[i] = sad_avx2(source, source_stride, candidates[i], candidate_stride, width, height);
            }
    }
}

void init_sad_avx2(PixelKernels& kernels) {
    kernels.sad = sad_avx2;
    kernels.sad_x4 = sad_x4_avx2;
    kernels.sad_8x8_row = sad_8x8_row_avx2;
}

}  // namespace tc

#endif
