// The 16-bit overload of mark_coded_sub_blocks (64-bit loads) against the template's level by
// level loop, its reference: every block size, empty, full and sparse blocks, a single level at
// every position, and levels at the 16-bit limits (a negative level's bits must count as set).
#include "common/coded_sub_blocks.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <random>
#include <vector>

namespace tc {
namespace {

void expect_same_marks(const std::vector<int16_t>& levels, int log2_size, const char* what) {
    uint8_t expected[8][8], got[8][8];
    std::memset(expected, 0xAA, sizeof(expected));
    std::memset(got, 0xAA, sizeof(got));
    const int expected_count = mark_coded_sub_blocks<int16_t>(levels.data(), log2_size, expected);
    const int count = mark_coded_sub_blocks(levels.data(), log2_size, got);
    EXPECT_EQ(count, expected_count) << what << ", size " << (1 << log2_size);
    const int sub_blocks = 1 << (log2_size - 2);
    for (int x = 0; x < sub_blocks; x++) {
        for (int y = 0; y < sub_blocks; y++) {
            EXPECT_EQ(got[x][y], expected[x][y]) << what << ", size " << (1 << log2_size) << " at " << x << "," << y;
        }
    }
}

TEST(CodedSubBlocks, SixteenBitLoadsMarkWhatTheLevelLoopMarks) {
    std::mt19937 random(20261206);
    for (int log2_size = 2; log2_size <= 5; log2_size++) {
        const int size = 1 << log2_size;
        std::vector<int16_t> levels(static_cast<size_t>(size * size), 0);
        expect_same_marks(levels, log2_size, "empty");
        for (int16_t& level : levels) level = 1;
        expect_same_marks(levels, log2_size, "full");
        for (int i = 0; i < size * size; i++) {
            std::fill(levels.begin(), levels.end(), int16_t{0});
            levels[static_cast<size_t>(i)] = static_cast<int16_t>(i % 2 == 0 ? INT16_MIN : INT16_MAX);
            expect_same_marks(levels, log2_size, "one level");
        }
        for (int round = 0; round < 200; round++) {
            const int density = 1 + round % 20;  // about one level in `density`
            for (int16_t& level : levels) {
                level = random() % density == 0 ? static_cast<int16_t>(static_cast<int>(random() % 65536) - 32768) : 0;
            }
            expect_same_marks(levels, log2_size, "random");
        }
    }
}

}  // namespace
}  // namespace tc
