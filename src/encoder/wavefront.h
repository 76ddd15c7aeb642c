// Wavefront order over the CTUs of a picture (the order WPP allows, H.265 6.3.1 and 9.3.1):
// each CTU row runs left to right on one worker, and CTU (c, r) starts only once row r - 1
// has finished CTU c + 1, its above-right neighbour. Every CTU therefore sees its left,
// above-left, above and above-right neighbours finished, whichever worker ran them and
// however long they took, so the work done per CTU does not depend on timing.
#pragma once
#include <algorithm>
#include <atomic>
#include <memory>

#include "threading/thread_pool.h"

namespace tc {

// Independent work that runs on the pool beside a wavefront: call(object, index, worker) for
// every index in [0, count). A plain pointer pair, so that passing it allocates nothing.
struct SideTasks {
    int count = 0;
    void* object = nullptr;
    void (*call)(void* object, int index, int worker) = nullptr;

    template <class Task>
    static SideTasks of(int count, Task& task) {
        return {count, &task,
                [](void* object, int index, int worker) { (*static_cast<Task*>(object))(index, worker); }};
    }
};

class Wavefront {
  public:
    Wavefront(int columns, int rows);

    int columns() const { return columns_; }
    int rows() const { return rows_; }

    // Calls visit(column, row, worker) for every CTU, in wavefront order over the pool's
    // workers; with one worker that is raster order. Returns when all are done, `side`'s
    // tasks too: they are handed out first (a row only waits for rows before it, which are
    // then running or done, so the side tasks cannot block the wavefront).
    template <class Visit>
    void run(ThreadPool& pool, Visit visit, SideTasks side = {}) {
        reset();
        auto task = [&](int index, int worker) {
            if (index < side.count) {
                side.call(side.object, index, worker);
                return;
            }
            const int row = index - side.count;
            for (int column = 0; column < columns_; column++) {
                if (row > 0) wait_for(row - 1, std::min(column + 2, columns_));
                visit(column, row, worker);
                publish(row, column + 1);
            }
        };
        pool.run(side.count + rows_, task);
    }

  private:
    void reset();
    // Blocks until row `row` has finished `count` CTUs.
    void wait_for(int row, int count);
    // Row `row` has finished `count` CTUs.
    void publish(int row, int count);

    int columns_, rows_;
    std::unique_ptr<std::atomic<int>[]> finished_;  // per row: CTUs done (waited on with atomic wait)
};

}  // namespace tc
