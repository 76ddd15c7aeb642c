// The thread pool: every index runs exactly once on a worker in range, batches reuse the
// same threads, and a task may wait for one with a smaller index (what the wavefront does).
#include "threading/thread_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <functional>
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

// Idle work: pieces that the pool's threads take between batches (the encoder's coarse
// searches ahead, between its calls). A counter of pieces to do; each records its thread.
struct CountedPieces {
    std::atomic<int> left;
    std::atomic<int> done{0};
    std::atomic<int> inside{0};
    std::atomic<bool> on_caller{false};
    std::thread::id caller = std::this_thread::get_id();
    std::chrono::microseconds each{0};

    explicit CountedPieces(int count) : left(count) {}
    static bool piece(void* object) {
        auto* self = static_cast<CountedPieces*>(object);
        if (self->left.fetch_sub(1) <= 0) return false;
        self->inside.fetch_add(1);
        if (std::this_thread::get_id() == self->caller) self->on_caller = true;
        if (self->each.count() > 0) std::this_thread::sleep_for(self->each);
        self->done.fetch_add(1);
        self->inside.fetch_sub(1);
        return true;
    }
    ThreadPool::IdleWork work() { return {this, &CountedPieces::piece}; }
};

// Sets the idle work and runs an empty batch, which wakes the pool's threads whether asleep or
// spinning; they take pieces once it is done.
void start_idle_work(ThreadPool& pool, CountedPieces& pieces) {
    pool.set_idle_work(pieces.work());
    auto nothing = [](int, int) {};
    pool.run(pool.worker_count(), nothing);
}

bool wait_until(const std::function<bool()>& done) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!done()) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::yield();
    }
    return true;
}

// Idle work without end, each piece taking `each`, set and started; true once at least
// `at_least` pieces have run.
bool start_endless_idle_work(ThreadPool& pool, CountedPieces& pieces, std::chrono::microseconds each, int at_least) {
    pieces.each = each;
    start_idle_work(pool, pieces);
    return wait_until([&] { return pieces.done.load() >= at_least; });
}

TEST(ThreadPool, IdleWorkRunsOnThePoolThreadsBetweenBatches) {
    auto pool = ThreadPool::create(3);
    ASSERT_NE(pool, nullptr);
    CountedPieces pieces(2000);
    start_idle_work(*pool, pieces);
    EXPECT_TRUE(wait_until([&] { return pieces.done.load() == 2000; }));
    pool->clear_idle_work();
    EXPECT_EQ(pieces.done.load(), 2000);
    EXPECT_FALSE(pieces.on_caller.load());
}

TEST(ThreadPool, ClearingIdleWorkWaitsForThePiecesInFlightAndStopsTheRest) {
    auto pool = ThreadPool::create(3);
    ASSERT_NE(pool, nullptr);
    CountedPieces pieces(1 << 30);
    ASSERT_TRUE(start_endless_idle_work(*pool, pieces, std::chrono::microseconds(500), 4));
    pool->clear_idle_work();
    EXPECT_EQ(pieces.inside.load(), 0);
    const int after_clear = pieces.done.load();
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    EXPECT_EQ(pieces.done.load(), after_clear);
    // Batches still run, and new idle work is taken again.
    std::atomic<int> ran{0};
    auto count = [&](int, int) { ran.fetch_add(1); };
    pool->run(10, count);
    EXPECT_EQ(ran.load(), 10);
    CountedPieces more(100);
    start_idle_work(*pool, more);
    EXPECT_TRUE(wait_until([&] { return more.done.load() == 100; }));
    pool->clear_idle_work();
}

TEST(ThreadPool, SettingIdleWorkReplacesTheWorkBefore) {
    auto pool = ThreadPool::create(2);
    ASSERT_NE(pool, nullptr);
    CountedPieces first(1 << 30);
    ASSERT_TRUE(start_endless_idle_work(*pool, first, std::chrono::microseconds(200), 2));
    CountedPieces second(50);
    pool->set_idle_work(second.work());  // no clear before it
    EXPECT_EQ(first.inside.load(), 0);
    const int first_done = first.done.load();
    auto nothing = [](int, int) {};
    pool->run(2, nothing);
    EXPECT_TRUE(wait_until([&] { return second.done.load() == 50; }));
    pool->clear_idle_work();
    EXPECT_EQ(first.done.load(), first_done);
}

TEST(ThreadPool, BatchesRunWhileIdleWorkIsLeft) {
    auto pool = ThreadPool::create(4);
    ASSERT_NE(pool, nullptr);
    CountedPieces pieces(1 << 30);
    pieces.each = std::chrono::microseconds(50);
    pool->set_idle_work(pieces.work());
    for (int batch = 0; batch < 20; batch++) {
        std::atomic<int> ran{0};
        auto count = [&](int, int) { ran.fetch_add(1); };
        pool->run(16, count);
        EXPECT_EQ(ran.load(), 16);
    }
    pool->clear_idle_work();
    EXPECT_GT(pieces.done.load(), 0);
}

TEST(ThreadPool, APoolOfOneWorkerLeavesIdleWorkToTheCaller) {
    auto pool = ThreadPool::create(1);
    ASSERT_NE(pool, nullptr);
    CountedPieces pieces(100);
    start_idle_work(*pool, pieces);
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    pool->clear_idle_work();
    EXPECT_EQ(pieces.done.load(), 0);
}

TEST(ThreadPool, ThreadCountZeroMeansOnePerCore) {
    EXPECT_GE(resolve_thread_count(0), 1);
    EXPECT_EQ(resolve_thread_count(3), 3);
}

}  // namespace
}  // namespace tc
