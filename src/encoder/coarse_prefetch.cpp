#include "encoder/coarse_prefetch.h"

#include "motion/motion_search.h"

namespace tc {

void CoarsePrefetch::allocate(int columns, int rows, int max_entries) {
    columns_ = columns;
    ctus_ = columns * rows;
    entries_.resize(static_cast<size_t>(max_entries));
    for (Entry& entry : entries_) entry.vectors.assign(static_cast<size_t>(ctus_), Mv{});
    clear();
}

void CoarsePrefetch::clear() {
    count_ = 0;
    next_task_.store(0);
    done_tasks_.store(0);
}

bool CoarsePrefetch::add(const Key& key, const Pyramid* source) {
    if (count_ == static_cast<int>(entries_.size())) return false;
    for (int i = 0; i < count_; i++) {
        if (entries_[static_cast<size_t>(i)].key == key) return false;
    }
    Entry& entry = entries_[static_cast<size_t>(count_++)];
    entry.key = key;
    entry.source = source;
    return true;
}

bool CoarsePrefetch::try_task(const PixelKernels& kernels) {
    const int total = count_ * ctus_;
    if (next_task_.load(std::memory_order_relaxed) >= total) return false;
    const int task = next_task_.fetch_add(1);
    if (task >= total) return false;
    Entry& entry = entries_[static_cast<size_t>(task / ctus_)];
    const int ctu = task % ctus_;
    entry.vectors[static_cast<size_t>(ctu)] = coarse_ctu_vector(*entry.source, *entry.key.reference, ctu % columns_,
                                                                ctu / columns_, entry.key.range, kernels);
    done_tasks_.fetch_add(1, std::memory_order_release);
    return true;
}

int CoarsePrefetch::untaken() const {
    const int left = count_ * ctus_ - next_task_.load(std::memory_order_relaxed);
    return left > 0 ? left : 0;
}

void CoarsePrefetch::finish(ThreadPool& pool, const PixelKernels& kernels) {
    if (untaken() == 0) return;
    auto drain = [&](int, int) {
        while (try_task(kernels)) {
        }
    };
    pool.run(pool.worker_count(), drain);
}

const std::vector<Mv>* CoarsePrefetch::find(const Key& key) const {
    if (done_tasks_.load(std::memory_order_acquire) != count_ * ctus_) return nullptr;
    for (int i = 0; i < count_; i++) {
        const Entry& entry = entries_[static_cast<size_t>(i)];
        if (entry.key == key) return &entry.vectors;
    }
    return nullptr;
}

}  // namespace tc
