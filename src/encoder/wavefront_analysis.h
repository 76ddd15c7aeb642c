// Mode decision and reconstruction of a whole picture, CTU by CTU.
//
// With WPP (entropy_coding_sync_enabled_flag) the CTU rows run in wavefront order over the
// thread pool, one CtuAnalyzer (with its scratch) per worker. The analysis rates modes with
// CABAC contexts that follow the same synchronisation as the slice data (H.265 9.3.1): a
// row starts from the contexts stored after the second CTU of the row above (or from the
// initial ones when there is none), so every CTU's decision depends only on finished
// neighbours and on its own row, never on which worker ran what first.
//
// Without WPP one context state flows through each slice in raster order on one thread.
// Every slice starts from the initial contexts.
#pragma once
#include <memory>
#include <vector>

#include "analysis/analysis_frame.h"
#include "analysis/ctu_analyzer.h"
#include "bitstream/cabac_contexts.h"
#include "common/ctu_decision.h"
#include "encoder/wavefront.h"
#include "threading/row_progress.h"
#include "threading/thread_pool.h"

namespace tc {

class WavefrontAnalysis {
  public:
    // `frame` must outlive the object; `analyzers`: one per worker that may run analysis.
    WavefrontAnalysis(const AnalysisFrame& frame, int rows, int analyzers);

    // Analyses every CTU into `decisions` (raster order, columns x rows entries). With WPP,
    // the worker of each row calls row_end(row, worker) once the row is done, and the pool
    // runs `after` and `beside` as the wavefront's tasks after the rows and beside the first
    // row (Wavefront::run); without, `beside` runs first.
    void analyse(ThreadPool& pool, Wavefront& wavefront, bool wpp, const CabacContexts& initial,
                 std::vector<CtuDecision>& decisions, RowCallback row_end = {}, SideTasks after = {},
                 SideTasks beside = {}, WaitHelper help = {});

    // One picture's WPP analysis as analyse() takes it, for analyse_together.
    struct Job {
        WavefrontAnalysis* analysis = nullptr;
        Wavefront* wavefront = nullptr;
        const CabacContexts* initial = nullptr;
        std::vector<CtuDecision>* decisions = nullptr;
        RowCallback row_end;
        SideTasks after;
    };
    // Two pictures' WPP analyses in one batch on the pool (Wavefront::run_together): a worker
    // done with a row takes the next row of either picture. Each picture's analyzers must
    // cover the pool's workers. The decisions are analyse()'s.
    static void analyse_together(ThreadPool& pool, const Job& first, const Job& second);

  private:
    // The CTU (column, row) of a WPP analysis (a wavefront's visit).
    void analyse_ctu(const Wavefront& wavefront, const CabacContexts& initial, std::vector<CtuDecision>& decisions,
                     int column, int row, int worker);

    // A P picture the accelerator coded, under WPP: every row prefills its CUs into the block
    // map (AcceleratedCtuCoder::prefill_row), waits for the row above's prefill only, and
    // signals its CTUs with no wavefront wait (the rows' finishing turns and the substreams
    // keep their order). On an H200 machine: a quarter less signalling CPU (4K 9.3-10.2 ->
    // 7.5-7.7 ms a picture), the frame time unchanged (docs/BENCHMARKS.md).
    void analyse_accelerated_rows(ThreadPool& pool, Wavefront& wavefront, std::vector<CtuDecision>& decisions,
                                  RowCallback row_end, SideTasks after, SideTasks beside, WaitHelper help);

    std::vector<std::unique_ptr<CtuAnalyzer>> analyzers_;
    RowProgress prefilled_;  // per row: 1 once its CUs are in the block map
    std::vector<CabacContexts> row_contexts_;  // the rate model's state within each row
    std::vector<CabacContexts> synchronised_;  // each row's state after its second CTU
};

}  // namespace tc
