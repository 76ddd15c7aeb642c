// The CTU decision record of a P picture the accelerator coded (accel/inter_coding.h): the
// coding units it decided, signalled as H.265 codes them (merge where a merge candidate
// carries the same motion, skipped when the CU also has no residual; else AMVP with the
// closer predictor; intra CUs with their mode, chroma's the same), its levels and its
// reconstruction. Where a CTU inside the picture holds
// four 32x32 CUs with one vector, they become one 64x64 CU (four 32x32 transform units). Merge and AMVP candidates depend on
// the CUs before (left, above, and the collocated picture), so this runs CTU by CTU in
// wavefront order like the analysis it replaces; nothing here predicts or transforms.
#pragma once
#include "accel/inter_coding.h"
#include "analysis/analysis_frame.h"
#include "common/ctu_decision.h"

namespace tc {

class AcceleratedCtuCoder {
  public:
    explicit AcceleratedCtuCoder(const AnalysisFrame& frame) : frame_(frame) {}

    // Fills `record` (cleared first) and the block map of CTU (ctu_x, ctu_y) from `coded`,
    // whose picture is frame_'s. The reconstruction is not copied here: see
    // copy_accelerated_reconstruction_row. With `prefilled` (prefill_row ran for this CTU's row
    // and for the row above, before), only the skip flags go into the block map.
    void code(int ctu_x, int ctu_y, const InterCodingView& coded, CtuDecision& record, bool prefilled = false);
    // Every CU of CTU row ctu_y into the block map as code() puts it there, but unskipped:
    // what the merge and AMVP candidates of code() read (motion, prediction mode) and the CU
    // depths. With the rows above and its own row prefilled, a CTU's code(..., true) depends on
    // no other CTU's code(): the rows need no wavefront (only the slice data's contexts do,
    // and the skip flags the substreams' contexts read are the rows' own).
    void prefill_row(int ctu_y, const InterCodingView& coded);

  private:
    // Calls visit(x, y, log2_size, unit) for every CU of the quadtree at (x, y) in z-order.
    template <class Visit>
    void for_each_cu(int x, int y, int log2_size, const InterCodingView& coded, Visit& visit) const;
    void code_cu(int x, int y, int log2_size, const InterCodedUnit& unit,
                 const InterCodingView& coded, CtuDecision& record, bool prefilled);
    // A 16x16 intra CU (InterCodedUnit::intra, accel/intra_coding_steps.h).
    void code_intra_cu(int x, int y, int log2_size, const InterCodedUnit& unit, const InterCodingView& coded,
                       CtuDecision& record, bool prefilled);

    const AnalysisFrame& frame_;
};

// The reconstruction of CTU row ctu_y of a picture the accelerator coded, the picture's width,
// from `coded` into `reconstruction`: at the row's finishing turn (RowFinisher), off the
// analysis's wavefront. Nothing reads a row's samples before that turn (the signalling reads
// none). At the row's last CTU the copy (0.37 MB a 4K row, from pinned memory) sat on the
// wavefront's path (the row below's last CTU waits for the whole row above); moving it changed
// no frame time measurably on an H200 machine (docs/BENCHMARKS.md).
void copy_accelerated_reconstruction_row(const InterCodingView& coded, int ctu_y, Picture& reconstruction);

}  // namespace tc
