// Proves that apply_sign_data_hiding (H.265 7.3.8.11 signHidden, encoder side) changes exactly
// the levels its first, straightforward version changed, on random blocks of every size and
// scan: sparse and dense, levels at the 16-bit limits, rounding errors as quantize() makes them
// and wider, ties between candidates. The streams depend on every level, so "close" is not
// enough.

#include "transform/sign_data_hiding.h"

#include <gtest/gtest.h>

#include <climits>
#include <cstdint>
#include <cstdlib>
#include <random>
#include <vector>

#include "common/coded_sub_blocks.h"
#include "common/scan_order.h"
#include "transform/quantize.h"

namespace tc {
namespace {

// The first implementation, kept as the reference: for each coded sub-block, walk its 16 scan
// positions for the first and last levels and the sum of magnitudes; where the parity disagrees
// with the first level's sign, walk them again from the top for the cheapest +-1 change.
void reference_sign_data_hiding(int32_t* levels, const int32_t* coeffs,
                                const int32_t* rounding_error, int log2_size, int scan_idx) {
    const int log2_sub_blocks = log2_size - 2;
    const int sub_block_count = 1 << (2 * log2_sub_blocks);
    int last_sub_block = -1;
    int index[16];
    uint8_t coded[8][8];
    mark_coded_sub_blocks(levels, log2_size, coded);
    const CoefficientScan& scan = coefficient_scan(log2_size, scan_idx);
    for (int i = sub_block_count - 1; i >= 0; i--) {
        if (!coded[scan.sub_x[i]][scan.sub_y[i]]) continue;
        int first = -1, last = -1, sum = 0;
        for (int n = 0; n < 16; n++) {
            index[n] = scan.sub_block[i] + scan.in_sub_block[n];
            if (levels[index[n]] != 0) {
                if (first < 0) first = n;
                last = n;
                sum += std::abs(levels[index[n]]);
            }
        }
        if (last < 0) continue;
        const bool is_last_sub_block = last_sub_block < 0;
        if (is_last_sub_block) last_sub_block = i;
        if (last - first <= 3) continue;
        const int sign_negative = levels[index[first]] < 0 ? 1 : 0;
        if (sign_negative == (sum & 1)) continue;

        int best_cost = INT_MAX, best_n = -1, best_change = 0;
        for (int n = is_last_sub_block ? last : 15; n >= 0; n--) {
            const int k = index[n];
            int cost, change;
            if (levels[k] != 0) {
                if (rounding_error[k] > 0) {
                    cost = -rounding_error[k];
                    change = 1;
                } else if (n == first && std::abs(levels[k]) == 1) {
                    continue;
                } else {
                    cost = rounding_error[k];
                    change = -1;
                }
            } else {
                if (n < first && ((coeffs[k] < 0) != (sign_negative == 1))) continue;
                cost = -rounding_error[k];
                change = 1;
            }
            if (cost < best_cost) {
                best_cost = cost;
                best_n = n;
                best_change = change;
            }
        }
        if (best_n < 0) continue;
        const int k = index[best_n];
        if (levels[k] == 32767 || levels[k] == -32768) best_change = -1;
        if (levels[k] == 0) {
            levels[k] = coeffs[k] < 0 ? -1 : 1;
        } else {
            levels[k] += levels[k] > 0 ? best_change : -best_change;
        }
    }
}

struct Block {
    int log2_size;
    std::vector<int32_t> levels, coeffs, rounding_error;
};

// How the synthetic blocks are drawn.
struct Shape {
    double nonzero_share;      // chance that a position holds a level
    double empty_sub_blocks;   // chance that a whole 4x4 sub-block is left empty
    double extreme_share;      // chance that a level sits at 32767 / -32768
    int max_magnitude;         // other levels are 1..max_magnitude
    int error_min, error_max;  // rounding errors of nonzero levels; zero levels get [0, max]
};

Block synthetic_block(std::mt19937& rng, int log2_size, const Shape& shape) {
    const int size = 1 << log2_size;
    const int count = size * size;
    Block block{log2_size, std::vector<int32_t>(count), std::vector<int32_t>(count),
                std::vector<int32_t>(count)};
    std::uniform_real_distribution<double> chance(0.0, 1.0);
    std::uniform_int_distribution<int> magnitude(1, shape.max_magnitude);
    std::uniform_int_distribution<int> nonzero_error(shape.error_min, shape.error_max);
    std::uniform_int_distribution<int> zero_error(0, shape.error_max);
    std::uniform_int_distribution<int> coefficient(1, 40000);
    std::vector<bool> empty(64);
    for (int s = 0; s < 64; s++) empty[s] = chance(rng) < shape.empty_sub_blocks;
    for (int y = 0; y < size; y++) {
        for (int x = 0; x < size; x++) {
            const int k = y * size + x;
            const bool negative = chance(rng) < 0.5;
            // A zero coefficient is as likely as any other below a step: it counts as positive.
            block.coeffs[k] = chance(rng) < 0.05 ? 0 : (negative ? -1 : 1) * coefficient(rng);
            const bool is_zero =
                empty[(y >> 2) * 8 + (x >> 2)] || chance(rng) >= shape.nonzero_share;
            if (is_zero) {
                block.rounding_error[k] = zero_error(rng);
                continue;
            }
            int32_t level =
                chance(rng) < shape.extreme_share ? (negative ? 32768 : 32767) : magnitude(rng);
            block.levels[k] = negative ? -level : level;
            block.rounding_error[k] = nonzero_error(rng);
        }
    }
    return block;
}

// Levels and errors exactly as the encoder makes them: random coefficients through quantize().
Block quantised_block(std::mt19937& rng, int log2_size, int max_coefficient) {
    const int count = 1 << (2 * log2_size);
    Block block{log2_size, std::vector<int32_t>(count), std::vector<int32_t>(count),
                std::vector<int32_t>(count)};
    std::uniform_int_distribution<int32_t> coefficient(-max_coefficient, max_coefficient);
    std::uniform_real_distribution<double> chance(0.0, 1.0);
    const double zero_share = chance(rng);
    for (int32_t& c : block.coeffs) c = chance(rng) < zero_share ? 0 : coefficient(rng);
    const int qp = std::uniform_int_distribution<int>(0, 51)(rng);
    quantize(block.coeffs.data(), block.levels.data(), block.rounding_error.data(), log2_size, qp,
             chance(rng) < 0.5);
    return block;
}

struct Outcome {
    int blocks = 0, changed_blocks = 0;
};

// Runs both versions on copies of the block; returns whether sign hiding changed a level.
bool expect_same_levels(const Block& block, int scan_idx, const char* what) {
    std::vector<int32_t> expected = block.levels;
    std::vector<int32_t> actual = block.levels;
    reference_sign_data_hiding(expected.data(), block.coeffs.data(), block.rounding_error.data(),
                               block.log2_size, scan_idx);
    apply_sign_data_hiding(actual.data(), block.coeffs.data(), block.rounding_error.data(),
                           block.log2_size, scan_idx);
    EXPECT_EQ(actual, expected) << what << ", log2_size " << block.log2_size << ", scan_idx "
                                << scan_idx;
    return expected != block.levels;
}

TEST(SignDataHiding, MatchesReferenceOnSyntheticBlocks) {
    const Shape shapes[] = {
        {0.05, 0.3, 0.0, 3, -86, 213},   // sparse, quantize()'s error range
        {0.3, 0.2, 0.0, 4, -86, 213},    // medium
        {0.9, 0.0, 0.0, 20, -86, 213},   // dense
        {0.6, 0.1, 0.3, 2, -86, 213},    // many levels at the 16-bit limits
        {0.5, 0.1, 0.02, 2, -2, 2},      // tiny error range: many tied candidates
        {0.5, 0.1, 0.02, 1, 0, 0},       // every candidate tied
        {0.4, 0.1, 0.02, 1, -256, 256},  // wider than quantize() makes
        {1.0, 0.0, 0.0, 1, -86, 213},    // every level +-1: the first may not vanish
    };
    std::mt19937 rng(20240607);
    Outcome outcome;
    for (const Shape& shape : shapes) {
        for (int log2_size = 2; log2_size <= 5; log2_size++) {
            const int trials = log2_size == 5 ? 300 : 1500;
            for (int scan_idx = 0; scan_idx <= 2; scan_idx++) {
                for (int t = 0; t < trials; t++) {
                    outcome.blocks++;
                    outcome.changed_blocks += expect_same_levels(
                        synthetic_block(rng, log2_size, shape), scan_idx, "synthetic");
                    if (HasFailure()) return;
                }
            }
        }
    }
    // The comparison means little unless the parity fix ran often.
    EXPECT_GT(outcome.changed_blocks, outcome.blocks / 4);
}

TEST(SignDataHiding, MatchesReferenceOnQuantisedBlocks) {
    std::mt19937 rng(7);
    Outcome outcome;
    for (int log2_size = 2; log2_size <= 5; log2_size++) {
        for (int scan_idx = 0; scan_idx <= 2; scan_idx++) {
            for (int t = 0; t < 2000; t++) {
                // Small coefficients make sparse blocks of +-1, large ones hit the level clip.
                const int max_coefficient = t % 4 == 0 ? 1 << 24 : (t % 2 == 0 ? 4000 : 400);
                outcome.blocks++;
                outcome.changed_blocks += expect_same_levels(
                    quantised_block(rng, log2_size, max_coefficient), scan_idx, "quantised");
                if (HasFailure()) return;
            }
        }
    }
    EXPECT_GT(outcome.changed_blocks, outcome.blocks / 4);
}

// Hand-made corner: the parity fix must pick the saturated level and shrink it.
TEST(SignDataHiding, SaturatedLevelOnlyShrinks) {
    // 4x4, diagonal scan: positions 0 (raster 0) and 5 (raster 2) far enough apart.
    std::vector<int32_t> levels(16, 0), coeffs(16, 1000), rounding_error(16, 0);
    levels[0] = 32767;        // scan position 0, odd: parity 1 says negative, but it is positive
    levels[9] = 2;            // raster 9 = (1, 2): scan position 7
    rounding_error[0] = 100;  // the cheapest change would raise it past the limit
    for (int k = 1; k < 16; k++) rounding_error[k] = k == 9 ? -10 : 1;
    std::vector<int32_t> expected = levels;
    reference_sign_data_hiding(expected.data(), coeffs.data(), rounding_error.data(), 2, 0);
    apply_sign_data_hiding(levels.data(), coeffs.data(), rounding_error.data(), 2, 0);
    EXPECT_EQ(levels, expected);
    EXPECT_EQ(levels[0], 32766);
}

}  // namespace
}  // namespace tc
