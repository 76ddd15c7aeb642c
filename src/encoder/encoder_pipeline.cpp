// "pipeline": the pictures coded but held for their hashes (on hashers_), and with
// "pipeline-rows" the picture whose rows run on coder_'s thread into the next call: which
// codings and slots they keep, when they are finished, hashed and returned.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <vector>

#include "encoder/encoder.h"

namespace tc {

void Encoder::return_held(std::vector<uint8_t>& output, const FrameStatistics::StageTimes& call_stages,
                          std::chrono::steady_clock::time_point call_start) {
    const int coding = held_[0];
    PictureCoding& held = *codings_[static_cast<size_t>(coding)];
    if (picture_hasher_) {
        held.digests = picture_hasher_->wait(coding);
    } else {
        hashers_[static_cast<size_t>(held.hasher)]->wait_idle();
    }
    write_picture_hash(held.access_unit, held.digests, held.rbsp);
    output.assign(held.access_unit.begin(), held.access_unit.end());
    statistics_ = held.statistics;
    statistics_.bits = static_cast<uint64_t>(held.access_unit.size()) * 8;
    // The call's times: it coded the next picture (if any) and waited for this one's hash.
    statistics_.stages = call_stages;
    statistics_.stages.background_ms = held.statistics.stages.background_ms;  // its rows, beside the calls after
    statistics_.encode_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - call_start).count();
    last_coding_ = coding;
    for (int i = 1; i < held_count_; i++) held_[static_cast<size_t>(i - 1)] = held_[static_cast<size_t>(i)];
    held_[static_cast<size_t>(--held_count_)] = -1;
}

void Encoder::finish_background(int keep) {
    if (background_count_ <= keep) return;
    coder_->wait_pending(keep);  // the rows end in the order they were posted
    while (background_count_ > keep) {
        const int coding = background_[0];
        background_[0] = background_[1];
        background_[1] = -1;
        background_count_--;
        PictureCoding& c = *codings_[static_cast<size_t>(coding)];
        inputs_[static_cast<size_t>(c.input)].in_use = false;
        c.statistics.stages = c.stage_times;
        held_[static_cast<size_t>(held_count_++)] = coding;  // its hash was posted with its rows
    }
}

void Encoder::post_hash(int coding) {
    PictureCoding& c = *codings_[static_cast<size_t>(coding)];
    if (picture_hasher_) {
        picture_hasher_->post(coding, *c.frame.reconstruction, c.finisher.settled_rows());
        return;
    }
    // In turn: a hasher's earlier picture went out (return_held waited for it) before this post.
    c.hasher = hashes_posted_ % hasher_count_;
    hashes_posted_ = (hashes_posted_ + 1) % hasher_count_;
    hashers_[static_cast<size_t>(c.hasher)]->post(coding);
}

int Encoder::free_coding() const {
    for (int k = 0; k < static_cast<int>(codings_.size()) && codings_[static_cast<size_t>(k)]; k++) {
        bool taken = settings_.pipeline_rows && k == last_coding_;
        for (int i = 0; i < held_count_; i++) taken = taken || held_[static_cast<size_t>(i)] == k;
        for (int i = 0; i < background_count_; i++) taken = taken || background_[static_cast<size_t>(i)] == k;
        if (!taken) return k;
    }
    return 0;  // not reached: there is one coding more than pictures held
}

uint32_t Encoder::busy_slots() const {
    uint32_t busy = 0;
    for (int i = 0; i < held_count_; i++) {
        busy |= 1u << codings_[static_cast<size_t>(held_[static_cast<size_t>(i)])]->slot;
    }
    for (int i = 0; i < background_count_; i++) {
        busy |= 1u << codings_[static_cast<size_t>(background_[static_cast<size_t>(i)])]->slot;
    }
    if (settings_.pipeline_rows) busy |= 1u << codings_[static_cast<size_t>(last_coding_)]->slot;
    return busy;
}

}  // namespace tc
