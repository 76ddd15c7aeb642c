// Proves the deblocking filter of H.265 8.7.2: the beta/tC/QpC tables, boundary strengths
// (8.7.2.4), which edges are filtered (8x8 luma grid, 8x8 chroma grid with bS 2, never the picture
// boundary), the strong/normal luma decisions and filters with hand-computed samples, the QP
// dependence, and - on random pictures and random maps - bit-exact agreement with a second,
// deliberately plain implementation written here from the spec equations, which runs each stage
// from a snapshot of the stage's input (all vertical edges, then all horizontal edges).

#include "filter/deblocking.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <random>
#include <vector>

#include "filter/deblocking_edge_filters.h"
#include "filter/deblocking_strength.h"
#include "filter/deblocking_tables.h"

namespace tc {
namespace {

// ---- helpers -------------------------------------------------------------------------------

constexpr int kPadding = 16;

Picture make_picture(int width, int height, uint8_t luma, uint8_t chroma) {
    Picture picture;
    EXPECT_TRUE(picture.allocate(width, height, kPadding));
    for (int c = 0; c < 3; c++) {
        Plane& plane = picture.planes[c];
        for (int y = 0; y < plane.height(); y++) {
            std::fill(plane.row(y), plane.row(y) + plane.width(), c == 0 ? luma : chroma);
        }
    }
    return picture;
}

std::vector<uint8_t> plane_samples(const Plane& plane) {
    std::vector<uint8_t> samples(static_cast<size_t>(plane.width()) * plane.height());
    plane.copy_to(samples.data(), plane.width(), plane.height());
    return samples;
}

// A map of square coding units of cu_size luma samples (each one transform and prediction
// block), all with the same mode and QP.
DeblockingMap make_cu_map(int width, int height, int cu_size, bool intra, int qp) {
    DeblockingMap map;
    map.allocate(width, height);
    const int cu4 = cu_size / 4;
    for (int y4 = 0; y4 < map.height4(); y4++) {
        for (int x4 = 0; x4 < map.width4(); x4++) {
            DeblockBlockInfo& block = map.at(x4, y4);
            block.qp = static_cast<uint8_t>(qp);
            block.intra = intra;
            block.transform_edge_left = block.prediction_edge_left = x4 % cu4 == 0;
            block.transform_edge_top = block.prediction_edge_top = y4 % cu4 == 0;
            if (!intra) block.ref_id[0] = 0;
        }
    }
    return map;
}

// Sets the luma samples of columns [x0, x1) of the whole picture.
void fill_columns(Plane& plane, int x0, int x1, uint8_t value) {
    for (int y = 0; y < plane.height(); y++) {
        for (int x = x0; x < x1; x++) *plane.at(x, y) = value;
    }
}

// ---- tables --------------------------------------------------------------------------------

TEST(DeblockingTables, BetaSpotValues) {
    EXPECT_EQ(kDeblockBetaTable[0], 0);
    EXPECT_EQ(kDeblockBetaTable[15], 0);
    EXPECT_EQ(kDeblockBetaTable[16], 6);
    EXPECT_EQ(kDeblockBetaTable[28], 18);
    EXPECT_EQ(kDeblockBetaTable[29], 20);
    EXPECT_EQ(kDeblockBetaTable[37], 36);
    EXPECT_EQ(kDeblockBetaTable[51], 64);
    // Between 16 and 28 beta' grows by one, above by two.
    for (int q = 17; q <= 28; q++) EXPECT_EQ(kDeblockBetaTable[q], kDeblockBetaTable[q - 1] + 1);
    for (int q = 30; q <= 51; q++) EXPECT_EQ(kDeblockBetaTable[q], kDeblockBetaTable[q - 1] + 2);
}

TEST(DeblockingTables, TcSpotValues) {
    EXPECT_EQ(kDeblockTcTable[17], 0);
    EXPECT_EQ(kDeblockTcTable[18], 1);
    EXPECT_EQ(kDeblockTcTable[26], 1);
    EXPECT_EQ(kDeblockTcTable[27], 2);
    EXPECT_EQ(kDeblockTcTable[31], 3);
    EXPECT_EQ(kDeblockTcTable[35], 4);
    EXPECT_EQ(kDeblockTcTable[38], 5);
    EXPECT_EQ(kDeblockTcTable[42], 7);
    EXPECT_EQ(kDeblockTcTable[46], 11);
    EXPECT_EQ(kDeblockTcTable[47], 13);
    EXPECT_EQ(kDeblockTcTable[50], 18);
    EXPECT_EQ(kDeblockTcTable[53], 24);
    for (int q = 1; q <= 53; q++) EXPECT_GE(kDeblockTcTable[q], kDeblockTcTable[q - 1]);
}

TEST(DeblockingTables, ChromaQpMappingAndThresholds) {
    EXPECT_EQ(chroma_qp_from_qpi(0), 0);
    EXPECT_EQ(chroma_qp_from_qpi(29), 29);
    EXPECT_EQ(chroma_qp_from_qpi(30), 29);
    EXPECT_EQ(chroma_qp_from_qpi(34), 33);
    EXPECT_EQ(chroma_qp_from_qpi(35), 33);
    EXPECT_EQ(chroma_qp_from_qpi(43), 37);
    EXPECT_EQ(chroma_qp_from_qpi(44), 38);
    EXPECT_EQ(chroma_qp_from_qpi(51), 45);
    // Q clipping and the offsets.
    EXPECT_EQ(luma_beta(51, 6), 64);
    EXPECT_EQ(luma_beta(0, -6), 0);
    EXPECT_EQ(luma_beta(30, -2), kDeblockBetaTable[26]);
    EXPECT_EQ(luma_tc(51, 2, 6), 24);
    EXPECT_EQ(luma_tc(37, 1, 0), kDeblockTcTable[37]);
    EXPECT_EQ(luma_tc(37, 2, 0), kDeblockTcTable[39]);
    EXPECT_EQ(luma_tc(37, 2, -1), kDeblockTcTable[37]);
    EXPECT_EQ(chroma_tc(40, 0), kDeblockTcTable[36 + 2]);  // QpC(40) = 36
    EXPECT_EQ(chroma_tc(51, 6), 24);
}

// ---- boundary strength -----------------------------------------------------------------------

DeblockBlockInfo inter_block(int32_t ref0, int mv0x, int mv0y, int32_t ref1 = -1, int mv1x = 0,
                             int mv1y = 0) {
    DeblockBlockInfo block;
    block.qp = 30;
    block.ref_id[0] = ref0;
    block.ref_id[1] = ref1;
    block.mv[0][0] = static_cast<int16_t>(mv0x);
    block.mv[0][1] = static_cast<int16_t>(mv0y);
    block.mv[1][0] = static_cast<int16_t>(mv1x);
    block.mv[1][1] = static_cast<int16_t>(mv1y);
    return block;
}

TEST(DeblockingStrength, IntraAndCoefficients) {
    DeblockBlockInfo intra;
    intra.intra = true;
    const DeblockBlockInfo inter = inter_block(0, 0, 0);
    EXPECT_EQ(boundary_strength(intra, inter, false), 2);
    EXPECT_EQ(boundary_strength(inter, intra, true), 2);
    DeblockBlockInfo coded = inter;
    coded.nonzero_luma = true;
    EXPECT_EQ(boundary_strength(coded, inter, true), 1);
    EXPECT_EQ(boundary_strength(inter, coded, true), 1);
    // A prediction edge inside a transform block: coefficients do not count.
    EXPECT_EQ(boundary_strength(inter, coded, false), 0);
    EXPECT_EQ(boundary_strength(inter, inter, true), 0);
}

TEST(DeblockingStrength, OneVector) {
    const DeblockBlockInfo p = inter_block(5, 10, -3);
    EXPECT_EQ(boundary_strength(p, inter_block(5, 13, 0), false), 0);   // 3 and 3: below a sample
    EXPECT_EQ(boundary_strength(p, inter_block(5, 14, -3), false), 1);  // 4 horizontally
    EXPECT_EQ(boundary_strength(p, inter_block(5, 10, -7), false), 1);  // 4 vertically
    EXPECT_EQ(boundary_strength(p, inter_block(6, 10, -3), false), 1);  // other picture
    // The same picture through list 1 counts as the same reference picture.
    EXPECT_EQ(boundary_strength(p, inter_block(-1, 0, 0, 5, 10, -3), false), 0);
    EXPECT_EQ(boundary_strength(p, inter_block(-1, 0, 0, 5, 6, -3), false), 1);
    // One vector against two.
    EXPECT_EQ(boundary_strength(p, inter_block(5, 10, -3, 5, 10, -3), false), 1);
}

TEST(DeblockingStrength, TwoVectorsOfTwoPictures) {
    const DeblockBlockInfo p = inter_block(1, 0, 0, 2, 40, 40);
    EXPECT_EQ(boundary_strength(p, inter_block(1, 3, 3, 2, 37, 43), false), 0);
    EXPECT_EQ(boundary_strength(p, inter_block(1, 4, 0, 2, 40, 40), false), 1);
    EXPECT_EQ(boundary_strength(p, inter_block(1, 0, 0, 2, 40, 44), false), 1);
    // Lists swapped: the vectors are paired by picture.
    EXPECT_EQ(boundary_strength(p, inter_block(2, 40, 40, 1, 0, 0), false), 0);
    EXPECT_EQ(boundary_strength(p, inter_block(2, 40, 40, 1, 0, 4), false), 1);
    EXPECT_EQ(boundary_strength(p, inter_block(1, 0, 0, 3, 40, 40), false), 1);
}

TEST(DeblockingStrength, TwoVectorsOfOnePicture) {
    const DeblockBlockInfo p = inter_block(7, 0, 0, 7, 40, 0);
    // Same order matches.
    EXPECT_EQ(boundary_strength(p, inter_block(7, 0, 0, 7, 40, 0), false), 0);
    // Crossed order matches: both conditions of the spec must hold for bS 1.
    EXPECT_EQ(boundary_strength(p, inter_block(7, 40, 0, 7, 0, 0), false), 0);
    EXPECT_EQ(boundary_strength(p, inter_block(7, 41, 3, 7, -3, 2), false), 0);
    // Neither pairing matches.
    EXPECT_EQ(boundary_strength(p, inter_block(7, 0, 0, 7, 20, 0), false), 1);
    EXPECT_EQ(boundary_strength(p, inter_block(7, 40, 0, 7, 4, 0), false), 1);
    // Same picture twice against two different pictures.
    EXPECT_EQ(boundary_strength(p, inter_block(7, 0, 0, 8, 40, 0), false), 1);
}

TEST(DeblockingStrength, EdgeSegmentsOnlyOnTheGridAndInsideThePicture) {
    DeblockingMap map = make_cu_map(32, 32, 4, true, 30);                      // edges on every 4x4
    EXPECT_EQ(edge_segment_strength(map, 0, 2, EdgeDirection::kVertical), 0);  // boundary
    EXPECT_EQ(edge_segment_strength(map, 1, 2, EdgeDirection::kVertical), 0);  // off grid
    EXPECT_EQ(edge_segment_strength(map, 2, 1, EdgeDirection::kVertical), 2);
    EXPECT_EQ(edge_segment_strength(map, 2, 0, EdgeDirection::kHorizontal), 0);  // boundary
    EXPECT_EQ(edge_segment_strength(map, 2, 3, EdgeDirection::kHorizontal), 0);  // off grid
    EXPECT_EQ(edge_segment_strength(map, 1, 2, EdgeDirection::kHorizontal), 2);
    map.at(2, 1).transform_edge_left = false;
    EXPECT_EQ(edge_segment_strength(map, 2, 1, EdgeDirection::kVertical), 2);  // prediction edge
    map.at(2, 1).prediction_edge_left = false;
    EXPECT_EQ(edge_segment_strength(map, 2, 1, EdgeDirection::kVertical), 0);  // no edge
}

// ---- luma sample filters ---------------------------------------------------------------------

// Four lines across a vertical edge: line k holds p3..p0 q0..q3 in columns 0..7.
struct LumaLines {
    uint8_t samples[4][8];
    uint8_t* q0() { return &samples[0][4]; }
    void set_line(int k, std::initializer_list<int> values) {
        int i = 0;
        for (int v : values) samples[k][i++] = static_cast<uint8_t>(v);
    }
    void set_all(std::initializer_list<int> values) {
        for (int k = 0; k < 4; k++) set_line(k, values);
    }
};

TEST(DeblockingLumaFilter, FlatStepTakesTheStrongFilter) {
    // beta 36, tC 5 (QP 37, bS 2): d = 0, |p3 - p0| + |q0 - q3| = 0 < 4, |p0 - q0| = 10 < 13.
    LumaLines lines;
    lines.set_all({100, 100, 100, 100, 110, 110, 110, 110});
    filter_luma_edge_segment(lines.q0(), 1, 8, 36, 5);
    for (int k = 0; k < 4; k++) {
        const uint8_t expected[8] = {100, 101, 103, 104, 106, 108, 109, 110};
        for (int i = 0; i < 8; i++) EXPECT_EQ(lines.samples[k][i], expected[i]) << k << " " << i;
    }
}

TEST(DeblockingLumaFilter, StrongFilterClipsToTwoTc) {
    // beta 64, tC 1: dpq = 12 < 16, |p3 - p0| + |q0 - q3| = 6 < 8, |p0 - q0| = 1 < 3. The means
    // for p0 (103) and p1 (103) lie more than 2 * tC from p0 = 106 and p1 = 100.
    LumaLines lines;
    lines.set_all({100, 100, 100, 106, 105, 105, 105, 105});
    filter_luma_edge_segment(lines.q0(), 1, 8, 64, 1);
    const uint8_t expected[8] = {100, 101, 102, 104, 105, 105, 105, 105};
    for (int i = 0; i < 8; i++) EXPECT_EQ(lines.samples[0][i], expected[i]) << i;
}

TEST(DeblockingLumaFilter, LargeStepTakesTheNormalFilter) {
    // |p0 - q0| = 20 >= (5 * 5 + 1) >> 1 = 13 fails dSam: the normal filter with
    // delta = (9 * 20 - 3 * 20 + 8) >> 4 = 8, clipped to tC = 5. dp = dq = 0 < (36 + 18) >> 3 = 6,
    // so p1 and q1 move by tC >> 1 = 2 at most: (100 - 100 + 5) >> 1 = 2, (120 - 120 - 5) >> 1.
    LumaLines lines;
    lines.set_all({100, 100, 100, 100, 120, 120, 120, 120});
    filter_luma_edge_segment(lines.q0(), 1, 8, 36, 5);
    const uint8_t expected[8] = {100, 100, 102, 105, 115, 118, 120, 120};
    for (int k = 0; k < 4; k++) {
        for (int i = 0; i < 8; i++) EXPECT_EQ(lines.samples[k][i], expected[i]) << k << " " << i;
    }
}

TEST(DeblockingLumaFilter, OneLineFailingDsamMakesTheWholeSegmentNormal) {
    // Line 3 has |p3 - p0| = 4, so dSam3 = 0 although line 0 alone would take the strong filter.
    LumaLines lines;
    lines.set_all({100, 100, 100, 100, 110, 110, 110, 110});
    lines.set_line(3, {96, 100, 100, 100, 110, 110, 110, 110});
    filter_luma_edge_segment(lines.q0(), 1, 8, 36, 5);
    // Normal filter on line 0: delta = (9 * 10 - 3 * 10 + 8) >> 4 = 4; dp = dq = 0 < 6, so
    // p1 += (100 - 100 + 4) >> 1 and q1 += (110 - 110 - 4) >> 1.
    const uint8_t expected0[8] = {100, 100, 102, 104, 106, 108, 110, 110};
    for (int i = 0; i < 8; i++) EXPECT_EQ(lines.samples[0][i], expected0[i]) << i;
    EXPECT_EQ(lines.samples[3][0], 96);  // p3 is never changed by the normal filter
    EXPECT_EQ(lines.samples[3][1], 100);
}

TEST(DeblockingLumaFilter, ActivityAboveBetaLeavesTheSegment) {
    LumaLines lines;
    lines.set_all({100, 110, 100, 100, 120, 120, 120, 120});  // dp0 = dp3 = 10, d = 20
    LumaLines original = lines;
    filter_luma_edge_segment(lines.q0(), 1, 8, 20, 5);  // d >= beta
    for (int k = 0; k < 4; k++) {
        for (int i = 0; i < 8; i++) EXPECT_EQ(lines.samples[k][i], original.samples[k][i]);
    }
    filter_luma_edge_segment(lines.q0(), 1, 8, 21, 5);  // d < beta: normal filter, p1 kept
    EXPECT_EQ(lines.samples[0][2], 100);
    EXPECT_EQ(lines.samples[0][3], 105);
    EXPECT_EQ(lines.samples[0][4], 115);
    EXPECT_EQ(lines.samples[0][5], 118);  // dq = 0 < (21 + 10) >> 3 = 3: q1 moves by tC >> 1
}

TEST(DeblockingLumaFilter, NormalFilterSkipsNaturalEdges) {
    // |delta| >= 10 * tC: taken for a real edge, nothing changes.
    LumaLines lines;
    lines.set_all({0, 0, 0, 0, 200, 200, 200, 200});
    LumaLines original = lines;
    filter_luma_edge_segment(lines.q0(), 1, 8, 64, 1);  // delta = 113 >= 10
    for (int i = 0; i < 8; i++) EXPECT_EQ(lines.samples[0][i], original.samples[0][i]);
}

// ---- whole pictures --------------------------------------------------------------------------

TEST(DeblockPicture, IntraStepAcrossAnEdgeIsSmoothed) {
    Picture picture = make_picture(16, 16, 100, 128);
    fill_columns(picture.planes[0], 8, 16, 110);
    const DeblockingMap map = make_cu_map(16, 16, 8, true, 37);
    deblock_picture(picture, map, {});
    const uint8_t expected[16] = {100, 100, 100, 100, 100, 101, 103, 104,
                                  106, 108, 109, 110, 110, 110, 110, 110};
    for (int y = 0; y < 16; y++) {
        for (int x = 0; x < 16; x++) EXPECT_EQ(*picture.planes[0].at(x, y), expected[x]) << x;
    }
}

TEST(DeblockPicture, StepWithBoundaryStrengthZeroIsUntouched) {
    Picture picture = make_picture(16, 16, 100, 128);
    fill_columns(picture.planes[0], 8, 16, 110);
    fill_columns(picture.planes[1], 4, 8, 140);
    const DeblockingMap map = make_cu_map(16, 16, 8, false, 37);  // same picture, same vector
    const auto luma_before = plane_samples(picture.planes[0]);
    const auto cb_before = plane_samples(picture.planes[1]);
    deblock_picture(picture, map, {});
    EXPECT_EQ(plane_samples(picture.planes[0]), luma_before);
    EXPECT_EQ(plane_samples(picture.planes[1]), cb_before);
}

TEST(DeblockPicture, EdgeOffTheGridIsUntouched) {
    Picture picture = make_picture(16, 16, 100, 128);
    fill_columns(picture.planes[0], 4, 16, 110);  // step at x = 4, a 4x4 transform edge
    const DeblockingMap map = make_cu_map(16, 16, 4, true, 37);
    const auto before = plane_samples(picture.planes[0]);
    deblock_picture(picture, map, {});
    EXPECT_EQ(plane_samples(picture.planes[0]), before);
}

TEST(DeblockPicture, PictureBoundaryIsUntouched) {
    std::mt19937 random(7);
    Picture picture = make_picture(32, 16, 0, 0);
    for (int c = 0; c < 3; c++) {
        Plane& plane = picture.planes[c];
        for (int y = 0; y < plane.height(); y++) {
            for (int x = 0; x < plane.width(); x++) {
                *plane.at(x, y) = static_cast<uint8_t>(100 + random() % 8);
            }
        }
    }
    // Intra everywhere, but the only edges flagged are the left and top picture boundaries.
    DeblockingMap map = make_cu_map(32, 16, 64, true, 51);
    std::vector<uint8_t> before[3];
    for (int c = 0; c < 3; c++) before[c] = plane_samples(picture.planes[c]);
    deblock_picture(picture, map, {6, 6});
    for (int c = 0; c < 3; c++) EXPECT_EQ(plane_samples(picture.planes[c]), before[c]) << c;
}

TEST(DeblockPicture, ChromaIsFilteredOnlyWithStrengthTwoOnTheChromaGrid) {
    // Cb steps at chroma x = 8 (luma 16, on the chroma grid) and x = 4 (luma 8, off it).
    auto chroma_picture = [] {
        Picture picture = make_picture(32, 16, 100, 100);
        fill_columns(picture.planes[1], 4, 8, 110);
        fill_columns(picture.planes[1], 8, 16, 120);
        return picture;
    };
    // bS 1: a transform edge with coefficients between inter blocks.
    Picture picture = chroma_picture();
    DeblockingMap map = make_cu_map(32, 16, 8, false, 40);
    for (int y4 = 0; y4 < map.height4(); y4++) {
        for (int x4 = 0; x4 < map.width4(); x4++) map.at(x4, y4).nonzero_luma = true;
    }
    const auto before = plane_samples(picture.planes[1]);
    deblock_picture(picture, map, {});
    EXPECT_EQ(plane_samples(picture.planes[1]), before);

    // bS 2: only the edge at chroma x = 8 moves; tC = tC'(QpC(40) + 2 = 38) = 5.
    picture = chroma_picture();
    map = make_cu_map(32, 16, 8, true, 40);
    deblock_picture(picture, map, {});
    const Plane& cb = picture.planes[1];
    for (int y = 0; y < cb.height(); y++) {
        EXPECT_EQ(*cb.at(3, y), 100);
        EXPECT_EQ(*cb.at(4, y), 110);
        // delta = Clip3(-5, 5, (40 + 110 - 120 + 4) >> 3) = 4
        EXPECT_EQ(*cb.at(6, y), 110);
        EXPECT_EQ(*cb.at(7, y), 114);
        EXPECT_EQ(*cb.at(8, y), 116);
        EXPECT_EQ(*cb.at(9, y), 120);
    }
    EXPECT_EQ(plane_samples(picture.planes[2]), std::vector<uint8_t>(16 * 8, 100));
}

TEST(DeblockPicture, LowQpChangesNothing) {
    // QP <= 15 gives beta' = 0 and tC' = 0 for luma and chroma, even with bS 2.
    std::mt19937 random(3);
    for (int qp : {0, 8, 15}) {
        Picture picture = make_picture(32, 32, 0, 0);
        for (int c = 0; c < 3; c++) {
            Plane& plane = picture.planes[c];
            for (int y = 0; y < plane.height(); y++) {
                for (int x = 0; x < plane.width(); x++) {
                    *plane.at(x, y) = static_cast<uint8_t>(random() % 256);
                }
            }
        }
        std::vector<uint8_t> before[3];
        for (int c = 0; c < 3; c++) before[c] = plane_samples(picture.planes[c]);
        deblock_picture(picture, make_cu_map(32, 32, 8, true, qp), {});
        for (int c = 0; c < 3; c++) EXPECT_EQ(plane_samples(picture.planes[c]), before[c]) << qp;
    }
    // The smooth step that QP 37 smooths stays put at QP 10, and a negative beta offset at QP 37
    // (beta index 25: 15) still lets it through.
    Picture picture = make_picture(16, 16, 100, 128);
    fill_columns(picture.planes[0], 8, 16, 110);
    const auto before = plane_samples(picture.planes[0]);
    deblock_picture(picture, make_cu_map(16, 16, 8, true, 10), {});
    EXPECT_EQ(plane_samples(picture.planes[0]), before);
    deblock_picture(picture, make_cu_map(16, 16, 8, true, 37), {-6, 0});
    EXPECT_NE(plane_samples(picture.planes[0]), before);
}

// ---- reference implementation ----------------------------------------------------------------

// A plane of ints, no padding.
struct ReferencePlane {
    int width = 0, height = 0;
    std::vector<int> samples;
    int& at(int x, int y) { return samples[static_cast<size_t>(y) * width + x]; }
    int at(int x, int y) const { return samples[static_cast<size_t>(y) * width + x]; }
};

ReferencePlane to_reference(const Plane& plane) {
    ReferencePlane out{plane.width(), plane.height(), {}};
    for (int y = 0; y < plane.height(); y++) {
        for (int x = 0; x < plane.width(); x++) out.samples.push_back(*plane.at(x, y));
    }
    return out;
}

std::vector<uint8_t> to_bytes(const ReferencePlane& plane) {
    return std::vector<uint8_t>(plane.samples.begin(), plane.samples.end());
}

int clip3(int low, int high, int value) {
    return value < low ? low : (value > high ? high : value);
}

// beta' of Table 8-12 written as its piecewise-linear rule.
int reference_beta(int q) {
    return q < 16 ? 0 : (q <= 28 ? q - 10 : 2 * q - 38);
}

int reference_chroma_qp(int qpi) {
    static const int kMiddle[14] = {29, 30, 31, 32, 33, 33, 34, 34, 35, 35, 36, 36, 37, 37};
    return qpi < 30 ? qpi : (qpi >= 44 ? qpi - 6 : kMiddle[qpi - 30]);
}

struct Vector {
    int x, y;
};

// 8.7.2.4's motion rule stated as: pair the vectors of Q with those of P in every order that
// refers to the same pictures; bS is 1 when no such pairing exists or when every pairing has a
// pair differing by 4 or more quarter samples.
int reference_motion_strength(const DeblockBlockInfo& p, const DeblockBlockInfo& q) {
    std::vector<std::pair<int, Vector>> pm, qm;
    for (int list = 0; list < 2; list++) {
        if (p.ref_id[list] >= 0) pm.push_back({p.ref_id[list], {p.mv[list][0], p.mv[list][1]}});
        if (q.ref_id[list] >= 0) qm.push_back({q.ref_id[list], {q.mv[list][0], q.mv[list][1]}});
    }
    if (pm.size() != qm.size()) return 1;
    if (pm.empty()) return 0;
    std::vector<int> order(qm.size());
    for (size_t i = 0; i < order.size(); i++) order[i] = static_cast<int>(i);
    bool any_pairing = false;
    bool every_pairing_differs = true;
    do {
        bool pictures_match = true;
        bool differs = false;
        for (size_t i = 0; i < pm.size(); i++) {
            const auto& a = pm[i];
            const auto& b = qm[static_cast<size_t>(order[i])];
            if (a.first != b.first) pictures_match = false;
            if (std::abs(a.second.x - b.second.x) >= 4 || std::abs(a.second.y - b.second.y) >= 4) {
                differs = true;
            }
        }
        if (!pictures_match) continue;
        any_pairing = true;
        if (!differs) every_pairing_differs = false;
    } while (std::next_permutation(order.begin(), order.end()));
    return (!any_pairing || every_pairing_differs) ? 1 : 0;
}

// bS of the edge whose q0 (first line) is at luma (xq, yq); `vertical` picks the edge direction.
int reference_strength(const DeblockingMap& map, int xq, int yq, bool vertical) {
    if (vertical ? (xq == 0 || xq % 8 != 0) : (yq == 0 || yq % 8 != 0)) return 0;
    const DeblockBlockInfo& q = map.at(xq / 4, yq / 4);
    const DeblockBlockInfo& p =
        vertical ? map.at((xq - 1) / 4, yq / 4) : map.at(xq / 4, (yq - 1) / 4);
    const bool transform_edge = vertical ? q.transform_edge_left : q.transform_edge_top;
    const bool prediction_edge = vertical ? q.prediction_edge_left : q.prediction_edge_top;
    if (!transform_edge && !prediction_edge) return 0;
    if (p.intra || q.intra) return 2;
    if (transform_edge && (p.nonzero_luma || q.nonzero_luma)) return 1;
    return reference_motion_strength(p, q);
}

struct FilterCounts {
    int strong = 0, normal = 0, chroma = 0;
};

// One stage (all edges of one direction) of 8.7.2: decisions and filters read `in`, results go
// to `out`, which starts as a copy of `in`.
void reference_luma_stage(const ReferencePlane& in, ReferencePlane& out, const DeblockingMap& map,
                          const DeblockingParameters& parameters, bool vertical,
                          FilterCounts& counts) {
    // Sample i on side p / q of line k of the segment at (xq, yq).
    auto sample_position = [vertical](int xq, int yq, int side, int i, int k) {
        const int offset = side < 0 ? -1 - i : i;
        return vertical ? std::pair{xq + offset, yq + k} : std::pair{xq + k, yq + offset};
    };
    for (int yq = 0; yq < in.height; yq += 4) {
        for (int xq = 0; xq < in.width; xq += 4) {
            const int bs = reference_strength(map, xq, yq, vertical);
            if (bs == 0) continue;
            auto P = [&](int i, int k) {
                auto [x, y] = sample_position(xq, yq, -1, i, k);
                return in.at(x, y);
            };
            auto Q = [&](int i, int k) {
                auto [x, y] = sample_position(xq, yq, 1, i, k);
                return in.at(x, y);
            };
            auto set_p = [&](int i, int k, int v) {
                auto [x, y] = sample_position(xq, yq, -1, i, k);
                out.at(x, y) = v;
            };
            auto set_q = [&](int i, int k, int v) {
                auto [x, y] = sample_position(xq, yq, 1, i, k);
                out.at(x, y) = v;
            };
            const int qp_q = map.at(xq / 4, yq / 4).qp;
            const int qp_p =
                vertical ? map.at(xq / 4 - 1, yq / 4).qp : map.at(xq / 4, yq / 4 - 1).qp;
            const int qpl = (qp_q + qp_p + 1) >> 1;
            const int beta = reference_beta(clip3(0, 51, qpl + (parameters.beta_offset_div2 << 1)));
            const int tc = kDeblockTcTable[clip3(
                0, 53, qpl + 2 * (bs - 1) + (parameters.tc_offset_div2 << 1))];

            const int dp0 = std::abs(P(2, 0) - 2 * P(1, 0) + P(0, 0));
            const int dp3 = std::abs(P(2, 3) - 2 * P(1, 3) + P(0, 3));
            const int dq0 = std::abs(Q(2, 0) - 2 * Q(1, 0) + Q(0, 0));
            const int dq3 = std::abs(Q(2, 3) - 2 * Q(1, 3) + Q(0, 3));
            const int dpq0 = dp0 + dq0, dpq3 = dp3 + dq3;
            const int dp = dp0 + dp3, dq = dq0 + dq3, d = dpq0 + dpq3;
            int dE = 0, dEp = 0, dEq = 0;
            if (d < beta) {
                auto dsam = [&](int k, int dpq) {
                    return dpq < (beta >> 2) &&
                           std::abs(P(3, k) - P(0, k)) + std::abs(Q(0, k) - Q(3, k)) <
                               (beta >> 3) &&
                           std::abs(P(0, k) - Q(0, k)) < ((5 * tc + 1) >> 1);
                };
                dE = (dsam(0, 2 * dpq0) && dsam(3, 2 * dpq3)) ? 2 : 1;
                if (dp < ((beta + (beta >> 1)) >> 3)) dEp = 1;
                if (dq < ((beta + (beta >> 1)) >> 3)) dEq = 1;
            }
            if (dE == 0) continue;
            for (int k = 0; k < 4; k++) {
                const int p0 = P(0, k), p1 = P(1, k), p2 = P(2, k), p3 = P(3, k);
                const int q0 = Q(0, k), q1 = Q(1, k), q2 = Q(2, k), q3 = Q(3, k);
                if (dE == 2) {
                    counts.strong++;
                    set_p(0, k,
                          clip3(p0 - 2 * tc, p0 + 2 * tc,
                                (p2 + 2 * p1 + 2 * p0 + 2 * q0 + q1 + 4) >> 3));
                    set_p(1, k, clip3(p1 - 2 * tc, p1 + 2 * tc, (p2 + p1 + p0 + q0 + 2) >> 2));
                    set_p(
                        2, k,
                        clip3(p2 - 2 * tc, p2 + 2 * tc, (2 * p3 + 3 * p2 + p1 + p0 + q0 + 4) >> 3));
                    set_q(0, k,
                          clip3(q0 - 2 * tc, q0 + 2 * tc,
                                (p1 + 2 * p0 + 2 * q0 + 2 * q1 + q2 + 4) >> 3));
                    set_q(1, k, clip3(q1 - 2 * tc, q1 + 2 * tc, (p0 + q0 + q1 + q2 + 2) >> 2));
                    set_q(
                        2, k,
                        clip3(q2 - 2 * tc, q2 + 2 * tc, (p0 + q0 + q1 + 3 * q2 + 2 * q3 + 4) >> 3));
                    continue;
                }
                int delta = (9 * (q0 - p0) - 3 * (q1 - p1) + 8) >> 4;
                if (std::abs(delta) >= tc * 10) continue;
                counts.normal++;
                delta = clip3(-tc, tc, delta);
                set_p(0, k, clip3(0, 255, p0 + delta));
                set_q(0, k, clip3(0, 255, q0 - delta));
                if (dEp == 1) {
                    const int delta_p =
                        clip3(-(tc >> 1), tc >> 1, (((p2 + p0 + 1) >> 1) - p1 + delta) >> 1);
                    set_p(1, k, clip3(0, 255, p1 + delta_p));
                }
                if (dEq == 1) {
                    const int delta_q =
                        clip3(-(tc >> 1), tc >> 1, (((q2 + q0 + 1) >> 1) - q1 - delta) >> 1);
                    set_q(1, k, clip3(0, 255, q1 + delta_q));
                }
            }
        }
    }
}

void reference_chroma_stage(const ReferencePlane& in, ReferencePlane& out, const DeblockingMap& map,
                            const DeblockingParameters& parameters, bool vertical,
                            FilterCounts& counts) {
    // Every chroma sample line crossing a chroma-grid edge, one at a time; the segment (4 chroma
    // lines) it belongs to gives bS and QP from the luma segment at twice its first line.
    const int edge_count = vertical ? in.width : in.height;
    const int line_count = vertical ? in.height : in.width;
    for (int edge = 8; edge < edge_count; edge += 8) {
        for (int line = 0; line < line_count; line++) {
            const int segment_start = line - line % 4;
            const int xl = vertical ? 2 * edge : 2 * segment_start;
            const int yl = vertical ? 2 * segment_start : 2 * edge;
            if (reference_strength(map, xl, yl, vertical) != 2) continue;
            const int qp_q = map.at(xl / 4, yl / 4).qp;
            const int qp_p =
                vertical ? map.at(xl / 4 - 1, yl / 4).qp : map.at(xl / 4, yl / 4 - 1).qp;
            const int qpc = reference_chroma_qp(((qp_q + qp_p + 1) >> 1) + 0);
            const int tc =
                kDeblockTcTable[clip3(0, 53, qpc + 2 * (2 - 1) + (parameters.tc_offset_div2 << 1))];
            auto xy = [&](int offset) {
                return vertical ? std::pair{edge + offset, line} : std::pair{line, edge + offset};
            };
            auto [xp1, yp1] = xy(-2);
            auto [xp0, yp0] = xy(-1);
            auto [xq0, yq0] = xy(0);
            auto [xq1, yq1] = xy(1);
            const int p1 = in.at(xp1, yp1), p0 = in.at(xp0, yp0);
            const int q0 = in.at(xq0, yq0), q1 = in.at(xq1, yq1);
            const int delta = clip3(-tc, tc, ((((q0 - p0) << 2) + p1 - q1 + 4) >> 3));
            out.at(xp0, yp0) = clip3(0, 255, p0 + delta);
            out.at(xq0, yq0) = clip3(0, 255, q0 - delta);
            if (delta != 0) counts.chroma++;
        }
    }
}

void reference_deblock(ReferencePlane planes[3], const DeblockingMap& map,
                       const DeblockingParameters& parameters, FilterCounts& counts) {
    for (bool vertical : {true, false}) {
        for (int c = 0; c < 3; c++) {
            const ReferencePlane in = planes[c];
            if (c == 0) {
                reference_luma_stage(in, planes[c], map, parameters, vertical, counts);
            } else {
                reference_chroma_stage(in, planes[c], map, parameters, vertical, counts);
            }
        }
    }
}

// A random picture: per 8x8 block a level near its neighbours' plus small noise, so that the
// strong, normal and no-filter decisions all occur; sometimes plain noise.
void fill_random_plane(Plane& plane, std::mt19937& random, int block, int spread, int noise) {
    std::vector<int> levels;
    const int blocks_x = (plane.width() + block - 1) / block;
    const int blocks_y = (plane.height() + block - 1) / block;
    const int base = 20 + static_cast<int>(random() % 216);
    for (int i = 0; i < blocks_x * blocks_y; i++) {
        levels.push_back(
            clip3(0, 255, base + static_cast<int>(random() % (2 * spread + 1)) - spread));
    }
    for (int y = 0; y < plane.height(); y++) {
        for (int x = 0; x < plane.width(); x++) {
            const int level = levels[static_cast<size_t>((y / block) * blocks_x + x / block)];
            const int value = level + static_cast<int>(random() % (2 * noise + 1)) - noise;
            *plane.at(x, y) = static_cast<uint8_t>(clip3(0, 255, value));
        }
    }
}

void fill_random_map(DeblockingMap& map, std::mt19937& random) {
    auto chance = [&random](int percent) { return static_cast<int>(random() % 100) < percent; };
    const int qp_base = 20 + static_cast<int>(random() % 32);
    const int intra_percent = static_cast<int>(random() % 60);
    for (int y4 = 0; y4 < map.height4(); y4++) {
        for (int x4 = 0; x4 < map.width4(); x4++) {
            DeblockBlockInfo& block = map.at(x4, y4);
            block.qp =
                static_cast<uint8_t>(clip3(0, 51, qp_base + static_cast<int>(random() % 9) - 4));
            block.intra = chance(intra_percent);
            block.nonzero_luma = chance(25);
            block.transform_edge_left = chance(50);
            block.transform_edge_top = chance(50);
            block.prediction_edge_left = chance(40);
            block.prediction_edge_top = chance(40);
            for (int list = 0; list < 2; list++) {
                block.ref_id[list] = static_cast<int32_t>(random() % 4) - 1;  // -1..2
                block.mv[list][0] = static_cast<int16_t>(static_cast<int>(random() % 9) - 4);
                block.mv[list][1] = static_cast<int16_t>(static_cast<int>(random() % 9) - 4);
            }
            if (!block.intra && block.ref_id[0] < 0 && block.ref_id[1] < 0) block.ref_id[0] = 0;
        }
    }
}

TEST(DeblockPicture, MatchesTheSampleBySampleReferenceOnRandomPictures) {
    std::mt19937 random(20240607);
    FilterCounts counts;
    int changed_pictures = 0;
    for (int trial = 0; trial < 400; trial++) {
        const int width = 8 * (1 + static_cast<int>(random() % 8));
        const int height = 8 * (1 + static_cast<int>(random() % 8));
        Picture picture;
        ASSERT_TRUE(picture.allocate(width, height, kPadding));
        const bool noisy = random() % 4 == 0;
        for (int c = 0; c < 3; c++) {
            fill_random_plane(picture.planes[c], random, c == 0 ? 8 : 4, noisy ? 128 : 12,
                              noisy ? 64 : static_cast<int>(random() % 3));
        }
        DeblockingMap map;
        map.allocate(width, height);
        fill_random_map(map, random);
        const DeblockingParameters parameters{static_cast<int>(random() % 13) - 6,
                                              static_cast<int>(random() % 13) - 6};

        ReferencePlane expected[3];
        for (int c = 0; c < 3; c++) expected[c] = to_reference(picture.planes[c]);
        const std::vector<uint8_t> original = to_bytes(expected[0]);
        reference_deblock(expected, map, parameters, counts);
        deblock_picture(picture, map, parameters);
        for (int c = 0; c < 3; c++) {
            ASSERT_EQ(plane_samples(picture.planes[c]), to_bytes(expected[c]))
                << "trial " << trial << " plane " << c << " " << width << "x" << height;
        }
        if (to_bytes(expected[0]) != original) changed_pictures++;
    }
    // The random inputs exercised every filter.
    EXPECT_GT(counts.strong, 100);
    EXPECT_GT(counts.normal, 100);
    EXPECT_GT(counts.chroma, 100);
    EXPECT_GT(changed_pictures, 100);
}

TEST(DeblockPicture, RowRangesInAnyOrderMatchTheReference) {
    // What the encoder runs in parallel: 64-row ranges (CTU rows), here bottom-up, every
    // vertical range before any horizontal one; the reference deblocks the whole picture.
    std::mt19937 random(20261202);
    for (int trial = 0; trial < 60; trial++) {
        const int width = 8 * (1 + static_cast<int>(random() % 24));
        const int height = 8 * (8 + static_cast<int>(random() % 24));  // 64..248: 2..4 ranges
        Picture picture;
        ASSERT_TRUE(picture.allocate(width, height, kPadding));
        for (int c = 0; c < 3; c++) fill_random_plane(picture.planes[c], random, c == 0 ? 8 : 4, 24, 1);
        DeblockingMap map;
        map.allocate(width, height);
        fill_random_map(map, random);
        ReferencePlane expected[3];
        for (int c = 0; c < 3; c++) expected[c] = to_reference(picture.planes[c]);
        FilterCounts counts;
        reference_deblock(expected, map, {}, counts);
        for (const EdgeDirection direction : {EdgeDirection::kVertical, EdgeDirection::kHorizontal}) {
            for (int first = (height - 1) / 64 * 64; first >= 0; first -= 64) {
                deblock_rows(picture, map, {}, direction, first, first + 64);
            }
        }
        for (int c = 0; c < 3; c++) {
            ASSERT_EQ(plane_samples(picture.planes[c]), to_bytes(expected[c]))
                << "trial " << trial << " plane " << c << " " << width << "x" << height;
        }
    }
}

TEST(DeblockPicture, HorizontalEdgesSeeTheVerticallyFilteredSamples) {
    // One brighter 8x8 block at a corner of four: filtering in the other order gives a different
    // picture, and the result matches the reference, which runs vertical edges first.
    Picture picture;
    ASSERT_TRUE(picture.allocate(16, 16, kPadding));
    for (int y = 0; y < 16; y++) {
        for (int x = 0; x < 16; x++) {
            *picture.planes[0].at(x, y) = static_cast<uint8_t>(x >= 8 && y >= 8 ? 120 : 80);
        }
    }
    const DeblockingMap map = make_cu_map(16, 16, 8, true, 45);
    ReferencePlane expected[3];
    for (int c = 0; c < 3; c++) expected[c] = to_reference(picture.planes[c]);
    FilterCounts counts;
    reference_deblock(expected, map, {}, counts);

    // Horizontal edges first, by running the reference stages in the other order.
    ReferencePlane swapped = to_reference(picture.planes[0]);
    for (bool vertical : {false, true}) {
        const ReferencePlane in = swapped;
        reference_luma_stage(in, swapped, map, {}, vertical, counts);
    }
    EXPECT_NE(swapped.samples, expected[0].samples);

    deblock_picture(picture, map, {});
    EXPECT_EQ(plane_samples(picture.planes[0]), to_bytes(expected[0]));
}

}  // namespace
}  // namespace tc
