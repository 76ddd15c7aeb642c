// CabacRateEstimator: the fast presets' residual rate, from the levels alone. It must track the
// bin-by-bin count (what the decisions trade distortion against) and grow with the residual.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "bitstream/cabac_bit_counter.h"
#include "bitstream/cabac_contexts.h"
#include "bitstream/residual_coding.h"
#include "common/scan_order.h"
#include "kernels/residual_rate.h"

namespace tc {
namespace {

double counted_bits(const ResidualBlock& block) {
    CabacContexts contexts;
    init_cabac_contexts(contexts, 1, 32);
    CabacBitCounter counter;
    write_residual_coding(counter, contexts, block);
    return static_cast<double>(counter.fractional_bits()) / (1 << CabacBitCounter::kFracBits);
}

double estimated_bits(const ResidualBlock& block) {
    CabacContexts contexts;
    CabacRateEstimator estimator{estimate_residual_rate_scalar};
    write_residual_coding(estimator, contexts, block);
    return static_cast<double>(estimator.fractional_bits()) / (1 << CabacBitCounter::kFracBits);
}

// Random blocks like quantised residuals: levels that thin out and shrink away from DC.
std::vector<int16_t> random_levels(std::mt19937& rng, int log2_size, double density) {
    const int size = 1 << log2_size;
    std::vector<int16_t> levels(static_cast<size_t>(size) * size, 0);
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    for (int y = 0; y < size; y++) {
        for (int x = 0; x < size; x++) {
            const double falloff = std::exp(-0.25 * (x + y));
            if (uniform(rng) < density * falloff) {
                const int magnitude =
                    1 + static_cast<int>(-std::log(uniform(rng) + 1e-9) * 3 * falloff);
                levels[static_cast<size_t>(y) * size + x] =
                    static_cast<int16_t>(uniform(rng) < 0.5 ? -magnitude : magnitude);
            }
        }
    }
    levels[0] = levels[0] == 0 ? 1 : levels[0];  // at least one level
    return levels;
}

TEST(RateEstimator, TracksTheCountedRate) {
    std::mt19937 rng(7);
    for (int log2_size = 2; log2_size <= 5; log2_size++) {
        double counted_sum = 0, estimated_sum = 0;
        for (int trial = 0; trial < 200; trial++) {
            const double density = 0.1 + 0.8 * (trial % 10) / 10.0;
            const std::vector<int16_t> levels = random_levels(rng, log2_size, density);
            const ResidualBlock block{levels.data(), log2_size, trial % 3 == 0 ? 1 : 0,
                                      kScanDiagonal, true};
            const double counted = counted_bits(block), estimated = estimated_bits(block);
            // Per block within a factor of 2.5, on average within 30 %.
            EXPECT_GT(estimated, counted / 2.5) << "log2 " << log2_size << " trial " << trial;
            EXPECT_LT(estimated, counted * 2.5) << "log2 " << log2_size << " trial " << trial;
            counted_sum += counted;
            estimated_sum += estimated;
        }
        EXPECT_NEAR(estimated_sum / counted_sum, 1.0, 0.3) << "log2 " << log2_size;
    }
}

TEST(RateEstimator, GrowsWithTheResidual) {
    std::vector<int16_t> levels(16 * 16, 0);
    levels[0] = 1;
    const ResidualBlock block{levels.data(), 4, 0, kScanDiagonal, true};
    double previous = estimated_bits(block);
    for (int i = 1; i < 40; i++) {
        levels[static_cast<size_t>(i * 5 % 256)] = static_cast<int16_t>(i % 2 ? 3 : -1);
        const double now = estimated_bits(block);
        EXPECT_GT(now, previous) << i;
        previous = now;
    }
    levels[0] = 200;
    EXPECT_GT(estimated_bits(block), previous);
}

}  // namespace
}  // namespace tc
