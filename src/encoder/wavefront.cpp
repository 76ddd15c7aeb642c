#include "encoder/wavefront.h"

#include "threading/spin_wait.h"

namespace tc {

Wavefront::Wavefront(int columns, int rows)
    : columns_(columns),
      rows_(rows),
      finished_(std::make_unique<std::atomic<int>[]>(static_cast<size_t>(rows))) {}

void Wavefront::reset() {
    for (int row = 0; row < rows_; row++)
        finished_[static_cast<size_t>(row)].store(0, std::memory_order_relaxed);
}

void Wavefront::wait_for(int row, int count) {
    // Waits on the row's own counter (atomic wait: a short spin, then the futex of that
    // address), so that a CTU finished in one row wakes only the worker of the row below,
    // not every worker as one condition variable for the whole picture did.
    const std::atomic<int>& finished = finished_[static_cast<size_t>(row)];
    // The CTU above-right is usually tens of microseconds from done: spin for it first.
    if (spin_until([&] { return finished.load(std::memory_order_acquire) >= count; }, kSpinBudget)) return;
    for (int seen = finished.load(std::memory_order_acquire); seen < count;
         seen = finished.load(std::memory_order_acquire)) {
        finished.wait(seen, std::memory_order_acquire);
    }
}

void Wavefront::publish(int row, int count) {
    std::atomic<int>& finished = finished_[static_cast<size_t>(row)];
    finished.store(count, std::memory_order_release);
    finished.notify_all();
}

}  // namespace tc
