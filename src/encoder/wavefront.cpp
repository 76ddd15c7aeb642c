#include "encoder/wavefront.h"

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
    const std::atomic<int>& finished = finished_[static_cast<size_t>(row)];
    if (finished.load(std::memory_order_acquire) >= count) return;
    std::unique_lock<std::mutex> lock(mutex_);
    progress_.wait(lock, [&] { return finished.load(std::memory_order_acquire) >= count; });
}

void Wavefront::publish(int row, int count) {
    finished_[static_cast<size_t>(row)].store(count, std::memory_order_release);
    // Taking the mutex orders the store before any waiter's check under it: no lost wake-up.
    { std::lock_guard<std::mutex> lock(mutex_); }
    progress_.notify_all();
}

}  // namespace tc
