// Wavefront order over the CTUs of a picture (the order WPP allows, H.265 6.3.1 and 9.3.1):
// each CTU row runs left to right on one worker, and CTU (c, r) starts only once row r - 1
// has finished CTU c + 1, its above-right neighbour. Every CTU therefore sees its left,
// above-left, above and above-right neighbours finished, whichever worker ran them and
// however long they took, so the work done per CTU does not depend on timing.
#pragma once
#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>

#include "threading/thread_pool.h"

namespace tc {

class Wavefront {
  public:
    Wavefront(int columns, int rows);

    int columns() const { return columns_; }
    int rows() const { return rows_; }

    // Calls visit(column, row, worker) for every CTU, in wavefront order over the pool's
    // workers; with one worker that is raster order. Returns when all are done.
    template <class Visit>
    void run(ThreadPool& pool, Visit visit) {
        reset();
        auto row_task = [&](int row, int worker) {
            for (int column = 0; column < columns_; column++) {
                if (row > 0) wait_for(row - 1, std::min(column + 2, columns_));
                visit(column, row, worker);
                publish(row, column + 1);
            }
        };
        pool.run(rows_, row_task);
    }

  private:
    void reset();
    // Blocks until row `row` has finished `count` CTUs.
    void wait_for(int row, int count);
    // Row `row` has finished `count` CTUs.
    void publish(int row, int count);

    int columns_, rows_;
    std::unique_ptr<std::atomic<int>[]> finished_;  // per row: CTUs done
    std::mutex mutex_;
    std::condition_variable progress_;
};

}  // namespace tc
