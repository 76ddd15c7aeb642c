// Rate-distortion decision of one CTU's coding quadtree (64x64 down to 8x8 CUs, and
// NxN intra partitions at 8x8). Writes the CTU decision record, the reconstruction
// and the block map.
#pragma once
#include <algorithm>
#include <array>
#include <memory>
#include <span>
#include <vector>

#include "analysis/accelerated_ctu_coder.h"
#include "analysis/analysis_frame.h"
#include "analysis/inter_prediction.h"
#include "analysis/intra_search.h"
#include "analysis/merge_interpolations.h"
#include "bitstream/cabac_contexts.h"
#include "common/ctu_decision.h"

namespace tc {

class CtuAnalyzer {
public:
    explicit CtuAnalyzer(const AnalysisFrame& frame);

    // `contexts` holds the CABAC state before the CTU on entry and after it on return.
    void analyze(int ctu_x, int ctu_y, CabacContexts& contexts, CtuDecision& record);

    // A P picture the accelerator coded (frame.accelerated_coding) signalled row by row
    // without a wavefront (AcceleratedCtuCoder::prefill_row): whether this picture is one,
    // the prefill of CTU row ctu_y, and a CTU's signalling once its row and the row above are
    // prefilled (no CABAC state: the signalling reads none).
    bool accelerated_picture() const { return frame_.coded_by_accelerator(); }
    void prefill_accelerated_row(int ctu_y) { accelerated_.prefill_row(ctu_y, *frame_.accelerated_coding); }
    void analyze_prefilled(int ctu_x, int ctu_y, CtuDecision& record) {
        accelerated_.code(ctu_x, ctu_y, *frame_.accelerated_coding, record, true);
    }

private:
    // The CTU's last line of each plane, as analysed, into frame_.ctu_row_bottoms.
    void keep_bottom_line(int ctu_x, int ctu_y);
    // A rejected-or-kept alternative: the record entries it appended, and the
    // reconstruction, block map and contexts it left behind.
    struct Snapshot {
        std::vector<CodingUnit> cus;
        std::vector<TransformUnit> tus;
        std::vector<int16_t> levels;
        std::array<std::vector<uint8_t>, 3> samples;
        std::vector<BlockInfo> blocks;
        CabacContexts contexts;
    };
    struct RecordMark {
        size_t cus, tus, levels;
    };

    // The two ways to predict one prediction block: its best merge candidate (by SATD) and
    // the motion search's vector, with their SATD-based costs.
    struct BlockSearch {
        PredictionUnit merge, amvp;
        bool has_merge = false, has_amvp = false;
        double merge_cost = 0, amvp_cost = 0;
        const PredictionUnit& best() const { return has_merge && (!has_amvp || merge_cost <= amvp_cost) ? merge : amvp; }
        double best_cost() const {
            return has_merge && has_amvp ? std::min(merge_cost, amvp_cost) : has_merge ? merge_cost : amvp_cost;
        }
    };
    BlockSearch search_prediction_block(const PredictionBlockPosition& block);
    // The luma prediction of `block` with `motion` (stride 64): in `out` at the block's offset
    // in its CU, or in the kept interpolations (valid until the next prediction).
    const uint8_t* predict_luma(const Picture* const pictures[2], const PuMotion& motion, const PredictionBlockPosition& block,
                      InterPredictionBuffers& out);
    // The two halves of the search: the merge candidates (derived into `merges`), then the
    // motion search (which also starts from the merge candidates' vectors).
    enum class SearchStage { kMerge, kMotion, kMergeAndMotion };
    void search_prediction_block(const PredictionBlockPosition& block, SearchStage stage, MergeList& merges,
                                 BlockSearch& result);

    using ChildSearch = double (CtuAnalyzer::*)(int x, int y, int log2_size, int depth, CabacContexts& contexts,
                                                CtuDecision& record);
    // The split alternative: the split flag and the four children, each decided by
    // child_search; stops early once the cost reaches `limit` (it cannot win any more).
    double code_split(ChildSearch child_search, int x, int y, int log2_size, int depth, bool inside, double limit,
                      CabacContexts& contexts, CtuDecision& record);
    double search(int x, int y, int log2_size, int depth, CabacContexts& contexts, CtuDecision& record);
    // P pictures: top-down, the whole CU (inter or intra) first, split unless it was skipped.
    double search_inter_picture(int x, int y, int log2_size, int depth, CabacContexts& contexts,
                                CtuDecision& record);
    // P and B pictures, a CU above max_search_cu_log2 (inside the picture): a skipped merge CU if
    // its residual quantises to zero, else the split, and the whole CU searched and coded only
    // where the four children share their motion.
    double search_skip_or_split(int x, int y, int log2_size, int depth, CabacContexts& contexts,
                                CtuDecision& record);
    // The best inter coding of the CU; *prediction_cost receives the SATD-based cost of its
    // prediction (for deciding whether intra is worth a try).
    double code_best_inter_cu(int x, int y, int log2_size, int depth, CabacContexts& contexts, CtuDecision& record,
                              double* prediction_cost);
    // The CU as a skipped merge CU, if its best merge candidate (by SATD) needs no residual:
    // then true, with the CU in the record and its cost in `cost`; else false, nothing coded.
    bool code_skipped_merge_cu(int x, int y, int log2_size, int depth, CabacContexts& contexts, CtuDecision& record,
                               double& cost);
    // Whether the record from `start` holds four unsplit 2Nx2N inter CUs of child_log2_size with the
    // same motion (a parent CU might code them cheaper as one).
    static bool children_share_motion(const CtuDecision& record, const RecordMark& start, int child_log2_size);
    // Whether the best merge candidate of `whole` (a 2Nx2N CU of log2_size) predicts well enough
    // that its residual may quantise to zero: a prediction SATD per sample of at most half a
    // quantiser step. Saves the transforms of merge_residual_is_zero where it cannot succeed.
    bool merge_residual_may_be_zero(const BlockSearch& whole, int log2_size) const;
    // Early skip without full RD: whether the 2Nx2N CU predicted with `motion` would code no
    // residual (forward transforms and quantisation only). `motion` must be the merge search's
    // best candidate, whose luma prediction is in prediction_ already. Luma is tested first;
    // the chroma prediction is made only when luma passes: `chroma_predicted` says whether
    // prediction_ holds it afterwards.
    bool merge_residual_is_zero(int x, int y, int log2_size, const PuMotion& motion, bool& chroma_predicted);
    // What prediction_ holds of a CU's prediction before code_inter_cu codes it.
    enum class Predicted { kNothing, kLuma, kAllPlanes };
    double code_inter_cu(PartMode part_mode, const PredictionUnit* pus, int x, int y, int log2_size, int depth,
                         CabacContexts& contexts, CtuDecision& record, Predicted predicted = Predicted::kNothing);
    // A skipped 2Nx2N merge CU whose prediction is in prediction_ (merge_residual_is_zero said
    // it needs no residual): the same record, reconstruction and cost as code_inter_cu.
    // The CU's reconstruction is its prediction (prediction_, all three planes).
    void reconstruct_from_prediction(int x, int y, int log2_size);
    double code_skipped_cu(const PredictionUnit& pu, int x, int y, int log2_size, int depth, CabacContexts& contexts,
                           CtuDecision& record);
    // The CU into the record and the block map; its rate-distortion cost.
    double finish_inter_cu(const CodingUnit& cu, const uint64_t sse[3], int depth, CabacContexts& contexts,
                           CtuDecision& record);
    double code_intra_cu(int x, int y, int log2_size, int depth, PartMode part_mode, CabacContexts& contexts,
                         CtuDecision& record, std::span<const int> hints);

    // The rate (1/32768 bits) of the record's last CU and its split flag, from `contexts` (which it
    // updates): counted bin by bin, or with the residuals estimated (SearchEffort).
    uint64_t coding_unit_rate(const CtuDecision& record, int x, int y, int log2_size, int depth,
                              CabacContexts& contexts) const;
    RecordMark mark(const CtuDecision& record) const;
    void truncate(CtuDecision& record, const RecordMark& at) const;
    void save(Snapshot& snapshot, const CtuDecision& record, const RecordMark& from, int x, int y, int size,
              const CabacContexts& contexts) const;
    void restore(const Snapshot& snapshot, CtuDecision& record, int x, int y, int size) const;

    const AnalysisFrame& frame_;
    AcceleratedCtuCoder accelerated_{frame_};
    std::unique_ptr<IntraSearch> intra_;
    std::array<Snapshot, 4> snapshots_;      // one per quadtree depth: whole against split
    std::array<Snapshot, 4> alt_snapshots_;  // one per quadtree depth: inter against intra
    InterPredictionBuffers prediction_;
    // The luma of the bi-prediction estimate, so that prediction_ keeps the merge candidate's
    // prediction from the early-skip test for coding.
    InterPredictionBuffers search_prediction_;
    // The bi-predicted candidates' per-list luma interpolations, kept within a CTU.
    std::unique_ptr<MergeInterpolations> interpolations_ = std::make_unique<MergeInterpolations>();
    alignas(64) int16_t component_levels_[3][64 * 64];
};

}  // namespace tc
