// AVX-512 forward DCT 16x16 and 32x32 (src/transform/forward_transform.h), bit-exact with the
// scalar references, with the building blocks of transform_passes_x86.h.
//
// What differs from transform_avx2.cpp's forward_dct_avx2, and why it is faster:
//  * the column pass uses int16 butterflies when the row pass's output allows them (max |t| within
//    kButterflyInputLimit, which the row pass measures as it stores t): a third of the
//    multiplications of the whole matrix at 32x32, half at 16x16. The whole matrix (int32 sums of
//    int16 inputs, as the AVX2 version) remains for larger t, which only large residuals give;
//  * 32x32 passes work on whole 32-column rows (one ZMM register), halving the instructions.
// The row pass is the AVX2 one's: with |residual| <= 255 its butterflies and its rounded output
// (at most 128 * 255) fit int16. Larger residuals (up to kMaxForwardResidual) take the scalar path.
#include "kernels/x86/kernel_init_x86.h"

#if defined(__AVX512F__) && defined(__AVX512BW__)
#include <cstdint>

#include "kernels/x86/avx512_intrinsics.h"
#include "kernels/x86/transform_passes_x86.h"
#include "transform/forward_transform.h"

namespace tc {
namespace {

constexpr int kFastResidual = 255;  // 8-bit residuals

// Whether every sample of the N x N block lies in [-255, 255] (abs(-32768) is 0x8000: outside too).
template <int N>
bool within_fast_range(const int16_t* residual, ptrdiff_t stride) {
    __m256i magnitudes = _mm256_setzero_si256();
    for (int y = 0; y < N; y++) {
        for (int x = 0; x < N; x += 16) {
            const __m256i row =
                _mm256_loadu_si256(reinterpret_cast<const __m256i*>(residual + y * stride + x));
            magnitudes = _mm256_or_si256(magnitudes, _mm256_abs_epi16(row));
        }
    }
    return _mm256_testz_si256(magnitudes,
                              _mm256_set1_epi16(static_cast<int16_t>(~kFastResidual))) != 0;
}

bool none_of_bits(__m256i a, int16_t mask) {
    return _mm256_testz_si256(a, _mm256_set1_epi16(mask)) != 0;
}
bool none_of_bits(__m512i a, int16_t mask) {
    return _mm512_test_epi16_mask(a, _mm512_set1_epi16(mask)) == 0;
}

// Rounded sums in column order: `low` holds columns 0-3 of every 8-column group, `high` 4-7.
template <int Shift>
void store_rounded(int32_t* p, const Sums<__m256i>& row) {
    const __m256i low = round_shift<Shift>(row.low), high = round_shift<Shift>(row.high);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(p), _mm256_permute2x128_si256(low, high, 0x20));
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(p + 8),
                        _mm256_permute2x128_si256(low, high, 0x31));
}
template <int Shift>
void store_rounded(int32_t* p, const Sums<__m512i>& row) {
    const __m512i low = round_shift<Shift>(row.low), high = round_shift<Shift>(row.high);
    const __m512i first = _mm512_setr_epi64(0, 1, 8, 9, 2, 3, 10, 11);
    const __m512i second = _mm512_setr_epi64(4, 5, 12, 13, 6, 7, 14, 15);
    _mm512_storeu_si512(p, _mm512_permutex2var_epi64(low, first, high));
    _mm512_storeu_si512(p + 16, _mm512_permutex2var_epi64(low, second, high));
}

template <int N, typename Vec, void (*Scalar)(const int16_t*, ptrdiff_t, int32_t*)>
void forward_dct_avx512(const int16_t* residual, ptrdiff_t residual_stride, int32_t* coeffs) {
    constexpr int kColumns = sizeof(Vec) / sizeof(int16_t);
    static_assert(kColumns <= N);
    if (!within_fast_range<N>(residual, residual_stride)) {
        Scalar(residual, residual_stride, coeffs);
        return;
    }
    alignas(64) int16_t block[N * N];
    alignas(64) int16_t transposed[N * N];
    transpose<N>(residual, residual_stride, transposed, N);
    const Vec magnitudes =
        forward_row_pass<N, Vec>(transposed, block);  // block[k * N + y] = t[y][k]
    transpose<N>(block, N, transposed, N);            // transposed[y * N + k] = t[y][k]
    const bool butterflies =
        none_of_bits(magnitudes, static_cast<int16_t>(~kButterflyInputLimit<N>));
    for (int x = 0; x < N; x += kColumns) {
        Vec in[N];
        Sums<Vec> out[N];
        for (int y = 0; y < N; y++) in[y] = load_row<Vec>(transposed + y * N + x);
        if (butterflies) {
            forward_dct_butterfly<N>(in, out);
        } else {
            multiply<N, false>(in, out);
        }
        for (int v = 0; v < N; v++) store_rounded<log2_of(N) + 6>(coeffs + v * N + x, out[v]);
    }
}

}  // namespace

void init_transform_avx512(PixelKernels& kernels) {
    kernels.forward_dct[2] = forward_dct_avx512<16, __m256i, forward_dct_16x16_scalar>;
    kernels.forward_dct[3] = forward_dct_avx512<32, __m512i, forward_dct_32x32_scalar>;
}

}  // namespace tc

#endif
