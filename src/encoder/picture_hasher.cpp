#include "encoder/picture_hasher.h"

#include <algorithm>
#include <new>
#include <system_error>

#include "common/block_types.h"

namespace tc {

std::unique_ptr<PictureHasher> PictureHasher::create(int pictures, Md5LanesKernel kernel) {
    if (pictures < 1 || kernel == nullptr) return nullptr;
    std::unique_ptr<PictureHasher> hasher;
    try {
        hasher.reset(new PictureHasher(pictures, kernel));
        hasher->thread_ = std::thread([raw = hasher.get()] { raw->loop(); });
    } catch (const std::system_error&) {
        return nullptr;
    } catch (const std::bad_alloc&) {
        return nullptr;
    }
    return hasher;
}

PictureHasher::~PictureHasher() {
    {
        std::unique_lock<std::mutex> lock(mutex_);
        changed_.wait(lock, [&] {
            return std::none_of(states_.begin(), states_.end(),
                                [](JobState s) { return s == JobState::kPosted; });
        });
        stopping_ = true;
    }
    changed_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void PictureHasher::post(int id, const Picture& picture, const RowProgress& settled) {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        Job& job = jobs_[static_cast<size_t>(id)];
        job.picture = &picture;
        job.settled = &settled;
        job.settled_rows = 0;
        for (int plane = 0; plane < 3; plane++) {
            job.streams[static_cast<size_t>(plane)] = Stream{};
            job.streams[static_cast<size_t>(plane)].plane = &picture.planes[plane];
        }
        job.order = posted_++;
        states_[static_cast<size_t>(id)] = JobState::kPosted;
    }
    changed_.notify_all();
}

std::array<PlaneDigest, 3> PictureHasher::wait(int id) {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [&] { return states_[static_cast<size_t>(id)] == JobState::kDone; });
    states_[static_cast<size_t>(id)] = JobState::kFree;
    return jobs_[static_cast<size_t>(id)].digests;
}

PictureHasher::Counts PictureHasher::counts() {
    std::lock_guard<std::mutex> lock(mutex_);
    return counts_;
}

int PictureHasher::ready_rows(const Job& job, int plane) {
    const int luma_end = std::min(job.settled_rows * kCtuSize, job.picture->planes[0].height());
    return plane == 0 ? luma_end : chroma_rows_of(luma_end, job.picture->planes[plane].height());
}

bool PictureHasher::hash_ready(const std::vector<int>& active) {
    struct Ready {
        Stream* stream;
        const uint8_t* blocks;
        size_t count;
    };
    // The oldest pictures' streams first (their access units go out first), luma before chroma.
    Ready ready[kMd5Lanes];
    int ready_count = 0;
    for (int id : active) {
        Job& job = jobs_[static_cast<size_t>(id)];
        const int rows = (job.picture->planes[0].height() + kCtuSize - 1) / kCtuSize;
        while (job.settled_rows < rows && job.settled->published(job.settled_rows) >= 1)
            job.settled_rows++;
        for (int plane = 0; plane < 3 && ready_count < kMd5Lanes; plane++) {
            Stream& stream = job.streams[static_cast<size_t>(plane)];
            if (stream.done) continue;
            const uint8_t* blocks = nullptr;
            const size_t count = stream.blocks.ready(*stream.plane, ready_rows(job, plane), &blocks);
            if (count > 0) ready[ready_count++] = {&stream, blocks, count};
        }
    }
    if (ready_count == 0) return false;
    // Too few for the lanes: the first two on interleaved scalar chains, the others after them.
    if (ready_count < kMinLaneStreams) ready_count = std::min(ready_count, 2);
    size_t count = ready[0].count;
    for (int i = 1; i < ready_count; i++) count = std::min(count, ready[i].count);
    if (ready_count >= kMinLaneStreams) {
        Md5* md5[kMd5Lanes] = {};
        const uint8_t* blocks[kMd5Lanes] = {};
        for (int i = 0; i < ready_count; i++) {
            md5[i] = &ready[i].stream->md5;
            blocks[i] = ready[i].blocks;
        }
        Md5::update_lanes(kernel_, md5, blocks, count);
    } else if (ready_count == 2) {
        for (size_t n = 0; n < count; n++) {
            Md5::update_blocks(ready[0].stream->md5, ready[0].blocks + 64 * n, ready[1].stream->md5,
                               ready[1].blocks + 64 * n);
        }
    } else {
        for (size_t n = 0; n < count; n++)
            ready[0].stream->md5.update_block(ready[0].blocks + 64 * n);
    }
    for (int i = 0; i < ready_count; i++) ready[i].stream->blocks.take(*ready[i].stream->plane, count);
    std::lock_guard<std::mutex> lock(mutex_);
    (ready_count >= kMinLaneStreams ? counts_.lane_blocks : counts_.scalar_blocks) +=
        count * static_cast<size_t>(ready_count);
    return true;
}

void PictureHasher::loop() {
    std::vector<int> active;
    active.reserve(jobs_.size());
    for (;;) {
        {
            std::unique_lock<std::mutex> lock(mutex_);
            changed_.wait(lock, [&] {
                return stopping_ || std::any_of(states_.begin(), states_.end(),
                                                [](JobState s) { return s == JobState::kPosted; });
            });
            if (stopping_) return;
            active.clear();
            for (int id = 0; id < static_cast<int>(jobs_.size()); id++) {
                if (states_[static_cast<size_t>(id)] == JobState::kPosted) active.push_back(id);
            }
            std::sort(active.begin(), active.end(), [&](int a, int b) {
                return jobs_[static_cast<size_t>(a)].order < jobs_[static_cast<size_t>(b)].order;
            });
        }
        if (!hash_ready(active)) {
            // Nothing ready: the oldest picture with rows to come waits for its next row (rows
            // settle in the order their pictures were posted).
            for (int id : active) {
                const Job& job = jobs_[static_cast<size_t>(id)];
                const int rows = (job.picture->planes[0].height() + kCtuSize - 1) / kCtuSize;
                if (job.settled_rows < rows) {
                    job.settled->wait_for(job.settled_rows, 1);
                    break;
                }
            }
        }
        // Planes at their end (every row taken, less than a block left) are finished.
        for (int id : active) {
            Job& job = jobs_[static_cast<size_t>(id)];
            bool all_done = true;
            for (int plane = 0; plane < 3; plane++) {
                Stream& stream = job.streams[static_cast<size_t>(plane)];
                if (!stream.done && stream.blocks.at_end(*stream.plane)) {
                    stream.md5.update(stream.blocks.remainder(), stream.blocks.remainder_size());
                    job.digests[static_cast<size_t>(plane)] = stream.md5.finish();
                    stream.done = true;
                }
                all_done = all_done && stream.done;
            }
            if (all_done) {
                {
                    std::lock_guard<std::mutex> lock(mutex_);
                    states_[static_cast<size_t>(id)] = JobState::kDone;
                }
                changed_.notify_all();
            }
        }
    }
}

}  // namespace tc
