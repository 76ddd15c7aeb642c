#include "encoder/wavefront_analysis.h"

namespace tc {

WavefrontAnalysis::WavefrontAnalysis(const AnalysisFrame& frame, int rows, int analyzers)
    : prefilled_(rows), row_contexts_(static_cast<size_t>(rows)), synchronised_(static_cast<size_t>(rows)) {
    for (int i = 0; i < analyzers; i++) analyzers_.push_back(std::make_unique<CtuAnalyzer>(frame));
}

void WavefrontAnalysis::analyse(ThreadPool& pool, Wavefront& wavefront, bool wpp,
                                const CabacContexts& initial, std::vector<CtuDecision>& decisions,
                                RowCallback row_end, SideTasks after, SideTasks beside, WaitHelper help) {
    const int columns = wavefront.columns(), rows = wavefront.rows();
    if (!wpp) {
        auto beside_task = [&](int index, int worker) { beside.call(beside.object, index, worker); };
        if (beside.count > 0) pool.run(beside.count, beside_task);
        CabacContexts contexts = initial;
        for (int row = 0; row < rows; row++) {
            if (wavefront.starts_slice(row)) contexts = initial;
            for (int column = 0; column < columns; column++) {
                analyzers_[0]->analyze(column, row, contexts,
                                       decisions[static_cast<size_t>(row) * columns + column]);
            }
        }
        return;
    }
    if (analyzers_[0]->accelerated_picture()) {
        analyse_accelerated_rows(pool, wavefront, decisions, row_end, after, beside, help);
        return;
    }
    auto visit = [&](int column, int row, int worker) {
        analyse_ctu(wavefront, initial, decisions, column, row, worker);
    };
    wavefront.run(pool, visit, row_end, after, beside, help);
}

void WavefrontAnalysis::analyse_accelerated_rows(ThreadPool& pool, Wavefront& wavefront,
                                                 std::vector<CtuDecision>& decisions, RowCallback row_end,
                                                 SideTasks after, SideTasks beside, WaitHelper help) {
    prefilled_.reset();
    const int columns = wavefront.columns();
    auto visit = [&](int column, int row, int worker) {
        CtuAnalyzer& analyzer = *analyzers_[static_cast<size_t>(worker)];
        if (column == 0) {
            analyzer.prefill_accelerated_row(row);
            prefilled_.publish(row, 1);
            // The merge and AMVP candidates reach into the row above (never below: those
            // blocks come later in z-scan order), and rows are handed out in order.
            if (row > 0) prefilled_.wait_helping(row - 1, 1, help);
        }
        analyzer.analyze_prefilled(column, row, decisions[static_cast<size_t>(row) * columns + column]);
    };
    wavefront.run(pool, visit, row_end, after, beside, help, false);
}

void WavefrontAnalysis::analyse_ctu(const Wavefront& wavefront, const CabacContexts& initial,
                                    std::vector<CtuDecision>& decisions, int column, int row, int worker) {
    const auto r = static_cast<size_t>(row);
    const int columns = wavefront.columns();
    CabacContexts& contexts = row_contexts_[r];
    // 9.3.1: the first CTU of a row takes the contexts stored after the above-right CTU
    // (the second of the row above); a picture one CTU wide has none and starts afresh, as
    // does the first row of a slice.
    if (column == 0) contexts = !wavefront.starts_slice(row) && columns > 1 ? synchronised_[r - 1] : initial;
    analyzers_[static_cast<size_t>(worker)]->analyze(column, row, contexts,
                                                     decisions[r * static_cast<size_t>(columns) + column]);
    if (column == 1) synchronised_[r] = contexts;
}

void WavefrontAnalysis::analyse_together(ThreadPool& pool, const Job& first, const Job& second) {
    auto visit_first = [&](int column, int row, int worker) {
        first.analysis->analyse_ctu(*first.wavefront, *first.initial, *first.decisions, column, row, worker);
    };
    auto visit_second = [&](int column, int row, int worker) {
        second.analysis->analyse_ctu(*second.wavefront, *second.initial, *second.decisions, column, row, worker);
    };
    Wavefront::run_together(pool, {first.wavefront, CtuVisit::of(visit_first), first.row_end, first.after},
                            {second.wavefront, CtuVisit::of(visit_second), second.row_end, second.after});
}

}  // namespace tc
