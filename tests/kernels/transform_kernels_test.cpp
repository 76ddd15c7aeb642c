// Transform and quantisation kernels against their scalar references: quantize and dequantize
// at every QP, size and prediction type on random, maximal and INT32 extreme coefficients, and the
// transform entries of the table (forward then inverse) on random and maximal residuals, in the
// 8-bit range and up to kMaxForwardResidual, and the inverse on its whole int16 input range.
#include <algorithm>
#include <climits>

#include "kernel_test_support.h"
#include "transform/forward_transform.h"

namespace tc::kernel_test {
namespace {

using TransformKernels = KernelsVersusScalar;

TEST_P(TransformKernels, QuantizeAndDequantize) {
    for (int log2_size = 2; log2_size <= 5; log2_size++) {
        const int count = 1 << (2 * log2_size);
        for (int qp = 0; qp <= 51; qp++) {
            for (int trial = 0; trial < 4; trial++) {
                std::vector<int32_t> coeffs(static_cast<size_t>(count));
                // Transform outputs of 8-bit residuals, any int32, the int32 ends, and the
                // largest forward-transform outputs.
                if (trial == 0) fill(coeffs, -33000, 33000);
                if (trial == 1) fill(coeffs, INT_MIN, INT_MAX);
                if (trial == 2) {
                    for (int i = 0; i < count; i++) coeffs[static_cast<size_t>(i)] = i % 3 == 0 ? INT_MIN : i % 3 == 1 ? INT_MAX : 0;
                }
                if (trial == 3) fill(coeffs, -1100000, 1100000);
                for (const bool intra : {true, false}) {
                    std::vector<int32_t> levels(coeffs.size(), 5), errors(coeffs.size(), 5);
                    const int nonzero = reference_.quantize(coeffs.data(), levels.data(), errors.data(), log2_size,
                                                            qp, intra);
                    std::vector<int32_t> scaled(coeffs.size(), 5);
                    reference_.dequantize(coeffs.data(), scaled.data(), log2_size, qp);  // any int32 level
                    for (const PixelKernels* k : tables()) {
                        std::vector<int32_t> got_levels(coeffs.size(), 5), got_errors(coeffs.size(), 5);
                        ASSERT_EQ(k->quantize(coeffs.data(), got_levels.data(), got_errors.data(), log2_size, qp,
                                              intra),
                                  nonzero);
                        ASSERT_EQ(got_levels, levels) << "log2 " << log2_size << " qp " << qp << " trial " << trial;
                        ASSERT_EQ(got_errors, errors) << "log2 " << log2_size << " qp " << qp << " trial " << trial;
                        std::vector<int32_t> without_errors(coeffs.size(), 5);
                        ASSERT_EQ(k->quantize(coeffs.data(), without_errors.data(), nullptr, log2_size, qp, intra),
                                  nonzero);
                        ASSERT_EQ(without_errors, levels);
                        std::vector<int32_t> got_scaled(coeffs.size(), 5);
                        k->dequantize(coeffs.data(), got_scaled.data(), log2_size, qp);
                        ASSERT_EQ(got_scaled, scaled) << "dequantize log2 " << log2_size << " qp " << qp;
                    }
                }
            }
        }
    }
}

TEST_P(TransformKernels, ForwardAndInverseTransforms) {
    for (int log2_size = 2; log2_size <= 5; log2_size++) {
        const int size = 1 << log2_size;
        for (int trial = 0; trial < 40; trial++) {
            const ptrdiff_t stride = size + (trial % 2) * 3;  // odd strides too
            std::vector<int16_t> residual(static_cast<size_t>(stride * size));
            // 8-bit residuals (random, constant at either end, random ends), then the same up to
            // kMaxForwardResidual, which may leave the SIMD fast paths.
            const int largest = trial < 20 ? 255 : kMaxForwardResidual;
            const int kind = trial % 20;
            if (kind == 0) fill(residual, largest, largest);
            if (kind == 1) fill(residual, -largest, -largest);
            if (kind >= 2 && kind < 6) {
                fill(residual, 0, 1);
                for (int16_t& x : residual) x = static_cast<int16_t>(x != 0 ? largest : -largest);
            }
            if (kind >= 6) fill(residual, -largest, largest);
            for (const bool dst : {false, true}) {
                if (dst && log2_size != 2) continue;
                std::vector<int32_t> coeffs(static_cast<size_t>(size * size));
                auto forward = [&](const PixelKernels& k, std::vector<int32_t>& out) {
                    if (dst) k.forward_dst_4x4(residual.data(), stride, out.data());
                    else k.forward_dct[log2_size - 2](residual.data(), stride, out.data());
                };
                auto inverse = [&](const PixelKernels& k, const std::vector<int32_t>& in, std::vector<int16_t>& out) {
                    if (dst) k.inverse_dst_4x4(in.data(), out.data(), stride);
                    else k.inverse_dct[log2_size - 2](in.data(), out.data(), stride);
                };
                forward(reference_, coeffs);
                // The inverse's input range is int16 (8.6.3 clips); the coefficients of residuals
                // past 8 bits exceed it, so the inverse gets them clipped.
                std::vector<int32_t> clipped(coeffs.size());
                for (size_t i = 0; i < coeffs.size(); i++) clipped[i] = std::clamp(coeffs[i], -32768, 32767);
                std::vector<int32_t> extreme(coeffs.size());
                fill(extreme, -32768, 32767);  // the inverse's whole input range
                if (trial % 4 == 3) {           // its ends only: the intermediate clip at work
                    fill(extreme, 0, 1);
                    for (int32_t& c : extreme) c = c != 0 ? 32767 : -32768;
                }
                std::vector<int16_t> expected(residual.size()), expected_extreme(residual.size());
                inverse(reference_, clipped, expected);
                inverse(reference_, extreme, expected_extreme);
                for (const PixelKernels* k : tables()) {
                    std::vector<int32_t> got(coeffs.size());
                    forward(*k, got);
                    ASSERT_EQ(got, coeffs) << "forward " << size << " dst " << dst << " trial " << trial;
                    std::vector<int16_t> back(residual.size()), back_extreme(residual.size());
                    inverse(*k, clipped, back);
                    inverse(*k, extreme, back_extreme);
                    ASSERT_EQ(back, expected) << "inverse " << size << " dst " << dst << " trial " << trial;
                    ASSERT_EQ(back_extreme, expected_extreme) << "inverse " << size << " dst " << dst << " trial " << trial;
                }
            }
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Isa, TransformKernels,
                         ::testing::Values(IsaCase{CpuLevel::kAvx2, init_pixel_kernels_avx2},
                                           IsaCase{CpuLevel::kAvx512, init_pixel_kernels_avx512}),
                         isa_name);

}  // namespace
}  // namespace tc::kernel_test
