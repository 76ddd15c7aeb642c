// Motion search finds known integer and quarter-sample displacements exactly.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "kernels/pixel_kernels.h"
#include "motion/motion_search.h"
#include "picture/plane.h"
#include "picture/plane_border.h"
#include "predict/inter_interpolation.h"
#include "predict/inter_weighting.h"

namespace tc {
namespace {

constexpr int kWidth = 192, kHeight = 128, kPadding = 80;

// A smooth, non-periodic texture.
void fill_texture(Plane& plane) {
    for (int y = 0; y < plane.height(); y++) {
        for (int x = 0; x < plane.width(); x++) {
            const double v = 128 + 50 * std::sin(0.23 * x + 0.05 * y) + 35 * std::cos(0.17 * y - 0.09 * x) +
                             20 * std::sin(0.013 * x * y / 4.0);
            *plane.at(x, y) = static_cast<uint8_t>(std::lround(std::fmin(255.0, std::fmax(0.0, v))));
        }
    }
    extend_plane_borders(plane, kPadding);
}

// Writes into `source` the block of `reference` displaced by `mv` (the decoder's own
// interpolation), so that a search of that block should return `mv`.
void displace_block(const Plane& reference, Plane& source, int block_x, int block_y, int size, Mv mv) {
    alignas(64) int16_t intermediate[64 * 64];
    interpolate_luma(reference, block_x, block_y, size, size, mv.x, mv.y, intermediate, 64);
    weighted_uni(intermediate, 64, source.at(block_x, block_y), source.stride(), size, size);
}

// A search of the size x size block at (block_x, block_y) with zero predictors, range 32.
MotionSearchInput search_input(const Plane& source, const Plane& reference, int block_x, int block_y, int size) {
    MotionSearchInput input;
    input.source = &source;
    input.reference = &reference;
    input.x = block_x;
    input.y = block_y;
    input.width = size;
    input.height = size;
    input.predictors = {Mv{}, Mv{}};
    input.range = 32;
    input.sqrt_lambda = 0.5;
    return input;
}

// The scalar kernels, a textured reference and a source plane of its size for the test to fill.
struct SearchPlanes {
    PixelKernels kernels{};
    Plane reference, source;
};

void prepare(SearchPlanes& planes) {
    init_scalar_pixel_kernels(planes.kernels);
    ASSERT_TRUE(planes.reference.allocate(kWidth, kHeight, kPadding));
    ASSERT_TRUE(planes.source.allocate(kWidth, kHeight, kPadding));
    fill_texture(planes.reference);
}

// The source is exactly the reference displaced by `mv`, so the search must return `mv`.
void expect_found(Mv mv, int block_x, int block_y, int size) {
    SearchPlanes planes;
    ASSERT_NO_FATAL_FAILURE(prepare(planes));
    const Plane& reference = planes.reference;
    Plane& source = planes.source;
    fill_texture(source);
    displace_block(reference, source, block_x, block_y, size, mv);
    const MotionSearchResult result =
        search_motion(search_input(source, reference, block_x, block_y, size), planes.kernels);
    EXPECT_EQ(result.mv.x, mv.x) << "block " << size << " at " << block_x << "," << block_y;
    EXPECT_EQ(result.mv.y, mv.y) << "block " << size << " at " << block_x << "," << block_y;
}

// Calls check(displacement, input) for 49 displacements of every quarter-sample phase around
// (2, -1) full samples: the source's 16x16 block at (64, 48) is the reference displaced by
// each, and input searches that block.
template <class Check>
void for_each_quarter_displacement(SearchPlanes& planes, Check check) {
    for (int dy = -3; dy <= 3; dy++) {
        for (int dx = -3; dx <= 3; dx++) {
            constexpr int kX = 64, kY = 48, kSize = 16;
            fill_texture(planes.source);
            const Mv displacement{static_cast<int16_t>(8 + dx), static_cast<int16_t>(-4 + dy)};
            displace_block(planes.reference, planes.source, kX, kY, kSize, displacement);
            check(displacement, search_input(planes.source, planes.reference, kX, kY, kSize));
        }
    }
}

TEST(MotionSearch, FindsIntegerShifts) {
    expect_found(Mv{12, -8}, 64, 32, 32);
    expect_found(Mv{-20, 4}, 64, 64, 16);
    expect_found(Mv{0, 16}, 32, 32, 16);
}

TEST(MotionSearch, FindsHalfAndQuarterSampleShifts) {
    expect_found(Mv{6, -2}, 64, 32, 32);   // 1.5, -0.5
    expect_found(Mv{-9, 5}, 64, 64, 16);   // -2.25, 1.25
    expect_found(Mv{13, 3}, 96, 32, 16);   // 3.25, 0.75
    expect_found(Mv{1, -1}, 64, 64, 8);
}

// SearchEffort::quarter_after_half: where the half-sample step leaves the vector on the full
// sample it started from, the search ends there (the half-sample-only result); elsewhere it is
// the full half-and-quarter search. Over displacements of every quarter phase, both cases occur,
// and in at least one of the first the full search would have gone on to a quarter sample.
TEST(MotionSearch, QuarterStepOnlyWhereTheHalfStepMoved) {
    SearchPlanes planes;
    ASSERT_NO_FATAL_FAILURE(prepare(planes));
    int stayed = 0, stayed_where_quarter_helps = 0, moved = 0;
    for_each_quarter_displacement(planes, [&](Mv displacement, MotionSearchInput input) {
        input.subpel_steps = 1;
        const Mv half = search_motion(input, planes.kernels).mv;
        input.subpel_steps = 2;
        const Mv full = search_motion(input, planes.kernels).mv;
        input.quarter_after_half = true;
        const Mv gated = search_motion(input, planes.kernels).mv;
        if (half.x % 4 == 0 && half.y % 4 == 0) {
            stayed++;
            stayed_where_quarter_helps += !(full == half);
            EXPECT_EQ(gated, half) << "displacement " << displacement.x << "," << displacement.y;
        } else {
            moved++;
            EXPECT_EQ(gated, full) << "displacement " << displacement.x << "," << displacement.y;
        }
    });
    EXPECT_GT(moved, 0);
    EXPECT_GT(stayed, 0);
    EXPECT_GT(stayed_where_quarter_helps, 0);
}

// SearchEffort::subpel_fit: the fractional part fitted from the full-sample neighbours. Over
// displacements of every quarter phase, the fitted vector is at most half a sample from the
// full-sample vector the integer search found on each axis, never costs more than it (only a
// cheaper fractional vector replaces it), and lands nearer the true displacements than it (on
// this smooth texture, where costs curve more like a parabola than the V the fit assumes:
// summed errors 156 full-sample, 88 fitted, 23 step by step). With half samples only
// (subpel_steps 1) it is a half-sample vector.
TEST(MotionSearch, SubpelFitMovesTowardsTheDisplacement) {
    SearchPlanes planes;
    ASSERT_NO_FATAL_FAILURE(prepare(planes));
    int whole_error = 0, fitted_error = 0, stepped_error = 0, moved = 0;
    auto error = [](Mv a, Mv b) { return std::abs(a.x - b.x) + std::abs(a.y - b.y); };
    for_each_quarter_displacement(planes, [&](Mv displacement, MotionSearchInput input) {
        input.subpel_steps = 0;
        const MotionSearchResult whole = search_motion(input, planes.kernels);
        input.subpel_steps = 2;
        const Mv stepped = search_motion(input, planes.kernels).mv;
        input.subpel_fit = true;
        const MotionSearchResult fitted = search_motion(input, planes.kernels);
        const std::string where = "displacement " + std::to_string(displacement.x) + "," + std::to_string(displacement.y);
        EXPECT_LE(std::abs(fitted.mv.x - whole.mv.x), 2) << where;
        EXPECT_LE(std::abs(fitted.mv.y - whole.mv.y), 2) << where;
        EXPECT_LE(fitted.cost, whole.cost) << where;
        whole_error += error(whole.mv, displacement);
        fitted_error += error(fitted.mv, displacement);
        stepped_error += error(stepped, displacement);
        moved += !(fitted.mv == whole.mv);
        input.subpel_steps = 1;
        const Mv half = search_motion(input, planes.kernels).mv;
        EXPECT_EQ(half.x % 2, 0) << where;
        EXPECT_EQ(half.y % 2, 0) << where;
    });
    std::printf("summed quarter-sample errors: full samples %d, fitted %d, stepped %d; %d moved\n", whole_error,
                fitted_error, stepped_error, moved);
    EXPECT_GT(moved, 0);
    EXPECT_LT(3 * fitted_error, 2 * whole_error);
}

TEST(MotionSearch, MvdBitsFollowTheBinarisation) {
    EXPECT_EQ(mvd_component_bits(0), 1);
    EXPECT_EQ(mvd_component_bits(1), 3);
    EXPECT_EQ(mvd_component_bits(-1), 3);
    EXPECT_EQ(mvd_component_bits(2), 5);   // g0, g1, EG1(0) = 2 bits, sign
    EXPECT_EQ(mvd_component_bits(3), 5);
    EXPECT_EQ(mvd_component_bits(4), 7);   // EG1(2) = 4 bits
    // Every difference a vector can have: against EG1 written out bin by bin.
    for (int d = -32768; d <= 32767; d++) {
        const int magnitude = d < 0 ? -d : d;
        int bits = 1;  // abs_mvd_greater0_flag
        if (magnitude > 0) bits += 2;  // abs_mvd_greater1_flag, mvd_sign_flag
        if (magnitude > 1) {
            int value = magnitude - 2, k = 1;
            while (value >= (1 << k)) {  // prefix ones
                value -= 1 << k;
                k++;
                bits++;
            }
            bits += 1 + k;  // prefix zero, k suffix bits
        }
        ASSERT_EQ(mvd_component_bits(d), bits) << d;
    }
}

TEST(MotionSearch, VectorMarginKeepsReadsInsideThePadding) {
    EXPECT_TRUE(vector_within_margin(Mv{0, 0}, 0, 0, 16, 16, 64, 64, 72));
    EXPECT_TRUE(vector_within_margin(Mv{-72 * 4, 0}, 0, 0, 16, 16, 64, 64, 72));
    EXPECT_FALSE(vector_within_margin(Mv{-73 * 4, 0}, 0, 0, 16, 16, 64, 64, 72));
    EXPECT_FALSE(vector_within_margin(Mv{0, 80 * 4}, 0, 48, 16, 16, 64, 64, 72));
}

}  // namespace
}  // namespace tc
