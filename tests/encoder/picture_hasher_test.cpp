// PictureHasher: the digests of every picture posted equal picture_md5's, whether its rows are
// settled before the post or one by one after it on another thread, for one picture at a time
// (scalar chains) and several at once (lanes), at sizes whose rows are not whole 64-byte blocks.
// Whether the lanes are used does not depend on how the threads are scheduled.

#include "encoder/picture_hasher.h"

#include <gtest/gtest.h>

#include <array>
#include <memory>
#include <random>
#include <thread>
#include <vector>

#include "bitstream/picture_hash_sei.h"
#include "common/block_types.h"
#include "kernels/kernel_dispatch.h"

namespace tc {
namespace {

Picture random_picture(int width, int height, uint32_t seed) {
    Picture picture;
    EXPECT_TRUE(picture.allocate(width, height, 16));
    std::mt19937 rng(seed);
    for (Plane& plane : picture.planes) {
        for (int y = 0; y < plane.height(); y++) {
            for (int x = 0; x < plane.width(); x++) plane.row(y)[x] = static_cast<uint8_t>(rng());
        }
    }
    return picture;
}

int ctu_rows(const Picture& picture) {
    return (picture.planes[0].height() + kCtuSize - 1) / kCtuSize;
}

class PictureHasherTest : public ::testing::TestWithParam<CpuLevel> {
  protected:
    void SetUp() override {
        const CpuLevel available = init_pixel_kernels(kernels_, GetParam());
        if (available != GetParam()) {
            GTEST_SKIP() << "CPU lacks " << cpu_level_name(GetParam()) << " (has " << cpu_level_name(available)
                         << "): the hasher on these lanes is not tested on this machine (the kernel's own tests, "
                            "Md5LanesKernels, skip the same way; both ran on an H100 host's Xeon)";
        }
    }
    PixelKernels kernels_{};
};

TEST_P(PictureHasherTest, OnePictureAtATimeGivesItsDigests) {
    auto hasher = PictureHasher::create(2, kernels_.md5_lanes);
    ASSERT_NE(hasher, nullptr);
    for (const auto& [width, height] :
         std::vector<std::pair<int, int>>{{64, 64}, {200, 130}, {1366, 70}, {18, 8}}) {
        const Picture picture = random_picture(width, height, static_cast<uint32_t>(width));
        RowProgress settled(ctu_rows(picture));
        for (int row = 0; row < ctu_rows(picture); row++) settled.publish(row, 1);
        hasher->post(1, picture, settled);
        EXPECT_EQ(hasher->wait(1), picture_md5(picture)) << width << "x" << height;
    }
    // Three planes of one picture: never on lanes.
    EXPECT_EQ(hasher->counts().lane_blocks, 0u);
    EXPECT_GT(hasher->counts().scalar_blocks, 0u);
}

TEST_P(PictureHasherTest, PicturesInFlightWhileTheirRowsSettleGiveTheirDigests) {
    constexpr int kPictures = 5;
    auto hasher = PictureHasher::create(kPictures, kernels_.md5_lanes);
    ASSERT_NE(hasher, nullptr);
    std::vector<Picture> pictures;
    std::vector<std::unique_ptr<RowProgress>> progress;
    std::vector<RowProgress*> settled;
    const std::array<std::pair<int, int>, kPictures> sizes = {
        {{1920, 1080}, {320, 200}, {250, 322}, {320, 200}, {320, 200}}};
    for (int k = 0; k < kPictures; k++) {
        const Picture& picture = pictures.emplace_back(
            random_picture(sizes[static_cast<size_t>(k)].first,
                           sizes[static_cast<size_t>(k)].second, static_cast<uint32_t>(100 + k)));
        // The last two pictures settle with one progress: each of its rows readies six streams.
        if (k < kPictures - 1) progress.push_back(std::make_unique<RowProgress>(ctu_rows(picture)));
        settled.push_back(progress.back().get());
    }
    // The first three pictures' rows are settled when they are posted; the last two settle after,
    // row by row, on another thread, as the rows' thread settles them. Lanes are then used however
    // the threads run: a row of the last two readies six streams at once, and where the hasher sees
    // only one picture's three it takes two of them on scalar chains, so that its next look finds
    // at least four.
    for (int k = 0; k < 3; k++) {
        for (int row = 0; row < ctu_rows(pictures[static_cast<size_t>(k)]); row++) {
            settled[static_cast<size_t>(k)]->publish(row, 1);
        }
    }
    for (int k = 0; k < kPictures; k++)
        hasher->post(k, pictures[static_cast<size_t>(k)], *settled[static_cast<size_t>(k)]);
    std::thread rows([&] {
        for (int row = 0; row < ctu_rows(pictures[3]); row++) {
            settled[3]->publish(row, 1);
            std::this_thread::yield();
        }
    });
    for (int k = 0; k < kPictures; k++) {
        EXPECT_EQ(hasher->wait(k), picture_md5(pictures[static_cast<size_t>(k)]))
            << "picture " << k;
    }
    rows.join();
    EXPECT_GT(hasher->counts().lane_blocks, 0u);
}

INSTANTIATE_TEST_SUITE_P(Level, PictureHasherTest,
                         ::testing::Values(CpuLevel::kNone, CpuLevel::kAvx2, CpuLevel::kAvx512),
                         [](const ::testing::TestParamInfo<CpuLevel>& level) {
                             return std::string(cpu_level_name(level.param));
                         });

}  // namespace
}  // namespace tc
