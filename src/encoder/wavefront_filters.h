// The parts of the in-loop filter stages that work on one CTU row: describing a row's blocks
// to the deblocking filter, and copying and applying SAO per row (the SAO of a row reads the
// deblocked copy, so a row's SAO does not change what another row's reads).
#pragma once
#include <climits>
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

// Copies what SAO of CTU row `row` reads and the copies of the rows before it lack, in every
// plane of `from` into `to` (same sizes): the row but its first line, which the row above
// copied, and the first line of the row below (the whole row for row 0). Each line is
// copied once, so the rows' copies never write a line another row's SAO reads.
void copy_for_sao(const Picture& from, Picture& to, int row);

// Applies SAO to CTU row `row` of `picture`, classifying from `deblocked`, with the table's
// sao_apply_band / sao_apply_edge; the row's slice is CTU rows [slice_first_row, slice_end_row)
// (edge offsets compare no sample across its boundaries).
void apply_sao_ctu_row(const PixelKernels& kernels, Picture& picture, const Picture& deblocked,
                       const std::vector<CtuSaoParameters>& params, int ctu_columns, int row,
                       int slice_first_row = 0, int slice_end_row = INT_MAX);

}  // namespace tc
