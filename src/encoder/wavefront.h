// Wavefront order over the CTUs of a picture (the order WPP allows, H.265 6.3.1 and 9.3.1):
// each CTU row runs left to right on one worker, and CTU (c, r) starts only once row r - 1
// has finished CTU c + 1, its above-right neighbour. Every CTU therefore sees its left,
// above-left, above and above-right neighbours finished, whichever worker ran them and
// however long they took, so the work done per CTU does not depend on timing. The first row of
// a slice (SliceRows) waits for nothing: nothing in it depends on the slice above.
#pragma once
#include <algorithm>

#include "common/slice_rows.h"
#include "threading/row_progress.h"
#include "threading/thread_pool.h"

namespace tc {

// Work that runs on the pool with a wavefront: call(object, index, worker) for every index
// in [0, count). A plain pointer pair, so that passing it allocates nothing.
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

// A call per row, call(object, row, worker), or nothing when call is null: e.g. what a
// wavefront's worker does after the last CTU of a row. A plain pointer pair, like SideTasks.
struct RowCallback {
    void* object = nullptr;
    void (*call)(void* object, int row, int worker) = nullptr;

    template <class Task>
    static RowCallback of(Task& task) {
        return {&task, [](void* object, int row, int worker) { (*static_cast<Task*>(object))(row, worker); }};
    }
    void operator()(int row, int worker) const {
        if (call != nullptr) call(object, row, worker);
    }
};

// A visit(column, row, worker) of every CTU as a plain pointer pair, like RowCallback.
struct CtuVisit {
    void* object = nullptr;
    void (*call)(void* object, int column, int row, int worker) = nullptr;

    template <class Visit>
    static CtuVisit of(Visit& visit) {
        return {&visit, [](void* object, int column, int row, int worker) {
                    (*static_cast<Visit*>(object))(column, row, worker);
                }};
    }
    void operator()(int column, int row, int worker) const { call(object, column, row, worker); }
};

// Work for a worker that would wait for the row above: call(object) does one piece and
// returns true, or returns false when there is none. A plain pointer pair, like RowCallback.
struct WaitHelper {
    void* object = nullptr;
    bool (*call)(void* object) = nullptr;
    template <class Task>
    static WaitHelper of(Task& task) {
        return {&task, [](void* object) { return (*static_cast<Task*>(object))(); }};
    }
    bool operator()() const { return call != nullptr && call(object); }
};

class Wavefront;

// One wavefront's share of Wavefront::run_together: run()'s arguments.
struct WavefrontJob {
    Wavefront* wavefront = nullptr;
    CtuVisit visit;
    RowCallback row_end;
    SideTasks after;
};

class Wavefront {
  public:
    // `slices` (nullptr: one slice) must outlive the object.
    Wavefront(int columns, int rows, const SliceRows* slices = nullptr)
        : columns_(columns), rows_(rows), slices_(slices), finished_(rows) {}

    int columns() const { return columns_; }
    int rows() const { return rows_; }
    bool starts_slice(int row) const { return row == 0 || (slices_ != nullptr && slices_->starts_slice(row)); }

    // Calls visit(column, row, worker) for every CTU, in wavefront order over the pool's
    // workers; with one worker that is raster order. The worker of each row calls
    // row_end(row, worker) once the row is done and published (so the row below never waits
    // for it). `after`'s tasks are handed out once every row is: to workers that have run out
    // of rows. `beside`'s tasks are handed out right after the first row, to the workers that
    // would otherwise wait for the first row to get ahead. A worker whose next CTU must wait for
    // the row above calls help() until it returns false or the row above is far enough (each
    // call may run long: the row then catches up without waiting). Returns when all are done.
    // Rows are handed out in increasing order. Without `row_above` a CTU does not wait for the
    // row above (the visit orders what it needs itself).
    template <class Visit>
    void run(ThreadPool& pool, Visit visit, RowCallback row_end = {}, SideTasks after = {}, SideTasks beside = {},
             WaitHelper help = {}, bool row_above = true) {
        finished_.reset();
        auto task = [&](int index, int worker) {
            if (index >= 1 && index <= beside.count) {
                beside.call(beside.object, index - 1, worker);
                return;
            }
            run_task(index > beside.count ? index - beside.count : index, worker, visit, row_end, after, help,
                     row_above);
        };
        pool.run(rows_ + beside.count + after.count, task);
    }

    // Two wavefronts (two pictures coded side by side) in one batch on the pool, each with
    // run()'s order and guarantees. A worker done with a row takes the next row of the
    // wavefront whose row above it is furthest along: mostly the row it has just finished,
    // so each worker keeps to one picture without waiting on the other's, and the worker
    // whose picture runs out of rows first joins the other's last rows instead of waiting for
    // them. The tasks after the rows come once both have handed out every row.
    static void run_together(ThreadPool& pool, const WavefrontJob& first, const WavefrontJob& second);

  private:
    // run()'s task `index`: a row (from 0) or, from rows_ on, a task after the rows. The
    // tasks of one batch start in increasing order of index.
    template <class Visit>
    void run_task(int index, int worker, Visit& visit, RowCallback row_end, SideTasks after, WaitHelper help = {},
                  bool row_above = true) {
        if (index >= rows_) {
            after.call(after.object, index - rows_, worker);
            return;
        }
        const int row = index;
        const bool waits = row_above && !starts_slice(row);
        for (int column = 0; column < columns_; column++) {
            if (waits) {
                finished_.wait_helping(row - 1, std::min(column + 2, columns_), help);
            }
            visit(column, row, worker);
            finished_.publish(row, column + 1);
        }
        row_end(row, worker);
    }

    int columns_, rows_;
    const SliceRows* slices_;
    RowProgress finished_;  // per row: CTUs done
};

}  // namespace tc
