// RowProgress: waits that end only once the awaited count is published, including the waits
// that outlast the spin and sleep on the counter (no lost wake-up), and a chain of rows in
// wavefront order on more threads than this machine has cores.
#include "threading/row_progress.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <random>
#include <thread>
#include <vector>

namespace tc {
namespace {

using namespace std::chrono_literals;

TEST(RowProgress, WaitOutlastingTheSpinEndsAtThePublish) {
    RowProgress progress(3);
    std::atomic<bool> published{false};
    auto waiter = std::async(std::launch::async, [&] {
        progress.wait_for(1, 2);
        return published.load();
    });
    std::this_thread::sleep_for(5ms);  // far beyond the spin: the waiter sleeps
    progress.publish(1, 1);            // not enough: it must keep waiting
    std::this_thread::sleep_for(5ms);
    EXPECT_EQ(waiter.wait_for(0ms), std::future_status::timeout);
    published = true;
    progress.publish(1, 2);
    ASSERT_EQ(waiter.wait_for(10s), std::future_status::ready);
    EXPECT_TRUE(waiter.get());
}

TEST(RowProgress, ResetStartsEveryRowAtZero) {
    RowProgress progress(2);
    progress.publish(0, 5);
    progress.wait_for(0, 5);
    progress.reset();
    auto waiter = std::async(std::launch::async, [&] { progress.wait_for(0, 1); });
    EXPECT_EQ(waiter.wait_for(2ms), std::future_status::timeout);
    progress.publish(0, 1);
    EXPECT_EQ(waiter.wait_for(10s), std::future_status::ready);
}

// A wavefront of 12 rows x 40 steps on 12 threads, each step waiting for the row above two
// steps ahead; some steps stall past the spin so that waiters sleep. Every step must see the
// row above far enough, and the whole must end (a lost wake-up would hang it).
TEST(RowProgress, WavefrontChainOnManyThreadsEnds) {
    constexpr int kRows = 12, kSteps = 40;
    for (int round = 0; round < 3; round++) {
        RowProgress progress(kRows);
        std::vector<std::vector<int>> seen_above(kRows, std::vector<int>(kSteps, 0));
        std::vector<std::atomic<int>> done(kRows);
        for (auto& d : done) d = 0;
        auto run_row = [&](int row) {
            std::mt19937 random(static_cast<unsigned>(row * 7 + round));
            for (int step = 0; step < kSteps; step++) {
                if (row > 0) {
                    progress.wait_for(row - 1, std::min(step + 2, kSteps));
                    seen_above[row][step] = done[row - 1].load();
                }
                if (random() % 16 == 0) std::this_thread::sleep_for(200us);  // past the spin budget
                done[row].store(step + 1);
                progress.publish(row, step + 1);
            }
        };
        std::vector<std::future<void>> rows;
        for (int row = kRows - 1; row >= 0; row--) rows.push_back(std::async(std::launch::async, run_row, row));
        for (auto& r : rows) ASSERT_EQ(r.wait_for(30s), std::future_status::ready);
        for (int row = 1; row < kRows; row++) {
            for (int step = 0; step < kSteps; step++) {
                EXPECT_GE(seen_above[row][step], std::min(step + 2, kSteps)) << row << "," << step;
            }
        }
    }
}

}  // namespace
}  // namespace tc
