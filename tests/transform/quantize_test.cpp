// Proves the flat quantiser follows its formula (hand-computed cases, signs, the rounding-error
// range, clipping) and that the scaling process of H.265 8.6.3 inverts it to within the
// dead-zone rounding.

#include "transform/quantize.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

namespace tc {
namespace {

struct Quantised {
    std::vector<int32_t> levels;
    std::vector<int32_t> rounding_errors;
    int nonzero;
};

Quantised run_quantize(const std::vector<int32_t>& coeffs, int log2_size, int qp, bool is_intra) {
    Quantised result{std::vector<int32_t>(coeffs.size()), std::vector<int32_t>(coeffs.size()), 0};
    result.nonzero = quantize(coeffs.data(), result.levels.data(), result.rounding_errors.data(),
                              log2_size, qp, is_intra);
    return result;
}

// A 4x4 block holding the given values first, zeros after.
std::vector<int32_t> block4x4(std::initializer_list<int32_t> values) {
    std::vector<int32_t> block(16, 0);
    std::copy(values.begin(), values.end(), block.begin());
    return block;
}

// 4x4, QP 22: qbits = 14 + 3 + 5 = 22, scale = 16384, so one level is 256 coefficient units;
// intra offset 171 << 13 = 1400832, inter offset 85 << 13 = 696320.
TEST(Quantize, HandComputedFourByFourQp22) {
    const auto intra = run_quantize(block4x4({300, 200, -300, 256, 100}), 2, 22, true);
    EXPECT_EQ(intra.levels[0], 1);             // (4915200 + 1400832) >> 22
    EXPECT_EQ(intra.rounding_errors[0], 44);   // (4915200 - 4194304) >> 14
    EXPECT_EQ(intra.levels[1], 1);             // (3276800 + 1400832) >> 22: rounded up
    EXPECT_EQ(intra.rounding_errors[1], -56);  // (3276800 - 4194304) >> 14
    EXPECT_EQ(intra.levels[2], -1);
    EXPECT_EQ(intra.rounding_errors[2], 44);
    EXPECT_EQ(intra.levels[3], 1);  // exactly one step
    EXPECT_EQ(intra.rounding_errors[3], 0);
    EXPECT_EQ(intra.levels[4], 0);
    EXPECT_EQ(intra.rounding_errors[4], 100);  // 1638400 >> 14
    EXPECT_EQ(intra.nonzero, 4);

    const auto inter = run_quantize(block4x4({200, 1000}), 2, 22, false);
    EXPECT_EQ(inter.levels[0], 0);  // (3276800 + 696320) >> 22: the smaller dead zone rounds down
    EXPECT_EQ(inter.rounding_errors[0], 200);
    EXPECT_EQ(inter.levels[1], 4);             // (16384000 + 696320) >> 22
    EXPECT_EQ(inter.rounding_errors[1], -24);  // (16384000 - 16777216) >> 14
    EXPECT_EQ(inter.nonzero, 1);
}

// 32x32, QP 0: qbits = 16, scale = 26214, intra offset 171 << 7 = 21888.
TEST(Quantize, HandComputedThirtyTwoQp0) {
    std::vector<int32_t> coeffs(1024, 0);
    coeffs[0] = 10;    // 262140: just under 4 << 16, rounds up with error (-4) >> 8 = -1
    coeffs[1] = -3;    // 78642 + 21888 = 100530 >> 16 = 1
    coeffs[1023] = 2;  // 52428 + 21888 = 74316 >> 16 = 1
    const auto result = run_quantize(coeffs, 5, 0, true);
    EXPECT_EQ(result.levels[0], 4);
    EXPECT_EQ(result.rounding_errors[0], -1);
    EXPECT_EQ(result.levels[1], -1);
    EXPECT_EQ(result.rounding_errors[1], (78642 - 65536) >> 8);
    EXPECT_EQ(result.levels[1023], 1);
    EXPECT_EQ(result.nonzero, 3);
}

TEST(Quantize, ZeroBlockHasNoLevels) {
    for (int log2_size = 2; log2_size <= 5; ++log2_size) {
        const std::vector<int32_t> zeros(1 << (2 * log2_size), 0);
        for (const int qp : {0, 22, 51}) {
            const auto result = run_quantize(zeros, log2_size, qp, true);
            EXPECT_EQ(result.nonzero, 0);
            EXPECT_EQ(result.levels, zeros);
            EXPECT_EQ(result.rounding_errors, zeros);
        }
    }
}

TEST(Quantize, RoundingErrorMayBeNull) {
    const auto coeffs = block4x4({300, -700, 5});
    std::vector<int32_t> levels(16);
    EXPECT_EQ(quantize(coeffs.data(), levels.data(), nullptr, 2, 22, true), 2);
    EXPECT_EQ(levels, run_quantize(coeffs, 2, 22, true).levels);
}

TEST(Quantize, SignSymmetricAndCountsNonzero) {
    std::mt19937 rng(3);
    std::uniform_int_distribution<int32_t> value(-40000, 40000);
    for (int log2_size = 2; log2_size <= 5; ++log2_size) {
        const int count = 1 << (2 * log2_size);
        for (int qp = 0; qp <= 51; qp += 3) {
            for (const bool is_intra : {true, false}) {
                std::vector<int32_t> coeffs(count);
                for (auto& c : coeffs) c = value(rng);
                std::vector<int32_t> negated(count);
                std::transform(coeffs.begin(), coeffs.end(), negated.begin(),
                               [](int32_t c) { return -c; });
                const auto positive = run_quantize(coeffs, log2_size, qp, is_intra);
                const auto negative = run_quantize(negated, log2_size, qp, is_intra);
                EXPECT_EQ(positive.rounding_errors, negative.rounding_errors);
                EXPECT_EQ(positive.nonzero, negative.nonzero);
                int nonzero = 0;
                for (int i = 0; i < count; ++i) {
                    EXPECT_EQ(negative.levels[i], -positive.levels[i]);
                    nonzero += positive.levels[i] != 0;
                }
                EXPECT_EQ(positive.nonzero, nonzero);
            }
        }
    }
}

// The rounding error is measured from the chosen level in 1/256 of a step. With offset K/512 of
// a step (K = 171 intra, 85 inter) the magnitude lies in [level - K/512, level + 1 - K/512)
// steps, so the error is in [floor(-K/2), 255 - ceil(K/2)]: [-86, 170] intra, [-43, 213] inter.
TEST(Quantize, RoundingErrorRange) {
    std::mt19937 rng(11);
    std::uniform_int_distribution<int32_t> value(-33000, 33000);
    for (const bool is_intra : {true, false}) {
        const int lowest = is_intra ? -86 : -43;
        const int highest = is_intra ? 170 : 213;
        int seen_lowest = 0;
        int seen_highest = 0;
        for (int log2_size = 2; log2_size <= 5; ++log2_size) {
            const int count = 1 << (2 * log2_size);
            for (int qp = 0; qp <= 51; ++qp) {
                for (int trial = 0; trial < 8; ++trial) {
                    std::vector<int32_t> coeffs(count);
                    for (auto& c : coeffs) c = value(rng);
                    const auto result = run_quantize(coeffs, log2_size, qp, is_intra);
                    for (const int32_t error : result.rounding_errors) {
                        ASSERT_GE(error, lowest);
                        ASSERT_LE(error, highest);
                        seen_lowest = std::min(seen_lowest, error);
                        seen_highest = std::max(seen_highest, error);
                    }
                }
            }
        }
        // The random inputs reach (close to) both ends, so the bounds are tight.
        EXPECT_LE(seen_lowest, lowest + 2);
        EXPECT_GE(seen_highest, highest - 2);
    }
}

TEST(Quantize, ClipsLevelsToSixteenBits) {
    std::vector<int32_t> coeffs(1024, 0);
    coeffs[0] = 1 << 30;
    coeffs[1] = -(1 << 30);
    coeffs[2] = INT32_MAX;
    coeffs[3] = INT32_MIN;
    coeffs[4] = 30000;  // level 30000 * 26214 >> 16 = 11999: not clipped
    const auto result = run_quantize(coeffs, 5, 0, true);
    EXPECT_EQ(result.levels[0], 32767);
    EXPECT_EQ(result.levels[1], -32768);
    EXPECT_EQ(result.levels[2], 32767);
    EXPECT_EQ(result.levels[3], -32768);
    EXPECT_EQ(result.levels[4], (30000 * 26214 + 21888) >> 16);
    EXPECT_EQ(result.nonzero, 5);
    // The rounding error refers to the unclipped level, so it stays in range.
    for (int i = 0; i < 4; ++i) {
        EXPECT_GE(result.rounding_errors[i], -86);
        EXPECT_LE(result.rounding_errors[i], 170);
    }
}

// ---- dequantize (H.265 8.6.3) ---------------------------------------------------------------

std::vector<int32_t> run_dequantize(const std::vector<int32_t>& levels, int log2_size, int qp) {
    std::vector<int32_t> coeffs(levels.size());
    dequantize(levels.data(), coeffs.data(), log2_size, qp);
    return coeffs;
}

TEST(Dequantize, HandComputed) {
    // 4x4: bdShift 5. QP 4: 1 * 16 * 64 = 1024, (1024 + 16) >> 5 = 32.
    EXPECT_EQ(run_dequantize(block4x4({1, -1}), 2, 4)[0], 32);
    EXPECT_EQ(run_dequantize(block4x4({1, -1}), 2, 4)[1], -32);
    // QP 0: 16 * 40 = 640: (640 + 16) >> 5 = 20, (-640 + 16) >> 5 = -20 (floor of -19.5).
    const auto qp0 = run_dequantize(block4x4({1, -1, 0}), 2, 0);
    EXPECT_EQ(qp0[0], 20);
    EXPECT_EQ(qp0[1], -20);
    EXPECT_EQ(qp0[2], 0);
    // QP 51 (levelScale[3] = 57, << 8): 16 * 57 << 8 = 233472, (233472 + 16) >> 5 = 7296.
    EXPECT_EQ(run_dequantize(block4x4({1}), 2, 51)[0], 7296);
    // 8x8, QP 13 (levelScale 45, << 2), bdShift 6: 3 * 2880 = 8640, (8640 + 32) >> 6 = 135,
    // (-8640 + 32) >> 6 = -135.
    std::vector<int32_t> levels(64, 0);
    levels[0] = 3;
    levels[63] = -3;
    const auto eight = run_dequantize(levels, 3, 13);
    EXPECT_EQ(eight[0], 135);
    EXPECT_EQ(eight[63], -135);
    // 32x32, QP 22 (levelScale 64, << 3), bdShift 8: 5 * 8192 = 40960, (40960 + 128) >> 8 = 160.
    std::vector<int32_t> large(1024, 0);
    large[500] = 5;
    EXPECT_EQ(run_dequantize(large, 5, 22)[500], 160);
}

TEST(Dequantize, ClipsToSixteenBits) {
    for (int log2_size = 2; log2_size <= 5; ++log2_size) {
        std::vector<int32_t> levels(1 << (2 * log2_size), 0);
        levels[0] = 32767;
        levels[1] = -32768;
        levels[2] = INT32_MAX;
        levels[3] = INT32_MIN;
        const auto coeffs = run_dequantize(levels, log2_size, 51);
        EXPECT_EQ(coeffs[0], 32767);
        EXPECT_EQ(coeffs[1], -32768);
        EXPECT_EQ(coeffs[2], 32767);
        EXPECT_EQ(coeffs[3], -32768);
    }
}

// dequantize(quantize(c)) misses c by at most the dead-zone rounding, (1 - K/512) of a step
// (K = 171 intra, 85 inter), plus the small mismatch between scale and 2^20 / levelScale and
// the final rounding.
TEST(Dequantize, InvertsQuantizeToWithinTheDeadZone) {
    std::mt19937 rng(17);
    std::uniform_int_distribution<int32_t> value(-20000, 20000);
    for (int log2_size = 2; log2_size <= 5; ++log2_size) {
        const int count = 1 << (2 * log2_size);
        for (const int qp : {0, 4, 10, 22, 27, 37, 45, 51}) {
            const double quant_scale[6] = {26214, 23302, 20560, 18396, 16384, 14564};
            const int qbits = 14 + qp / 6 + (15 - 8 - log2_size);
            const double step = std::ldexp(1.0, qbits) / quant_scale[qp % 6];
            for (const bool is_intra : {true, false}) {
                const double dead_zone = 1 - (is_intra ? 171 : 85) / 512.0;
                std::vector<int32_t> coeffs(count);
                for (auto& c : coeffs) c = value(rng);
                const auto result = run_quantize(coeffs, log2_size, qp, is_intra);
                const auto restored = run_dequantize(result.levels, log2_size, qp);
                for (int i = 0; i < count; ++i) {
                    const double allowed = dead_zone * step + std::abs(coeffs[i]) * 1e-4 + 1;
                    ASSERT_LE(std::abs(restored[i] - coeffs[i]), allowed)
                        << "qp " << qp << " size " << (1 << log2_size) << " c " << coeffs[i];
                }
            }
        }
    }
}

}  // namespace
}  // namespace tc
