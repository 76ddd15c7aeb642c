// The steps of the intra CUs in the accelerated P-picture coding (accel/intra_coding_steps.h),
// each against the project's own implementation of the same clause (predict/, transform/,
// filter/), which the CPU path uses and the conformance tests check: availability and z-scan
// addresses, the reference line (gathering, substitution, filter), every mode's prediction, the
// intra quantiser and its rounding error, and the chroma deblocking filter.
#include "accel/intra_coding_steps.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <vector>

#include "accel/inter_deblocking_steps.h"
#include "accel_test_frames.h"
#include "common/slice_rows.h"
#include "filter/deblocking_edge_filters.h"
#include "predict/intra_predict.h"
#include "predict/intra_references.h"
#include "predict/zscan_availability.h"
#include "transform/quantize.h"

namespace tc {
namespace {

struct PictureSize {
    int width, height;
};

TEST(IntraCodingSteps, AvailabilityIsTheZscanRule) {
    for (const PictureSize size :
         {PictureSize{200, 120}, PictureSize{328, 200}, PictureSize{64, 264}}) {
        const int ctu_rows = (size.height + kCtuSize - 1) / kCtuSize;
        for (int slices = 1; slices <= 3; slices++) {
            const ZscanAvailability availability(size.width, size.height, kLog2CtuSize,
                                                 SliceRows(ctu_rows, slices));
            for (int y = 0; y < size.height; y += 4) {
                for (int x = 0; x < size.width; x += 4) {
                    ASSERT_EQ(intra_zscan_address(size.width, x, y),
                              availability.min_tb_address_zs(x, y));
                }
            }
            // Every 8x8 block's neighbours up to a block's width away, and beyond the picture.
            for (int y = 0; y < size.height; y += 8) {
                for (int x = 0; x < size.width; x += 8) {
                    for (int dy = -9; dy <= 17; dy += 2) {
                        for (int dx = -9; dx <= 17; dx += 2) {
                            ASSERT_EQ(intra_neighbour_available(size.width, size.height, slices, x,
                                                                y, x + dx, y + dy),
                                      availability.available(x, y, x + dx, y + dy))
                                << x << "," << y << " + " << dx << "," << dy << " slices "
                                << slices;
                        }
                    }
                }
            }
        }
    }
}

using accel_test::random_run_plane;

// Every 16x16 luma block and its 8x8 chroma blocks of random planes, with slices: the line as
// gather_intra_references gives it, filtered as filter_intra_references does, and every mode's
// prediction as predict_intra.
TEST(IntraCodingSteps, LineAndPredictionEqualTheProjectsIntraPrediction) {
    const int width = 200, height = 136;
    std::mt19937 random(3);
    const int ctu_rows = (height + kCtuSize - 1) / kCtuSize;
    int compared = 0;
    for (int slices = 1; slices <= 2; slices++) {
        const ZscanAvailability availability(width, height, kLog2CtuSize,
                                             SliceRows(ctu_rows, slices));
        for (int c = 0; c < 3; c++) {
            const int shift = c == 0 ? 0 : 1, n = kIntraCuSize >> shift,
                      log2_size = kIntraCuLog2 - shift;
            const int plane_width = width >> shift, plane_height = height >> shift;
            const std::vector<uint8_t> plane = random_run_plane(plane_width, plane_height, random);
            for (int y0 = 0; y0 + n <= plane_height; y0 += n) {
                for (int x0 = 0; x0 + n <= plane_width; x0 += n) {
                    IntraReferences expected;
                    gather_intra_references(plane.data(), plane_width, plane_width, plane_height,
                                            x0, y0, n, shift, availability, expected);
                    uint8_t line[kIntraLumaLine];
                    gather_intra_line(plane.data(), plane_width, width, height, slices, shift, x0,
                                      y0, n, line);
                    for (int i = 0; i < 4 * n + 1; i++)
                        ASSERT_EQ(line[i], expected.samples[i]) << "entry " << i;
                    for (int mode = 0; mode < 35; mode++) {
                        const uint8_t* used = line;
                        IntraReferences filtered_expected = expected;
                        uint8_t filtered[kIntraLumaLine];
                        const bool filter = c == 0 && intra_line_filtered(log2_size, mode);
                        ASSERT_EQ(filter, c == 0 && intra_filter_applies(log2_size, mode))
                            << "mode " << mode;
                        if (filter) {
                            filter_intra_references(expected, log2_size, false, filtered_expected);
                            for (int i = 0; i < 4 * n + 1; i++) {
                                filtered[i] = filtered_intra_line_sample(line, n, i);
                                ASSERT_EQ(filtered[i], filtered_expected.samples[i])
                                    << "filtered entry " << i;
                            }
                            used = filtered;
                        }
                        uint8_t prediction[16 * 16];
                        predict_intra(filtered_expected, log2_size, mode, c == 0, prediction, 16);
                        const int dc = intra_dc_value(used, log2_size);
                        for (int y = 0; y < n; y++) {
                            for (int x = 0; x < n; x++) {
                                ASSERT_EQ(
                                    intra_predicted_sample(used, log2_size, mode, c == 0, dc, x, y),
                                    prediction[y * 16 + x])
                                    << "component " << c << " block " << x0 << "," << y0 << " mode "
                                    << mode << " sample " << x << "," << y;
                            }
                        }
                        compared++;
                    }
                }
            }
        }
    }
    EXPECT_GT(compared, 1000);
}

TEST(IntraCodingSteps, QuantiserAndRoundingErrorAreTheIntraQuantisers) {
    std::mt19937 random(11);
    std::uniform_int_distribution<int32_t> coefficient(-40000, 40000), small(-300, 300);
    for (const int log2_size : {3, 4}) {
        const int count = 1 << (2 * log2_size);
        for (int qp = 0; qp <= 51; qp += 3) {
            std::vector<int32_t> coefficients(static_cast<size_t>(count)),
                levels(coefficients.size()), errors(coefficients.size());
            for (size_t i = 0; i < coefficients.size(); i++) {
                coefficients[i] = i % 2 == 0 ? small(random) : coefficient(random);
            }
            quantize(coefficients.data(), levels.data(), errors.data(), log2_size, qp, true);
            const int64_t scale = quant_scale(qp % 6);
            for (size_t i = 0; i < coefficients.size(); i++) {
                ASSERT_EQ(quantize_intra_coefficient(coefficients[i], log2_size, qp), levels[i]);
                ASSERT_EQ(intra_rounding_error(coefficients[i], log2_size, qp, scale), errors[i]);
            }
        }
    }
}

TEST(IntraCodingSteps, ChromaDeblockingIsTheProjectsChromaFilter) {
    std::mt19937 random(21);
    std::uniform_int_distribution<int> value(0, 255), tc(0, 24);
    for (int trial = 0; trial < 2000; trial++) {
        uint8_t expected[4 * 8], got[4 * 8];
        for (int i = 0; i < 32; i++) expected[i] = got[i] = static_cast<uint8_t>(value(random));
        const int t = tc(random);
        // Four lines of 8 across a vertical edge between columns 3 and 4.
        filter_chroma_edge_segment(expected + 4, 1, 8, 4, t);
        deblock_chroma_lines(got + 4, 1, 8, t);
        for (int i = 0; i < 32; i++)
            ASSERT_EQ(got[i], expected[i]) << "trial " << trial << " sample " << i;
    }
}

TEST(IntraCodingSteps, WavesOrderEveryCandidateAfterTheCandidatesItReads) {
    const int width = 256, height = 192;
    const int columns = block_search_columns(width), rows = block_search_rows(height);
    std::mt19937 random(8);
    std::bernoulli_distribution candidate(0.6);
    std::vector<uint8_t> modes(static_cast<size_t>(columns) * rows), waves(modes.size(), 0);
    for (uint8_t& mode : modes) mode = candidate(random) ? 2 : 0;
    const int wave_count = 6;
    for (int wave = 1; wave <= wave_count; wave++) {
        // All blocks at once: decided from the waves as the pass found them.
        const std::vector<uint8_t> before = waves;
        for (int by = 0; by < rows; by++) {
            for (int bx = 0; bx < columns; bx++) {
                if (intra_wave_ready_in(modes.data(), before.data(), columns, kIntraCuLog2, width, height, 1, bx, by,
                                        wave)) {
                    waves[static_cast<size_t>(by) * columns + bx] = static_cast<uint8_t>(wave);
                }
            }
        }
    }
    // In place, as the mirror runs a pass: the same waves.
    std::vector<uint8_t> in_place(modes.size(), 0);
    for (int wave = 1; wave <= wave_count; wave++) {
        for (int by = 0; by < rows; by++) {
            for (int bx = 0; bx < columns; bx++) {
                if (intra_wave_ready_in(modes.data(), in_place.data(), columns, kIntraCuLog2, width, height, 1, bx,
                                        by, wave)) {
                    in_place[static_cast<size_t>(by) * columns + bx] = static_cast<uint8_t>(wave);
                }
            }
        }
    }
    EXPECT_EQ(in_place, waves);
    int assigned = 0, first_wave = 0;
    for (int by = 0; by < rows; by++) {
        for (int bx = 0; bx < columns; bx++) {
            const uint8_t w = waves[static_cast<size_t>(by) * columns + bx];
            if (w == 0) continue;
            ASSERT_NE(modes[static_cast<size_t>(by) * columns + bx], 0);
            assigned++;
            first_wave += w == 1;
            // Every neighbour the prediction reads that is a candidate is in an earlier wave.
            for (int dy = -1; dy <= 1; dy++) {
                for (int dx = -1; dx <= 1; dx++) {
                    const int nx = bx + dx, ny = by + dy;
                    if ((dx == 0 && dy == 0) || nx < 0 || ny < 0 || nx >= columns || ny >= rows)
                        continue;
                    if (!intra_neighbour_available(width, height, 1, 16 * bx, 16 * by, 16 * nx,
                                                   16 * ny))
                        continue;
                    const size_t j = static_cast<size_t>(ny) * columns + nx;
                    if (modes[j] == 0) continue;
                    ASSERT_NE(waves[j], 0) << bx << "," << by << " reads an unassigned candidate";
                    ASSERT_LT(waves[j], w) << bx << "," << by;
                }
            }
        }
    }
    EXPECT_GT(first_wave, 0);
    EXPECT_GT(assigned, first_wave);
}

}  // namespace
}  // namespace tc
