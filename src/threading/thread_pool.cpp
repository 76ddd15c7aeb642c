#include "threading/thread_pool.h"

#include <new>
#include <system_error>

#include "threading/spin_wait.h"

namespace tc {

std::unique_ptr<ThreadPool> ThreadPool::create(int worker_count) {
    std::unique_ptr<ThreadPool> pool(new (std::nothrow) ThreadPool());
    if (!pool) return nullptr;
    try {
        pool->threads_.reserve(static_cast<size_t>(worker_count > 1 ? worker_count - 1 : 0));
        for (int worker = 1; worker < worker_count; worker++) {
            pool->threads_.emplace_back([raw = pool.get(), worker] { raw->worker_loop(worker); });
        }
    } catch (const std::system_error&) {
        return nullptr;  // the destructor stops the threads already started
    } catch (const std::bad_alloc&) {
        return nullptr;
    }
    return pool;
}

ThreadPool::~ThreadPool() {
    clear_idle_work();
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stopping_ = true;
    }
    work_ready_.notify_all();
    for (std::thread& thread : threads_) thread.join();
}

void ThreadPool::run_tasks(int count, TaskReference task) {
    if (count <= 0) return;
    if (threads_.empty() || count == 1) {
        for (int index = 0; index < count; index++) task.call(task.object, index, 0);
        return;
    }
    {
        std::lock_guard<std::mutex> lock(mutex_);
        task_ = task;
        task_count_ = count;
        next_task_.store(0, std::memory_order_relaxed);
        busy_threads_.store(static_cast<int>(threads_.size()), std::memory_order_relaxed);
        generation_.fetch_add(1, std::memory_order_release);
    }
    work_ready_.notify_all();
    take_tasks(0);
    auto all_done = [&] { return busy_threads_.load(std::memory_order_acquire) == 0; };
    if (spin_until(all_done, kSpinBudget)) return;
    std::unique_lock<std::mutex> lock(mutex_);
    work_done_.wait(lock, all_done);
}

void ThreadPool::take_tasks(int worker) {
    for (int index = next_task_.fetch_add(1, std::memory_order_relaxed); index < task_count_;
         index = next_task_.fetch_add(1, std::memory_order_relaxed)) {
        task_.call(task_.object, index, worker);
    }
}

void ThreadPool::set_idle_work(IdleWork work) {
    clear_idle_work();  // no thread reads idle_work_ from here until the generation is odd again
    idle_work_ = work;
    idle_generation_.fetch_add(1);  // odd: set
}

void ThreadPool::clear_idle_work() {
    if ((idle_generation_.load() & 1) == 0) return;
    idle_generation_.fetch_add(1);  // even: none
    // A thread announces itself (idle_threads_) before it looks at the generation again, both
    // sequentially consistent: either it sees the new generation and leaves, or this sees it.
    spin_until([&] { return idle_threads_.load() == 0; }, std::chrono::hours(1));
}

bool ThreadPool::take_idle_pieces(uint64_t batch_seen, uint64_t& exhausted) {
    for (;;) {
        if (generation_.load(std::memory_order_acquire) != batch_seen) return true;
        const uint64_t work = idle_generation_.load();
        if ((work & 1) == 0 || work == exhausted) return false;
        idle_threads_.fetch_add(1);
        if (idle_generation_.load() != work) {
            idle_threads_.fetch_sub(1);
            continue;
        }
        const bool did = idle_work_.piece(idle_work_.object);
        idle_threads_.fetch_sub(1);
        if (!did) exhausted = work;
    }
}

void ThreadPool::worker_loop(int worker) {
    uint64_t seen = 0;
    uint64_t idle_exhausted = 0;  // the idle work whose pieces ran out
    for (;;) {
        // A new batch usually follows the last one within microseconds (the next stage of
        // the picture): spin for it before sleeping, taking pieces of idle work meanwhile.
        auto new_batch = [&] { return generation_.load(std::memory_order_acquire) != seen; };
        auto ready = [&] {
            if (new_batch()) return true;
            const uint64_t work = idle_generation_.load(std::memory_order_acquire);
            return (work & 1) != 0 && work != idle_exhausted;
        };
        take_idle_pieces(seen, idle_exhausted);
        if (!spin_until(ready, kSpinBudget)) {
            std::unique_lock<std::mutex> lock(mutex_);
            work_ready_.wait(lock, [&] { return stopping_ || new_batch(); });
            if (stopping_) return;
        }
        if (!new_batch()) continue;  // idle work came
        seen = generation_.load(std::memory_order_acquire);
        take_tasks(worker);
        if (busy_threads_.fetch_sub(1, std::memory_order_acq_rel) == 1) {
            // Taking the mutex orders this notification after the caller's check of the
            // count under the mutex, so it cannot be lost.
            { std::lock_guard<std::mutex> lock(mutex_); }
            work_done_.notify_one();
        }
    }
}

int resolve_thread_count(int requested) {
    if (requested > 0) return requested;
    const unsigned cores = std::thread::hardware_concurrency();
    return cores > 0 ? static_cast<int>(cores) : 1;
}

}  // namespace tc
