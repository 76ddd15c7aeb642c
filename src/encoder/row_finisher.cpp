#include "encoder/row_finisher.h"

#include <algorithm>

#include "analysis/accelerated_ctu_coder.h"
#include "common/block_types.h"
#include "encoder/wavefront_filters.h"
#include "picture/plane_border.h"

namespace tc {

bool RowFinisher::allocate(int width, int height, bool with_sao) {
    width_ = width;
    height_ = height;
    columns_ = (width + kCtuSize - 1) >> kLog2CtuSize;
    rows_ = (height + kCtuSize - 1) >> kLog2CtuSize;
    const size_t ctus = static_cast<size_t>(columns_) * rows_;
    deblocking_map_.allocate(width, height);
    sao_parameters_.resize(ctus);
    if (with_sao) {
        if (!deblocked_.allocate(width, height, 0)) return false;
        sao_statistics_.resize(ctus);
        sao_rate_model_.allocate(rows_);
    }
    row_sse_.resize(static_cast<size_t>(rows_));
    vertical_edges_ = RowProgress(rows_);
    deblocked_rows_ = RowProgress(rows_);
    copied_ = RowProgress(rows_);
    sao_decided_ = RowProgress(rows_);
    row_decided_ = RowProgress(rows_);
    settled_ = RowProgress(rows_);
    hash_ready_ = std::make_unique<bool[]>(static_cast<size_t>(rows_));
    analysed_rows_ = RowProgress(rows_);
    analysed_ = std::make_unique<std::atomic<bool>[]>(static_cast<size_t>(rows_));
    return true;
}

void RowFinisher::start(const RowFinishingJob& job) {
    job_ = job;
    vertical_edges_.reset();
    deblocked_rows_.reset();
    copied_.reset();
    sao_decided_.reset();
    row_decided_.reset();
    settled_.reset();  // also reset by the caller where a hash follows these rows (forget_settled_rows)
    row_decided_elsewhere_from_ = 0x7fffffff;
    std::fill_n(hash_ready_.get(), rows_, false);
    hash_next_ = 0;
    hashing_ = false;
    analysed_rows_.reset();
    for (int row = 0; row < rows_; row++) analysed_[static_cast<size_t>(row)].store(false);
    next_turn_.store(0);
}

bool RowFinisher::try_turn() {
    // Every store and load here is sequentially consistent: of the events a turn waits for
    // (its rows analysed, the turn before it taken), the thread whose event came last sees the
    // others and takes the turn.
    for (;;) {
        int turn = next_turn_.load();
        if (turn >= rows_ || !analysed_[static_cast<size_t>(turn)].load()) return false;
        if (waits_for_row_below(turn) && !analysed_[static_cast<size_t>(turn) + 1].load()) return false;
        if (!next_turn_.compare_exchange_strong(turn, turn + 1)) continue;
        if (turn + 1 == rows_) mark_analysed();
        finish_row(turn);
        return true;
    }
}

void RowFinisher::row_analysed(int row, bool take_turns) {
    analysed_[static_cast<size_t>(row)].store(true);
    analysed_rows_.publish(row, 1);
    if (take_turns) {
        while (try_turn()) {
        }
    }
}

void RowFinisher::help_with_turns(WaitHelper help) {
    for (;;) {
        int turn = next_turn_.load();
        if (turn >= rows_) break;
        analysed_rows_.wait_helping(turn, 1, help);
        if (waits_for_row_below(turn)) analysed_rows_.wait_helping(turn + 1, 1, help);
        if (!next_turn_.compare_exchange_strong(turn, turn + 1)) continue;
        if (turn + 1 == rows_) mark_analysed();
        finish_row(turn);
    }
}

void RowFinisher::finish_row(int row) {
    // A picture the accelerator coded: its row's reconstruction first (here, off the analysis's
    // wavefront, instead of at the row's last CTU).
    const AnalysisFrame& frame = *job_.frame;
    if (frame.coded_by_accelerator()) {
        copy_accelerated_reconstruction_row(*frame.accelerated_coding, row, *frame.reconstruction);
    }
    if (job_.deblock) deblock_row(row);
    deblocked_rows_.publish(row, 1);
    if (row == 0) return;
    // Row row - 1's own horizontal edges (its turn, maybe on another thread).
    deblocked_rows_.wait_for(row - 1, 1);
    settle_row(row - 1);
}

void RowFinisher::run_after_rows(int index, WaitHelper help) {
    if (index == 0) {
        help_with_turns(help);
        return;
    }
    if (index == 1) {
        settle_last_row(help);
        return;
    }
    const int row = row_decided_elsewhere_from_ + index - 2;
    row_decided_.wait_helping(row, 1, help);
    job_.row_decided(row, 0);
}

void RowFinisher::settle_last_row(WaitHelper help) {
    deblocked_rows_.wait_helping(rows_ - 1, 1, help);
    settle_row(rows_ - 1);
}

void RowFinisher::deblock_row(int row) {
    const AnalysisFrame& frame = *job_.frame;
    for (int column = 0; column < columns_; column++) {
        describe_ctu_for_deblocking((*job_.decisions)[static_cast<size_t>(row) * columns_ + column], frame, width_,
                                    height_, deblocking_map_);
    }
    const int first = row << kLog2CtuSize, end = std::min(first + kCtuSize, height_);
    // 8.7.2: every vertical edge before any horizontal one. The horizontal edges of this row
    // read the 4 lines above it, which the vertical edges of the row above change.
    deblock_rows(*job_.kernels, *frame.reconstruction, deblocking_map_, DeblockingParameters{},
                 EdgeDirection::kVertical, first, end);
    vertical_edges_.publish(row, 1);
    if (row > 0) vertical_edges_.wait_for(row - 1, 1);
    // No edge on a slice's upper boundary is filtered (slice_loop_filter_across_slices 0).
    const bool slice_top = row > 0 && job_.slices != nullptr && job_.slices->starts_slice(row);
    deblock_rows(*job_.kernels, *frame.reconstruction, deblocking_map_, DeblockingParameters{},
                 EdgeDirection::kHorizontal, slice_top ? first + 8 : first, end);
}

void RowFinisher::settle_row(int row) {
    const AnalysisFrame& frame = *job_.frame;
    Picture& picture = *frame.reconstruction;
    // SAO depends on nothing in another slice: not its syntax (6.4.1, 9.3.1), not its samples
    // (slice_loop_filter_across_slices 0).
    const int first_row = job_.slices != nullptr ? job_.slices->first_row_of(row) : 0;
    const int end_row = job_.slices != nullptr ? job_.slices->end_row(job_.slices->slice_of(row)) : rows_;
    // libde265 (1.0.11, Debian 12's) finds the slice of a chroma CTB at the luma position of its
    // chroma coordinates, i.e. at CTU row row / 2, and so leaves the chroma edge offsets of the
    // CTB's border samples out where that row lies in an earlier slice (with
    // slice_loop_filter_across_slices 0). Such rows get no chroma edge offsets: every decoder
    // then gives the same picture.
    const bool chroma_edge_offsets = job_.slices == nullptr || job_.slices->slice_of(row / 2) == job_.slices->slice_of(row);
    // A picture the accelerator coded may come back with SAO decided and applied: its
    // parameters are only taken over (for the syntax).
    const InterSaoDecision* decided =
        frame.accelerated_coding != nullptr ? frame.accelerated_coding->sao_decisions : nullptr;
    if (job_.sao && decided != nullptr) {
        for (int column = 0; column < columns_; column++) {
            const size_t ctu = static_cast<size_t>(row) * columns_ + column;
            CtuSaoParameters& parameters = sao_parameters_[ctu];
            parameters = CtuSaoParameters{};
            parameters.merge_left = decided[3 * ctu].merge_left != 0;
            for (size_t c = 0; c < 3; c++) widen_sao_decision(decided[3 * ctu + c], parameters.component[c]);
        }
    } else if (job_.sao) {
        copy_for_sao(picture, deblocked_, row);
        copied_.publish(row, 1);
        const InterSaoStatistics* counted =
            frame.accelerated_coding != nullptr ? frame.accelerated_coding->sao_statistics : nullptr;
        // The statistics read this row's lines of the copy and the two around it: the line
        // below is in this row's copy, its first line and the line above in the row above's.
        // So they wait for that copy only (not for the row above's statistics or decisions),
        // and every row's are collected side by side, ahead of the wavefront of decisions.
        if (row > 0 && counted == nullptr) copied_.wait_for(row - 1, 1);
        for (int column = 0; column < columns_; column++) {
            const size_t ctu = static_cast<size_t>(row) * columns_ + column;
            if (counted != nullptr) {  // by the accelerator that coded the picture
                for (size_t c = 0; c < 3; c++) widen_sao_statistics(counted[3 * ctu + c], sao_statistics_[ctu][c]);
            } else {
                collect_sao_ctu_statistics(*job_.kernels, *frame.source, deblocked_, column, row, sao_statistics_[ctu],
                                           first_row, end_row, frame.effort.sao_band_offsets);
            }
        }
        for (int column = 0; column < columns_; column++) {
            // A decision depends on the left CTU's and the row above's up to the above-right
            // one (merge candidates, the rate model's contexts), in its slice: the first row of
            // a slice depends on nothing above, so the slices' wavefronts of decisions run side
            // by side.
            if (row > first_row) sao_decided_.wait_for(row - 1, std::min(column + 2, columns_));
            choose_sao_ctu(sao_statistics_, frame.lambda, columns_, column, row, sao_rate_model_, sao_parameters_,
                           first_row, chroma_edge_offsets, frame.effort.sao_band_offsets);
            sao_decided_.publish(row, column + 1);
        }
    }
    if (row < row_decided_elsewhere_from_) {
        job_.row_decided(row, 0);
    } else {
        row_decided_.publish(row, 1);  // run_after_rows, on another worker
    }
    if (job_.sao && decided == nullptr) {
        // The row above's copy holds this row's first line as deblocked, so it is made before
        // this row's SAO changes that line (within a slice the decisions above imply it).
        if (row > 0) copied_.wait_for(row - 1, 1);
        apply_sao_ctu_row(*job_.kernels, picture, deblocked_, sao_parameters_, columns_, row, first_row, end_row);
    }
    const int first = row << kLog2CtuSize, end = std::min(first + kCtuSize, height_);
    if (job_.hash) hash_rows_from(row);
    settled_.publish(row, 1);
    if (job_.border > 0) extend_picture_border_rows(picture, job_.border, first, end);
    if (job_.measured_width > 0) {
        std::array<uint64_t, 3>& sse = row_sse_[static_cast<size_t>(row)];
        for (int plane = 0; plane < 3; plane++) {
            const int shift = plane == 0 ? 0 : 1;
            const int width = job_.measured_width >> shift, height = job_.measured_height >> shift;
            const int plane_first = first >> shift, plane_end = std::min(end >> shift, height);
            const Plane& input = frame.source->planes[plane];
            const Plane& output = picture.planes[plane];
            sse[static_cast<size_t>(plane)] =
                plane_first < plane_end ? job_.kernels->sse(input.row(plane_first), input.stride(),
                                                            output.row(plane_first), output.stride(), width,
                                                            plane_end - plane_first)
                                        : 0;
        }
    }
}

void RowFinisher::hash_rows_from(int row) {
    {
        std::lock_guard<std::mutex> lock(hash_mutex_);
        hash_ready_[static_cast<size_t>(row)] = true;
        // The row above is still being hashed (or not yet ready): whoever hashes it goes on
        // with this one, and this thread goes back to its own work instead of waiting.
        if (hashing_ || hash_next_ != row) return;
        hashing_ = true;
    }
    const Picture& picture = *job_.frame->reconstruction;
    for (int next = row;;) {
        md5_.add_rows_until(picture, std::min((next + 1) << kLog2CtuSize, height_));
        std::lock_guard<std::mutex> lock(hash_mutex_);
        hash_next_ = ++next;
        if (next == rows_ || !hash_ready_[static_cast<size_t>(next)]) {
            hashing_ = false;
            return;
        }
    }
}

std::array<PlaneDigest, 3> RowFinisher::hash_settled_rows(const Picture& picture) {
    PictureMd5 md5;
    for (int row = 0; row < rows_; row++) {
        settled_.wait_for(row, 1);
        md5.add_rows_until(picture, std::min((row + 1) << kLog2CtuSize, height_));
    }
    return md5.finish();
}

uint64_t RowFinisher::sse(int plane) const {
    uint64_t sum = 0;
    for (const std::array<uint64_t, 3>& row : row_sse_) sum += row[static_cast<size_t>(plane)];
    return sum;
}

}  // namespace tc
