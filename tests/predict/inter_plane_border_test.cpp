#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "picture/plane_border.h"

namespace tc {
namespace {

uint8_t sample_value(int x, int y) {
    return static_cast<uint8_t>(1 + x * 13 + y * 29);
}

std::vector<uint8_t> distinct_samples(int width, int height) {
    std::vector<uint8_t> samples(static_cast<size_t>(width) * height);
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) samples[y * width + x] = sample_value(x, y);
    }
    return samples;
}

// Every sample within `padding` equals the sample at the clamped coordinates.
void expect_clamped_reads(const Plane& plane, int padding) {
    for (int y = -padding; y < plane.height() + padding; ++y) {
        for (int x = -padding; x < plane.width() + padding; ++x) {
            const int clamped_x = std::clamp(x, 0, plane.width() - 1);
            const int clamped_y = std::clamp(y, 0, plane.height() - 1);
            ASSERT_EQ(*plane.at(x, y), sample_value(clamped_x, clamped_y)) << x << "," << y;
        }
    }
}

TEST(PlaneBorder, PaddingEqualsClampedReadsIncludingCorners) {
    for (int width : {1, 5, 16, 37}) {
        for (int height : {1, 3, 16, 21}) {
            Plane plane;
            ASSERT_TRUE(plane.allocate(width, height, 24));
            const std::vector<uint8_t> samples = distinct_samples(width, height);
            plane.fill_from(samples.data(), width, height);
            extend_plane_borders(plane, 24);
            expect_clamped_reads(plane, 24);
            // The corners explicitly.
            EXPECT_EQ(*plane.at(-24, -24), sample_value(0, 0));
            EXPECT_EQ(*plane.at(width + 23, -24), sample_value(width - 1, 0));
            EXPECT_EQ(*plane.at(-24, height + 23), sample_value(0, height - 1));
            EXPECT_EQ(*plane.at(width + 23, height + 23), sample_value(width - 1, height - 1));
        }
    }
}

TEST(PlaneBorder, SmallerPaddingLeavesTheRestAlone) {
    Plane plane;
    ASSERT_TRUE(plane.allocate(12, 10, 16));
    // A sentinel everywhere (planes are not cleared at allocation).
    constexpr uint8_t kUntouched = 0xa5;
    for (int y = -16; y < 10 + 16; y++) {
        for (int x = -16; x < 12 + 16; x++) *plane.at(x, y) = kUntouched;
    }
    const std::vector<uint8_t> samples = distinct_samples(12, 10);
    plane.fill_from(samples.data(), 12, 10);
    extend_plane_borders(plane, 5);
    expect_clamped_reads(plane, 5);
    EXPECT_EQ(*plane.at(-6, 0), kUntouched);
    EXPECT_EQ(*plane.at(12 + 5, 3), kUntouched);
    EXPECT_EQ(*plane.at(0, -6), kUntouched);
    EXPECT_EQ(*plane.at(4, 10 + 5), kUntouched);
}

TEST(PlaneBorder, RowBandsGiveWhatTheWholeExtensionGives) {
    // Bands of 16 luma rows (the encoder uses CTU rows), in any order, on a picture whose
    // height is no multiple of the band.
    Picture whole, banded;
    ASSERT_TRUE(whole.allocate(40, 44, 32));
    ASSERT_TRUE(banded.allocate(40, 44, 32));
    for (int c = 0; c < 3; c++) {
        const std::vector<uint8_t> samples = distinct_samples(whole.planes[c].width(), whole.planes[c].height());
        whole.planes[c].fill_from(samples.data(), whole.planes[c].width(), whole.planes[c].height());
        banded.planes[c].fill_from(samples.data(), banded.planes[c].width(), banded.planes[c].height());
    }
    extend_picture_borders(whole, 32);
    for (int band : {2, 0, 1}) extend_picture_border_rows(banded, 32, band * 16, (band + 1) * 16);
    for (int c = 0; c < 3; c++) {
        const int padding = c == 0 ? 32 : 16;
        const Plane& a = whole.planes[c];
        const Plane& b = banded.planes[c];
        for (int y = -padding; y < a.height() + padding; y++) {
            for (int x = -padding; x < a.width() + padding; x++) {
                ASSERT_EQ(*a.at(x, y), *b.at(x, y)) << "plane " << c << " at " << x << "," << y;
            }
        }
    }
}

TEST(PlaneBorder, PictureChromaGetsHalfThePadding) {
    Picture picture;
    ASSERT_TRUE(picture.allocate(20, 12, 32));
    for (Plane& plane : picture.planes) {
        const std::vector<uint8_t> samples = distinct_samples(plane.width(), plane.height());
        plane.fill_from(samples.data(), plane.width(), plane.height());
    }
    extend_picture_borders(picture, 32);
    expect_clamped_reads(picture.planes[0], 32);
    expect_clamped_reads(picture.planes[1], 16);
    expect_clamped_reads(picture.planes[2], 16);
}

}  // namespace
}  // namespace tc
