// significance_in_scan_order against the plain loop it replaced: each scan position's level
// read through the scan table and tested for zero, on random sub-blocks of every block width,
// with the values whose low or high byte alone is non-zero (the word trick's edge cases).
#include "bitstream/sub_block_significance.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <vector>

#include "common/scan_order.h"

namespace tc {
namespace {

uint32_t scalar_significance(const int16_t* sub, int stride, int scan_idx) {
    const CoefficientScan& scan = kCoefficientScans[0][scan_idx];
    uint32_t mask = 0;
    for (int n = 0; n < 16; n++) {
        if (sub[scan.y[n] * stride + scan.x[n]] != 0) mask |= 1u << n;
    }
    return mask;
}

TEST(SubBlockSignificance, EqualsTheScanOrderLoop) {
    std::mt19937 random(7);
    const int16_t edge_values[] = {0, 1, -1, 0x0100, -0x0100, 0x00FF, 0x7F00, -32768, 32767, 0x0080, 255, 256};
    int checked = 0;
    for (int log2_size = 2; log2_size <= 5; log2_size++) {
        const int size = 1 << log2_size;
        std::vector<int16_t> block(static_cast<size_t>(size) * size);
        for (int trial = 0; trial < 400; trial++) {
            // Mostly zeros, as coded blocks are; the rest edge values or random ones.
            for (int16_t& level : block) {
                const uint32_t pick = random() % 8;
                level = pick < 5   ? int16_t{0}
                        : pick < 7 ? edge_values[random() % std::size(edge_values)]
                                   : static_cast<int16_t>(random());
            }
            for (int y = 0; y < size; y += 4) {
                for (int x = 0; x < size; x += 4) {
                    const int16_t* sub = block.data() + y * size + x;
                    for (int scan_idx = 0; scan_idx < 3; scan_idx++) {
                        ASSERT_EQ(significance_in_scan_order(sub, size, scan_idx),
                                  scalar_significance(sub, size, scan_idx))
                            << "size " << size << " sub-block " << x << "," << y << " scan " << scan_idx;
                        checked++;
                    }
                }
            }
        }
    }
    EXPECT_GT(checked, 0);
}

// Every single non-zero position, in each scan: exactly its scan position's bit.
TEST(SubBlockSignificance, OneLevelGivesItsScanPosition) {
    for (int scan_idx = 0; scan_idx < 3; scan_idx++) {
        const CoefficientScan& scan = kCoefficientScans[0][scan_idx];
        for (int n = 0; n < 16; n++) {
            for (const int16_t value : {int16_t{1}, int16_t{0x0100}, int16_t{-32768}}) {
                int16_t sub[16] = {};
                sub[scan.y[n] * 4 + scan.x[n]] = value;
                EXPECT_EQ(significance_in_scan_order(sub, 4, scan_idx), 1u << n) << scan_idx << " " << n;
            }
        }
    }
}

}  // namespace
}  // namespace tc
