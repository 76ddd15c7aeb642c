// A fixed set of worker threads, started once (at tc_init) and reused for every picture.
// run() hands out task indices 0..count-1 in increasing order to whichever worker is free;
// the calling thread works too, as worker 0, so a pool of one worker starts no thread.
// Running tasks allocates nothing. One thread at a time may call run().
#pragma once
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace tc {

class ThreadPool {
  public:
    // Returns nullptr when a thread cannot be started. worker_count >= 1.
    static std::unique_ptr<ThreadPool> create(int worker_count);
    ~ThreadPool();
    ThreadPool(const ThreadPool&) = delete;
    ThreadPool& operator=(const ThreadPool&) = delete;

    int worker_count() const { return static_cast<int>(threads_.size()) + 1; }

    // Calls task(index, worker) once for every index in [0, count), worker in
    // [0, worker_count()); returns when every call has returned. A worker takes the next
    // index only after its previous call returned, so a task may wait for one with a
    // smaller index (which is then running or done).
    template <class Task>
    void run(int count, Task& task) {
        run_tasks(count, TaskReference{&task, [](void* object, int index, int worker) {
                                           (*static_cast<Task*>(object))(index, worker);
                                       }});
    }

    // Work for the pool's threads (not the caller's) while they have no batch, e.g. between two
    // calls of the encoder: piece(object) does one small piece and returns true, or returns
    // false when none is left. A thread takes pieces until a batch comes or none is left; a
    // thread asleep (no batch for a while) is not woken for it. Set and cleared by the thread
    // that calls run(), between batches (setting replaces any work set before); clear_idle_work
    // returns once no thread is inside a piece (what is left is the caller's to finish).
    struct IdleWork {
        void* object = nullptr;
        bool (*piece)(void* object) = nullptr;
    };
    void set_idle_work(IdleWork work);
    void clear_idle_work();

  private:
    struct TaskReference {
        void* object = nullptr;
        void (*call)(void* object, int index, int worker) = nullptr;
    };

    ThreadPool() = default;
    void run_tasks(int count, TaskReference task);
    void take_tasks(int worker);
    void worker_loop(int worker);
    // Takes pieces of the idle work until a batch after `batch_seen` comes (returns true), or
    // until there is no idle work or it has no piece left (returns false; `exhausted` then
    // holds that work's generation, so that it is not asked again).
    bool take_idle_pieces(uint64_t batch_seen, uint64_t& exhausted);

    std::vector<std::thread> threads_;
    std::mutex mutex_;
    std::condition_variable work_ready_;
    std::condition_variable work_done_;
    // The current batch (written under mutex_ before a new generation is announced).
    TaskReference task_;
    int task_count_ = 0;
    std::atomic<int> next_task_{0};
    // Batches started; workers wait for it to change (spinning briefly, then on work_ready_).
    std::atomic<uint64_t> generation_{0};
    // Threads still working on the current batch (the caller spins briefly, then waits on
    // work_done_).
    std::atomic<int> busy_threads_{0};
    bool stopping_ = false;
    // set_idle_work's work (read by the threads while idle_generation_ is odd: set) and the
    // threads inside one of its pieces.
    IdleWork idle_work_;
    std::atomic<uint64_t> idle_generation_{0};
    std::atomic<int> idle_threads_{0};
};

// The number of workers for a "threads" setting: 0 means one per core.
int resolve_thread_count(int requested);

}  // namespace tc
