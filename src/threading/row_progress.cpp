#include "threading/row_progress.h"

#include "threading/spin_wait.h"

namespace tc {

RowProgress::RowProgress(int rows)
    : rows_(rows), finished_(std::make_unique<std::atomic<int>[]>(static_cast<size_t>(rows > 0 ? rows : 1))) {
    reset();
}

void RowProgress::reset() {
    for (int row = 0; row < rows_; row++) finished_[static_cast<size_t>(row)].store(0, std::memory_order_relaxed);
}

void RowProgress::wait_for(int row, int count) {
    const std::atomic<int>& finished = finished_[static_cast<size_t>(row)];
    // The awaited step is usually tens of microseconds from done: spin for it first.
    if (spin_until([&] { return finished.load(std::memory_order_acquire) >= count; }, kSpinBudget)) return;
    for (int seen = finished.load(std::memory_order_acquire); seen < count;
         seen = finished.load(std::memory_order_acquire)) {
        finished.wait(seen, std::memory_order_acquire);
    }
}

void RowProgress::publish(int row, int count) {
    std::atomic<int>& finished = finished_[static_cast<size_t>(row)];
    finished.store(count, std::memory_order_release);
    finished.notify_all();
}

}  // namespace tc
