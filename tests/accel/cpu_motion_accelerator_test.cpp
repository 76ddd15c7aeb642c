// The CPU mirror of the GPU algorithm gives exactly Pyramid::build's levels and
// coarse_ctu_vector's vectors, on moving textures of several sizes and search ranges.
#include "accel/cpu_motion_accelerator.h"

#include <gtest/gtest.h>

#include <utility>
#include <vector>

#include "accel/accelerated_motion.h"
#include "accel_test_frames.h"
#include "kernels/kernel_dispatch.h"
#include "motion/motion_search.h"
#include "motion/pyramid.h"

namespace tc {
namespace {

using accel_test::FrameSize;

struct HostFrame {
    Plane luma;
    Pyramid pyramid;
};

void make_frame(HostFrame& frame, FrameSize size, int index, const PixelKernels& kernels) {
    ASSERT_TRUE(frame.luma.allocate(size.width, size.height, 16));
    ASSERT_TRUE(frame.pyramid.allocate(size.width, size.height));
    accel_test::fill_moving_frame(frame.luma, index, 3);
    frame.pyramid.build(frame.luma, kernels);
}

void expect_level_equal(MotionAccelerator& accelerator, int slot, const Pyramid& pyramid, int level) {
    const Plane& expected = pyramid.level(level);
    Plane actual;
    ASSERT_TRUE(actual.allocate(expected.width(), expected.height(), 0));
    ASSERT_TRUE(accelerator.read_level(slot, level, actual));
    for (int y = 0; y < expected.height(); y++) {
        for (int x = 0; x < expected.width(); x++) {
            ASSERT_EQ(*actual.at(x, y), *expected.at(x, y)) << "level " << level << " at " << x << "," << y;
        }
    }
}

class CpuMotionAcceleratorTest : public testing::TestWithParam<FrameSize> {};

TEST_P(CpuMotionAcceleratorTest, PyramidAndCoarseVectorsEqualTheScalarCode) {
    const FrameSize size = GetParam();
    PixelKernels kernels{};
    init_pixel_kernels(kernels, CpuLevel::kAvx512);
    HostFrame previous, current;
    make_frame(previous, size, 0, kernels);
    make_frame(current, size, 1, kernels);

    auto accelerator = CpuMotionAccelerator::create(size.width, size.height, 2);
    ASSERT_NE(accelerator, nullptr);
    ASSERT_TRUE(accelerator->upload_frame(0, previous.luma));
    ASSERT_TRUE(accelerator->build_pyramid(0));
    ASSERT_TRUE(accelerator->upload_frame(1, current.luma));
    ASSERT_TRUE(accelerator->build_pyramid(1));
    for (int level = 1; level <= 3; level++) {
        expect_level_equal(*accelerator, 0, previous.pyramid, level);
        expect_level_equal(*accelerator, 1, current.pyramid, level);
    }

    const int columns = accelerator->geometry().ctu_columns(), rows = accelerator->geometry().ctu_rows();
    std::vector<Mv> vectors(static_cast<size_t>(columns) * rows);
    int moving = 0;  // CTUs with a vector other than zero: the frames must exercise the search
    for (int range : {8, 16, 64, 128}) {
        for (auto [source, reference] : {std::pair{1, 0}, std::pair{0, 1}, std::pair{1, 1}}) {
            ASSERT_TRUE(accelerator->coarse_vectors(source, reference, range, vectors));
            const Pyramid& source_pyramid = source == 1 ? current.pyramid : previous.pyramid;
            const Pyramid& reference_pyramid = reference == 1 ? current.pyramid : previous.pyramid;
            for (int row = 0; row < rows; row++) {
                for (int column = 0; column < columns; column++) {
                    const Mv expected =
                        coarse_ctu_vector(source_pyramid, reference_pyramid, column, row, range, kernels);
                    const Mv actual = vectors[static_cast<size_t>(row) * columns + column];
                    moving += actual == Mv{} ? 0 : 1;
                    ASSERT_EQ(actual, expected) << "CTU " << column << "," << row << " range " << range
                                                << " source " << source << " reference " << reference;
                }
            }
        }
    }
    if (size.width >= 72) {
        EXPECT_GT(moving, 0);
    }
}

INSTANTIATE_TEST_SUITE_P(accel, CpuMotionAcceleratorTest, testing::ValuesIn(accel_test::kSizes),
                         [](const testing::TestParamInfo<FrameSize>& tested) {
                             return std::to_string(tested.param.width) + "x" + std::to_string(tested.param.height);
                         });

// The encoder swaps Pyramid contents between its input frames and picture slots; the
// backend's mirror must follow the storage.
class AcceleratedMotionTest : public testing::TestWithParam<FrameSize> {};

TEST_P(AcceleratedMotionTest, MirrorsFollowPyramidStorageAcrossSwaps) {
    const FrameSize size = GetParam();
    PixelKernels kernels{};
    init_pixel_kernels(kernels, CpuLevel::kNone);
    HostFrame a, b;
    make_frame(a, size, 0, kernels);
    make_frame(b, size, 2, kernels);
    auto motion = AcceleratedMotion::create(AccelerationRequest{true, 0, true}, size.width, size.height, 2);
    ASSERT_NE(motion, nullptr);
    EXPECT_FALSE(motion->on_gpu());
    ASSERT_TRUE(motion->frame_arrived(a.luma, a.pyramid));
    ASSERT_TRUE(motion->frame_arrived(b.luma, b.pyramid));
    std::swap(a.pyramid, b.pyramid);  // a now holds frame 2, b frame 0

    const int ctus = ((size.width + 63) / 64) * ((size.height + 63) / 64);
    std::vector<Mv> vectors(static_cast<size_t>(ctus));
    ASSERT_TRUE(motion->coarse_vectors(a.pyramid, b.pyramid, 64, vectors));
    for (int i = 0; i < ctus; i++) {
        const int columns = (size.width + 63) / 64;
        EXPECT_EQ(vectors[static_cast<size_t>(i)], coarse_ctu_vector(a.pyramid, b.pyramid, i % columns,
                                                                      i / columns, 64, kernels));
    }
    Pyramid never_uploaded;
    ASSERT_TRUE(never_uploaded.allocate(size.width, size.height));
    EXPECT_FALSE(motion->coarse_vectors(never_uploaded, b.pyramid, 64, vectors));
}

// Low-delay speculation: each arriving frame's search against the one before starts at
// once; motion_field hands it over for that pair and settings, and searches anew for any
// other request, with the same vectors either way.
TEST_P(AcceleratedMotionTest, SpeculativeSearchesGiveTheSameVectors) {
    const FrameSize size = GetParam();
    PixelKernels kernels{};
    init_pixel_kernels(kernels, CpuLevel::kNone);
    constexpr int kFrames = 4;
    std::vector<HostFrame> frames(kFrames);
    auto speculating = AcceleratedMotion::create(AccelerationRequest{true, 0, true}, size.width, size.height, kFrames);
    auto plain = AcceleratedMotion::create(AccelerationRequest{true, 0, true}, size.width, size.height, kFrames);
    ASSERT_NE(speculating, nullptr);
    ASSERT_NE(plain, nullptr);
    const BlockSearchParameters parameters{500, 72};
    speculating->speculate(64, parameters);
    const size_t ctus = static_cast<size_t>((size.width + 63) / 64) * ((size.height + 63) / 64);
    const size_t blocks = static_cast<size_t>(block_search_columns(size.width)) * block_search_rows(size.height);
    std::vector<Mv> coarse(ctus), expected_coarse(ctus), vectors(blocks), expected(blocks);
    for (int i = 0; i < kFrames; i++) {
        HostFrame& frame = frames[static_cast<size_t>(i)];
        make_frame(frame, size, i, kernels);
        ASSERT_TRUE(speculating->frame_arrived(frame.luma, frame.pyramid));
        ASSERT_TRUE(plain->frame_arrived(frame.luma, frame.pyramid));
        if (i == 0) continue;
        const Pyramid& previous = frames[static_cast<size_t>(i - 1)].pyramid;
        // Frame 2 asks for another pair first (against frame 0): the speculation is dropped.
        const Pyramid& reference = i == 2 ? frames[0].pyramid : previous;
        ASSERT_TRUE(speculating->motion_field(frame.pyramid, reference, 64, parameters, coarse, vectors));
        ASSERT_TRUE(plain->motion_field(frame.pyramid, reference, 64, parameters, expected_coarse, expected));
        EXPECT_EQ(coarse, expected_coarse) << "frame " << i;
        EXPECT_EQ(vectors, expected) << "frame " << i;
        // Other settings than the speculation's: searched anew.
        ASSERT_TRUE(speculating->motion_field(frame.pyramid, previous, 64, BlockSearchParameters{900, 8}, coarse,
                                              vectors));
        ASSERT_TRUE(plain->motion_field(frame.pyramid, previous, 64, BlockSearchParameters{900, 8}, expected_coarse,
                                        expected));
        EXPECT_EQ(vectors, expected) << "frame " << i;
    }
    EXPECT_EQ(speculating->speculative_hits(), 2);  // frames 1 and 3
    EXPECT_EQ(plain->speculative_hits(), 0);
}

INSTANTIATE_TEST_SUITE_P(accel, AcceleratedMotionTest, testing::Values(FrameSize{72, 40}, FrameSize{328, 200}),
                         [](const testing::TestParamInfo<FrameSize>& tested) {
                             return std::to_string(tested.param.width) + "x" + std::to_string(tested.param.height);
                         });

}  // namespace
}  // namespace tc
