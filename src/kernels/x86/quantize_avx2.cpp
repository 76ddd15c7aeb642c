// AVX2 quantisation and scaling (src/transform/quantize.h), bit-exact with quantize and
// dequantize for every int32 input.
//
// quantize: |c| * scale + offset needs 64 bits (|c| <= 2^31, scale < 2^15); mul_epu32 gives the
// products of the even and the odd 32-bit lanes. The level, below 2^30 since qbits >= 16, and the
// remainder modulo 2^qbits (qbits <= 27) fit back into 32-bit lanes:
//   |c| * scale - (magnitude << qbits) = ((|c| * scale + offset) mod 2^qbits) - offset.
// dequantize: levels past +-2^16 give a clipped result whatever their size, so they are clamped
// to +-2^16 first; then level * 16 * levelScale fits 27 bits and the shift by qp / 6 and the
// rounding shift by bdShift combine into one shift without changing the result.
#include "kernels/x86/kernel_init_x86.h"

#if defined(__AVX2__)
#include <immintrin.h>

#include "transform/quantize.h"

namespace tc {
namespace {

__m256i load_8(const int32_t* p) { return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)); }
void store_8(int32_t* p, __m256i v) { _mm256_storeu_si256(reinterpret_cast<__m256i*>(p), v); }

int quantize_avx2(const int32_t* coeffs, int32_t* levels, int32_t* rounding_error, int log2_size, int qp,
                  bool is_intra) {
    const int qbits = 14 + qp / 6 + (15 - 8 - log2_size);
    const int offset = (is_intra ? kIntraRoundingOffset : kInterRoundingOffset) << (qbits - 9);
    const int count = 1 << (2 * log2_size);
    const __m256i scale = _mm256_set1_epi32(kQuantScale[qp % 6]);
    const __m256i offset64 = _mm256_set1_epi64x(offset);
    const __m256i offset32 = _mm256_set1_epi32(offset);
    const __m256i remainder_mask = _mm256_set1_epi32((1 << qbits) - 1);
    const __m128i qbits_count = _mm_cvtsi32_si128(qbits);
    const __m128i error_shift = _mm_cvtsi32_si128(qbits - 8);
    const __m256i level_min = _mm256_set1_epi32(-32768), level_max = _mm256_set1_epi32(32767);
    int zeros = 0;
    for (int i = 0; i < count; i += 8) {
        const __m256i c = load_8(coeffs + i);
        const __m256i magnitude_in = _mm256_abs_epi32(c);  // INT32_MIN stays 2^31 as unsigned
        const __m256i even = _mm256_add_epi64(_mm256_mul_epu32(magnitude_in, scale), offset64);
        const __m256i odd = _mm256_add_epi64(_mm256_mul_epu32(_mm256_srli_epi64(magnitude_in, 32), scale), offset64);
        const __m256i magnitude = _mm256_blend_epi32(_mm256_srl_epi64(even, qbits_count),
                                                     _mm256_slli_epi64(_mm256_srl_epi64(odd, qbits_count), 32), 0xaa);
        if (rounding_error != nullptr) {
            const __m256i low_bits = _mm256_blend_epi32(even, _mm256_slli_epi64(odd, 32), 0xaa);
            const __m256i remainder = _mm256_sub_epi32(_mm256_and_si256(low_bits, remainder_mask), offset32);
            store_8(rounding_error + i, _mm256_sra_epi32(remainder, error_shift));
        }
        const __m256i level = _mm256_max_epi32(_mm256_min_epi32(_mm256_sign_epi32(magnitude, c), level_max), level_min);
        store_8(levels + i, level);
        const int zero_lanes = _mm256_movemask_ps(_mm256_castsi256_ps(_mm256_cmpeq_epi32(level, _mm256_setzero_si256())));
        zeros += __builtin_popcount(static_cast<unsigned>(zero_lanes));
    }
    return count - zeros;
}

void dequantize_avx2(const int32_t* levels, int32_t* coeffs, int log2_size, int qp) {
    const int bd_shift = log2_size + 3;  // 8.6.3 for BitDepth 8
    const int left_shift = qp / 6;
    const int count = 1 << (2 * log2_size);
    const __m256i factor = _mm256_set1_epi32(16 * kLevelScale[qp % 6]);
    const __m256i level_min = _mm256_set1_epi32(-65536), level_max = _mm256_set1_epi32(65536);
    const __m256i coeff_min = _mm256_set1_epi32(-32768), coeff_max = _mm256_set1_epi32(32767);
    const bool widen = left_shift >= bd_shift;
    const __m128i shift = _mm_cvtsi32_si128(widen ? left_shift - bd_shift : bd_shift - left_shift);
    const __m256i rounding = _mm256_set1_epi32(widen ? 0 : 1 << (bd_shift - left_shift - 1));
    for (int i = 0; i < count; i += 8) {
        const __m256i level = _mm256_max_epi32(_mm256_min_epi32(load_8(levels + i), level_max), level_min);
        const __m256i product = _mm256_mullo_epi32(level, factor);
        const __m256i scaled = widen ? _mm256_sll_epi32(product, shift)
                                     : _mm256_sra_epi32(_mm256_add_epi32(product, rounding), shift);
        store_8(coeffs + i, _mm256_max_epi32(_mm256_min_epi32(scaled, coeff_max), coeff_min));
    }
}

}  // namespace

void init_quantize_avx2(PixelKernels& kernels) {
    kernels.quantize = quantize_avx2;
    kernels.dequantize = dequantize_avx2;
}

}  // namespace tc

#endif
