// Motion vector candidates of a prediction block in a P or B slice: the merge list
// (H.265 8.5.3.2.2 - 8.5.3.2.5) and the AMVP predictors (8.5.3.2.6 - 8.5.3.2.7).
// Temporal candidates come from the collocated picture (collocated_ref_idx 0 of the list
// collocated_from_l0 names) when enabled.
#pragma once
#include <array>

#include "common/block_info_map.h"
#include "common/motion.h"
#include "motion/collocated_motion.h"
#include "predict/zscan_availability.h"

namespace tc {

// What the derivations need to know about the current slice.
struct CandidateContext {
    const BlockInfoMap* blocks = nullptr;
    const ZscanAvailability* availability = nullptr;
    int current_poc = 0;
    bool b_slice = false;
    int ref_count[2] = {1, 0};                         // num_ref_idx_lX_active
    std::array<std::array<int, 8>, 2> ref_poc{};       // POC of RefPicListX[i]
    std::array<std::array<bool, 8>, 2> ref_long_term{};  // RefPicListX[i] is a long-term reference
    int max_merge_candidates = 5;                      // MaxNumMergeCand
    // slice_temporal_mvp_enabled_flag: the collocated picture's motion and POC.
    const CollocatedMotion* collocated = nullptr;
    int collocated_poc = 0;
    bool collocated_from_l0 = true;
    // NoBackwardPredFlag: no reference picture follows the current one in output order.
    bool no_backward_prediction = true;
    int picture_width = 0, picture_height = 0;
};

// Where the prediction block lies: its coding unit and, for 2NxN / Nx2N, which half.
struct PredictionBlockPosition {
    int cu_x = 0, cu_y = 0, cu_size = 0;
    int x = 0, y = 0, width = 0, height = 0;
    PartMode part_mode = PartMode::k2Nx2N;
    int part_idx = 0;

    static PredictionBlockPosition whole(int x, int y, int size) {
        return {x, y, size, x, y, size, size, PartMode::k2Nx2N, 0};
    }
};

struct MergeList {
    std::array<PuMotion, 5> candidates;
    int count = 0;
};

// Merge candidates of a prediction block.
void derive_merge_list(const CandidateContext& context, const PredictionBlockPosition& block, MergeList& list);

// The two AMVP predictors for list `list`, reference index ref_idx.
std::array<Mv, 2> derive_amvp_predictors(const CandidateContext& context, const PredictionBlockPosition& block,
                                         int list, int ref_idx);

}  // namespace tc
