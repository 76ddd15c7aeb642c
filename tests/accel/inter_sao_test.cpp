// SAO decided and applied by the accelerator (accel/inter_sao_steps.h) and the CPU mirror's
// keeping of a coded reconstruction as a reference (MotionAccelerator::keep_reconstruction).
#include "accel/inter_sao_steps.h"

#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <vector>

#include "accel_test_frames.h"
#include "accel/block_search.h"
#include "accel/cpu_motion_accelerator.h"
#include "filter/sao.h"
#include "filter/sao_estimation.h"
#include "kernels/pixel_kernels.h"

namespace tc {
namespace {

SaoComponentParameters as_component(const InterSaoDecision& d) {
    SaoComponentParameters p;
    widen_sao_decision(d, p);
    return p;
}

InterSaoDecision random_decision(std::mt19937& rng) {
    InterSaoDecision d;
    d.type = static_cast<uint8_t>(rng() % 3);
    d.band_position = static_cast<uint8_t>(rng() % 32);
    d.eo_class = static_cast<uint8_t>(rng() % 4);
    for (int k = 0; k < 4; k++) {
        const int magnitude = static_cast<int>(rng() % 8);
        // Edge offsets carry the signs of their categories; band offsets either.
        const int sign = d.type == 2 ? (k < 2 ? 1 : -1) : (rng() % 2 != 0 ? 1 : -1);
        d.offsets[k] = static_cast<int8_t>(sign * magnitude);
    }
    return d;
}

// Every sample as the CPU path's apply_sao_block gives it (the spec's 8.7.3), for random
// parameters of every type and class on random samples, including the extremes (clipping) and
// the picture's edges (edge offsets leave samples with a neighbour outside alone).
TEST(InterSao, SamplesEqualTheCpuPathsSao) {
    PixelKernels kernels{};
    init_scalar_pixel_kernels(kernels);
    std::mt19937 rng(7);
    for (const auto& [width, height] : {std::pair{64, 64}, std::pair{40, 24}, std::pair{8, 8}}) {
        Plane input, output;
        ASSERT_TRUE(input.allocate(width, height, 0));
        ASSERT_TRUE(output.allocate(width, height, 0));
        std::vector<uint8_t> packed(static_cast<size_t>(width) * height);
        for (int round = 0; round < 300; round++) {
            const int extreme = round % 3;  // 0: any value; 1: near 0; 2: near 255
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int v = static_cast<int>(rng() % 256);
                    if (extreme == 1) v %= 12;
                    if (extreme == 2) v = 255 - v % 12;
                    input.row(y)[x] = static_cast<uint8_t>(v);
                    packed[static_cast<size_t>(y) * width + x] = static_cast<uint8_t>(v);
                }
            }
            const InterSaoDecision d = random_decision(rng);
            // apply_sao_block leaves unchanged samples as they are in its output (the picture).
            for (int y = 0; y < height; y++) std::memcpy(output.row(y), input.row(y), static_cast<size_t>(width));
            apply_sao_block(kernels, output, input, as_component(d), 0, 0, width, height);
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    ASSERT_EQ(inter_sao_sample(packed.data(), width, width, height, x, y, d), output.row(y)[x])
                        << width << "x" << height << " type " << int{d.type} << " class " << int{d.eo_class}
                        << " at " << x << "," << y;
                }
            }
        }
    }
}

// The decision against the samples it is applied to: with lambda 0 SAO never adds to the
// squared error, and it removes a bias that it can see; with a huge lambda nothing is applied.
TEST(InterSao, DecisionsLowerTheErrorTheyMeasure) {
    PixelKernels kernels{};
    init_scalar_pixel_kernels(kernels);
    std::mt19937 rng(11);
    const int size = 64;
    std::vector<uint8_t> source(size * size), deblocked(size * size);
    for (int round = 0; round < 60; round++) {
        // Every other round deblocked = source + 3, all in four bands (96..127): a band offset of
        // -3 takes the whole error away.
        const int bias = round % 2 == 0 ? 3 : 0;
        for (size_t i = 0; i < source.size(); i++) {
            source[i] = static_cast<uint8_t>(bias != 0 ? 96 + rng() % 29 : 40 + rng() % 160);
            deblocked[i] = static_cast<uint8_t>(bias != 0 ? source[i] + bias : 40 + rng() % 160);
        }
        const InterSaoStatistics stats =
            narrow_sao_statistics(collect_sao_statistics(kernels, source.data(), size, deblocked.data(), size, size,
                                                         size, 0, 0, size, 0, size));
        const InterSaoStatistics three[3] = {stats, stats, stats};
        InterSaoDecision decided[3];
        decide_inter_sao(three, 0, decided);
        for (int c = 0; c < 3; c++) {
            int64_t before = 0, after = 0;
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    const int s = source[static_cast<size_t>(y * size + x)];
                    const int d = deblocked[static_cast<size_t>(y * size + x)];
                    const int o = inter_sao_sample(deblocked.data(), size, size, size, x, y, decided[c]);
                    before += (s - d) * (s - d);
                    after += (s - o) * (s - o);
                }
            }
            EXPECT_LE(after, before) << "round " << round << " component " << c;
            if (bias != 0) {
                EXPECT_LT(after, before / 2) << "a +3 bias is there to remove, round " << round;
            }
        }
        decide_inter_sao(three, int64_t{1} << 40, decided);
        for (const InterSaoDecision& d : decided) EXPECT_EQ(d.type, 0);
    }
}

// Merges: a CTB whose statistics equal its left neighbour's takes its parameters (one flag
// instead of them); one where the left's would add to the error keeps its own; the first
// column never merges; a merged CTB carries the effective parameters.
TEST(InterSao, MergesWithTheLeftWhereItPays) {
    InterSaoStatistics biased{};  // 100 samples in band 12, each 3 too bright (difference -3)
    biased.band_count[12] = 100;
    biased.band_sum[12] = -300;
    InterSaoStatistics opposite = biased;  // the same samples 3 too dark
    opposite.band_sum[12] = 300;
    const int64_t lambda_q8 = 256 * 20;
    // Row of 4 CTBs: biased, biased, opposite, opposite (luma; chroma without samples).
    std::vector<InterSaoStatistics> statistics(12);
    for (int x = 0; x < 4; x++) statistics[static_cast<size_t>(3 * x)] = x < 2 ? biased : opposite;
    std::vector<InterSaoDecision> decisions(12);
    for (int x = 0; x < 4; x++) decide_inter_sao(statistics.data() + 3 * x, lambda_q8, decisions.data() + 3 * x);
    EXPECT_EQ(decisions[0].type, 1);
    EXPECT_EQ(decisions[0].offsets[12 - decisions[0].band_position], -3);
    merge_inter_sao_row(statistics.data(), decisions.data(), 4, false, lambda_q8);
    EXPECT_EQ(decisions[0].merge_left, 0);
    EXPECT_EQ(decisions[3].merge_left, 1);
    EXPECT_EQ(std::memcmp(decisions[3].offsets, decisions[0].offsets, 4), 0);
    EXPECT_EQ(decisions[6].merge_left, 0) << "the left's offsets would double the error";
    EXPECT_EQ(decisions[6].offsets[12 - decisions[6].band_position], 3);
    EXPECT_EQ(decisions[9].merge_left, 1);
    EXPECT_EQ(decisions[9].offsets[12 - decisions[9].band_position], 3);
    for (int c = 1; c < 3; c++) EXPECT_EQ(decisions[static_cast<size_t>(3 + c)].merge_left, 1);
}

Picture picture_of(const InterCodingView& view, int width, int height) {
    Picture picture;
    EXPECT_TRUE(picture.allocate(width, height, 0));
    for (int c = 0; c < 3; c++) {
        const int w = c == 0 ? width : width / 2, h = c == 0 ? height : height / 2;
        for (int y = 0; y < h; y++) std::memcpy(picture.planes[c].row(y), view.reconstruction[c] + y * view.stride[c], w);
    }
    return picture;
}

// The mirror: SAO on the coded picture (decisions handed back, reconstruction changed), a kept
// reconstruction predicts as the same picture uploaded, and a picture's results stay as they
// were while the next picture is coded.
TEST(InterSao, MirrorKeepsWhatItCodedAndTwoResultsAtOnce) {
    const int width = 200, height = 136;
    auto cpu = CpuMotionAccelerator::create(width, height, 3);
    ASSERT_NE(cpu, nullptr);
    std::vector<Picture> sources(3);
    for (int i = 0; i < 3; i++) {
        ASSERT_TRUE(sources[static_cast<size_t>(i)].allocate(width, height, 32));
        accel_test::fill_moving_picture(sources[static_cast<size_t>(i)], i, 5);
        ASSERT_TRUE(cpu->upload_frame(i, sources[static_cast<size_t>(i)].planes[0]));
        ASSERT_TRUE(cpu->build_pyramid(i));
    }
    ASSERT_TRUE(cpu->upload_reconstruction(0, sources[0]));
    const size_t blocks = static_cast<size_t>(block_search_columns(width)) * block_search_rows(height);
    const size_t ctus = static_cast<size_t>(cpu->geometry().ctu_columns()) * cpu->geometry().ctu_rows();
    std::vector<Mv> coarse(ctus), vectors(blocks);
    ASSERT_TRUE(cpu->motion_field(1, 0, 64, BlockSearchParameters{300, 64}, coarse, vectors));
    InterCodingParameters parameters{37, 34, 37400, 3100, InterDeblocking{true, 10, 1}, true, 1};
    parameters.sao = true;
    InterCodingView first, plain;
    InterCodingParameters without = parameters;
    without.sao = false;
    ASSERT_TRUE(cpu->code_inter_picture(1, sources[1], 0, vectors, without, plain));
    const Picture deblocked = picture_of(plain, width, height);
    ASSERT_TRUE(cpu->code_inter_picture(1, sources[1], 0, vectors, parameters, first));
    ASSERT_NE(first.sao_decisions, nullptr);
    EXPECT_EQ(plain.sao_decisions, nullptr);
    // The decisions are those of the statistics (each CTB's own, then the merges row by row),
    // applied to the deblocked picture.
    std::vector<InterSaoDecision> expected(3 * ctus);
    for (size_t ctu = 0; ctu < ctus; ctu++) {
        decide_inter_sao(first.sao_statistics + 3 * ctu, parameters.lambda_q8, expected.data() + 3 * ctu);
    }
    for (int row = 0; row < cpu->geometry().ctu_rows(); row++) {
        const size_t row_first = 3 * static_cast<size_t>(row) * static_cast<size_t>(cpu->geometry().ctu_columns());
        merge_inter_sao_row(first.sao_statistics + row_first, expected.data() + row_first,
                            cpu->geometry().ctu_columns(), row > 0, parameters.lambda_q8);
    }
    int applied = 0, merged = 0;
    for (size_t i = 0; i < 3 * ctus; i++) {
        EXPECT_EQ(std::memcmp(&expected[i], &first.sao_decisions[i], sizeof(InterSaoDecision)), 0);
        applied += expected[i].type != 0;
        merged += expected[i].merge_left;
    }
    EXPECT_GT(applied, 0);
    EXPECT_GT(merged, 0);
    for (int c = 0; c < 3; c++) {
        const int w = c == 0 ? width : width / 2, h = c == 0 ? height : height / 2;
        const int ctb_log2 = c == 0 ? 6 : 5;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                const size_t ctu = static_cast<size_t>(y >> ctb_log2) * cpu->geometry().ctu_columns() + (x >> ctb_log2);
                ASSERT_EQ(first.reconstruction[c][y * first.stride[c] + x],
                          inter_sao_sample(deblocked.planes[c].data(), deblocked.planes[c].stride(), w, h, x, y,
                                           first.sao_decisions[3 * ctu + c]));
            }
        }
    }
    const Picture first_picture = picture_of(first, width, height);
    ASSERT_TRUE(cpu->keep_reconstruction(5));
    ASSERT_TRUE(cpu->upload_reconstruction(6, first_picture));
    // The next picture against the kept and the uploaded copy: the same results; the first
    // picture's stay as they were through it.
    InterCodingView from_kept, from_uploaded;
    ASSERT_TRUE(cpu->code_inter_picture(2, sources[2], 5, vectors, parameters, from_kept));
    for (int c = 0; c < 3; c++) {
        const int w = c == 0 ? width : width / 2, h = c == 0 ? height : height / 2;
        for (int y = 0; y < h; y++) {
            ASSERT_EQ(std::memcmp(first.reconstruction[c] + y * first.stride[c], first_picture.planes[c].row(y), w), 0);
        }
    }
    const Picture kept_result = picture_of(from_kept, width, height);
    ASSERT_TRUE(cpu->code_inter_picture(2, sources[2], 6, vectors, parameters, from_uploaded));
    for (int c = 0; c < 3; c++) {
        const int w = c == 0 ? width : width / 2, h = c == 0 ? height : height / 2;
        for (int y = 0; y < h; y++) {
            ASSERT_EQ(std::memcmp(from_uploaded.reconstruction[c] + y * from_uploaded.stride[c],
                                  kept_result.planes[c].row(y), w),
                      0);
        }
    }
    // Refusals: SAO without its statistics or with several slices; nothing to keep after one.
    InterCodingParameters no_statistics = parameters;
    no_statistics.sao_statistics = false;
    InterCodingView refused;
    EXPECT_FALSE(cpu->code_inter_picture(2, sources[2], 5, vectors, no_statistics, refused));
    EXPECT_FALSE(cpu->keep_reconstruction(7));
    InterCodingParameters sliced = parameters;
    sliced.slices = 2;
    EXPECT_FALSE(cpu->code_inter_picture(2, sources[2], 5, vectors, sliced, refused));
    EXPECT_TRUE(cpu->code_inter_picture(2, sources[2], 5, vectors, parameters, refused));
    EXPECT_TRUE(cpu->keep_reconstruction(7));
}

}  // namespace
}  // namespace tc
