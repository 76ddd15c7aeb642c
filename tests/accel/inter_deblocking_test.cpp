// The deblocking of accelerator-coded P pictures (accel/inter_deblocking_steps.h): the closed
// form of the slices' first rows equals SliceRows, and on random pictures and random codings
// (laid out by the coding's own CU rule, some with 16x16 intra CUs) the CPU mirror filters every
// luma and chroma sample as the project's deblocking filter (filter/deblocking.h, itself checked
// against the spec's equations) does from the equivalent map, with slices, at every QP that
// filters.
#include "accel/inter_deblocking_steps.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

#include "accel/inter_coding_steps.h"
#include "accel_test_frames.h"
#include "common/slice_rows.h"
#include "filter/deblocking.h"
#include "filter/deblocking_tables.h"

namespace tc {
namespace {

TEST(SliceLayoutSteps, EqualSliceRows) {
    for (int ctu_rows = 1; ctu_rows <= 70; ctu_rows++) {
        for (int slices = 0; slices <= ctu_rows + 2; slices++) {
            const SliceRows layout(ctu_rows, slices);
            for (int row = 0; row < ctu_rows; row++) {
                const SliceSpan span = slice_span_of_row(ctu_rows, slices, row);
                const int slice = layout.slice_of(row);
                ASSERT_EQ(span.first_row, layout.first_row(slice)) << ctu_rows << " rows, " << slices << " slices, row " << row;
                ASSERT_EQ(span.end_row, layout.end_row(slice)) << ctu_rows << " rows, " << slices << " slices, row " << row;
                ASSERT_EQ(ctu_row_starts_slice(ctu_rows, slices, row), layout.starts_slice(row));
            }
        }
    }
}

// A coding of a width x height picture as the accelerator lays it out (inter_cu_of_unit over
// random block vectors, some shared by whole 32x32 areas), each CU with random cbf bits; with
// `intra`, a third of the 16x16 CUs intra (accel/intra_coding_steps.h).
std::vector<InterCodedUnit> random_units(int width, int height, uint32_t seed, bool intra = false) {
    std::mt19937 random(seed);
    // Small vectors, so that neighbours differ by less than a sample as often as by more.
    const std::vector<Mv> vectors = accel_test::random_block_vectors(width, height, 8, 6, 0.5, seed);
    const int columns = inter_unit_columns(width), rows = inter_unit_rows(height);
    std::vector<InterCodedUnit> units(static_cast<size_t>(columns) * rows);
    std::uniform_int_distribution<int> cbf(0, 7);
    for (int unit_y = 0; unit_y < rows; unit_y++) {
        for (int unit_x = 0; unit_x < columns; unit_x++) {
            const InterCu cu = inter_cu_of_unit(vectors.data(), nullptr, width, height, unit_x, unit_y);
            if (cu.x != unit_x * 8 || cu.y != unit_y * 8) continue;
            InterCodedUnit unit;
            unit.mv = cu.mv;
            unit.cu_log2 = static_cast<uint8_t>(cu.log2_size);
            unit.cbf = static_cast<uint8_t>(cbf(random) < 3 ? cbf(random) : 0);
            if (intra && cu.log2_size == 4 && cbf(random) < 3) {
                unit.intra = static_cast<uint8_t>(1 + cbf(random));
                unit.mv = Mv{};
            }
            const int span = 1 << (cu.log2_size - 3);
            for (int j = 0; j < span; j++) {
                std::fill_n(units.begin() + (unit_y + j) * columns + unit_x, span, unit);
            }
        }
    }
    return units;
}

// The project's map of the same coding: every CU one prediction and transform block at qp, intra
// where the unit says so.
DeblockingMap map_of(const std::vector<InterCodedUnit>& units, int width, int height, int qp) {
    DeblockingMap map;
    map.allocate(width, height);
    const int columns = inter_unit_columns(width);
    for (int y4 = 0; y4 < map.height4(); y4++) {
        for (int x4 = 0; x4 < map.width4(); x4++) {
            const InterCodedUnit& unit = units[static_cast<size_t>(y4 / 2) * columns + x4 / 2];
            const int cu_size = 1 << unit.cu_log2;
            DeblockBlockInfo& block = map.at(x4, y4);
            block.qp = static_cast<uint8_t>(qp);
            block.intra = unit.intra != 0;
            block.nonzero_luma = (unit.cbf & 1) != 0;
            block.transform_edge_left = block.prediction_edge_left = (4 * x4) % cu_size == 0;
            block.transform_edge_top = block.prediction_edge_top = (4 * y4) % cu_size == 0;
            block.ref_id[0] = 0;
            block.mv[0][0] = unit.mv.x;
            block.mv[0][1] = unit.mv.y;
        }
    }
    return map;
}

// Flat blocks of 4..16 samples with steps between them and some noise: every decision of the
// filter (strong, normal with and without p1 / q1, none) occurs somewhere.
void fill_blocky(Plane& plane, std::mt19937& random) {
    std::uniform_int_distribution<int> level(0, 255), noise(-3, 3), size(1, 4), kind(0, 3);
    std::vector<int> column_level(static_cast<size_t>(plane.width()));
    int run = 0, value = 0;
    for (int y = 0; y < plane.height(); y++) {
        if (y % 4 == 0 && kind(random) == 0) {
            for (int& c : column_level) c = level(random);
        }
        run = 0;
        for (int x = 0; x < plane.width(); x++) {
            if (run-- <= 0) {
                run = 4 * size(random);
                value = kind(random) == 0 ? level(random) : column_level[static_cast<size_t>(x)];
            }
            const int n = kind(random) == 0 ? 4 * noise(random) : noise(random);
            plane.row(y)[x] = static_cast<uint8_t>(std::clamp(value + n, 0, 255));
        }
    }
}

struct Size {
    int width, height;
};

class InterDeblockingTest : public testing::TestWithParam<Size> {};

TEST_P(InterDeblockingTest, EqualsTheProjectsDeblockingFilter) {
    const Size size = GetParam();
    const int ctu_rows = (size.height + kCtuSize - 1) / kCtuSize;
    int changed = 0, changed_chroma = 0;
    for (uint32_t seed = 1; seed <= 4; seed++) {
        std::mt19937 random(seed * 77);
        // Intra CUs in every other seed: bS 2, and chroma filtered.
        const bool intra = seed % 2 == 0;
        const std::vector<InterCodedUnit> units = random_units(size.width, size.height, seed, intra);
        Picture original;
        ASSERT_TRUE(original.allocate(size.width, size.height, 8));
        for (Plane& plane : original.planes) fill_blocky(plane, random);
        for (const int qp : {17, 22, 27, 32, 37, 45, 51}) {
            for (const int slices : {1, 2, 3}) {
                InterDeblocking deblocking;
                deblocking.enabled = true;
                deblocking.beta = luma_beta(qp, 0);
                deblocking.tc = luma_tc(qp, 1, 0);
                deblocking.tc_intra = luma_tc(qp, 2, 0);
                deblocking.chroma = true;
                deblocking.chroma_tc = chroma_tc(qp, 0);
                std::vector<uint8_t> mirrored(static_cast<size_t>(size.width) * size.height);
                original.planes[0].copy_to(mirrored.data(), size.width, size.height);
                deblock_inter_picture_on_cpu(mirrored.data(), size.width, size.width, size.height, units.data(),
                                             inter_unit_columns(size.width), deblocking, slices);
                const int chroma_width = size.width / 2, chroma_height = size.height / 2;
                std::vector<uint8_t> mirrored_chroma[2];
                for (int c = 1; c < 3; c++) {
                    mirrored_chroma[c - 1].resize(static_cast<size_t>(chroma_width) * chroma_height);
                    original.planes[c].copy_to(mirrored_chroma[c - 1].data(), chroma_width, chroma_height);
                }
                deblock_inter_chroma_on_cpu(mirrored_chroma[0].data(), mirrored_chroma[1].data(), chroma_width,
                                            size.width, size.height, units.data(), inter_unit_columns(size.width),
                                            deblocking, slices);

                // The project's filter: all vertical edges, then the horizontal ones of each
                // slice without its upper boundary (as the rows' finishing filters them).
                Picture expected;
                ASSERT_TRUE(expected.allocate(size.width, size.height, 8));
                for (int c = 0; c < 3; c++) {
                    for (int y = 0; y < size.height >> (c ? 1 : 0); y++) {
                        std::copy_n(original.planes[c].row(y), expected.planes[c].width(), expected.planes[c].row(y));
                    }
                }
                const DeblockingMap map = map_of(units, size.width, size.height, qp);
                deblock_rows(expected, map, DeblockingParameters{}, EdgeDirection::kVertical, 0, size.height);
                const SliceRows layout(ctu_rows, slices);
                for (int s = 0; s < layout.count(); s++) {
                    const int first = layout.first_row(s) * kCtuSize;
                    const int end = std::min(layout.end_row(s) * kCtuSize, size.height);
                    deblock_rows(expected, map, DeblockingParameters{}, EdgeDirection::kHorizontal,
                                 s > 0 ? first + 8 : first, end);
                }
                for (int y = 0; y < size.height; y++) {
                    for (int x = 0; x < size.width; x++) {
                        const uint8_t got = mirrored[static_cast<size_t>(y) * size.width + x];
                        ASSERT_EQ(got, expected.planes[0].row(y)[x])
                            << "sample " << x << "," << y << " qp " << qp << " slices " << slices << " seed " << seed;
                        changed += got != original.planes[0].row(y)[x];
                    }
                }
                // Chroma: filtered at the intra CUs' edges only (without intra CUs no edge has
                // bS 2, and the project's filter leaves chroma as it is).
                for (int c = 1; c < 3; c++) {
                    for (int y = 0; y < chroma_height; y++) {
                        for (int x = 0; x < chroma_width; x++) {
                            const uint8_t got = mirrored_chroma[c - 1][static_cast<size_t>(y) * chroma_width + x];
                            ASSERT_EQ(got, expected.planes[c].row(y)[x]) << "component " << c << " sample " << x << ","
                                                                         << y << " qp " << qp << " slices " << slices
                                                                         << " seed " << seed;
                            if (intra) {
                                changed_chroma += got != original.planes[c].row(y)[x];
                            } else {
                                ASSERT_EQ(got, original.planes[c].row(y)[x]);
                            }
                        }
                    }
                }
            }
        }
    }
    EXPECT_GT(changed, size.width * size.height / 50) << "too few samples filtered for the test to mean much";
    if (size.width >= 32 && size.height >= 32) {
        EXPECT_GT(changed_chroma, 0) << "no chroma sample filtered: no intra CU's edge tested";
    }
}

INSTANTIATE_TEST_SUITE_P(accel, InterDeblockingTest,
                         testing::Values(Size{24, 24}, Size{72, 40}, Size{200, 120}, Size{328, 200},
                                         Size{640, 272}),
                         [](const testing::TestParamInfo<Size>& tested) {
                             return std::to_string(tested.param.width) + "x" + std::to_string(tested.param.height);
                         });

TEST(InterDeblockingSteps, DisabledOrZeroTcLeavesThePicture) {
    const int width = 200, height = 120;
    std::mt19937 random(5);
    Plane plane;
    ASSERT_TRUE(plane.allocate(width, height, 0));
    fill_blocky(plane, random);
    std::vector<uint8_t> samples(static_cast<size_t>(width) * height), before;
    plane.copy_to(samples.data(), width, height);
    before = samples;
    const std::vector<InterCodedUnit> units = random_units(width, height, 9);
    InterDeblocking deblocking;
    deblocking.beta = luma_beta(37, 0);
    deblocking.tc = luma_tc(37, 1, 0);
    deblock_inter_picture_on_cpu(samples.data(), width, width, height, units.data(), inter_unit_columns(width),
                                 deblocking, 1);
    EXPECT_EQ(samples, before);
    deblocking.enabled = true;
    deblocking.tc = 0;  // QP 17 and below: tC is 0, nothing changes
    deblock_inter_picture_on_cpu(samples.data(), width, width, height, units.data(), inter_unit_columns(width),
                                 deblocking, 1);
    EXPECT_EQ(samples, before);
    deblocking.tc = luma_tc(37, 1, 0);
    deblock_inter_picture_on_cpu(samples.data(), width, width, height, units.data(), inter_unit_columns(width),
                                 deblocking, 1);
    EXPECT_NE(samples, before);
}

}  // namespace
}  // namespace tc
