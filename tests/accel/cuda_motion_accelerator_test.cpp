// The CUDA backend gives exactly what the CPU mirror gives (and so what Pyramid::build and
// coarse_ctu_vector give): levels, coarse vectors and block vectors, with frames uploaded in turn through
// both staging buffers, or straight from registered (page-locked) planes; and the coding of P
// pictures (units, levels, reconstruction) byte for byte. Skipped without CUDA or a device.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <tuple>
#include <utility>
#include <thread>
#include <vector>

#include "accel/cpu_motion_accelerator.h"
#include "accel_test_frames.h"
#include "filter/deblocking_tables.h"
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

#if defined(TCENC_HAVE_CUDA)
// Compares two codings of one picture: every unit, the levels of every transform block whose
// cbf bit is set, every reconstructed sample.
void expect_same_coding(const InterCodingView& gpu, const InterCodingView& cpu, FrameSize size, const char* what) {
    ASSERT_EQ(gpu.unit_columns, cpu.unit_columns);
    ASSERT_EQ(gpu.unit_rows, cpu.unit_rows);
    for (int c = 0; c < 3; c++) ASSERT_EQ(gpu.stride[c], cpu.stride[c]);
    for (int unit_y = 0; unit_y < cpu.unit_rows; unit_y++) {
        for (int unit_x = 0; unit_x < cpu.unit_columns; unit_x++) {
            const size_t i = static_cast<size_t>(unit_y) * cpu.unit_columns + unit_x;
            const InterCodedUnit& g = gpu.units[i];
            const InterCodedUnit& u = cpu.units[i];
            ASSERT_TRUE(g.mv == u.mv && g.cu_log2 == u.cu_log2 && g.cbf == u.cbf && g.intra == u.intra)
                << what << ": unit " << unit_x << "," << unit_y << " gpu cu_log2 " << int{g.cu_log2} << " cbf "
                << int{g.cbf} << " intra " << int{g.intra} << ", cpu cu_log2 " << int{u.cu_log2} << " cbf "
                << int{u.cbf} << " intra " << int{u.intra};
            const int cu_size = 1 << u.cu_log2;
            if ((unit_x * 8) % cu_size != 0 || (unit_y * 8) % cu_size != 0) continue;  // not the CU's first unit
            for (int c = 0; c < 3; c++) {
                if (((u.cbf >> c) & 1) == 0) continue;
                const int n = c == 0 ? cu_size : cu_size / 2;
                const int x0 = c == 0 ? unit_x * 8 : unit_x * 4, y0 = c == 0 ? unit_y * 8 : unit_y * 4;
                for (int y = y0; y < y0 + n; y++) {
                    for (int x = x0; x < x0 + n; x++) {
                        ASSERT_EQ(gpu.levels[c][y * gpu.stride[c] + x], cpu.levels[c][y * cpu.stride[c] + x])
                            << what << ": component " << c << " level at " << x << "," << y;
                    }
                }
            }
        }
    }
    for (int c = 0; c < 3; c++) {
        const int width = c == 0 ? size.width : size.width / 2, height = c == 0 ? size.height : size.height / 2;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                ASSERT_EQ(gpu.reconstruction[c][y * gpu.stride[c] + x], cpu.reconstruction[c][y * cpu.stride[c] + x])
                    << what << ": component " << c << " sample " << x << "," << y;
            }
        }
    }
    ASSERT_EQ(gpu.sao_decisions == nullptr, cpu.sao_decisions == nullptr) << what;
    for (int i = 0; cpu.sao_decisions != nullptr && i < 3 * inter_ctu_columns(size.width) * inter_ctu_rows(size.height);
         i++) {
        ASSERT_EQ(0, std::memcmp(&gpu.sao_decisions[i], &cpu.sao_decisions[i], sizeof(InterSaoDecision)))
            << what << ": SAO decision of CTB " << i / 3 << ", component " << i % 3;
    }
    ASSERT_EQ(gpu.sao_statistics == nullptr, cpu.sao_statistics == nullptr) << what;
    if (cpu.sao_statistics == nullptr) return;
    for (int i = 0; i < 3 * inter_ctu_columns(size.width) * inter_ctu_rows(size.height); i++) {
        ASSERT_EQ(0, std::memcmp(&gpu.sao_statistics[i], &cpu.sao_statistics[i], sizeof(InterSaoStatistics)))
            << what << ": SAO statistics of CTB " << i / 3 << ", component " << i % 3;
    }
}
#endif

class CudaInterCodingTest : public testing::TestWithParam<std::tuple<FrameSize, bool>> {};

TEST_P(CudaInterCodingTest, EqualsTheCpuAccelerator) {
#if !defined(TCENC_HAVE_CUDA)
    GTEST_SKIP() << "no CUDA device (built without TCENC_CUDA)";
#else
    if (CudaMotionAccelerator::device_count() == 0) GTEST_SKIP() << "no CUDA device";
    const FrameSize size = std::get<0>(GetParam());
    const bool registered = std::get<1>(GetParam());
    constexpr int kFrames = 3;
    // Source pictures (luma into pyramid slots, chroma at coding) and reconstructions (slot i
    // the picture of frame i, with other noise: a lossy copy).
    std::vector<Picture> sources(kFrames), reconstructions(kFrames);  // before gpu: registered planes outlive it
    auto gpu = CudaMotionAccelerator::create(0, size.width, size.height, kFrames);
    auto cpu = CpuMotionAccelerator::create(size.width, size.height, kFrames);
    ASSERT_NE(gpu, nullptr);
    ASSERT_NE(cpu, nullptr);
    const int reconstruction_slot[kFrames] = {0, 7, kMaxReconstructionSlots - 1};
    for (int i = 0; i < kFrames; i++) {
        Picture& source = sources[static_cast<size_t>(i)];
        Picture& reconstruction = reconstructions[static_cast<size_t>(i)];
        ASSERT_TRUE(source.allocate(size.width, size.height, 32));
        ASSERT_TRUE(reconstruction.allocate(size.width, size.height, 32));
        if (registered) {
            for (const Picture* picture : {&source, &reconstruction}) {
                for (const Plane& plane : picture->planes) ASSERT_TRUE(gpu->register_host_plane(plane));
            }
        }
        accel_test::fill_moving_picture(source, i, 9);
        accel_test::fill_moving_picture(reconstruction, i, 9 + 1000);
        for (MotionAccelerator* backend : {static_cast<MotionAccelerator*>(cpu.get()),
                                           static_cast<MotionAccelerator*>(gpu.get())}) {
            ASSERT_TRUE(backend->upload_frame(i, source.planes[0]));
            ASSERT_TRUE(backend->build_pyramid(i));
            ASSERT_TRUE(backend->upload_reconstruction(reconstruction_slot[i], reconstruction));
        }
    }
    ASSERT_TRUE(gpu->finish_uploads());
    // A reconstruction uploaded from a plane that changes as soon as the upload returned
    // (staged) or finish_uploads did (registered).
    for (Plane& plane : reconstructions[0].planes) {
        for (int y = 0; y < plane.height(); y++) std::fill_n(plane.row(y), plane.width(), uint8_t{0});
    }

    const size_t blocks = static_cast<size_t>(block_search_columns(size.width)) * block_search_rows(size.height);
    const size_t ctus = static_cast<size_t>(gpu->geometry().ctu_columns()) * gpu->geometry().ctu_rows();
    // Vector sets: what the block search finds (realistic), random ones within its margin
    // (shared by whole areas or not), one vector everywhere, and vectors far outside the
    // picture (every read clipped).
    std::vector<std::vector<Mv>> vector_sets;
    {
        std::vector<Mv> coarse(ctus), searched(blocks);
        ASSERT_TRUE(cpu->motion_field(1, 0, 64, BlockSearchParameters{300, 64}, coarse, searched));
        vector_sets.push_back(searched);
    }
    vector_sets.push_back(accel_test::random_block_vectors(size.width, size.height, 64, 280, 0.8, 1));
    vector_sets.push_back(accel_test::random_block_vectors(size.width, size.height, 64, 280, 0.0, 2));
    vector_sets.push_back(std::vector<Mv>(blocks, Mv{13, -7}));
    vector_sets.push_back(accel_test::random_block_vectors(size.width, size.height, 4000, 16000, 0.5, 3));
    int coded_blocks = 0, intra_units = 0, intra_8x8_units = 0;
    for (const InterCodingParameters& parameters :
         {InterCodingParameters{0, 0}, InterCodingParameters{22, 23}, InterCodingParameters{32, 31},
          InterCodingParameters{45, 39}, InterCodingParameters{51, 51}, InterCodingParameters{22, 23, 1460},
          InterCodingParameters{32, 31, 14800}, InterCodingParameters{45, 39, 150000},
          InterCodingParameters{27, 28, 4600, 1100}, InterCodingParameters{37, 34, 37400, 3100},
          // Deblocked (accel/inter_deblocking_steps.h), with the SAO statistics or without, one
          // slice and more.
          InterCodingParameters{27, 28, 4600, 1100, InterDeblocking{true, luma_beta(27, 0), luma_tc(27, 1, 0)}, true, 1},
          InterCodingParameters{37, 34, 37400, 3100, InterDeblocking{true, luma_beta(37, 0), luma_tc(37, 1, 0)}, true, 3},
          InterCodingParameters{51, 51, 0, 0, InterDeblocking{true, luma_beta(51, 0), luma_tc(51, 1, 0)}, false, 2},
          InterCodingParameters{32, 31, 14800, 0, InterDeblocking{}, true, 2},
          // SAO decided and applied (accel/inter_sao_steps.h), deblocked or not, lambda 0 too.
          InterCodingParameters{27, 28, 4600, 1100, InterDeblocking{true, luma_beta(27, 0), luma_tc(27, 1, 0)}, true, 1, true},
          InterCodingParameters{37, 34, 37400, 3100, InterDeblocking{true, luma_beta(37, 0), luma_tc(37, 1, 0)}, true, 1, true},
          InterCodingParameters{22, 23, 0, 0, InterDeblocking{}, true, 1, true},
          // Coding-unit sizes by cost after the smoothing (inter_coding_steps.h), filtered or not.
          InterCodingParameters{27, 28, 4600, 1100, InterDeblocking{true, luma_beta(27, 0), luma_tc(27, 1, 0)}, true, 1, true, true},
          InterCodingParameters{37, 34, 37400, 3100, InterDeblocking{}, false, 1, false, true},
          // Sign data hiding (accel/sign_hiding_steps.h), with everything else and alone.
          InterCodingParameters{27, 28, 4600, 1100, InterDeblocking{true, luma_beta(27, 0), luma_tc(27, 1, 0)}, true, 1, true, true, true},
          InterCodingParameters{22, 23, 0, 0, InterDeblocking{}, false, 1, false, false, true},
          InterCodingParameters{45, 39, 150000, 0, InterDeblocking{}, false, 1, false, false, true},
          // The skip decisions (accel/skip_decision_steps.h), with everything else, with one merge
          // candidate, and in three slices.
          InterCodingParameters{27, 28, 4600, 1100, InterDeblocking{true, luma_beta(27, 0), luma_tc(27, 1, 0)}, true, 1, true, true, true, 2},
          InterCodingParameters{37, 34, 37400, 3100, InterDeblocking{}, false, 1, false, true, false, 1},
          InterCodingParameters{32, 31, 59200, 0, InterDeblocking{true, luma_beta(32, 0), luma_tc(32, 1, 0)}, true, 3, false, false, false, 2},
          // 8x8 CUs inside the picture (accel/cu_split_steps.h), with everything else, and
          // without the area decisions or the filters.
          InterCodingParameters{27, 28, 4600, 1100, InterDeblocking{true, luma_beta(27, 0), luma_tc(27, 1, 0)}, true, 1, true, true, true, 2, true},
          InterCodingParameters{37, 34, 37400, 3100, InterDeblocking{}, false, 1, false, false, false, 1, true},
          // 16x16 intra CUs (accel/intra_coding_steps.h) with everything else, bS 2 and chroma
          // deblocked; in three slices with three waves.
          InterCodingParameters{27, 28, 4600, 1100,
                                InterDeblocking{true, luma_beta(27, 0), luma_tc(27, 1, 0), luma_tc(27, 2, 0), true, chroma_tc(27, 0)},
                                true, 1, true, true, true, 2, true, 8},
          InterCodingParameters{37, 34, 37400, 3100,
                                InterDeblocking{true, luma_beta(37, 0), luma_tc(37, 1, 0), luma_tc(37, 2, 0), true, chroma_tc(37, 0)},
                                false, 3, false, false, false, 1, false, 3},
          // 8x8 intra CUs (accel/intra_unit_steps.h) with everything else; in three slices.
          InterCodingParameters{27, 28, 4600, 1100,
                                InterDeblocking{true, luma_beta(27, 0), luma_tc(27, 1, 0), luma_tc(27, 2, 0), true, chroma_tc(27, 0)},
                                true, 1, true, true, true, 2, true, 8, 8},
          InterCodingParameters{37, 34, 37400, 3100,
                                InterDeblocking{true, luma_beta(37, 0), luma_tc(37, 1, 0), luma_tc(37, 2, 0), true, chroma_tc(37, 0)},
                                false, 3, false, false, false, 1, true, 3, 5}}) {
        for (size_t set = 0; set < vector_sets.size(); set++) {
            for (int frame = 1; frame < kFrames; frame++) {
                const int reference = reconstruction_slot[(frame + static_cast<int>(set)) % kFrames];
                InterCodingView on_gpu, on_cpu;
                ASSERT_TRUE(gpu->code_inter_picture(frame, sources[static_cast<size_t>(frame)], reference,
                                                    vector_sets[set], parameters, on_gpu));
                ASSERT_TRUE(cpu->code_inter_picture(frame, sources[static_cast<size_t>(frame)], reference,
                                                    vector_sets[set], parameters, on_cpu));
                ASSERT_EQ(on_gpu.deblocked, parameters.deblocking.enabled);
                ASSERT_EQ(on_cpu.deblocked, parameters.deblocking.enabled);
                const std::string what = "qp " + std::to_string(parameters.qp) +
                                         (parameters.deblocking.enabled ? " deblocked" : "") + " vectors " +
                                         std::to_string(set) +
                                         " frame " + std::to_string(frame) + " reference " + std::to_string(reference);
                expect_same_coding(on_gpu, on_cpu, size, what.c_str());
                if (HasFatalFailure()) return;
                for (int i = 0; i < on_cpu.unit_columns * on_cpu.unit_rows; i++) {
                    coded_blocks += on_cpu.units[i].cbf != 0;
                    intra_units += on_cpu.units[i].intra != 0;
                    intra_8x8_units += on_cpu.units[i].intra != 0 && on_cpu.units[i].cu_log2 == 3;
                }
            }
        }
    }
    EXPECT_GT(coded_blocks, 0);
    if (size.width >= 200) {
        EXPECT_GT(intra_units, 0);
        EXPECT_GT(intra_8x8_units, 0);
    }
    // A coded picture kept as a reference (MotionAccelerator::keep_reconstruction), and a
    // picture's results unchanged while the next one is coded, on both alike.
    {
        InterCodingParameters parameters{37, 34, 37400, 3100,
                                         InterDeblocking{true, luma_beta(37, 0), luma_tc(37, 1, 0)}, true, 1, true, true};
        InterCodingView first_gpu, first_cpu, next_gpu, next_cpu;
        ASSERT_TRUE(gpu->code_inter_picture(1, sources[1], 0, vector_sets[0], parameters, first_gpu));
        ASSERT_TRUE(cpu->code_inter_picture(1, sources[1], 0, vector_sets[0], parameters, first_cpu));
        ASSERT_TRUE(gpu->keep_reconstruction(9));
        ASSERT_TRUE(cpu->keep_reconstruction(9));
        ASSERT_TRUE(gpu->code_inter_picture(2, sources[2], 9, vector_sets[0], parameters, next_gpu));
        ASSERT_TRUE(cpu->code_inter_picture(2, sources[2], 9, vector_sets[0], parameters, next_cpu));
        expect_same_coding(next_gpu, next_cpu, size, "against a kept reconstruction");
        expect_same_coding(first_gpu, first_cpu, size, "the picture before, after the next one's coding");
        if (HasFatalFailure()) return;
    }
    // Two pictures in flight (launch_inter_picture returns before the GPU is done; the second
    // against the first's kept reconstruction), the first collected on another thread, as the
    // encoder's rows do with "gpu-async": both as the CPU codes them one after the other.
    {
        InterCodingParameters parameters{32, 31, 14800, 0, InterDeblocking{true, luma_beta(32, 0), luma_tc(32, 1, 0)},
                                         true, 1, true, true};
        InterCodingView first_gpu, first_cpu, next_gpu, next_cpu;
        int first_ticket = -1, next_ticket = -1;
        ASSERT_TRUE(gpu->launch_inter_picture(1, sources[1], 0, vector_sets[1], parameters, first_gpu, first_ticket));
        ASSERT_TRUE(gpu->keep_reconstruction(10));
        ASSERT_TRUE(gpu->launch_inter_picture(2, sources[2], 10, vector_sets[1], parameters, next_gpu, next_ticket));
        EXPECT_NE(first_ticket, next_ticket);
        bool first_collected = false;
        std::thread rows([&] { first_collected = gpu->collect_inter_picture(first_ticket); });
        rows.join();
        ASSERT_TRUE(first_collected);
        ASSERT_TRUE(gpu->collect_inter_picture(next_ticket));
        ASSERT_TRUE(cpu->code_inter_picture(1, sources[1], 0, vector_sets[1], parameters, first_cpu));
        ASSERT_TRUE(cpu->keep_reconstruction(10));
        ASSERT_TRUE(cpu->code_inter_picture(2, sources[2], 10, vector_sets[1], parameters, next_cpu));
        expect_same_coding(first_gpu, first_cpu, size, "launched, the next one launched before it was collected");
        expect_same_coding(next_gpu, next_cpu, size, "launched against the kept reconstruction of one in flight");
        if (HasFatalFailure()) return;
        EXPECT_FALSE(gpu->collect_inter_picture(2));
        EXPECT_FALSE(gpu->collect_inter_picture(-1));
    }
    // Refusals: wrong vector count, a reconstruction slot never uploaded or out of range.
    InterCodingView view;
    std::vector<Mv> wrong(blocks + 1);
    EXPECT_FALSE(gpu->code_inter_picture(1, sources[1], 0, wrong, InterCodingParameters{}, view));
    EXPECT_FALSE(gpu->code_inter_picture(1, sources[1], 3, vector_sets[0], InterCodingParameters{}, view));
    EXPECT_FALSE(gpu->code_inter_picture(1, sources[1], kMaxReconstructionSlots, vector_sets[0],
                                         InterCodingParameters{}, view));
    EXPECT_FALSE(gpu->upload_reconstruction(kMaxReconstructionSlots, reconstructions[1]));
    // Still working after the refusals.
    EXPECT_TRUE(gpu->code_inter_picture(1, sources[1], 0, vector_sets[0], InterCodingParameters{}, view));
#endif
}

constexpr FrameSize kCodingSizes[] = {{16, 16}, {72, 40}, {200, 120}, {328, 200}, {1920, 1080}};

INSTANTIATE_TEST_SUITE_P(gpu, CudaInterCodingTest,
                         testing::Combine(testing::ValuesIn(kCodingSizes), testing::Bool()),
                         [](const testing::TestParamInfo<std::tuple<FrameSize, bool>>& tested) {
                             const FrameSize size = std::get<0>(tested.param);
                             return std::to_string(size.width) + "x" + std::to_string(size.height) +
                                    (std::get<1>(tested.param) ? "_registered" : "_staged");
                         });

// The kernel's time at 4K (printed), with the results still equal to the CPU mirror's, while
// a motion search of the next frame is pending on the search stream.
TEST(CudaInterCoding, TimesA4kPicture) {
#if !defined(TCENC_HAVE_CUDA)
    GTEST_SKIP() << "no CUDA device (built without TCENC_CUDA)";
#else
    if (CudaMotionAccelerator::device_count() == 0) GTEST_SKIP() << "no CUDA device";
    const FrameSize size{3840, 2160};
    std::vector<Picture> pictures(3);
    auto gpu = CudaMotionAccelerator::create(0, size.width, size.height, 3);
    auto cpu = CpuMotionAccelerator::create(size.width, size.height, 3);
    ASSERT_NE(gpu, nullptr);
    ASSERT_NE(cpu, nullptr);
    for (int i = 0; i < 3; i++) {
        Picture& picture = pictures[static_cast<size_t>(i)];
        ASSERT_TRUE(picture.allocate(size.width, size.height, 32));
        for (const Plane& plane : picture.planes) ASSERT_TRUE(gpu->register_host_plane(plane));
        accel_test::fill_moving_picture(picture, i, 4);
        for (MotionAccelerator* backend : {static_cast<MotionAccelerator*>(cpu.get()),
                                           static_cast<MotionAccelerator*>(gpu.get())}) {
            ASSERT_TRUE(backend->upload_frame(i, picture.planes[0]));
            ASSERT_TRUE(backend->build_pyramid(i));
        }
    }
    ASSERT_TRUE(gpu->upload_reconstruction(0, pictures[0]));
    ASSERT_TRUE(cpu->upload_reconstruction(0, pictures[0]));
    const size_t blocks = static_cast<size_t>(block_search_columns(size.width)) * block_search_rows(size.height);
    const size_t ctus = static_cast<size_t>(gpu->geometry().ctu_columns()) * gpu->geometry().ctu_rows();
    std::vector<Mv> coarse(ctus), vectors(blocks);
    ASSERT_TRUE(gpu->motion_field(1, 0, 64, BlockSearchParameters{300, 64}, coarse, vectors));
    InterCodingView on_gpu, on_cpu;
    for (const auto& [qp, deblocked, sao] : {std::tuple{22, false, false}, std::tuple{32, false, false},
                                              std::tuple{32, true, false}, std::tuple{32, true, true},
                                              std::tuple{42, true, true}}) {
        InterCodingParameters parameters{qp, qp - 1, int64_t{1} << (qp / 3 + 4), 1 << (qp / 6 + 4)};
        parameters.deblocking = InterDeblocking{deblocked, luma_beta(qp, 0), luma_tc(qp, 1, 0)};
        parameters.sao_statistics = deblocked;
        parameters.sao = sao;
        ASSERT_TRUE(gpu->launch_motion_field(2, 1, 64, BlockSearchParameters{300, 64}, true));
        for (int run = 0; run < 5; run++) {
            ASSERT_TRUE(gpu->code_inter_picture(1, pictures[1], 0, vectors, parameters, on_gpu));
            const CudaMotionAccelerator::StageTimes times = gpu->last_stage_times();
            std::printf("4K inter coding qp %d%s%s: kernels %.3f ms, results to the host %.3f ms\n", qp,
                        deblocked ? " deblocked" : "", sao ? " sao" : "", times.inter_coding_ms,
                        times.inter_download_ms);
        }
        ASSERT_TRUE(gpu->collect_motion_field(coarse, {}));
        ASSERT_TRUE(cpu->code_inter_picture(1, pictures[1], 0, vectors, parameters, on_cpu));
        expect_same_coding(on_gpu, on_cpu, size, "4K");
    }
#endif
}

}  // namespace
}  // namespace tc
