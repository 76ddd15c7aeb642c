// MergeInterpolations: every pair it returns equals interpolating both motions afresh, for
// repeated, shared and more distinct motions than it keeps (eviction never takes the entry
// the same call returns first), and after use_block moves to another block.
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
    for (int block = 0; block < 3; block++) {
        const int x = 16 + 8 * block, y = 8 * block, width = block == 1 ? 32 : 16, height = block == 2 ? 8 : 16;
        interpolations.use_block(x, y, width, height);
        for (int trial = 0; trial < 200; trial++) {
            const int list0 = trial % 2, list1 = (trial / 2) % 2;
            const Mv mv0 = vectors[static_cast<size_t>(pick(random))];
            const Mv mv1 = trial % 7 == 0 ? mv0 : vectors[static_cast<size_t>(pick(random))];
            const int16_t* first = nullptr;
            const int16_t* second = nullptr;
            interpolations.pair(kernels, planes[list0], mv0, planes[list1], mv1, first, second);
            interpolate_luma(kernels, planes[list0], x, y, width, height, mv0.x, mv0.y, expected_first, 64);
            interpolate_luma(kernels, planes[list1], x, y, width, height, mv1.x, mv1.y, expected_second, 64);
            for (int row = 0; row < height; row++) {
                for (int column = 0; column < width; column++) {
                    ASSERT_EQ(first[row * 64 + column], expected_first[row * 64 + column])
                        << "block " << block << " trial " << trial;
                    ASSERT_EQ(second[row * 64 + column], expected_second[row * 64 + column])
                        << "block " << block << " trial " << trial;
                }
            }
        }
    }
}

}  // namespace
}  // namespace tc
