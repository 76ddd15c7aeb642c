// Pyramid::build_rows: bands built level by level in any order give what build gives, with
// band b of each level read only from band b of the level below (as the encoder builds them).
#include <gtest/gtest.h>

#include <random>

#include "kernels/kernel_dispatch.h"
#include "motion/pyramid.h"

namespace tc {
namespace {

TEST(Pyramid, BandsGiveWhatTheWholeBuildGives) {
    PixelKernels kernels{};
    init_pixel_kernels(kernels, CpuLevel::kAvx512);
    // 200x150: no level's height is a multiple of its band.
    constexpr int kWidth = 200, kHeight = 150, kBandRows = 64;
    Plane frame;
    ASSERT_TRUE(frame.allocate(kWidth, kHeight, 0));
    std::mt19937 random(7);
    for (int y = 0; y < kHeight; y++) {
        for (int x = 0; x < kWidth; x++) *frame.at(x, y) = static_cast<uint8_t>(random());
    }
    Pyramid whole, banded;
    ASSERT_TRUE(whole.allocate(kWidth, kHeight));
    ASSERT_TRUE(banded.allocate(kWidth, kHeight));
    whole.build(frame, kernels);
    const int bands = (kHeight + kBandRows - 1) / kBandRows;
    for (int band = bands - 1; band >= 0; band--) {
        for (int level = 1; level < Pyramid::kLevels; level++) {
            const int rows = kBandRows >> level;
            banded.build_rows(level, frame, kernels, band * rows, (band + 1) * rows);
        }
    }
    for (int level = 1; level < Pyramid::kLevels; level++) {
        const Plane& a = whole.level(level);
        const Plane& b = banded.level(level);
        for (int y = 0; y < a.height(); y++) {
            for (int x = 0; x < a.width(); x++) {
                ASSERT_EQ(*a.at(x, y), *b.at(x, y)) << "level " << level << " at " << x << "," << y;
            }
        }
    }
}

}  // namespace
}  // namespace tc
