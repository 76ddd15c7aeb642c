// Wavefront order: every CTU runs once, after its left neighbour and after the row
// above has finished the CTU above-right of it (the last one of the row at the right edge).
#include "encoder/wavefront.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <vector>

namespace tc {
namespace {

void check_order(int columns, int rows, int workers, int side_count = 0) {
    auto pool = ThreadPool::create(workers);
    ASSERT_NE(pool, nullptr);
    Wavefront wavefront(columns, rows);
    for (int picture = 0; picture < 3; picture++) {
        std::vector<std::atomic<int>> done(static_cast<size_t>(columns * rows));
        std::vector<std::atomic<int>> side_done(static_cast<size_t>(side_count));
        std::atomic<int> violations{0};
        auto side_task = [&](int index, int worker) {
            if (worker < 0 || worker >= workers) violations++;
            side_done[static_cast<size_t>(index)].fetch_add(1);
        };
        wavefront.run(*pool, [&](int column, int row, int worker) {
            if (worker < 0 || worker >= workers) violations++;
            auto finished = [&](int c, int r) {
                return done[static_cast<size_t>(r * columns + c)].load() != 0;
            };
            if (column > 0 && !finished(column - 1, row)) violations++;
            if (row > 0 && !finished(std::min(column + 1, columns - 1), row - 1)) violations++;
            done[static_cast<size_t>(row * columns + column)].fetch_add(1);
        }, SideTasks::of(side_count, side_task));
        EXPECT_EQ(violations.load(), 0)
            << columns << "x" << rows << " with " << workers << " workers";
        for (const auto& d : done) EXPECT_EQ(d.load(), 1);
        for (const auto& d : side_done) EXPECT_EQ(d.load(), 1) << "every side task once";
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

// Side tasks (the picture hash beside the substreams) run once each and leave the order alone,
// including when there are more of them than workers and when they come before every row.
TEST(Wavefront, SideTasksRunOnceBesideTheRows) {
    for (int workers : {1, 2, 4}) {
        check_order(9, 6, workers, 3);
        check_order(1, 5, workers, 7);
        check_order(7, 1, workers, 1);
    }
}

}  // namespace
}  // namespace tc
