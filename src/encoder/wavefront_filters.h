// The parts of the in-loop filter stages that split into independent CTU rows: describing
// a row's blocks to the deblocking filter, and copying and applying SAO per row (the SAO
// of a row reads the unmodified copy, so rows do not interact).
#pragma once
#include <vector>

#include "analysis/analysis_frame.h"
#include "common/ctu_decision.h"
#include "filter/deblocking.h"
#include "filter/sao.h"
#include "picture/plane.h"

namespace tc {

// Fills the deblocking map's 4x4 blocks of one CTU from its decisions: QP, intra, edges,
// coefficients and motion (reference pictures told apart by POC, long-term by a flag bit).
void describe_ctu_for_deblocking(const CtuDecision& ctu, const AnalysisFrame& frame,
                                 int coded_width, int coded_height, DeblockingMap& map);

// Copies CTU row `row` of every plane of `from` into `to` (same sizes).
void copy_ctu_row(const Picture& from, Picture& to, int row);

// Applies SAO to CTU row `row` of `picture`, classifying from `deblocked`, with the table's
// sao_apply_band / sao_apply_edge.
void apply_sao_ctu_row(const PixelKernels& kernels, Picture& picture, const Picture& deblocked,
                       const std::vector<CtuSaoParameters>& params, int ctu_columns, int row);

}  // namespace tc
