// Wavefront order: every CTU runs once, after its left neighbour and after the row
// above has finished the CTU above-right of it (the last one of the row at the right edge);
// each row's end call comes once, after its last CTU; the tasks after the rows and beside the
// first row run once each.
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

// Tasks beside the first row run once each, handed out right after it: with one worker
// between the first row and the second, with more while the first row runs; the order of the
// CTUs holds as without them. Only the one-worker order is checked: with more, "handed out
// after the first row" does not mean "begun after the first row's first CTU" (the worker given
// row 0 may not have reached it yet when another begins a beside task).
TEST(Wavefront, TasksBesideTheFirstRowRunOnceAfterItIsHandedOut) {
    for (int workers : {1, 2, 4}) {
        auto pool = ThreadPool::create(workers);
        ASSERT_NE(pool, nullptr);
        for (const int beside_count : {1, 3, 9}) {
            Wavefront wavefront(6, 4);
            std::vector<std::atomic<int>> done(24);
            std::vector<std::atomic<int>> beside_done(static_cast<size_t>(beside_count));
            std::atomic<int> violations{0}, after_done{0};
            std::atomic<bool> first_row_started{false}, second_row_started{false};
            auto beside = [&](int index, int) {
                if (workers == 1 && (!first_row_started.load() || second_row_started.load())) violations++;
                beside_done[static_cast<size_t>(index)].fetch_add(1);
            };
            auto after = [&](int, int) { after_done.fetch_add(1); };
            wavefront.run(*pool, [&](int column, int row, int) {
                if (row == 0) first_row_started = true;
                if (row == 1) second_row_started = true;
                if (column > 0 && done[static_cast<size_t>(row * 6 + column - 1)].load() == 0) violations++;
                if (row > 0 && done[static_cast<size_t>((row - 1) * 6 + std::min(column + 1, 5))].load() == 0) violations++;
                done[static_cast<size_t>(row * 6 + column)].fetch_add(1);
            }, RowCallback{}, SideTasks::of(1, after), SideTasks::of(beside_count, beside));
            EXPECT_EQ(violations.load(), 0) << workers << " workers, " << beside_count << " beside";
            for (const auto& d : done) EXPECT_EQ(d.load(), 1);
            for (const auto& d : beside_done) EXPECT_EQ(d.load(), 1);
            EXPECT_EQ(after_done.load(), 1);
        }
    }
}

// The WaitHelper: called only by a worker whose next CTU would wait for the row above (so never
// with one worker, where each row starts after the row above has ended), as long as it returns
// true and the row above is not far enough; its pieces (here 100 us each) leave the order of the
// CTUs as it is. Row 0 is slowed, and with several workers holds at its third CTU until a piece
// has run (row 1's second CTU waits for that one): the rows below wait however the threads are
// scheduled (a loaded machine could otherwise run row 0 to its end before row 1 starts).
TEST(Wavefront, HelperRunsOnlyWhereARowWouldWait) {
    for (int workers : {1, 2, 4}) {
        auto pool = ThreadPool::create(workers);
        ASSERT_NE(pool, nullptr);
        Wavefront wavefront(8, 5);
        std::vector<std::atomic<int>> done(40);
        std::atomic<int> violations{0}, pieces{0}, left{6};
        auto finished = [&](int c, int r) { return done[static_cast<size_t>(r * 8 + c)].load() != 0; };
        auto help = [&]() {
            if (left.fetch_sub(1) <= 0) return false;
            pieces++;
            std::this_thread::sleep_for(std::chrono::microseconds(100));
            return true;
        };
        wavefront.run(*pool, [&](int column, int row, int) {
            if (row == 0) std::this_thread::sleep_for(std::chrono::microseconds(300));
            if (row == 0 && column == 2 && workers > 1) {
                const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
                while (pieces.load() == 0 && std::chrono::steady_clock::now() < deadline) std::this_thread::yield();
            }
            if (column > 0 && !finished(column - 1, row)) violations++;
            if (row > 0 && !finished(std::min(column + 1, 7), row - 1)) violations++;
            done[static_cast<size_t>(row * 8 + column)].fetch_add(1);
        }, RowCallback{}, SideTasks{}, SideTasks{}, WaitHelper::of(help));
        EXPECT_EQ(violations.load(), 0) << workers << " workers";
        for (const auto& d : done) EXPECT_EQ(d.load(), 1);
        if (workers == 1) {
            EXPECT_EQ(pieces.load(), 0) << "one worker never waits";
        } else {
            EXPECT_GT(pieces.load(), 0) << workers << " workers: the rows below row 0 waited";
        }
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

// What one wavefront of run_together saw: its CTUs, rows' ends and tasks after the rows, and
// how often it broke the order.
struct Observed {
    Observed(int columns, int rows, int after_count)
        : columns(columns), done(static_cast<size_t>(columns * rows)), row_ends(static_cast<size_t>(rows)),
          after_done(static_cast<size_t>(after_count)) {}
    int columns;
    std::vector<std::atomic<int>> done, row_ends, after_done;
    std::atomic<int> violations{0};
    bool finished(int c, int r) const { return done[static_cast<size_t>(r * columns + c)].load() != 0; }
};

// Two wavefronts in one batch (two pictures side by side): each keeps run()'s order, and
// every CTU, row end and task after the rows runs once.
void check_together(int columns, int rows_first, int rows_second, int workers, int after_count) {
    auto pool = ThreadPool::create(workers);
    ASSERT_NE(pool, nullptr);
    Wavefront first(columns, rows_first), second(columns, rows_second);
    for (int round = 0; round < 3; round++) {
        Observed seen[2] = {{columns, rows_first, after_count}, {columns, rows_second, after_count}};
        auto visit = [&](Observed& o, int column, int row, int worker) {
            if (worker < 0 || worker >= workers) o.violations++;
            if (column > 0 && !o.finished(column - 1, row)) o.violations++;
            if (row > 0 && !o.finished(std::min(column + 1, columns - 1), row - 1)) o.violations++;
            o.done[static_cast<size_t>(row * columns + column)].fetch_add(1);
        };
        auto row_end = [&](Observed& o, int row, int worker) {
            if (worker < 0 || worker >= workers || !o.finished(columns - 1, row)) o.violations++;
            o.row_ends[static_cast<size_t>(row)].fetch_add(1);
        };
        auto after = [&](Observed& o, int index, int worker) {
            if (worker < 0 || worker >= workers) o.violations++;
            o.after_done[static_cast<size_t>(index)].fetch_add(1);
        };
        auto visit0 = [&](int c, int r, int w) { visit(seen[0], c, r, w); };
        auto visit1 = [&](int c, int r, int w) { visit(seen[1], c, r, w); };
        auto end0 = [&](int r, int w) { row_end(seen[0], r, w); };
        auto end1 = [&](int r, int w) { row_end(seen[1], r, w); };
        auto after0 = [&](int i, int w) { after(seen[0], i, w); };
        auto after1 = [&](int i, int w) { after(seen[1], i, w); };
        Wavefront::run_together(*pool,
                                {&first, CtuVisit::of(visit0), RowCallback::of(end0), SideTasks::of(after_count, after0)},
                                {&second, CtuVisit::of(visit1), RowCallback::of(end1), SideTasks::of(after_count, after1)});
        for (const Observed& o : seen) {
            SCOPED_TRACE(::testing::Message() << columns << " columns, " << rows_first << " + " << rows_second
                                              << " rows, " << workers << " workers");
            EXPECT_EQ(o.violations.load(), 0);
            for (const auto& d : o.done) EXPECT_EQ(d.load(), 1);
            for (const auto& d : o.row_ends) EXPECT_EQ(d.load(), 1);
            for (const auto& d : o.after_done) EXPECT_EQ(d.load(), 1);
        }
    }
}

TEST(Wavefront, TwoWavefrontsInOneBatchKeepTheirOrder) {
    for (int workers : {1, 2, 3, 4}) {
        check_together(10, 5, 5, workers, 1);
        check_together(1, 4, 4, workers, 1);  // one CTU wide
        check_together(7, 1, 1, workers, 0);  // one row each
        check_together(9, 6, 2, workers, 2);  // different heights
        check_together(9, 2, 6, workers, 1);
    }
}

}  // namespace
}  // namespace tc
