// SliceRows: the CTU rows shared out among the slices as evenly as they go, every row in
// exactly one slice, the slice count clamped to [1, rows].
#include "common/slice_rows.h"

#include <gtest/gtest.h>

namespace tc {
namespace {

TEST(SliceRows, RowsAreSharedOutEvenlyFirstSlicesTakingTheRest) {
    const SliceRows slices(17, 4);  // 1080p: 5 + 4 + 4 + 4
    ASSERT_EQ(slices.count(), 4);
    EXPECT_EQ(slices.first_row(0), 0);
    EXPECT_EQ(slices.first_row(1), 5);
    EXPECT_EQ(slices.first_row(2), 9);
    EXPECT_EQ(slices.first_row(3), 13);
    EXPECT_EQ(slices.end_row(3), 17);
    EXPECT_EQ(slices.slice_of(4), 0);
    EXPECT_EQ(slices.slice_of(5), 1);
    EXPECT_EQ(slices.first_row_of(12), 9);
    EXPECT_TRUE(slices.starts_slice(9));
    EXPECT_FALSE(slices.starts_slice(10));
    EXPECT_TRUE(slices.ends_slice(8));
    EXPECT_TRUE(slices.ends_slice(16));
    EXPECT_FALSE(slices.ends_slice(15));
}

TEST(SliceRows, EveryRowBelongsToOneSliceForEveryShape) {
    for (int rows = 1; rows <= 20; rows++) {
        for (int requested = -1; requested <= 24; requested++) {
            const SliceRows slices(rows, requested);
            const int count = slices.count();
            EXPECT_EQ(count, std::clamp(requested, 1, rows)) << rows << " rows, " << requested;
            EXPECT_EQ(slices.first_row(0), 0);
            EXPECT_EQ(slices.end_row(count - 1), rows);
            int smallest = rows, largest = 0;
            for (int s = 0; s < count; s++) {
                const int size = slices.end_row(s) - slices.first_row(s);
                smallest = std::min(smallest, size);
                largest = std::max(largest, size);
                for (int row = slices.first_row(s); row < slices.end_row(s); row++) {
                    EXPECT_EQ(slices.slice_of(row), s);
                    EXPECT_EQ(slices.first_row_of(row), slices.first_row(s));
                    EXPECT_EQ(slices.starts_slice(row), row == slices.first_row(s));
                    EXPECT_EQ(slices.ends_slice(row), row + 1 == slices.end_row(s));
                }
            }
            EXPECT_GE(smallest, 1);
            EXPECT_LE(largest - smallest, 1) << rows << " rows in " << count << " slices";
        }
    }
}

TEST(SliceRows, DefaultIsOneSlice) {
    const SliceRows slices;
    EXPECT_EQ(slices.count(), 1);
    EXPECT_TRUE(slices.starts_slice(0));
}

}  // namespace
}  // namespace tc
