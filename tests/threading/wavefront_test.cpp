// Wavefront order: every CTU runs once, after its left neighbour and after the row
// above has finished the CTU above-right of it (the last one of the row at the right edge).
#include "encoder/wavefront.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <vector>

namespace tc {
namespace {

void check_order(int columns, int rows, int workers) {
    auto pool = ThreadPool::create(workers);
    ASSERT_NE(pool, nullptr);
    Wavefront wavefront(columns, rows);
    for (int picture = 0; picture < 3; picture++) {
        std::vector<std::atomic<int>> done(static_cast<size_t>(columns * rows));
        std::atomic<int> violations{0};
        wavefront.run(*pool, [&](int column, int row, int worker) {
            if (worker < 0 || worker >= workers) violations++;
            auto finished = [&](int c, int r) {
                return done[static_cast<size_t>(r * columns + c)].load() != 0;
            };
            if (column > 0 && !finished(column - 1, row)) violations++;
            if (row > 0 && !finished(std::min(column + 1, columns - 1), row - 1)) violations++;
            done[static_cast<size_t>(row * columns + column)].fetch_add(1);
        });
        EXPECT_EQ(violations.load(), 0)
            << columns << "x" << rows << " with " << workers << " workers";
        for (const auto& d : done) EXPECT_EQ(d.load(), 1);
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

}  // namespace
}  // namespace tc
