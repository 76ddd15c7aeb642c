#include "bitstream/cabac_context.h"

#include <gtest/gtest.h>

#include <cmath>

#include "bitstream/cabac_context_init_values.h"
#include "bitstream/cabac_contexts.h"
#include "bitstream/cabac_tables.h"

namespace tc {
namespace {

ContextModel initialized(int init_value, int slice_qp) {
    ContextModel context;
    init_context(context, init_value, slice_qp);
    return context;
}

TEST(CabacContext, InitValue154IsEquiprobableAtEveryQp) {
    // slopeIdx 9 -> m = 0, offsetIdx 10 -> n = 64: preCtxState 64 -> valMps 1, pStateIdx 0.
    for (int qp = -10; qp <= 60; ++qp) {
        const ContextModel context = initialized(154, qp);
        EXPECT_EQ(context.state(), 0) << qp;
        EXPECT_EQ(context.mps(), 1) << qp;
    }
}

TEST(CabacContext, HandDerivedValues) {
    // 63: m = 3 * 5 - 45 = -30, n = 15 * 8 - 16 = 104.
    // QP 26: (-780 >> 4) = -49 -> preCtxState 55 -> valMps 0, pStateIdx 63 - 55 = 8.
    EXPECT_EQ(initialized(63, 26).state(), 8);
    EXPECT_EQ(initialized(63, 26).mps(), 0);
    // QP 0: preCtxState 104 -> valMps 1, pStateIdx 40.
    EXPECT_EQ(initialized(63, 0).state(), 40);
    EXPECT_EQ(initialized(63, 0).mps(), 1);
    // QP 51: (-1530 >> 4) = -96 -> preCtxState 8 -> valMps 0, pStateIdx 55.
    EXPECT_EQ(initialized(63, 51).state(), 55);
    EXPECT_EQ(initialized(63, 51).mps(), 0);
    // SliceQpY is clipped to 0..51 first.
    EXPECT_EQ(initialized(63, 70).state(), 55);
    EXPECT_EQ(initialized(63, -3).state(), 40);
    // 139: m = -5, n = 72. QP 32: -160 >> 4 = -10 -> 62 -> valMps 0, pStateIdx 1.
    EXPECT_EQ(initialized(139, 32).state(), 1);
    EXPECT_EQ(initialized(139, 32).mps(), 0);
    // 1: m = -45, n = -8. QP 51: preCtxState clipped to 1 -> valMps 0, pStateIdx 62.
    EXPECT_EQ(initialized(1, 51).state(), 62);
    EXPECT_EQ(initialized(1, 51).mps(), 0);
    // 255: m = 30, n = 104. QP 51: 95 + 104 clipped to 126 -> valMps 1, pStateIdx 62.
    EXPECT_EQ(initialized(255, 51).state(), 62);
    EXPECT_EQ(initialized(255, 51).mps(), 1);
    // 197 (cu_skip_flag): m = 12 * 5 - 45 = 15, n = 5 * 8 - 16 = 24.
    // QP 37: 555 >> 4 = 34 -> preCtxState 58 -> valMps 0, pStateIdx 5.
    EXPECT_EQ(initialized(197, 37).state(), 5);
    EXPECT_EQ(initialized(197, 37).mps(), 0);
}

TEST(CabacContext, StateAlwaysInRange) {
    for (int value = 0; value < 256; ++value) {
        for (int qp = 0; qp <= 51; ++qp) {
            const ContextModel context = initialized(value, qp);
            ASSERT_LE(context.state(), 62);
            ASSERT_LE(context.mps(), 1);
        }
    }
}

template <size_t N>
void expect_initialized(const ContextModel (&contexts)[N], const uint8_t (&values)[3][N],
                        int init_type, int qp, const char* name) {
    for (size_t i = 0; i < N; ++i) {
        const ContextModel expected = initialized(values[init_type][i], qp);
        EXPECT_EQ(contexts[i].state(), expected.state()) << name << "[" << i << "]";
        EXPECT_EQ(contexts[i].mps(), expected.mps()) << name << "[" << i << "]";
    }
}

TEST(CabacContexts, EveryMemberFollowsItsTable) {
    for (int init_type = 0; init_type < 3; ++init_type) {
        for (int qp : {0, 22, 37, 51}) {
            CabacContexts c;
            init_cabac_contexts(c, init_type, qp);
            const int t = init_type;
            namespace v = cabac_init;
            expect_initialized(c.sao_merge_flag, v::kSaoMergeFlag, t, qp, "sao_merge");
            expect_initialized(c.sao_type_idx, v::kSaoTypeIdx, t, qp, "sao_type");
            expect_initialized(c.split_cu_flag, v::kSplitCuFlag, t, qp, "split_cu");
            expect_initialized(c.cu_transquant_bypass_flag, v::kCuTransquantBypassFlag, t, qp,
                               "bypass");
            expect_initialized(c.cu_skip_flag, v::kCuSkipFlag, t, qp, "skip");
            expect_initialized(c.pred_mode_flag, v::kPredModeFlag, t, qp, "pred_mode");
            expect_initialized(c.part_mode, v::kPartMode, t, qp, "part_mode");
            expect_initialized(c.prev_intra_luma_pred_flag, v::kPrevIntraLumaPredFlag, t, qp,
                               "prev_intra");
            expect_initialized(c.intra_chroma_pred_mode, v::kIntraChromaPredMode, t, qp,
                               "chroma_mode");
            expect_initialized(c.rqt_root_cbf, v::kRqtRootCbf, t, qp, "rqt_root_cbf");
            expect_initialized(c.merge_flag, v::kMergeFlag, t, qp, "merge_flag");
            expect_initialized(c.merge_idx, v::kMergeIdx, t, qp, "merge_idx");
            expect_initialized(c.inter_pred_idc, v::kInterPredIdc, t, qp, "inter_pred_idc");
            expect_initialized(c.ref_idx, v::kRefIdx, t, qp, "ref_idx");
            expect_initialized(c.mvp_flag, v::kMvpFlag, t, qp, "mvp_flag");
            expect_initialized(c.split_transform_flag, v::kSplitTransformFlag, t, qp,
                               "split_transform");
            expect_initialized(c.cbf_luma, v::kCbfLuma, t, qp, "cbf_luma");
            expect_initialized(c.cbf_chroma, v::kCbfChroma, t, qp, "cbf_chroma");
            expect_initialized(c.abs_mvd_greater0_flag, v::kAbsMvdGreater0Flag, t, qp, "mvd0");
            expect_initialized(c.abs_mvd_greater1_flag, v::kAbsMvdGreater1Flag, t, qp, "mvd1");
            expect_initialized(c.cu_qp_delta_abs, v::kCuQpDeltaAbs, t, qp, "dqp");
            expect_initialized(c.transform_skip_flag, v::kTransformSkipFlag, t, qp, "ts");
            expect_initialized(c.last_sig_coeff_x_prefix, v::kLastSigCoeffPrefix, t, qp, "last_x");
            expect_initialized(c.last_sig_coeff_y_prefix, v::kLastSigCoeffPrefix, t, qp, "last_y");
            expect_initialized(c.coded_sub_block_flag, v::kCodedSubBlockFlag, t, qp, "csbf");
            expect_initialized(c.sig_coeff_flag, v::kSigCoeffFlag, t, qp, "sig");
            expect_initialized(c.coeff_abs_level_greater1_flag, v::kCoeffAbsLevelGreater1Flag, t,
                               qp, "gt1");
            expect_initialized(c.coeff_abs_level_greater2_flag, v::kCoeffAbsLevelGreater2Flag, t,
                               qp, "gt2");
        }
    }
}

TEST(CabacContexts, SpotValuesFromTheSpecTables) {
    // A few entries typed in again from the spec tables, independent of the table file layout.
    using namespace cabac_init;
    EXPECT_EQ(kSplitCuFlag[0][0], 139);
    EXPECT_EQ(kSplitCuFlag[1][2], 126);
    EXPECT_EQ(kPartMode[0][0], 184);
    EXPECT_EQ(kPartMode[2][1], 139);
    EXPECT_EQ(kMergeFlag[1][0], 110);
    EXPECT_EQ(kMergeFlag[2][0], 154);
    EXPECT_EQ(kMergeIdx[1][0], 122);
    EXPECT_EQ(kMergeIdx[2][0], 137);
    EXPECT_EQ(kAbsMvdGreater0Flag[1][0], 140);
    EXPECT_EQ(kAbsMvdGreater0Flag[2][0], 169);
    EXPECT_EQ(kSplitTransformFlag[2][0], 224);
    EXPECT_EQ(kSigCoeffFlag[0][0], 111);
    EXPECT_EQ(kSigCoeffFlag[1][0], 155);
    EXPECT_EQ(kSigCoeffFlag[2][0], 170);
    EXPECT_EQ(kSigCoeffFlag[0][42], 141);
    EXPECT_EQ(kSigCoeffFlag[0][43], 111);
    EXPECT_EQ(kCoeffAbsLevelGreater1Flag[0][21], 227);
    EXPECT_EQ(kCoeffAbsLevelGreater1Flag[2][17], 208);
    EXPECT_EQ(kLastSigCoeffPrefix[0][17], 63);
    EXPECT_EQ(kSaoTypeIdx[0][0], 200);
    EXPECT_EQ(kSaoTypeIdx[2][0], 160);
}

TEST(CabacTables, EngineTablesAreConsistent) {
    EXPECT_EQ(kRangeTabLps[0][0], 128);
    EXPECT_EQ(kRangeTabLps[0][3], 240);
    EXPECT_EQ(kRangeTabLps[62][0], 6);
    EXPECT_EQ(kRangeTabLps[63][0], 2);
    for (int state = 0; state < 64; ++state) {
        for (int q = 1; q < 4; ++q) EXPECT_GE(kRangeTabLps[state][q], kRangeTabLps[state][q - 1]);
        if (state > 0) {
            for (int q = 0; q < 4; ++q)
                EXPECT_LE(kRangeTabLps[state][q], kRangeTabLps[state - 1][q]);
        }
        EXPECT_LE(kTransIdxLps[state], state == 63 ? 63 : state);
    }
    EXPECT_EQ(trans_idx_mps(0), 1);
    EXPECT_EQ(trans_idx_mps(61), 62);
    EXPECT_EQ(trans_idx_mps(62), 62);
}

TEST(CabacTables, BinCostMatchesProbabilityModel) {
    for (int state = 0; state < 64; ++state) {
        const double lps = 0.5 * std::pow(0.01875 / 0.5, state / 63.0);
        const double mps_cost = -std::log2(1.0 - lps) * 32768.0;
        const double lps_cost = -std::log2(lps) * 32768.0;
        EXPECT_NEAR(kCabacBinCost[state][0], mps_cost, 0.51) << state;
        EXPECT_NEAR(kCabacBinCost[state][1], lps_cost, 0.51) << state;
    }
}

}  // namespace
}  // namespace tc
