// The SAO statistics of accelerator-coded pictures: the table-free steps the CUDA kernel uses
// (filter/sao_statistics_region.h) equal filter/sao.h's tables, and the CPU mirror's statistics
// of every CTB (collect_inter_sao_statistics_on_cpu) equal what the rows' finishing counts on
// the same picture (collect_sao_ctu_statistics), with slices, at sizes that cut CTBs.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <vector>

#include "accel/inter_coding.h"
#include "common/slice_rows.h"
#include "filter/sao.h"
#include "filter/sao_estimation.h"
#include "filter/sao_statistics_region.h"
#include "kernels/kernel_dispatch.h"

namespace tc {
namespace {

TEST(SaoStatisticsSteps, NeighboursAndCategoriesEqualTheTables) {
    for (int eo_class = 0; eo_class < 4; eo_class++) {
        for (int k = 0; k < 2; k++) {
            EXPECT_EQ(sao_neighbour_offset(eo_class, k, false), kSaoEdgeNeighbours[eo_class].dx[k]);
            EXPECT_EQ(sao_neighbour_offset(eo_class, k, true), kSaoEdgeNeighbours[eo_class].dy[k]);
        }
    }
    for (int sample = 0; sample < 256; sample += 3) {
        for (int a = 0; a < 256; a += 5) {
            for (int b = 0; b < 256; b += 7) {
                for (int s : {sample, a, b}) {  // also the equal cases
                    ASSERT_EQ(sao_edge_category(s, a, b), kSaoEdgeCategory[sao_raw_edge_index(s, a, b)]);
                }
            }
        }
    }
}

struct Size {
    int width, height;
};

class InterSaoStatisticsTest : public testing::TestWithParam<Size> {};

TEST_P(InterSaoStatisticsTest, EqualTheRowsFinishingsCounts) {
    const Size size = GetParam();
    PixelKernels kernels{};
    init_pixel_kernels(kernels, CpuLevel::kAvx512);
    std::mt19937 random(size.width * 7 + size.height);
    std::uniform_int_distribution<int> sample(0, 255), noise(-6, 6);
    Picture source, deblocked;
    ASSERT_TRUE(source.allocate(size.width, size.height, 0));
    ASSERT_TRUE(deblocked.allocate(size.width, size.height, 0));
    // A deblocked picture near the source (small differences, as SAO sees) with random runs.
    for (int c = 0; c < 3; c++) {
        for (int y = 0; y < source.planes[c].height(); y++) {
            for (int x = 0; x < source.planes[c].width(); x++) {
                const int s = (x / 5 + y / 3) % 4 == 0 ? sample(random) : (x * 3 + y * 2) & 255;
                source.planes[c].row(y)[x] = static_cast<uint8_t>(s);
                deblocked.planes[c].row(y)[x] = static_cast<uint8_t>(std::clamp(s + noise(random), 0, 255));
            }
        }
    }
    std::vector<uint64_t> buffer((inter_coding_output_bytes(size.width, size.height) + 7) / 8);
    const InterCodingOutput out = inter_coding_output(buffer.data(), size.width, size.height);
    InterCodingPlanes planes;
    for (int c = 0; c < 3; c++) {
        const Plane& plane = deblocked.planes[c];
        for (int y = 0; y < plane.height(); y++) {
            std::copy_n(plane.row(y), plane.width(), out.reconstruction[c] + y * out.stride[c]);
        }
        planes.samples[c] = source.planes[c].data();
        planes.stride[c] = source.planes[c].stride();
    }
    const int columns = inter_ctu_columns(size.width), rows = inter_ctu_rows(size.height);
    for (int slices : {1, 2, 5}) {
        collect_inter_sao_statistics_on_cpu(kernels, size.width, size.height, planes, out, slices);
        const SliceRows layout(rows, slices);
        for (int ctu_y = 0; ctu_y < rows; ctu_y++) {
            const int slice = layout.slice_of(ctu_y);
            for (int ctu_x = 0; ctu_x < columns; ctu_x++) {
                CtuSaoStatistics expected;
                collect_sao_ctu_statistics(kernels, source, deblocked, ctu_x, ctu_y, expected, layout.first_row(slice),
                                           layout.end_row(slice));
                for (int c = 0; c < 3; c++) {
                    const InterSaoStatistics& got = out.sao_statistics[(ctu_y * columns + ctu_x) * 3 + c];
                    const SaoStatistics& want = expected[static_cast<size_t>(c)];
                    for (int b = 0; b < 32; b++) {
                        ASSERT_EQ(got.band_count[b], want.band_count[b]) << "CTU " << ctu_x << "," << ctu_y;
                        ASSERT_EQ(got.band_sum[b], want.band_sum[b]) << "CTU " << ctu_x << "," << ctu_y;
                    }
                    for (int k = 0; k < 4; k++) {
                        for (int e = 0; e < 5; e++) {
                            ASSERT_EQ(got.edge_count[k][e], want.edge_count[k][e])
                                << "CTU " << ctu_x << "," << ctu_y << " component " << c << " slices " << slices;
                            ASSERT_EQ(got.edge_sum[k][e], want.edge_sum[k][e])
                                << "CTU " << ctu_x << "," << ctu_y << " component " << c << " slices " << slices;
                        }
                    }
                }
            }
        }
    }
}

INSTANTIATE_TEST_SUITE_P(accel, InterSaoStatisticsTest,
                         testing::Values(Size{8, 8}, Size{72, 40}, Size{200, 120}, Size{328, 200}),
                         [](const testing::TestParamInfo<Size>& tested) {
                             return std::to_string(tested.param.width) + "x" + std::to_string(tested.param.height);
                         });

}  // namespace
}  // namespace tc
