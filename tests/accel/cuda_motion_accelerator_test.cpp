// The CUDA backend gives exactly what the CPU mirror gives (and so what Pyramid::build and
// coarse_ctu_vector give): levels, coarse vectors and block vectors, with frames uploaded in turn through
// both staging buffers, or straight from registered (page-locked) planes. Skipped without
// CUDA or a device.
#include <gtest/gtest.h>

#include <algorithm>
#include <tuple>
#include <vector>

#include "accel/cpu_motion_accelerator.h"
#include "accel_test_frames.h"
#if defined(TCENC_HAVE_CUDA)
#include "cuda/cuda_motion_accelerator.h"
#endif

namespace tc {
namespace {

using accel_test::FrameSize;

class CudaMotionAcceleratorTest : public testing::TestWithParam<std::tuple<FrameSize, bool>> {};

TEST(CpuMotionAcceleratorRegistration, IsRefusedAndUploadsStillWork) {
    const FrameSize size{72, 40};
    auto cpu = CpuMotionAccelerator::create(size.width, size.height, 1);
    ASSERT_NE(cpu, nullptr);
    Plane frame;
    ASSERT_TRUE(frame.allocate(size.width, size.height, 16));
    accel_test::fill_moving_frame(frame, 0, 5);
    EXPECT_FALSE(cpu->register_host_plane(frame));
    EXPECT_TRUE(cpu->upload_frame(0, frame));
    EXPECT_TRUE(cpu->build_pyramid(0));
}

TEST_P(CudaMotionAcceleratorTest, EqualsTheCpuAccelerator) {
#if !defined(TCENC_HAVE_CUDA)
    GTEST_SKIP() << "no CUDA device (built without TCENC_CUDA)";
#else
    if (CudaMotionAccelerator::device_count() == 0) GTEST_SKIP() << "no CUDA device";
    const FrameSize size = std::get<0>(GetParam());
    const bool registered = std::get<1>(GetParam());
    constexpr int kFrames = 4;
    std::vector<Plane> frames(kFrames);  // before gpu: registered planes must outlive it
    auto gpu = CudaMotionAccelerator::create(0, size.width, size.height, kFrames);
    auto cpu = CpuMotionAccelerator::create(size.width, size.height, kFrames);
    ASSERT_NE(gpu, nullptr);
    ASSERT_NE(cpu, nullptr);
    for (int i = 0; i < kFrames; i++) {
        Plane& frame = frames[static_cast<size_t>(i)];
        ASSERT_TRUE(frame.allocate(size.width, size.height, 16));
        if (registered) {
            ASSERT_TRUE(gpu->register_host_plane(frame));
        }
        accel_test::fill_moving_frame(frame, i, 5);
        for (MotionAccelerator* backend : {static_cast<MotionAccelerator*>(cpu.get()),
                                           static_cast<MotionAccelerator*>(gpu.get())}) {
            ASSERT_TRUE(backend->upload_frame(i, frame));
            ASSERT_TRUE(backend->build_pyramid(i));
        }
        // A staged plane may change as soon as upload_frame returns, a registered one once
        // finish_uploads has returned.
        if (registered) {
            ASSERT_TRUE(gpu->finish_uploads());
        }
        for (int y = 0; y < size.height; y++) std::fill_n(frame.row(y), size.width, uint8_t{0});
    }
    for (int slot = 0; slot < kFrames; slot++) {
        for (int level = 1; level <= 3; level++) {
            const int width = gpu->geometry().level_width(level), height = gpu->geometry().level_height(level);
            Plane from_gpu, from_cpu;
            ASSERT_TRUE(from_gpu.allocate(width, height, 0));
            ASSERT_TRUE(from_cpu.allocate(width, height, 0));
            ASSERT_TRUE(gpu->read_level(slot, level, from_gpu));
            ASSERT_TRUE(cpu->read_level(slot, level, from_cpu));
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    ASSERT_EQ(*from_gpu.at(x, y), *from_cpu.at(x, y))
                        << "slot " << slot << " level " << level << " at " << x << "," << y;
                }
            }
        }
    }
    const size_t ctus = static_cast<size_t>(gpu->geometry().ctu_columns()) * gpu->geometry().ctu_rows();
    std::vector<Mv> on_gpu(ctus), on_cpu(ctus);
    for (int range : {8, 64, 128, 1024}) {
        for (int current = 1; current < kFrames; current++) {
            for (int reference : {current - 1, 0}) {
                ASSERT_TRUE(gpu->coarse_vectors(current, reference, range, on_gpu));
                ASSERT_TRUE(cpu->coarse_vectors(current, reference, range, on_cpu));
                for (size_t i = 0; i < ctus; i++) {
                    ASSERT_EQ(on_gpu[i], on_cpu[i]) << "CTU " << i << " range " << range << " frames " << current
                                                    << " -> " << reference;
                }
            }
        }
    }
    // The block search after the coarse one, at a low and a high lambda and two margins.
    const size_t blocks =
        static_cast<size_t>(block_search_columns(size.width)) * block_search_rows(size.height);
    std::vector<Mv> blocks_on_gpu(blocks), blocks_on_cpu(blocks);
    int moving = 0;
    for (BlockSearchParameters parameters : {BlockSearchParameters{64, 72}, BlockSearchParameters{2048, 8}}) {
        for (int current = 1; current < kFrames; current++) {
            for (int reference : {current - 1, 0}) {
                ASSERT_TRUE(gpu->motion_field(current, reference, 64, parameters, on_gpu, blocks_on_gpu));
                ASSERT_TRUE(cpu->motion_field(current, reference, 64, parameters, on_cpu, blocks_on_cpu));
                for (size_t i = 0; i < blocks; i++) {
                    moving += blocks_on_cpu[i] == Mv{} ? 0 : 1;
                    ASSERT_EQ(blocks_on_gpu[i], blocks_on_cpu[i])
                        << "block " << i << " lambda_q8 " << parameters.lambda_q8 << " frames " << current << " -> "
                        << reference;
                }
            }
        }
    }
    if (size.width >= 72) {
        EXPECT_GT(moving, 0);
    }
#endif
}

INSTANTIATE_TEST_SUITE_P(gpu, CudaMotionAcceleratorTest,
                         testing::Combine(testing::ValuesIn(accel_test::kSizes), testing::Bool()),
                         [](const testing::TestParamInfo<std::tuple<FrameSize, bool>>& tested) {
                             const FrameSize size = std::get<0>(tested.param);
                             return std::to_string(size.width) + "x" + std::to_string(size.height) +
                                    (std::get<1>(tested.param) ? "_registered" : "_staged");
                         });

}  // namespace
}  // namespace tc
