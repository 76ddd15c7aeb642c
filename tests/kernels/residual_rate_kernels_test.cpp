// PixelKernels::estimate_residual_rate of every ISA level against the scalar reference: every
// transform size, densities from one level to all of them, magnitudes from 1 to the int16
// extremes, a single level at every position (the last position and its prefix/suffix), and
// levels tied on the largest anti-diagonal in different sub-blocks (which one is "last").
#include <cstdint>
#include <vector>

#include "kernel_test_support.h"
#include "kernels/residual_rate.h"

namespace tc::kernel_test {
namespace {

class ResidualRateKernels : public KernelsVersusScalar {
  protected:
    void expect_reference(const std::vector<int16_t>& levels, int log2_size, const char* what) {
        const uint64_t expected = reference_.estimate_residual_rate(levels.data(), log2_size);
        for (const PixelKernels* k : tables()) {
            EXPECT_EQ(k->estimate_residual_rate(levels.data(), log2_size), expected)
                << what << ", size " << (1 << log2_size);
        }
    }
};

TEST_P(ResidualRateKernels, RandomBlocksOfEveryDensityAndMagnitude) {
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    const int magnitude_limits[] = {1, 2, 3, 17, 300, 32767};
    for (int log2_size = 2; log2_size <= 5; log2_size++) {
        const int size = 1 << log2_size;
        for (int trial = 0; trial < 300; trial++) {
            const double density = trial % 10 == 0 ? 1.0 : 0.01 + 0.1 * (trial % 10);
            const int limit = magnitude_limits[trial % 6];
            std::uniform_int_distribution<int> magnitude(1, limit);
            std::vector<int16_t> levels(static_cast<size_t>(size * size), 0);
            for (int16_t& level : levels) {
                if (unit(rng_) < density) {
                    const int m = magnitude(rng_);
                    level = static_cast<int16_t>(unit(rng_) < 0.5 ? -m : m);
                }
            }
            if (trial % 7 == 3) levels[static_cast<size_t>(trial) % levels.size()] = -32768;
            levels[static_cast<size_t>(trial * 13) % levels.size()] =
                static_cast<int16_t>(trial % 2 ? 1 : -2);
            expect_reference(levels, log2_size, "random");
        }
    }
}

TEST_P(ResidualRateKernels, OneLevelAtEveryPosition) {
    for (int log2_size = 2; log2_size <= 5; log2_size++) {
        const int size = 1 << log2_size;
        for (int position = 0; position < size * size; position++) {
            for (int value : {1, -2, 3, 32767, -32768}) {
                std::vector<int16_t> levels(static_cast<size_t>(size * size), 0);
                levels[static_cast<size_t>(position)] = static_cast<int16_t>(value);
                expect_reference(levels, log2_size, "one level");
            }
        }
    }
}

TEST_P(ResidualRateKernels, LevelsTiedOnTheLastAntiDiagonal) {
    std::uniform_int_distribution<int> coin(0, 1);
    for (int log2_size = 3; log2_size <= 5; log2_size++) {
        const int size = 1 << log2_size;
        for (int diagonal = 1; diagonal < 2 * size - 1; diagonal++) {
            std::vector<int16_t> levels(static_cast<size_t>(size * size), 0);
            levels[0] = 2;
            for (int x = 0; x < size; x++) {
                const int y = diagonal - x;
                if (y < 0 || y >= size || coin(rng_) == 0) continue;
                levels[static_cast<size_t>(y * size + x)] =
                    static_cast<int16_t>(coin(rng_) ? 1 : -4);
            }
            expect_reference(levels, log2_size, "tied");
        }
    }
}

// The reference against the definition on a block worked by hand: one level 1 at DC of a 4x4:
// 2.5 bits for the level, 15 zeros coded at half a bit, then the zeros past the last level's
// anti-diagonal (15) and its own significance (a bit) taken out, and the last position (0, 0)
// at half a bit per component: 5 + 15 - 15 - 2 + 1 + 1 half bits.
TEST(ResidualRateReference, DcOnlyBlock) {
    std::vector<int16_t> levels(16, 0);
    levels[0] = 1;
    EXPECT_EQ(estimate_residual_rate_scalar(levels.data(), 2), 5 * residual_rate::kHalfBit);
}

INSTANTIATE_TEST_SUITE_P(Isa, ResidualRateKernels,
                         ::testing::Values(IsaCase{CpuLevel::kAvx2, init_pixel_kernels_avx2},
                                           IsaCase{CpuLevel::kAvx512, init_pixel_kernels_avx512}),
                         isa_name);

}  // namespace
}  // namespace tc::kernel_test
