// AcceleratedCtuCoder: the accelerator's per-unit decisions become a CTU decision record whose
// coding units, signalling (merge, skip, AMVP), levels and reconstruction say what the units
// say.
#include "analysis/accelerated_ctu_coder.h"

#include <gtest/gtest.h>

#include <algorithm>

#include <vector>

#include "common/block_info_map.h"
#include "motion/motion_candidates.h"
#include "predict/zscan_availability.h"

namespace tc {
namespace {

// Level (u, v) of component c of a transform unit of a record the accelerated coder made: in the
// accelerator's planes, where the record points (CtuDecision::level_planes).
int level_at(const CtuDecision& record, const TransformUnit& tu, int c, int u, int v) {
    EXPECT_NE(record.level_planes.planes[c], nullptr);
    return record.level_planes.planes[c][tu.coeff_offset[c] + v * record.level_planes.stride[c] + u];
}

// A 128x72 picture (two CTUs wide, the second row cut at 8 lines) with its view.
struct Fixture {
    static constexpr int kWidth = 128, kHeight = 72;
    Picture reconstruction;
    BlockInfoMap blocks;
    ZscanAvailability availability{kWidth, kHeight, kLog2CtuSize};
    AnalysisFrame frame;
    std::vector<InterCodedUnit> units;
    std::vector<int16_t> levels[3];
    std::vector<uint8_t> samples[3];
    InterCodingView view;

    Fixture() {
        EXPECT_TRUE(reconstruction.allocate(kWidth, kHeight, 16));
        blocks.allocate(kWidth, kHeight);
        frame.reconstruction = &reconstruction;
        frame.blocks = &blocks;
        frame.availability = &availability;
        frame.ctu_columns = (kWidth + kCtuSize - 1) / kCtuSize;
        frame.syntax.picture_width = kWidth;
        frame.syntax.picture_height = kHeight;
        frame.syntax.slice_type = SliceType::kP;
        frame.syntax.blocks = &blocks;
        frame.candidates.blocks = &blocks;
        frame.candidates.availability = &availability;
        frame.candidates.picture_width = kWidth;
        frame.candidates.picture_height = kHeight;
        frame.candidates.current_poc = 1;
        frame.candidates.ref_count[0] = 1;
        frame.candidates.ref_poc[0][0] = 0;
        view.unit_columns = inter_unit_columns(kWidth);
        view.unit_rows = inter_unit_rows(kHeight);
        units.resize(static_cast<size_t>(view.unit_columns) * view.unit_rows);
        for (int c = 0; c < 3; c++) {
            const int w = c == 0 ? kWidth : kWidth / 2, h = c == 0 ? kHeight : kHeight / 2;
            levels[c].assign(static_cast<size_t>(w) * h, 0);
            samples[c].resize(static_cast<size_t>(w) * h);
            for (size_t i = 0; i < samples[c].size(); i++)
                samples[c][i] = static_cast<uint8_t>(i * 7 + c * 31);
            view.levels[c] = levels[c].data();
            view.reconstruction[c] = samples[c].data();
            view.stride[c] = w;
        }
        view.units = units.data();
    }
    // Marks the CU at (x, y) of 2^log2 samples with `mv` and `cbf`.
    void set_cu(int x, int y, int log2, Mv mv, uint8_t cbf) {
        for (int j = y; j < y + (1 << log2) && j < kHeight; j += 8) {
            for (int i = x; i < x + (1 << log2) && i < kWidth; i += 8) {
                InterCodedUnit& u = units[static_cast<size_t>(j / 8) * view.unit_columns + i / 8];
                u.mv = mv;
                u.cu_log2 = static_cast<uint8_t>(log2);
                u.cbf = cbf;
            }
        }
    }
};

TEST(AcceleratedCtuCoder, SignalsMergeSkipAndAmvpAsTheUnitsSay) {
    Fixture f;
    const Mv a{12, -8}, b{-3, 5};
    // CTU (0, 0): four 32x32 CUs; the first with residual in luma and Cr, the second (same
    // vector) without: a merge candidate carries its motion, so it is skipped; the third a new
    // vector with no residual (AMVP, no rqt), the fourth split into 16x16 CUs.
    f.set_cu(0, 0, 5, a, 0b101);
    f.set_cu(32, 0, 5, a, 0);
    f.set_cu(0, 32, 5, b, 0);
    for (int i = 0; i < 4; i++)
        f.set_cu(32 + (i & 1) * 16, 32 + (i >> 1) * 16, 4, i == 3 ? a : b, i == 2 ? 0b010 : 0);
    for (int v = 0; v < 32; v++) {
        for (int u = 0; u < 32; u++)
            f.levels[0][static_cast<size_t>(v) * Fixture::kWidth + u] = static_cast<int16_t>(u - v);
    }
    f.levels[2][0] = 5;
    f.levels[1][static_cast<size_t>(24) * 64 + 16] =
        -7;  // the third 16x16 CU's Cb block at (16, 24)
    AcceleratedCtuCoder coder(f.frame);
    CtuDecision record;
    coder.code(0, 0, f.view, record);

    ASSERT_EQ(record.cus.size(), 7u);
    const CodingUnit& first = record.cus[0];
    EXPECT_EQ(first.log2_size, 5);
    EXPECT_FALSE(first.pu[0].merge);  // nothing before it to merge with
    EXPECT_FALSE(first.skip);
    EXPECT_EQ(first.pu[0].motion.mv[0], a);
    EXPECT_EQ(first.pu[0].motion.ref_idx[0], 0);
    EXPECT_FALSE(first.pu[0].motion.uses(1));
    // Its AMVP predictors are zero (no neighbours, no collocated picture): the mvd is the vector.
    EXPECT_EQ(first.pu[0].mvd[0], a);
    ASSERT_EQ(first.tu_count, 1);
    const TransformUnit& tu = record.tus[first.first_tu];
    EXPECT_EQ(tu.cbf, 0b101);
    EXPECT_EQ(tu.log2_size, 5);
    EXPECT_TRUE(tu.chroma_here);
    for (int v = 0; v < 32; v++) {
        for (int u = 0; u < 32; u++)
            EXPECT_EQ(level_at(record, tu, 0, u, v), u - v);
    }
    EXPECT_EQ(level_at(record, tu, 2, 0, 0), 5);
    EXPECT_TRUE(record.levels.empty());  // no copy: the CABAC reads the planes

    const CodingUnit& second = record.cus[1];
    EXPECT_TRUE(second.pu[0].merge);
    EXPECT_TRUE(second.skip);
    EXPECT_EQ(second.tu_count, 0);
    EXPECT_EQ(second.pu[0].motion.mv[0], a);  // the left neighbour is merge candidate 0
    EXPECT_EQ(second.pu[0].merge_idx, 0);

    const CodingUnit& third = record.cus[2];
    EXPECT_FALSE(third.pu[0].merge);
    EXPECT_FALSE(third.skip);
    EXPECT_EQ(third.tu_count, 0);
    const std::array<Mv, 2> predictors =
        derive_amvp_predictors(f.frame.candidates, PredictionBlockPosition::whole(0, 32, 32), 0, 0);
    const Mv chosen = predictors[third.pu[0].mvp_idx[0]];
    EXPECT_EQ(chosen.x + third.pu[0].mvd[0].x, b.x);
    EXPECT_EQ(chosen.y + third.pu[0].mvd[0].y, b.y);

    // The 16x16 CUs in z-order; the one at (32, 48) has Cb levels only, merged with b.
    EXPECT_EQ(record.cus[3].log2_size, 4);
    EXPECT_EQ(record.cus[3].x, 32);
    EXPECT_EQ(record.cus[3].y, 32);
    const CodingUnit& with_cb = record.cus[5];
    EXPECT_EQ(with_cb.x, 32);
    EXPECT_EQ(with_cb.y, 48);
    EXPECT_TRUE(with_cb.pu[0].merge);
    EXPECT_FALSE(with_cb.skip);
    ASSERT_EQ(with_cb.tu_count, 1);
    EXPECT_EQ(record.tus[with_cb.first_tu].cbf, 0b010);
    EXPECT_EQ(level_at(record, record.tus[with_cb.first_tu], 1, 0, 0), -7);
    EXPECT_EQ(record.cus[6].pu[0].motion.mv[0], a);

    // The block map says what was coded.
    EXPECT_TRUE(f.blocks.find(40, 8)->skip);
    EXPECT_EQ(f.blocks.find(40, 8)->cu_depth, 1);
    EXPECT_EQ(f.blocks.find(60, 60)->cu_depth, 2);
    EXPECT_EQ(f.blocks.find(60, 60)->pred_mode, PredMode::kInter);
    // The row's reconstruction comes with copy_accelerated_reconstruction_row (the row's
    // finishing turn), not with its CTUs: then it is the view's, the whole picture width.
    for (int c = 0; c < 3; c++) {
        for (int y = 0; y < (c == 0 ? 64 : 32); y++) std::fill_n(f.reconstruction.planes[c].row(y), c == 0 ? 128 : 64, 0);
    }
    for (int i = 0; i < 4; i++) f.set_cu(64 + (i & 1) * 32, (i >> 1) * 32, 5, b, 0);
    CtuDecision next;
    coder.code(1, 0, f.view, next);
    EXPECT_EQ(*f.reconstruction.planes[0].at(127, 63), 0) << "the CTUs copy nothing";
    copy_accelerated_reconstruction_row(f.view, 0, f.reconstruction);
    for (int c = 0; c < 3; c++) {
        const int n = c == 0 ? 64 : 32;
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < 2 * n; x++) {
                ASSERT_EQ(*f.reconstruction.planes[c].at(x, y),
                          f.samples[c][static_cast<size_t>(y) * f.view.stride[c] + x]);
            }
        }
    }
}

TEST(AcceleratedCtuCoder, FollowsTheSmallCodingUnitsAtThePictureEdge) {
    Fixture f;
    // CTU (1, 1): only 8 lines inside the picture, all 8x8 CUs (16 of them, 64 wide).
    for (int x = 64; x < 128; x += 8) f.set_cu(x, 64, 3, Mv{static_cast<int16_t>(x), 4}, 0);
    AcceleratedCtuCoder coder(f.frame);
    CtuDecision record;
    coder.code(1, 1, f.view, record);
    ASSERT_EQ(record.cus.size(), 8u);
    for (const CodingUnit& cu : record.cus) {
        EXPECT_EQ(cu.log2_size, 3);
        EXPECT_EQ(cu.y, 64);
        EXPECT_EQ(cu.pu[0].motion.mv[0].x, cu.x);
    }
    // z-order: 64, 72 in the first 16x16, then 80, 88 ...
    EXPECT_EQ(record.cus[0].x, 64);
    EXPECT_EQ(record.cus[1].x, 72);
    EXPECT_EQ(record.cus[2].x, 80);
    copy_accelerated_reconstruction_row(f.view, 1, f.reconstruction);  // the 8 lines of row 1
    EXPECT_EQ(*f.reconstruction.planes[0].at(100, 70),
              f.samples[0][static_cast<size_t>(70) * 128 + 100]);
}

TEST(AcceleratedCtuCoder, JoinsFourEqual32x32CusIntoOne64x64Cu) {
    Fixture f;
    const Mv a{-20, 6};
    for (int i = 0; i < 4; i++) f.set_cu((i & 1) * 32, (i >> 1) * 32, 5, a, i == 2 ? 0b001 : 0);
    f.levels[0][static_cast<size_t>(32) * Fixture::kWidth] = 9;  // the third quarter's first level
    // The second CTU: four 32x32 CUs with one vector and no residual, after the first.
    for (int i = 0; i < 4; i++) f.set_cu(64 + (i & 1) * 32, (i >> 1) * 32, 5, a, 0);
    AcceleratedCtuCoder coder(f.frame);
    CtuDecision record;
    coder.code(0, 0, f.view, record);
    ASSERT_EQ(record.cus.size(), 1u);
    const CodingUnit& cu = record.cus[0];
    EXPECT_EQ(cu.log2_size, 6);
    EXPECT_FALSE(cu.skip);
    ASSERT_EQ(cu.tu_count, 4);
    for (int i = 0; i < 4; i++) {
        const TransformUnit& tu = record.tus[cu.first_tu + static_cast<size_t>(i)];
        EXPECT_EQ(tu.log2_size, 5);
        EXPECT_EQ(tu.depth, 1);
        EXPECT_EQ(tu.x, (i & 1) * 32);
        EXPECT_EQ(tu.y, (i >> 1) * 32);
        EXPECT_EQ(tu.cbf, i == 2 ? 1 : 0);
    }
    EXPECT_EQ(level_at(record, record.tus[cu.first_tu + 2], 0, 0, 0), 9);
    EXPECT_EQ(f.blocks.find(40, 40)->cu_depth, 0);

    CtuDecision second;
    coder.code(1, 0, f.view, second);
    ASSERT_EQ(second.cus.size(), 1u);
    EXPECT_EQ(second.cus[0].log2_size, 6);
    EXPECT_TRUE(second.cus[0].skip);  // its left neighbour carries the same motion
    EXPECT_EQ(second.cus[0].tu_count, 0);
}

}  // namespace
}  // namespace tc
