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
    void wait_for(int row, int count);
    // `row` has finished `count` (counts only grow within a picture).
    void publish(int row, int count);

  private:
    int rows_;
    std::unique_ptr<std::atomic<int>[]> finished_;
};

}  // namespace tc
