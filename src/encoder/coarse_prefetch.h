// The coarse motion search of the pictures coded next, done ahead by workers that would
// otherwise wait. A P or B picture's coding starts with the coarse vector of every CTU against
// each reference (Encoder::prepare_motion: a batch on the pool before the first CTU row); that
// search reads only the source pyramids, so for the next planned picture it can run while the
// picture before it is coded, in the waits of that picture's wavefront (a worker whose row
// would wait for the row above takes a CTU's search instead). A picture's coding then takes
// the vectors found for it and searches only the rest.
//
// Each search is a pure function of the two pyramids, the CTU and the range: an entry is used
// only where all of them match (the pictures by their input frame and slot version numbers,
// which change whenever a pyramid is refilled), so a wrong guess at the next picture's
// references costs only the searches made for it, never a different stream.
#pragma once

#include <atomic>
#include <cstdint>
#include <vector>

#include "common/motion.h"
#include "kernels/pixel_kernels.h"
#include "motion/pyramid.h"
#include "threading/thread_pool.h"

namespace tc {

class CoarsePrefetch {
  public:
    // What identifies one search: the picture coded later (its input frame and pyramid), the
    // reference (its pyramid, the slot's version number) and the range in full samples.
    struct Key {
        int64_t source_frame = -1;
        const Pyramid* reference = nullptr;
        uint64_t reference_version = 0;
        int range = 0;
        bool operator==(const Key&) const = default;
    };

    // For pictures of columns x rows CTUs and up to max_entries (picture, reference) pairs.
    void allocate(int columns, int rows, int max_entries);

    // Forgets every entry. No task may be running.
    void clear();
    // Adds the searches of every CTU of `source` against `reference` (not run yet). False when
    // full (nothing added) or already there. No task may be running.
    bool add(const Key& key, const Pyramid* source);
    // Runs the next search not taken yet and returns true, or returns false when none is left.
    // Any thread, any number at once.
    bool try_task(const PixelKernels& kernels);
    // Searches not taken yet.
    int untaken() const;
    // Runs every search not taken yet on the pool (returns once all are done).
    void finish(ThreadPool& pool, const PixelKernels& kernels);

    // The vectors (raster order of CTUs) for `key`, or nullptr when there is no such entry or
    // it is not complete. Call only when no task is running.
    const std::vector<Mv>* find(const Key& key) const;

  private:
    struct Entry {
        Key key;
        const Pyramid* source = nullptr;
        std::vector<Mv> vectors;
    };

    int columns_ = 0, ctus_ = 0;
    std::vector<Entry> entries_;  // allocated at allocate(); the first count_ are in use
    int count_ = 0;
    std::atomic<int> next_task_{0};  // entry * ctus_ + ctu
    std::atomic<int> done_tasks_{0};
};

}  // namespace tc
