// The accelerated block search (accel/block_search.h): the CPU mirror's separable prediction
// equals the per-sample one the kernel uses, and the kernel's other own steps the project's; the search finds known whole- and quarter-sample
// shifts, keeps its vectors within the margin, and the mirror backend serves the same vectors;
// the analysis's choice among ready vectors (choose_motion) takes the cheapest allowed one and
// refines it by the finest step.
#include "accel/block_search.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <vector>

#include "accel/cpu_motion_accelerator.h"
#include "accel_test_frames.h"
#include "kernels/kernel_dispatch.h"
#include "motion/motion_search.h"
#include "picture/plane_border.h"
#include "predict/inter_interpolation.h"

namespace tc {
namespace {

TEST(BlockSearch, SeparablePredictionEqualsPerSample) {
    std::mt19937 random(11);
    std::uniform_int_distribution<int> sample(0, 255);
    std::vector<uint8_t> window(kBlockWindowSide * kBlockWindowSide);
    for (int trial = 0; trial < 3; trial++) {
        // Random samples, then extremes that saturate the filters.
        for (size_t i = 0; i < window.size(); i++) {
            window[i] = trial < 2 ? static_cast<uint8_t>(sample(random)) : ((i + i / kBlockWindowSide) % 2 ? 255 : 0);
        }
        const int reach = 4 * kBlockSearchRadius + 3;
        for (int qy = -reach; qy <= reach; qy++) {
            for (int qx = -reach; qx <= reach; qx++) {
                uint8_t prediction[kBlockSearchSize * kBlockSearchSize];
                predict_block_separably(window.data(), qx, qy, prediction);
                for (int y = 0; y < kBlockSearchSize; y++) {
                    for (int x = 0; x < kBlockSearchSize; x++) {
                        ASSERT_EQ(prediction[y * kBlockSearchSize + x],
                                  block_predicted_sample(window.data(), qx, qy, x, y))
                            << "offset " << qx << "," << qy << " at " << x << "," << y;
                    }
                }
            }
        }
    }
}

// The steps the device code needs its own copies of (no host tables or functions there) give
// what the project's definitions give: the luma filter taps, the mvd bit count, the margin
// test and the SATD (the scalar kernel's sum of 8x8 Hadamard transforms).
TEST(BlockSearch, DeviceStepsEqualTheProjectsDefinitions) {
    for (int fraction = 0; fraction < 4; fraction++) {
        int taps[8];
        block_luma_taps(fraction, taps);
        for (int k = 0; k < 8; k++) EXPECT_EQ(taps[k], kLumaFilter[fraction][k]) << fraction << "," << k;
    }
    for (int difference = -5000; difference <= 5000; difference++) {
        ASSERT_EQ(block_mvd_bits(difference), mvd_component_bits(difference)) << difference;
    }
    std::mt19937 random(5);
    std::uniform_int_distribution<int> vector(-700, 700), position(0, 15), margin(0, 80);
    for (int trial = 0; trial < 20000; trial++) {
        BlockSearchSite site;
        site.width = 200;
        site.height = 136;
        site.x = 16 * (position(random) % 13);
        site.y = 16 * (position(random) % 9);
        site.block_width = std::min(16, site.width - site.x);
        site.block_height = std::min(16, site.height - site.y);
        const Mv mv{static_cast<int16_t>(vector(random)), static_cast<int16_t>(vector(random))};
        const int m = margin(random);
        ASSERT_EQ(block_vector_allowed(site, mv.x, mv.y, m),
                  vector_within_margin(mv, site.x, site.y, site.block_width, site.block_height, site.width,
                                       site.height, m));
    }
    PixelKernels kernels{};
    init_pixel_kernels(kernels, CpuLevel::kNone);
    std::uniform_int_distribution<int> sample(0, 255);
    for (int trial = 0; trial < 200; trial++) {
        uint8_t source[kBlockSearchSize * kBlockSearchSize], prediction[kBlockSearchSize * kBlockSearchSize];
        for (int i = 0; i < kBlockSearchSize * kBlockSearchSize; i++) {
            source[i] = static_cast<uint8_t>(trial % 3 == 0 ? (i % 2 ? 255 : 0) : sample(random));
            prediction[i] = static_cast<uint8_t>(trial % 3 == 0 ? (i % 2 ? 0 : 255) : sample(random));
        }
        for (int size : {8, 16}) {
            uint32_t tiles = 0;
            for (int tile_y = 0; tile_y < size / 8; tile_y++) {
                for (int tile_x = 0; tile_x < size / 8; tile_x++) tiles += block_tile_satd(source, prediction, tile_x, tile_y);
            }
            EXPECT_EQ(tiles, kernels.satd(source, kBlockSearchSize, prediction, kBlockSearchSize, size, size))
                << "trial " << trial << " size " << size;
        }
    }
}

// A textured reference with a border, and a source that is its uni-prediction at `shift`.
struct ShiftedPair {
    Plane reference, source;
};

void make_shifted_pair(ShiftedPair& pair, int width, int height, Mv shift, const PixelKernels& kernels) {
    ASSERT_TRUE(pair.reference.allocate(width, height, 80));
    ASSERT_TRUE(pair.source.allocate(width, height, 80));
    accel_test::fill_moving_frame(pair.reference, 0, 9);
    extend_plane_borders(pair.reference, 80);
    for (int y = 0; y < height; y += 8) {
        for (int x = 0; x < width; x += 8) {
            interpolate_luma_uni(kernels, pair.reference, x, y, 8, 8, shift.x, shift.y, pair.source.at(x, y),
                                 pair.source.stride());
        }
    }
}

std::vector<uint8_t> packed(const Plane& plane) {
    std::vector<uint8_t> samples(static_cast<size_t>(plane.width()) * plane.height());
    for (int y = 0; y < plane.height(); y++) {
        std::copy(plane.row(y), plane.row(y) + plane.width(), samples.begin() + static_cast<long>(y) * plane.width());
    }
    return samples;
}

TEST(BlockSearch, FindsKnownWholeAndQuarterSampleShifts) {
    PixelKernels kernels{};
    init_pixel_kernels(kernels, CpuLevel::kNone);
    const int width = 200, height = 136;  // partial CTUs, 8-wide blocks at the right and bottom edge
    for (Mv shift : {Mv{20, -12}, Mv{22, -9}, Mv{-7, 5}}) {
        ShiftedPair pair;
        make_shifted_pair(pair, width, height, shift, kernels);
        const std::vector<uint8_t> source = packed(pair.source), reference = packed(pair.reference);
        const int columns = block_search_columns(width), rows = block_search_rows(height);
        std::vector<Mv> coarse(static_cast<size_t>((width + 63) / 64) * ((height + 63) / 64), Mv{});
        std::vector<Mv> vectors(static_cast<size_t>(columns) * rows);
        ASSERT_TRUE(search_block_vectors(source.data(), reference.data(), width, height, coarse,
                                         BlockSearchParameters{16, 72}, vectors));
        int found = 0, interior = 0;
        for (int row = 1; row + 1 < rows; row++) {
            for (int column = 1; column + 1 < columns; column++) {
                interior++;
                found += vectors[static_cast<size_t>(row) * columns + column] == shift ? 1 : 0;
            }
        }
        // The flat bands of the test frame predict equally well from anywhere.
        EXPECT_GE(found * 10, interior * 7) << "shift " << shift.x << "," << shift.y << ": " << found << " of "
                                            << interior;
        // A wrong size is refused.
        std::vector<Mv> short_output(vectors.size() - 1);
        EXPECT_FALSE(search_block_vectors(source.data(), reference.data(), width, height, coarse,
                                          BlockSearchParameters{}, short_output));
    }
}

TEST(BlockSearch, VectorsStayWithinTheMargin) {
    PixelKernels kernels{};
    init_pixel_kernels(kernels, CpuLevel::kNone);
    const int width = 136, height = 72;
    ShiftedPair pair;
    make_shifted_pair(pair, width, height, Mv{-60, 44}, kernels);
    const std::vector<uint8_t> source = packed(pair.source), reference = packed(pair.reference);
    // Coarse vectors that point far outside: the start candidates there are not allowed.
    std::vector<Mv> coarse(static_cast<size_t>(3 * 2), Mv{-4000, 3000});
    const int columns = block_search_columns(width), rows = block_search_rows(height);
    std::vector<Mv> vectors(static_cast<size_t>(columns) * rows);
    for (int margin : {0, 8, 72}) {
        ASSERT_TRUE(search_block_vectors(source.data(), reference.data(), width, height, coarse,
                                         BlockSearchParameters{256, margin}, vectors));
        for (int row = 0; row < rows; row++) {
            for (int column = 0; column < columns; column++) {
                const Mv v = vectors[static_cast<size_t>(row) * columns + column];
                const int x = column * kBlockSearchSize, y = row * kBlockSearchSize;
                EXPECT_TRUE(vector_within_margin(v, x, y, std::min(16, width - x), std::min(16, height - y), width,
                                                 height, margin))
                    << "block " << column << "," << row << " margin " << margin;
            }
        }
    }
}

TEST(BlockSearch, MirrorBackendServesTheSameVectors) {
    PixelKernels kernels{};
    init_pixel_kernels(kernels, CpuLevel::kNone);
    const int width = 328, height = 200;
    std::vector<Plane> frames(2);
    auto mirror = CpuMotionAccelerator::create(width, height, 2);
    ASSERT_NE(mirror, nullptr);
    for (int i = 0; i < 2; i++) {
        ASSERT_TRUE(frames[static_cast<size_t>(i)].allocate(width, height, 16));
        accel_test::fill_moving_frame(frames[static_cast<size_t>(i)], i, 4);
        ASSERT_TRUE(mirror->upload_frame(i, frames[static_cast<size_t>(i)]));
        ASSERT_TRUE(mirror->build_pyramid(i));
    }
    const size_t ctus = static_cast<size_t>(mirror->geometry().ctu_columns()) * mirror->geometry().ctu_rows();
    const size_t blocks = static_cast<size_t>(block_search_columns(width)) * block_search_rows(height);
    std::vector<Mv> coarse(ctus), from_backend(blocks), expected(blocks);
    const BlockSearchParameters parameters{300, 72};
    ASSERT_TRUE(mirror->motion_field(1, 0, 64, parameters, coarse, from_backend));
    const std::vector<uint8_t> source = packed(frames[1]), reference = packed(frames[0]);
    ASSERT_TRUE(search_block_vectors(source.data(), reference.data(), width, height, coarse, parameters, expected));
    EXPECT_EQ(from_backend, expected);
    std::vector<Mv> wrong(blocks + 1);
    EXPECT_FALSE(mirror->motion_field(1, 0, 64, parameters, coarse, wrong));
}

TEST(ChooseMotion, TakesTheCheapestAllowedCandidate) {
    PixelKernels kernels{};
    init_pixel_kernels(kernels, CpuLevel::kNone);
    ShiftedPair pair;
    const Mv shift{22, -9};
    make_shifted_pair(pair, 136, 72, shift, kernels);
    MotionSearchInput input;
    input.source = &pair.source;
    input.reference = &pair.reference;
    input.x = 48;
    input.y = 24;
    input.width = 16;
    input.height = 16;
    input.predictors = {Mv{}, Mv{4, 4}};
    input.sqrt_lambda = 4;
    input.margin = 72;
    const Mv outside{-4000, 0};
    const Mv candidates[] = {Mv{}, outside, shift, Mv{21, -9}};
    input.candidates = candidates;
    const MotionSearchResult chosen = choose_motion(input, kernels);
    EXPECT_EQ(chosen.mv, shift);
    EXPECT_DOUBLE_EQ(chosen.cost, 4.0 * (11 + 9));  // SATD 0 and the mvd bits of (22, -9) against (0, 0)
    // A quarter sample off: the refinement's step finds the shift; without it the candidate stays.
    const Mv near_shift{21, -9};
    input.candidates = std::span<const Mv>(&near_shift, 1);
    EXPECT_EQ(choose_motion(input, kernels).mv, shift);
    input.subpel_steps = 0;
    EXPECT_EQ(choose_motion(input, kernels).mv, near_shift);
    // Only a candidate outside the margin: the zero vector.
    input.candidates = std::span<const Mv>(&outside, 1);
    EXPECT_EQ(choose_motion(input, kernels).mv, Mv{});
}

}  // namespace
}  // namespace tc
