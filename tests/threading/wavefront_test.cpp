// Wavefront order: every CTU runs once, after its left neighbour and after the row
// above has finished the CTU above-right of it (the last one of the row at the right edge);
// each row's end call comes once, after its last CTU; the tasks after the rows run once each.
#include "encoder/wavefront.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

namespace tc {
namespace {

void check_order(int columns, int rows, int workers, int after_count = 0, const SliceRows* slices = nullptr) {
    auto pool = ThreadPool::create(workers);
    ASSERT_NE(pool, nullptr);
    Wavefront wavefront(columns, rows, slices);
    for (int picture = 0; picture < 3; picture++) {
        std::vector<std::atomic<int>> done(static_cast<size_t>(columns * rows));
        std::vector<std::atomic<int>> row_ends(static_cast<size_t>(rows));
        std::vector<std::atomic<int>> after_done(static_cast<size_t>(after_count));
        std::atomic<int> violations{0};
        auto finished = [&](int c, int r) { return done[static_cast<size_t>(r * columns + c)].load() != 0; };
        auto row_end = [&](int row, int worker) {
            if (worker < 0 || worker >= workers || !finished(columns - 1, row)) violations++;
            row_ends[static_cast<size_t>(row)].fetch_add(1);
        };
        auto after_task = [&](int index, int worker) {
            if (worker < 0 || worker >= workers) violations++;
            after_done[static_cast<size_t>(index)].fetch_add(1);
        };
        wavefront.run(*pool, [&](int column, int row, int worker) {
            if (worker < 0 || worker >= workers) violations++;
            if (column > 0 && !finished(column - 1, row)) violations++;
            const bool slice_start = slices != nullptr && slices->starts_slice(row);
            if (row > 0 && !slice_start && !finished(std::min(column + 1, columns - 1), row - 1)) violations++;
            done[static_cast<size_t>(row * columns + column)].fetch_add(1);
        }, RowCallback::of(row_end), SideTasks::of(after_count, after_task));
        EXPECT_EQ(violations.load(), 0)
            << columns << "x" << rows << " with " << workers << " workers";
        for (const auto& d : done) EXPECT_EQ(d.load(), 1);
        for (const auto& d : row_ends) EXPECT_EQ(d.load(), 1) << "every row's end once";
        for (const auto& d : after_done) EXPECT_EQ(d.load(), 1) << "every task after the rows once";
    }
}

TEST(Wavefront, DependenciesHoldForEveryShapeAndWorkerCount) {
    for (int workers : {1, 2, 4}) {
        check_order(1, 5, workers);  // one CTU wide
        check_order(2, 4, workers);
        check_order(7, 1, workers);  // one row
        check_order(9, 6, workers);
    }
}

// Tasks after the rows (the last row's SAO and hash) run once each and leave the order alone,
// including when there are more of them than workers.
TEST(Wavefront, TasksAfterTheRowsRunOnce) {
    for (int workers : {1, 2, 4}) {
        check_order(9, 6, workers, 3);
        check_order(1, 5, workers, 7);
        check_order(7, 1, workers, 1);
    }
}

TEST(Wavefront, DependenciesHoldInsideSlices) {
    const SliceRows slices(6, 3);
    for (int workers : {1, 2, 4}) check_order(9, 6, workers, 1, &slices);
}

// The first row of a slice waits for nothing above it: here row 0 cannot end before row 2
// (the second slice's first row) has, which only works if row 2 runs without row 1.
TEST(Wavefront, ASlicesFirstRowDoesNotWaitForTheSliceAbove) {
    auto pool = ThreadPool::create(3);
    ASSERT_NE(pool, nullptr);
    const SliceRows slices(4, 2);  // rows {0, 1} and {2, 3}
    Wavefront wavefront(4, 4, &slices);
    std::atomic<bool> row2_done{false}, timed_out{false};
    wavefront.run(*pool, [&](int column, int row, int) {
        if (row == 0 && column == 0) {
            const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
            while (!row2_done.load()) {
                if (std::chrono::steady_clock::now() > deadline) {
                    timed_out = true;
                    break;
                }
                std::this_thread::yield();
            }
        }
        if (row == 2 && column == 3) row2_done = true;
    });
    EXPECT_FALSE(timed_out.load()) << "row 2 waited for the slice above";
}

}  // namespace
}  // namespace tc
