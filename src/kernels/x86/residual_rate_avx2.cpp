// AVX2 PixelKernels::estimate_residual_rate (src/kernels/residual_rate.h): one 4x4 sub-block per
// register (16 int16 levels in raster order). The magnitudes' bit widths come from nibble
// lookups, the last level from the largest of (x + y) * 16 + raster index over the non-zero
// lanes (phminposuw on its complement), the rest from the same fold as the reference.
#include "kernels/x86/kernel_init_x86.h"

#if defined(__AVX2__)
#include <immintrin.h>

#include <bit>
#include <cstdint>

#include "kernels/residual_rate.h"

namespace tc {
namespace {

// bit_width of each nibble, and 4 + that for a non-zero high nibble of a byte.
const __m256i kNibbleWidth = _mm256_setr_epi8(0, 1, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 4, 4, 4, 4,  //
                                              0, 1, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 4, 4, 4, 4);
const __m256i kHighNibbleWidth =
    _mm256_setr_epi8(0, 5, 6, 6, 7, 7, 7, 7, 8, 8, 8, 8, 8, 8, 8, 8,  //
                     0, 5, 6, 6, 7, 7, 7, 7, 8, 8, 8, 8, 8, 8, 8, 8);

// bit_width of each unsigned 16-bit lane.
inline __m256i bit_width_epu16(__m256i v) {
    const __m256i low_nibbles = _mm256_and_si256(v, _mm256_set1_epi8(0x0F));
    const __m256i high_nibbles = _mm256_and_si256(_mm256_srli_epi16(v, 4), _mm256_set1_epi8(0x0F));
    // Per byte: 4 + width of the high nibble when it is non-zero (always above the low one's).
    const __m256i byte_width = _mm256_max_epu8(_mm256_shuffle_epi8(kNibbleWidth, low_nibbles),
                                               _mm256_shuffle_epi8(kHighNibbleWidth, high_nibbles));
    // Per lane: 8 + the high byte's width when it is non-zero, else the low byte's.
    const __m256i low = _mm256_and_si256(byte_width, _mm256_set1_epi16(0x00FF));
    const __m256i high = _mm256_srli_epi16(byte_width, 8);
    const __m256i high_set = _mm256_cmpgt_epi16(high, _mm256_setzero_si256());
    return _mm256_max_epi16(
        low, _mm256_add_epi16(high, _mm256_and_si256(high_set, _mm256_set1_epi16(8))));
}

uint64_t estimate_residual_rate_avx2(const int16_t* levels, int log2_size) {
    const int size = 1 << log2_size;
    const int sub_blocks = size >> 2;
    // 127 - ((x + y) * 16 + y * 4 + x) per lane: the smallest over the non-zero lanes names the
    // last level (largest anti-diagonal, latest in raster order); zero lanes hold 127.
    const __m256i kComplementKey = _mm256_setr_epi16(127 - 0, 127 - 17, 127 - 34, 127 - 51,   //
                                                     127 - 20, 127 - 37, 127 - 54, 127 - 71,  //
                                                     127 - 40, 127 - 57, 127 - 74, 127 - 91,  //
                                                     127 - 60, 127 - 77, 127 - 94, 127 - 111);
    const __m256i zero = _mm256_setzero_si256();
    int64_t half_bits = 0;
    residual_rate::Tail tail;
    for (int ys = 0; ys < sub_blocks; ys++) {
        const int16_t* row = levels + (ys << 2) * size;
        for (int xs = 0; xs < sub_blocks; xs++, row += 4) {
            const __m128i rows01 =
                _mm_unpacklo_epi64(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(row)),
                                   _mm_loadl_epi64(reinterpret_cast<const __m128i*>(row + size)));
            const __m128i rows23 = _mm_unpacklo_epi64(
                _mm_loadl_epi64(reinterpret_cast<const __m128i*>(row + 2 * size)),
                _mm_loadl_epi64(reinterpret_cast<const __m128i*>(row + 3 * size)));
            const __m256i v = _mm256_inserti128_si256(_mm256_castsi128_si256(rows01), rows23, 1);
            if (_mm256_testz_si256(v, v)) continue;
            const __m256i magnitude = _mm256_abs_epi16(v);  // -32768 stays 0x8000: 32768 unsigned
            const __m256i is_zero = _mm256_cmpeq_epi16(magnitude, zero);
            const int nonzero =
                16 - std::popcount(static_cast<uint32_t>(_mm256_movemask_epi8(is_zero))) / 2;

            // 0: 0, 1: 5, 2: 8, m >= 3: 8 + 4 * bit_width(m - 2) half bits (at most 72 per lane).
            const __m256i width =
                bit_width_epu16(_mm256_subs_epu16(magnitude, _mm256_set1_epi16(2)));
            __m256i cost = _mm256_add_epi16(_mm256_slli_epi16(width, 2), _mm256_set1_epi16(8));
            cost = _mm256_blendv_epi8(cost, _mm256_set1_epi16(5),
                                      _mm256_cmpeq_epi16(magnitude, _mm256_set1_epi16(1)));
            cost = _mm256_andnot_si256(is_zero, cost);
            const __m128i cost_sum =
                _mm_add_epi16(_mm256_castsi256_si128(cost), _mm256_extracti128_si256(cost, 1));
            const __m128i cost_sum32 = _mm_madd_epi16(cost_sum, _mm_set1_epi16(1));
            const __m128i pairs = _mm_add_epi32(cost_sum32, _mm_shuffle_epi32(cost_sum32, 0x4E));
            half_bits += _mm_cvtsi128_si32(_mm_add_epi32(pairs, _mm_shuffle_epi32(pairs, 0xB1)));

            const __m256i keys = _mm256_or_si256(kComplementKey, is_zero);  // zero lanes: 0xFFFF
            const __m128i key_min =
                _mm_min_epu16(_mm256_castsi256_si128(keys), _mm256_extracti128_si256(keys, 1));
            const int last_key = 127 - (_mm_cvtsi128_si32(_mm_minpos_epu16(key_min)) & 0xFFFF);
            const int index = last_key & 15;
            half_bits += residual_rate::fold_sub_block(tail, xs, ys, nonzero, last_key >> 4,
                                                       index & 3, index >> 2);
        }
    }
    half_bits += residual_rate::tail_half_bits(tail);
    return static_cast<uint64_t>(half_bits) * residual_rate::kHalfBit;
}

}  // namespace

void init_residual_rate_avx2(PixelKernels& kernels) {
    kernels.estimate_residual_rate = estimate_residual_rate_avx2;
}

}  // namespace tc

#endif
