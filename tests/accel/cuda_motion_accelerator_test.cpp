// The CUDA backend gives exactly what the CPU mirror gives (and so what Pyramid::build and
// coarse_ctu_vector give): levels and coarse vectors, with frames uploaded in turn through
// both staging buffers. Skipped without CUDA or a device.
#include <gtest/gtest.h>

#include <vector>

#include "accel/cpu_motion_accelerator.h"
#include "accel_test_frames.h"
#if defined(TCENC_HAVE_CUDA)
#include "cuda/cuda_motion_accelerator.h"
#endif

namespace tc {
namespace {

using accel_test::FrameSize;

class CudaMotionAcceleratorTest : public testing::TestWithParam<FrameSize> {};

TEST_P(CudaMotionAcceleratorTest, EqualsTheCpuAccelerator) {
#if !defined(TCENC_HAVE_CUDA)
    GTEST_SKIP() << "no CUDA device (built without TCENC_CUDA)";
#else
    if (CudaMotionAccelerator::device_count() == 0) GTEST_SKIP() << "no CUDA device";
    const FrameSize size = GetParam();
    constexpr int kFrames = 4;
    auto gpu = CudaMotionAccelerator::create(0, size.width, size.height, kFrames);
    auto cpu = CpuMotionAccelerator::create(size.width, size.height, kFrames);
    ASSERT_NE(gpu, nullptr);
    ASSERT_NE(cpu, nullptr);
    std::vector<Plane> frames(kFrames);
    for (int i = 0; i < kFrames; i++) {
        ASSERT_TRUE(frames[static_cast<size_t>(i)].allocate(size.width, size.height, 16));
        accel_test::fill_moving_frame(frames[static_cast<size_t>(i)], i, 5);
        for (MotionAccelerator* backend : {static_cast<MotionAccelerator*>(gpu.get()),
                                           static_cast<MotionAccelerator*>(cpu.get())}) {
            ASSERT_TRUE(backend->upload_frame(i, frames[static_cast<size_t>(i)]));
            ASSERT_TRUE(backend->build_pyramid(i));
        }
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
#endif
}

INSTANTIATE_TEST_SUITE_P(gpu, CudaMotionAcceleratorTest, testing::ValuesIn(accel_test::kSizes),
                         [](const testing::TestParamInfo<FrameSize>& tested) {
                             return std::to_string(tested.param.width) + "x" + std::to_string(tested.param.height);
                         });

}  // namespace
}  // namespace tc
