// AVX-512 quantisation and scaling: quantize_avx2.cpp's method on 16 lanes (the reasoning for
// exactness is written there).
#include "kernels/x86/kernel_init_x86.h"

#if defined(__AVX512F__) && defined(__AVX512BW__)
#include "kernels/x86/avx512_intrinsics.h"

#include "transform/quantize.h"

namespace tc {
namespace {

int quantize_avx512(const int32_t* coeffs, int32_t* levels, int32_t* rounding_error, int log2_size, int qp,
                    bool is_intra) {
    const int qbits = 14 + qp / 6 + (15 - 8 - log2_size);
    const int offset = (is_intra ? kIntraRoundingOffset : kInterRoundingOffset) << (qbits - 9);
    const int count = 1 << (2 * log2_size);
    const __m512i scale = _mm512_set1_epi32(kQuantScale[qp % 6]);
    const __m512i offset64 = _mm512_set1_epi64(offset);
    const __m512i offset32 = _mm512_set1_epi32(offset);
    const __m512i remainder_mask = _mm512_set1_epi32((1 << qbits) - 1);
    const __m128i qbits_count = _mm_cvtsi32_si128(qbits);
    const __m128i error_shift = _mm_cvtsi32_si128(qbits - 8);
    const __m512i level_min = _mm512_set1_epi32(-32768), level_max = _mm512_set1_epi32(32767);
    const __m512i zero = _mm512_setzero_si512();
    constexpr __mmask16 kOddLanes = 0xaaaa;
    int nonzero = 0;
    for (int i = 0; i < count; i += 16) {
        const __m512i c = _mm512_loadu_si512(coeffs + i);
        const __m512i magnitude_in = _mm512_abs_epi32(c);
        const __m512i even = _mm512_add_epi64(_mm512_mul_epu32(magnitude_in, scale), offset64);
        const __m512i odd = _mm512_add_epi64(_mm512_mul_epu32(_mm512_srli_epi64(magnitude_in, 32), scale), offset64);
        const __m512i magnitude = _mm512_mask_blend_epi32(kOddLanes, _mm512_srl_epi64(even, qbits_count),
                                                          _mm512_slli_epi64(_mm512_srl_epi64(odd, qbits_count), 32));
        if (rounding_error != nullptr) {
            const __m512i low_bits = _mm512_mask_blend_epi32(kOddLanes, even, _mm512_slli_epi64(odd, 32));
            const __m512i remainder = _mm512_sub_epi32(_mm512_and_si512(low_bits, remainder_mask), offset32);
            _mm512_storeu_si512(rounding_error + i, _mm512_sra_epi32(remainder, error_shift));
        }
        const __mmask16 negative = _mm512_cmplt_epi32_mask(c, zero);
        const __m512i signed_magnitude = _mm512_mask_sub_epi32(magnitude, negative, zero, magnitude);
        const __m512i level = _mm512_max_epi32(_mm512_min_epi32(signed_magnitude, level_max), level_min);
        _mm512_storeu_si512(levels + i, level);
        nonzero += __builtin_popcount(static_cast<unsigned>(_mm512_test_epi32_mask(level, level)));
    }
    return nonzero;
}

void dequantize_avx512(const int32_t* levels, int32_t* coeffs, int log2_size, int qp) {
    const int bd_shift = log2_size + 3;
    const int left_shift = qp / 6;
    const int count = 1 << (2 * log2_size);
    const __m512i factor = _mm512_set1_epi32(16 * kLevelScale[qp % 6]);
    const __m512i level_min = _mm512_set1_epi32(-65536), level_max = _mm512_set1_epi32(65536);
    const __m512i coeff_min = _mm512_set1_epi32(-32768), coeff_max = _mm512_set1_epi32(32767);
    const bool widen = left_shift >= bd_shift;
    const __m128i shift = _mm_cvtsi32_si128(widen ? left_shift - bd_shift : bd_shift - left_shift);
    const __m512i rounding = _mm512_set1_epi32(widen ? 0 : 1 << (bd_shift - left_shift - 1));
    for (int i = 0; i < count; i += 16) {
        const __m512i level = _mm512_max_epi32(_mm512_min_epi32(_mm512_loadu_si512(levels + i), level_max), level_min);
        const __m512i product = _mm512_mullo_epi32(level, factor);
        const __m512i scaled = widen ? _mm512_sll_epi32(product, shift)
                                     : _mm512_sra_epi32(_mm512_add_epi32(product, rounding), shift);
        _mm512_storeu_si512(coeffs + i, _mm512_max_epi32(_mm512_min_epi32(scaled, coeff_max), coeff_min));
    }
}

}  // namespace

void init_quantize_avx512(PixelKernels& kernels) {
    kernels.quantize = quantize_avx512;
    kernels.dequantize = dequantize_avx512;
}

}  // namespace tc

#endif
