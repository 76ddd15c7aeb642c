// Coding order of mini-GOPs, reference lists and sets, and the DPB figures the SPS declares.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <set>
#include <string>

#include "gop/dpb_requirements.h"
#include "gop/mini_gop.h"
#include "gop/reference_structure.h"

namespace tc {
namespace {

std::string coding_order(int b_frames) {
    std::array<PicturePlan, 8> plan;
    const int count = plan_mini_gop(1, 1, b_frames, PictureType::kP, plan);
    std::string order;
    for (int i = 0; i < count; i++) {
        order += std::to_string(plan[static_cast<size_t>(i)].poc);
        order += plan[static_cast<size_t>(i)].reference ? "r " : "n ";
    }
    return order;
}

TEST(MiniGop, CodingOrderIsAnchorThenPyramid) {
    EXPECT_EQ(coding_order(0), "1r ");
    EXPECT_EQ(coding_order(1), "2r 1n ");
    EXPECT_EQ(coding_order(3), "4r 2r 1n 3n ");
    EXPECT_EQ(coding_order(7), "8r 4r 2r 1n 3n 6r 5n 7n ");
    EXPECT_EQ(coding_order(2), "3r 1r 2n ");
}

TEST(MiniGop, EveryFrameOnceWithLayers) {
    for (int b = 0; b <= 7; b++) {
        std::array<PicturePlan, 8> plan;
        const int count = plan_mini_gop(10, 5, b, PictureType::kP, plan);
        ASSERT_EQ(count, b + 1);
        std::set<int64_t> frames;
        for (int i = 0; i < count; i++) {
            frames.insert(plan[static_cast<size_t>(i)].frame);
            EXPECT_EQ(plan[static_cast<size_t>(i)].poc - 5, plan[static_cast<size_t>(i)].frame - 10);
            EXPECT_EQ(plan[static_cast<size_t>(i)].type, i == 0 ? PictureType::kP : PictureType::kB);
            EXPECT_EQ(plan[static_cast<size_t>(i)].layer == 0, i == 0);
        }
        EXPECT_EQ(frames.size(), static_cast<size_t>(b + 1));
        EXPECT_EQ(*frames.begin(), 10);
    }
}

TEST(MiniGop, ReorderDepth) {
    EXPECT_EQ(reorder_depth(0), 0);
    EXPECT_EQ(reorder_depth(1), 1);
    EXPECT_EQ(reorder_depth(3), 2);
    EXPECT_EQ(reorder_depth(7), 3);
}

// Runs a whole GOP through the reference structure and checks, picture by picture, that the
// lists only name kept pictures, B lists look both ways, and nothing needed is dropped.
void check_structure(int b_frames, int refs) {
    SCOPED_TRACE("b_frames " + std::to_string(b_frames) + " refs " + std::to_string(refs));
    ReferenceStructure structure(refs);
    PictureReferences references;
    PicturePlan idr;
    structure.plan(idr, {}, references);
    EXPECT_EQ(references.rps_count, 0);
    structure.coded(idr, references);
    std::set<int> decoded = {0};
    int poc = 1;
    for (int group = 0; group < 6; group++) {
        std::array<PicturePlan, 8> plan;
        const int count = plan_mini_gop(poc, poc, b_frames, PictureType::kP, plan);
        for (int i = 0; i < count; i++) {
            const PicturePlan& picture = plan[static_cast<size_t>(i)];
            structure.plan(picture, std::span<const PicturePlan>(plan.data() + i + 1, static_cast<size_t>(count - i - 1)),
                           references);
            std::set<int> kept(structure.kept().begin(), structure.kept().end());
            std::set<int> in_rps;
            for (int k = 0; k < references.rps_count; k++) {
                const int p = references.rps_poc[static_cast<size_t>(k)];
                EXPECT_TRUE(kept.count(p)) << "RPS names picture " << p << " that is not in the DPB";
                in_rps.insert(p);
            }
            for (int list = 0; list < 2; list++) {
                EXPECT_LE(references.count[list], refs);
                for (int k = 0; k < references.count[list]; k++) {
                    const int p = references.poc[static_cast<size_t>(list)][static_cast<size_t>(k)];
                    EXPECT_TRUE(in_rps.count(p)) << "list " << list << " uses " << p << " outside the RPS";
                    bool used = false;
                    for (int r = 0; r < references.rps_count; r++) {
                        used |= references.rps_poc[static_cast<size_t>(r)] == p && references.rps_used[static_cast<size_t>(r)];
                    }
                    EXPECT_TRUE(used) << p << " must be marked used by the current picture";
                }
            }
            ASSERT_GE(references.count[0], 1) << "poc " << picture.poc;
            if (picture.type == PictureType::kB) {
                ASSERT_GE(references.count[1], 1);
                EXPECT_LT(references.poc[0][0], picture.poc) << "list 0 starts before the picture";
                EXPECT_GT(references.poc[1][0], picture.poc) << "list 1 starts after the picture";
                // A B picture's nearest neighbours on both sides are its references.
                EXPECT_EQ(references.poc[0][0], *std::prev(decoded.lower_bound(picture.poc)));
            } else {
                EXPECT_EQ(references.count[1], 0);
                EXPECT_LT(references.poc[0][0], picture.poc);
            }
            structure.coded(picture, references);
            if (picture.reference) decoded.insert(picture.poc);
            EXPECT_LE(static_cast<int>(structure.kept().size()), 16);
        }
        poc += b_frames + 1;
    }
}

TEST(ReferenceStructure, ListsAndSetsForEveryGop) {
    for (int b = 0; b <= 7; b++) {
        for (int refs = 1; refs <= 4; refs++) check_structure(b, refs);
    }
}

TEST(ReferenceStructure, LowDelayPKeepsTheLastRefsPictures) {
    ReferenceStructure structure(2);
    PictureReferences references;
    PicturePlan picture;
    structure.plan(picture, {}, references);
    structure.coded(picture, references);
    for (int poc = 1; poc <= 5; poc++) {
        picture.poc = poc;
        picture.type = PictureType::kP;
        structure.plan(picture, {}, references);
        EXPECT_EQ(references.count[0], std::min(poc, 2));
        EXPECT_EQ(references.poc[0][0], poc - 1);
        EXPECT_EQ(references.rps_count, std::min(poc, 2)) << "no more than the two newest are kept";
        structure.coded(picture, references);
    }
}

TEST(ReferenceStructure, IntraPictureEmptiesTheBuffer) {
    ReferenceStructure structure(1);
    PictureReferences references;
    PicturePlan picture;
    structure.coded(picture, references);
    picture.poc = 1;
    picture.type = PictureType::kP;
    structure.plan(picture, {}, references);
    structure.coded(picture, references);
    EXPECT_FALSE(structure.kept().empty());
    picture.poc = 2;
    picture.type = PictureType::kCra;
    structure.plan(picture, {}, references);
    EXPECT_EQ(references.rps_count, 0);
    structure.coded(picture, references);
    ASSERT_EQ(structure.kept().size(), 1u);
    EXPECT_EQ(structure.kept()[0], 2);
}

TEST(DpbRequirements, GrowWithBFramesAndReferences) {
    const DpbRequirements p1 = dpb_requirements(0, 1, false);
    EXPECT_EQ(p1.max_num_reorder, 0);
    EXPECT_EQ(p1.max_dec_pic_buffering, 2);  // the reference and the current picture
    const DpbRequirements p4 = dpb_requirements(0, 4, true);
    EXPECT_EQ(p4.max_dec_pic_buffering, 6);  // four references, the long-term one, the current picture
    const DpbRequirements b3 = dpb_requirements(3, 1, false);
    EXPECT_EQ(b3.max_num_reorder, 2);
    EXPECT_GE(b3.max_dec_pic_buffering, 4);
    const DpbRequirements b7 = dpb_requirements(7, 4, false);
    EXPECT_EQ(b7.max_num_reorder, 3);
    EXPECT_GE(b7.max_dec_pic_buffering, b3.max_dec_pic_buffering);
    EXPECT_LE(b7.max_dec_pic_buffering, 16);
}

}  // namespace
}  // namespace tc
