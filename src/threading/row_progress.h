// Per-row progress counters that threads publish to and wait on: how many CTUs of a row a
// stage has finished. A waiter spins briefly, then sleeps on the futex of that row's counter
// (atomic wait), so a row's progress wakes only the workers waiting for that row.
#pragma once
#include <atomic>
#include <memory>

namespace tc {

class RowProgress {
  public:
    explicit RowProgress(int rows);

    int rows() const { return rows_; }
    // Every row back to 0 (no waiter may be waiting).
    void reset();
    // Blocks until `row` has published at least `count`.
    void wait_for(int row, int count) const;  // const: waiting publishes nothing
    // wait_for, calling help() first while `row` has not published `count` and help() returns
    // true (it did a piece of other work: the waiting worker's time is not lost).
    template <class Help>
    void wait_helping(int row, int count, Help&& help) {
        while (published(row) < count && help()) {
        }
        wait_for(row, count);
    }
    // `row` has finished `count` (counts only grow within a picture).
    void publish(int row, int count);
    // What `row` has published so far.
    int published(int row) const {
        return rows_state_[static_cast<size_t>(row)].finished.load(std::memory_order_acquire);
    }

  private:
    // A cache line a row: the rows' counters are written once a CTU by as many workers as
    // there are rows in flight, and read in spin loops by the rows below; sharing lines made
    // every publish pull the line away from every spinning neighbour. `sleepers` counts the
    // waiters that have gone to sleep on `finished`, so that a publish with none asleep makes
    // no futex call.
    struct alignas(64) Row {
        std::atomic<int> finished{0};
        std::atomic<int> sleepers{0};
    };
    int rows_;
    std::unique_ptr<Row[]> rows_state_;
};

}  // namespace tc
