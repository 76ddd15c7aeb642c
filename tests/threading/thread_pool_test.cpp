// The thread pool: every index runs exactly once on a worker in range, batches reuse the
// same threads, and a task may wait for one with a smaller index (what the wavefront does).
#include "threading/thread_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

namespace tc {
namespace {

TEST(ThreadPool, RunsEveryIndexOnceOnAWorkerInRange) {
    for (int workers : {1, 2, 3, 8}) {
        auto pool = ThreadPool::create(workers);
        ASSERT_NE(pool, nullptr);
        EXPECT_EQ(pool->worker_count(), workers);
        for (int count : {0, 1, 2, 7, 100}) {
            std::vector<std::atomic<int>> runs(static_cast<size_t>(count));
            std::atomic<bool> worker_in_range{true};
            auto task = [&](int index, int worker) {
                runs[static_cast<size_t>(index)].fetch_add(1);
                if (worker < 0 || worker >= workers) worker_in_range = false;
            };
            pool->run(count, task);
            for (const auto& r : runs) EXPECT_EQ(r.load(), 1);
            EXPECT_TRUE(worker_in_range.load());
        }
    }
}

TEST(ThreadPool, OneWorkerRunsOnTheCallingThreadInOrder) {
    auto pool = ThreadPool::create(1);
    ASSERT_NE(pool, nullptr);
    const std::thread::id caller = std::this_thread::get_id();
    std::vector<int> order;
    bool on_caller = true;
    auto task = [&](int index, int) {
        order.push_back(index);
        on_caller &= std::this_thread::get_id() == caller;
    };
    pool->run(5, task);
    EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3, 4}));
    EXPECT_TRUE(on_caller);
}

TEST(ThreadPool, ATaskMayWaitForAnEarlierIndex) {
    // Each task waits until the one before it has finished: indices are handed out in
    // order to workers that are running, so this chain always completes.
    auto pool = ThreadPool::create(4);
    ASSERT_NE(pool, nullptr);
    for (int batch = 0; batch < 50; batch++) {
        std::atomic<int> finished{0};
        auto task = [&](int index, int) {
            while (finished.load(std::memory_order_acquire) < index) std::this_thread::yield();
            finished.store(index + 1, std::memory_order_release);
        };
        pool->run(16, task);
        EXPECT_EQ(finished.load(), 16);
    }
}

TEST(ThreadPool, WorkersWakeWhetherSpinningOrAsleep) {
    // Workers spin briefly for the next batch, then sleep. Batches right after each other
    // (caught while spinning) and after pauses far longer than the spin (asleep) must both
    // reach every worker: each task of a batch waits for all of them to have started.
    constexpr int kWorkers = 3;
    auto pool = ThreadPool::create(kWorkers);
    ASSERT_NE(pool, nullptr);
    for (int batch = 0; batch < 40; batch++) {
        if (batch % 4 == 3) std::this_thread::sleep_for(std::chrono::milliseconds(3));
        std::atomic<int> arrived{0};
        std::atomic<bool> all_met{true};
        auto task = [&](int, int) {
            arrived.fetch_add(1);
            const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
            while (arrived.load() < kWorkers) {
                if (std::chrono::steady_clock::now() > deadline) {
                    all_met = false;
                    return;
                }
                std::this_thread::yield();
            }
        };
        pool->run(kWorkers, task);
        EXPECT_TRUE(all_met.load()) << "batch " << batch;
        EXPECT_EQ(arrived.load(), kWorkers);
    }
}

TEST(ThreadPool, ThreadCountZeroMeansOnePerCore) {
    EXPECT_GE(resolve_thread_count(0), 1);
    EXPECT_EQ(resolve_thread_count(3), 3);
}

}  // namespace
}  // namespace tc
