// Motion vector candidates of a prediction block in a P slice: the merge list
// (H.265 8.5.3.2.2 - 8.5.3.2.5) and the AMVP predictors (8.5.3.2.6 - 8.5.3.2.7).
// Temporal candidates come from RefPicList0[0] (collocated_ref_idx 0) when enabled.
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
    int ref_count = 1;                 // num_ref_idx_l0_active
    std::array<int, 8> ref_poc{};      // POC of RefPicList0[i]
    std::array<bool, 8> ref_long_term{};  // RefPicList0[i] is a long-term reference
    int max_merge_candidates = 5;      // MaxNumMergeCand
    // slice_temporal_mvp_enabled_flag: the collocated picture's motion and POC.
    const CollocatedMotion* collocated = nullptr;
    int collocated_poc = 0;
    int picture_width = 0, picture_height = 0;
};

struct MergeList {
    std::array<PuMotion, 5> candidates;
    int count = 0;
};

// Merge candidates of the 2Nx2N prediction block (x, y, width x height).
void derive_merge_list(const CandidateContext& context, int x, int y, int width, int height, MergeList& list);

// The two AMVP predictors for list 0, reference index ref_idx.
std::array<Mv, 2> derive_amvp_predictors(const CandidateContext& context, int x, int y, int width, int height,
                                         int ref_idx);

}  // namespace tc
