// MergeInterpolations: every pair (and uni-prediction) it returns equals interpolating afresh, for
// repeated, shared and more distinct motions than it keeps (eviction never takes the entry
// the same call returns first), on blocks inside, overlapping and outside earlier ones.
#include "analysis/merge_interpolations.h"

#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "kernels/kernel_dispatch.h"
#include "predict/inter_interpolation.h"

namespace tc {
namespace {

TEST(MergeInterpolations, PairsEqualFreshInterpolations) {
    PixelKernels kernels;
    init_pixel_kernels(kernels, CpuLevel::kNone);
    std::mt19937 random(5);
    Plane planes[2];
    for (Plane& plane : planes) {
        ASSERT_TRUE(plane.allocate(128, 96, 80));
        for (int y = -80; y < 96 + 80; y++) {
            for (int x = -80; x < 128 + 80; x++) plane.at(x, y)[0] = static_cast<uint8_t>(random());
        }
    }
    std::uniform_int_distribution<int> component(-20, 20), pick(0, 9);
    std::vector<Mv> vectors;
    for (int i = 0; i < 10; i++) {
        vectors.push_back(Mv{static_cast<int16_t>(component(random)), static_cast<int16_t>(component(random))});
    }
    MergeInterpolations interpolations;
    interpolations.clear();
    static int16_t expected_first[64 * 64], expected_second[64 * 64];
    static uint8_t expected_uni[64 * 64];
    // A 32x32 block, its four 16x16 quarters, blocks inside and across them, blocks that stick
    // out of one of them by 8 samples, another 32x32 block beside it.
    struct Block {
        int x, y, width, height;
    };
    const Block blocks[] = {{32, 16, 32, 32}, {32, 16, 16, 16}, {48, 16, 16, 16}, {32, 32, 16, 16},
                            {48, 32, 16, 16}, {40, 24, 8, 8},   {44, 28, 16, 8},  {64, 16, 32, 32},
                            {40, 16, 16, 16}, {56, 40, 16, 16}, {32, 8, 16, 16}};
    std::uniform_int_distribution<int> pick_block(0, 10);
    for (int trial = 0; trial < 1500; trial++) {
        const Block& b = blocks[static_cast<size_t>(pick_block(random))];
        const int list0 = trial % 2, list1 = (trial / 2) % 2;
        const Mv mv0 = vectors[static_cast<size_t>(pick(random))];
        const Mv mv1 = trial % 7 == 0 ? mv0 : vectors[static_cast<size_t>(pick(random))];
        const int16_t* first = nullptr;
        const int16_t* second = nullptr;
        interpolations.pair(kernels, b.x, b.y, b.width, b.height, planes[list0], mv0, planes[list1], mv1, first,
                            second);
        interpolate_luma(kernels, planes[list0], b.x, b.y, b.width, b.height, mv0.x, mv0.y, expected_first, 64);
        interpolate_luma(kernels, planes[list1], b.x, b.y, b.width, b.height, mv1.x, mv1.y, expected_second, 64);
        for (int row = 0; row < b.height; row++) {
            for (int column = 0; column < b.width; column++) {
                ASSERT_EQ(first[row * 64 + column], expected_first[row * 64 + column]) << "trial " << trial;
                ASSERT_EQ(second[row * 64 + column], expected_second[row * 64 + column]) << "trial " << trial;
            }
        }
        // A uni-prediction of another block in between.
        const Block& c = blocks[static_cast<size_t>(pick_block(random))];
        const Mv mv = vectors[static_cast<size_t>(pick(random))];
        const uint8_t* uni = interpolations.uni(kernels, c.x, c.y, c.width, c.height, planes[list1], mv);
        interpolate_luma_uni(kernels, planes[list1], c.x, c.y, c.width, c.height, mv.x, mv.y, expected_uni, 64);
        for (int row = 0; row < c.height; row++) {
            for (int column = 0; column < c.width; column++) {
                ASSERT_EQ(uni[row * 64 + column], expected_uni[row * 64 + column]) << "uni, trial " << trial;
            }
        }
    }
}

}  // namespace
}  // namespace tc
