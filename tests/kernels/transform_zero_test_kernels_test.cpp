// PixelKernels::quantizes_to_zero of every ISA level against its definition, forward DCT then
// quantize reporting no non-zero level: every size and QP, intra and inter rounding, on residuals
// whose amplitude follows the threshold (so that both answers occur, and both are required), on
// DC-only, smooth and high-frequency residuals, on the extremes +-255 and on blocks that touch
// inaccessible pages. The scalar reference is held to the same definition.

#include <algorithm>
#include <cmath>

#include "guarded_buffer.h"
#include "kernel_test_support.h"
#include "transform/forward_transform.h"
#include "transform/quantize.h"
#include "transform/zero_quantization.h"

namespace tc::kernel_test {
namespace {

// The definition: residual, forward DCT and quantisation, as code_transform_block does them.
bool transform_and_quantize_to_zero(const uint8_t* source, ptrdiff_t source_stride,
                                    const uint8_t* prediction, ptrdiff_t prediction_stride,
                                    int log2_size, int qp, bool intra) {
    const int size = 1 << log2_size;
    std::vector<int16_t> residual(static_cast<size_t>(size * size));
    for (int y = 0; y < size; y++) {
        for (int x = 0; x < size; x++) {
            residual[static_cast<size_t>(y * size + x)] = static_cast<int16_t>(
                source[y * source_stride + x] - prediction[y * prediction_stride + x]);
        }
    }
    std::vector<int32_t> coeffs(residual.size()), levels(residual.size());
    forward_transform(log2_size, false, residual.data(), size, coeffs.data());
    return quantize(coeffs.data(), levels.data(), nullptr, log2_size, qp, intra) == 0;
}

class ZeroTestKernels : public KernelsVersusScalar {
  protected:
    // Every table's answer (and the scalar reference's) against the definition; returns it.
    bool expect_definition(const uint8_t* source, ptrdiff_t source_stride,
                           const uint8_t* prediction, ptrdiff_t prediction_stride, int log2_size,
                           int qp, bool intra) {
        const bool expected = transform_and_quantize_to_zero(
            source, source_stride, prediction, prediction_stride, log2_size, qp, intra);
        for (const PixelKernels* k : {&reference_, &tested_, &own_}) {
            EXPECT_EQ(k->quantizes_to_zero(source, source_stride, prediction, prediction_stride,
                                           log2_size, qp, intra),
                      expected)
                << (k == &reference_ ? "scalar"
                    : k == &tested_  ? "dispatched"
                                     : "own")
                << " size " << (1 << log2_size) << " qp " << qp << " intra " << intra;
        }
        return expected;
    }

    // source = clip(prediction + residual) with a residual of the given kind and amplitude.
    void make_block(int size, int kind, int amplitude, std::vector<uint8_t>& source,
                    std::vector<uint8_t>& prediction, ptrdiff_t stride) {
        std::uniform_int_distribution<int> sample(0, 255), noise(-amplitude, amplitude);
        const int dc = noise(rng_);
        const double fx = std::uniform_real_distribution<double>(0, 3.14159)(rng_);
        const double fy = std::uniform_real_distribution<double>(0, 3.14159)(rng_);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int residual = 0;
                if (kind == 0) residual = noise(rng_);           // white noise
                if (kind == 1) residual = dc + noise(rng_) / 4;  // mostly DC
                if (kind == 2)
                    residual = static_cast<int>(amplitude * std::cos(fx * x) *
                                                std::cos(fy * y));  // smooth
                if (kind == 3)
                    residual = ((x + y) % 2 != 0 ? amplitude : -amplitude);  // highest frequency
                const size_t i = static_cast<size_t>(y * stride + x);
                prediction[i] = static_cast<uint8_t>(sample(rng_));
                source[i] = static_cast<uint8_t>(std::clamp(prediction[i] + residual, 0, 255));
            }
        }
    }
};

TEST_P(ZeroTestKernels, LargestZeroMagnitudeIsTheQuantizersThreshold) {
    for (int log2_size = 2; log2_size <= 5; log2_size++) {
        for (int qp = 0; qp <= 51; qp++) {
            for (const bool intra : {false, true}) {
                const int32_t limit = largest_zero_magnitude(log2_size, qp, intra);
                const int32_t coeffs[4] = {limit, -limit, limit + 1, -limit - 1};
                std::vector<int32_t> block(static_cast<size_t>(1 << (2 * log2_size)), 0),
                    out(block.size());
                for (int i = 0; i < 4; i++) {
                    block[0] = coeffs[i];
                    EXPECT_EQ(quantize(block.data(), out.data(), nullptr, log2_size, qp, intra),
                              i < 2 ? 0 : 1)
                        << "size " << (1 << log2_size) << " qp " << qp << " c " << coeffs[i];
                }
            }
        }
    }
}

// The amplitude follows the answer (up after zero, down after non-zero), so that it hovers at the
// threshold of each size and QP and both answers occur there.
TEST_P(ZeroTestKernels, AgreesWithTransformAndQuantizeNearTheThreshold) {
    for (int log2_size = 2; log2_size <= 5; log2_size++) {
        const int size = 1 << log2_size;
        for (int qp = 0; qp <= 51; qp++) {
            for (const bool intra : {false, true}) {
                int outcomes[2] = {0, 0};
                double amplitude = 4;
                for (int trial = 0; trial < 48; trial++) {
                    const ptrdiff_t stride = random_stride(size);
                    std::vector<uint8_t> source(static_cast<size_t>(stride * size)),
                        prediction(source.size());
                    make_block(size, trial % 4, static_cast<int>(std::lround(amplitude)), source,
                               prediction, stride);
                    const bool zero = expect_definition(source.data(), stride, prediction.data(),
                                                        stride, log2_size, qp, intra);
                    outcomes[zero]++;
                    amplitude =
                        std::clamp(zero ? amplitude * 1.3 + 0.5 : amplitude / 1.3, 0.0, 255.0);
                }
                ASSERT_FALSE(HasFailure());
                EXPECT_GT(outcomes[0], 0)
                    << "never non-zero: size " << size << " qp " << qp << " intra " << intra;
                EXPECT_GT(outcomes[1], 0)
                    << "never zero: size " << size << " qp " << qp << " intra " << intra;
            }
        }
    }
}

// Residuals of +-255 (constant, random signs, checkerboard, one row or column) and runs of
// constant rows around the column pass's butterfly limit (|t| of 4095 at 32x32, 8191 at 16x16).
TEST_P(ZeroTestKernels, ExtremeResiduals) {
    for (int log2_size = 2; log2_size <= 5; log2_size++) {
        const int size = 1 << log2_size;
        const ptrdiff_t stride = size + 5;
        std::vector<uint8_t> source(static_cast<size_t>(stride * size)), prediction(source.size());
        std::uniform_int_distribution<int> coin(0, 1), row_value(28, 36);
        for (int kind = 0; kind < 8; kind++) {
            for (int trial = 0; trial < 6; trial++) {
                const int row_level = row_value(rng_) * (32 / size);
                for (int y = 0; y < size; y++) {
                    for (int x = 0; x < size; x++) {
                        bool high = false;
                        int difference = 0;
                        if (kind == 0) high = true;
                        if (kind == 1) high = false;
                        if (kind == 2) high = coin(rng_) != 0;
                        if (kind == 3) high = (x + y) % 2 != 0;
                        if (kind == 4) high = y == trial % size;
                        if (kind == 5) high = x == trial % size;
                        if (kind >= 6)
                            difference = (kind == 6 ? row_level : -row_level) +
                                         (y % 3 == 0 ? coin(rng_) : 0);
                        const size_t i = static_cast<size_t>(y * stride + x);
                        if (kind < 6) {
                            source[i] = high ? 255 : 0;
                            prediction[i] = high ? 0 : 255;
                        } else {
                            prediction[i] = 100;
                            source[i] = static_cast<uint8_t>(100 + difference);
                        }
                    }
                }
                for (int qp = 0; qp <= 51; qp++) {
                    for (const bool intra : {false, true}) {
                        expect_definition(source.data(), stride, prediction.data(), stride,
                                          log2_size, qp, intra);
                    }
                }
                ASSERT_FALSE(HasFailure()) << "kind " << kind;
            }
        }
    }
}

// Blocks touching either guard page (the back one after the kKernelOverread bytes a kernel may
// read past a row): a read outside faults.
TEST_P(ZeroTestKernels, ReadsStayInsideTheBlocks) {
    std::uniform_int_distribution<int> sample(0, 255), small(-3, 3);
    for (const auto placement : {GuardedBytes::kFront, GuardedBytes::kBack}) {
        for (int log2_size = 2; log2_size <= 5; log2_size++) {
            const int size = 1 << log2_size;
            const size_t bytes =
                static_cast<size_t>(size * size);  // stride = size: nothing past the block
            const GuardedBytes source(bytes, placement, kKernelOverread),
                prediction(bytes, placement, kKernelOverread);
            for (int trial = 0; trial < 8; trial++) {
                for (size_t i = 0; i < bytes; i++) {
                    prediction.data()[i] = static_cast<uint8_t>(sample(rng_));
                    source.data()[i] = static_cast<uint8_t>(
                        std::clamp(prediction.data()[i] + small(rng_), 0, 255));
                }
                expect_definition(source.data(), size, prediction.data(), size, log2_size,
                                  30 + trial, false);
            }
        }
    }
}

// The forward DCT entries (AVX-512 16x16 and 32x32 among them) at every residual amplitude, so
// that both of their column passes run: butterflies while max |t| stays within their limit
// (small residuals), the whole matrix past it; and rows of constant residual around the limit.
TEST_P(ZeroTestKernels, ForwardDctAtEveryAmplitude) {
    for (int log2_size = 2; log2_size <= 5; log2_size++) {
        const int size = 1 << log2_size;
        for (int amplitude = 0; amplitude <= 255; amplitude += amplitude < 40 ? 1 : 9) {
            for (int kind = 0; kind < 3; kind++) {
                const ptrdiff_t stride = size + 3;
                std::vector<int16_t> residual(static_cast<size_t>(stride * size));
                fill(residual, -amplitude, amplitude);
                if (kind == 1) {  // rows of one value each: |t[y][0]| = 128 * |value|
                    for (int y = 0; y < size; y++) {
                        const int16_t value = residual[static_cast<size_t>(y * stride)];
                        for (int x = 0; x < size; x++)
                            residual[static_cast<size_t>(y * stride + x)] = value;
                    }
                }
                if (kind == 2) {  // one row at +-amplitude, the rest small
                    for (int16_t& x : residual) x = static_cast<int16_t>(x / 8);
                    for (int x = 0; x < size; x++)
                        residual[static_cast<size_t>(x)] = static_cast<int16_t>(amplitude);
                }
                std::vector<int32_t> expected(static_cast<size_t>(size * size)),
                    got(expected.size());
                reference_.forward_dct[log2_size - 2](residual.data(), stride, expected.data());
                for (const PixelKernels* k : tables()) {
                    k->forward_dct[log2_size - 2](residual.data(), stride, got.data());
                    ASSERT_EQ(got, expected)
                        << "size " << size << " amplitude " << amplitude << " kind " << kind;
                }
            }
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Isa, ZeroTestKernels,
                         ::testing::Values(IsaCase{CpuLevel::kAvx2, init_pixel_kernels_avx2},
                                           IsaCase{CpuLevel::kAvx512, init_pixel_kernels_avx512}),
                         isa_name);

}  // namespace
}  // namespace tc::kernel_test
