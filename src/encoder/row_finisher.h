// What a picture needs after its analysis, done CTU row by CTU row while the analysis of the
// rows below goes on: deblocking, SAO (decisions and application), the decoded picture hash,
// the border a reference picture is predicted from and the squared error against the source.
//
// Row k's turn comes once the analysis of rows k and k + 1 is done: row k + 1 was the last to
// read row k's unfiltered samples (intra prediction reads the line above); where that line is
// kept apart for it (RowFinishingJob::row_below_reads_kept_lines), once row k's own analysis
// is done, so that the filters follow one row behind the analysis. Turns are taken in
// increasing order of rows (row_analysed), whatever order the rows' analyses end in (with
// several slices, a lower slice's rows may end first). Its steps:
//   describe row k to the deblocking filter; its vertical edges; once row k - 1's vertical
//   edges are done, its horizontal edges (the top one changes row k - 1's last 3 lines).
//   Once row k - 1's own horizontal edges are done too, it is deblocked for good and
//   "settles": SAO statistics of the whole row (once the row above has made its copy), then
//   decisions CTU by CTU, each once the row above has decided up to its above-right CTU (the
//   rate model's order, as in the substreams); SAO applied from a
//   copy of the deblocked samples; then the row's MD5 (after row k - 2's, by whichever thread
//   hashes that one: one chain per plane; unless the job leaves the hash to the caller),
//   border and squared error.
// The last row settles in a call of its own, which may run beside the last row's turn (its SAO
// decisions a CTU behind the row above's, as in any row). Samples a step reads are never
// written by a step that may run at the same time (deblocking ranges 8 rows apart do not
// touch, and every line of the SAO copy is written once), so the picture is the same whichever
// worker ran what when.
#pragma once

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <cstdint>
#include <vector>

#include "analysis/analysis_frame.h"
#include "bitstream/picture_hash_sei.h"
#include "common/ctu_decision.h"
#include "common/slice_rows.h"
#include "encoder/wavefront.h"
#include "filter/deblocking.h"
#include "filter/sao.h"
#include "filter/sao_estimation.h"
#include "kernels/pixel_kernels.h"
#include "threading/row_progress.h"

namespace tc {

// One picture's finishing: what to do and on what.
struct RowFinishingJob {
    const PixelKernels* kernels = nullptr;
    // Its source, reconstruction (filtered in place), QP, lambda and reference POCs.
    const AnalysisFrame* frame = nullptr;
    const std::vector<CtuDecision>* decisions = nullptr;  // raster order
    // The picture's slices (nullptr: one): the filters cross no slice boundary.
    const SliceRows* slices = nullptr;
    bool deblock = false;
    bool sao = false;
    int border = 0;  // luma samples of border to extend around the picture (0: none)
    // The decoded picture hash, row by row (false: the caller hashes the finished picture).
    bool hash = true;
    // The squared errors against the source over this area (luma samples; 0: none).
    int measured_width = 0, measured_height = 0;
    // The analysis of a row reads no sample of the row above from the reconstruction (intra
    // prediction takes the kept unfiltered lines, AnalysisFrame::ctu_row_bottoms): a row's turn
    // then comes once the row itself is analysed, not once the row below is as well.
    bool row_below_reads_kept_lines = false;
    // Called with each row (and worker 0) once its SAO parameters are decided (with SAO off:
    // once it is deblocked), before the row's SAO is applied; rows' calls may run at the same
    // time.
    RowCallback row_decided;
};

class RowFinisher {
  public:
    // For coded pictures of width x height luma samples (multiples of 8); with_sao: whether
    // SAO may be asked for (allocates its copy and state). False when memory is short.
    bool allocate(int width, int height, bool with_sao);

    // A new picture; no row of the previous one may still be finishing.
    void start(const RowFinishingJob& job);
    // Row `row`'s analysis is done: call once per row, in any order, on any thread. With
    // take_turns, takes the turns (finish_row) that are due, in increasing order of rows, on the
    // calling thread; without, leaves them to try_turn, to a later row_analysed and to
    // help_with_turns. The last row's turn also marks the picture analysed. Use either this or
    // finish_row for a picture.
    void row_analysed(int row, bool take_turns = true);
    // Takes the next turn if it is due and not taken (without waiting) and returns true, else
    // returns false: work for a worker that would otherwise wait (the wavefront's WaitHelper).
    bool try_turn();
    // Row `row`'s turn (see above). Call once per row in increasing order of rows, each once
    // it is due (see above; the last row's: once every row is analysed), on any thread; a
    // call waits only for the calls of the rows above it, so they must be running or bound to
    // run without waiting for this one.
    void finish_row(int row);
    // Settles the last row: call once, after (or beside) the last row's finish_row. Calls
    // help() while it would wait for that row's deblocking (see run_after_rows).
    void settle_last_row(WaitHelper help = {});
    // Rows from `row` on do not call the job's row_decided in their settling: tasks after the
    // rows do (run_after_rows), on other workers, beside the settling: the picture's last rows'
    // substreams then run beside their SAO and hash, which were one chain with them on one
    // worker while the others idled. Call after start(), before any row settles.
    void leave_row_decided_from(int row) { row_decided_elsewhere_from_ = row; }
    // The tasks for the workers that have run out of rows (with row_analysed), run_after_rows(0)
    // to run_after_rows(after_rows_tasks() - 1), in that order of starting: the first is
    // help_with_turns, the second settles the last row (settle_last_row: beside the row above's
    // settling, which the last turn does, instead of after it on the same worker; bikes and
    // foreman on two threads about 1 % faster, docs/BENCHMARKS.md), each other waits until a
    // row left by leave_row_decided_from is decided and calls the job's row_decided for it.
    // Where a task would wait for a row, it calls help() until that returns false or the row is
    // there (work for the waiting worker that needs nothing of the picture: CoarsePrefetch's
    // searches).
    int after_rows_tasks() const { return 2 + std::max(0, rows_ - row_decided_elsewhere_from_); }
    void run_after_rows(int index, WaitHelper help = {});
    // For a worker that has run out of rows (with row_analysed): takes the turns not yet
    // taken, each once it is due (waiting for the analysis of its rows), beside the workers
    // whose row_analysed takes the others. The picture's last turns come due together when its
    // last row is analysed; without a helper one worker took them all while the others waited
    // for the picture to end.
    void help_with_turns(WaitHelper help = {});

    // After every row's turn (of a job with `hash`):
    std::array<PlaneDigest, 3> digests() { return md5_.finish(); }
    // The hash of a job without `hash`, on another thread ("pipeline"): the rows of `picture`
    // (the job's reconstruction) in order, each as soon as it is settled, so that it runs beside
    // the rows instead of after them. The caller resets the progress it follows
    // (forget_settled_rows) before the rows start and this waits on it, so a finisher is never
    // started while a hash of its previous picture is still following it.
    void forget_settled_rows() { settled_.reset(); }
    std::array<PlaneDigest, 3> hash_settled_rows(const Picture& picture);
    // The progress hash_settled_rows follows, for a hasher of its own (PictureHasher).
    const RowProgress& settled_rows() const { return settled_; }
    const std::vector<CtuSaoParameters>& sao_parameters() const { return sao_parameters_; }
    uint64_t sse(int plane) const;
    // When the analysis of the last row ended (set by the caller through mark_analysed).
    void mark_analysed() { analysed_at_ = std::chrono::steady_clock::now(); }
    std::chrono::steady_clock::time_point analysed_at() const { return analysed_at_; }

  private:
    void deblock_row(int row);
    void settle_row(int row);
    // Row `row` is final: hashes it, and the rows after it that are, if the chains have reached
    // it and nobody hashes; else leaves it to the thread that hashes.
    void hash_rows_from(int row);
    // Whether row `row`'s turn waits for the analysis of the row below too.
    bool waits_for_row_below(int row) const { return row + 1 < rows_ && !job_.row_below_reads_kept_lines; }

    int columns_ = 0, rows_ = 0, width_ = 0, height_ = 0;
    RowFinishingJob job_;
    DeblockingMap deblocking_map_;
    Picture deblocked_;  // what SAO classifies from
    std::vector<CtuSaoStatistics> sao_statistics_;
    std::vector<CtuSaoParameters> sao_parameters_;
    SaoRateModel sao_rate_model_;
    std::vector<std::array<uint64_t, 3>> row_sse_;
    PictureMd5 md5_;
    RowProgress vertical_edges_{0};    // per row: 1 once its vertical edges are filtered
    RowProgress deblocked_rows_{0};    // per row: 1 once its horizontal edges are filtered (or none)
    RowProgress copied_{0};          // per row: 1 once its lines are in deblocked_ (copy_for_sao)
    RowProgress sao_decided_{0};     // per row: CTUs whose SAO is decided
    RowProgress row_decided_{0};     // per row: 1 once ready for row_decided (leave_row_decided_from)
    RowProgress settled_{0};         // per row: 1 once settled (its samples final)
    int row_decided_elsewhere_from_ = 0x7fffffff;
    // The MD5 chains take the rows in order, each once its SAO is applied: a settled row
    // whose row above is not hashed yet is left to the thread hashing that one (hash_rows_from).
    std::mutex hash_mutex_;
    std::unique_ptr<bool[]> hash_ready_;  // per row: settled, its samples final
    int hash_next_ = 0;                   // the next row the chains take
    bool hashing_ = false;                // a thread is hashing rows
    std::unique_ptr<std::atomic<bool>[]> analysed_;  // per row, for row_analysed
    RowProgress analysed_rows_{0};                   // per row: 1 once analysed (for the helper's waits)
    std::atomic<int> next_turn_{0};                  // the next row whose turn row_analysed takes
    std::chrono::steady_clock::time_point analysed_at_{};
};

}  // namespace tc
