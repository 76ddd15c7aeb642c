#include "threading/row_progress.h"

#include "threading/spin_wait.h"

namespace tc {

RowProgress::RowProgress(int rows)
    : rows_(rows), rows_state_(std::make_unique<Row[]>(static_cast<size_t>(rows > 0 ? rows : 1))) {
    reset();
}

void RowProgress::reset() {
    for (int row = 0; row < rows_; row++) {
        rows_state_[static_cast<size_t>(row)].finished.store(0, std::memory_order_relaxed);
    }
}

void RowProgress::wait_for(int row, int count) const {
    Row& state = rows_state_[static_cast<size_t>(row)];
    // The awaited step is usually tens of microseconds from done: spin for it first.
    if (spin_until([&] { return state.finished.load(std::memory_order_acquire) >= count; }, kSpinBudget)) return;
    for (;;) {
        // Announce the sleep, then look again: publish stores its count before it reads
        // `sleepers` (both sequentially consistent), so either it sees this waiter and wakes
        // it, or this load sees its count. atomic::wait returns at once if the value is no
        // longer `seen`, which covers a publish between this load and the sleep.
        state.sleepers.fetch_add(1);
        const int seen = state.finished.load();
        if (seen < count) state.finished.wait(seen, std::memory_order_acquire);
        state.sleepers.fetch_sub(1, std::memory_order_relaxed);
        if (state.finished.load(std::memory_order_acquire) >= count) return;
    }
}

void RowProgress::publish(int row, int count) {
    Row& state = rows_state_[static_cast<size_t>(row)];
    state.finished.store(count);
    if (state.sleepers.load() > 0) state.finished.notify_all();
}

}  // namespace tc
