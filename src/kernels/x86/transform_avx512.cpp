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

template <int N, typename Vec, void (*Scalar)(const int16_t*, ptrdiff_t, int32_t*)>
void forward_dct_avx512(const int16_t* residual, ptrdiff_t residual_stride, int32_t* coeffs) {
    constexpr int kColumns = sizeof(Vec) / sizeof(int16_t);
    static_assert(kColumns <= N);
    if (!within_fast_range<N, __m256i>(residual, residual_stride)) {
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
            multiply<N, Part::kForward>(in, out);
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
