#include "predict/zscan_availability.h"

#include <gtest/gtest.h>

#include <functional>
#include <vector>

namespace tc {
namespace {

// Decoding order of the 4x4 blocks found by walking the coding quadtree of every CTU in raster
// order, quadrants in z-order: a formulation of the order independent of the bit interleaving.
std::vector<int64_t> decoding_order_by_quadtree_walk(int width, int height, int log2_ctu_size,
                                                     int& blocks_per_row) {
    const int ctu_size = 1 << log2_ctu_size;
    const int ctus_per_row = (width + ctu_size - 1) / ctu_size;
    const int ctus_per_column = (height + ctu_size - 1) / ctu_size;
    blocks_per_row = ctus_per_row * ctu_size / 4;
    std::vector<int64_t> order(static_cast<size_t>(blocks_per_row) * ctus_per_column * ctu_size /
                               4);
    int64_t counter = 0;
    std::function<void(int, int, int)> walk = [&](int x, int y, int size) {
        if (size == 4) {
            order[static_cast<size_t>(y / 4) * blocks_per_row + x / 4] = counter++;
            return;
        }
        const int half = size / 2;
        walk(x, y, half);
        walk(x + half, y, half);
        walk(x, y + half, half);
        walk(x + half, y + half, half);
    };
    for (int row = 0; row < ctus_per_column; ++row) {
        for (int column = 0; column < ctus_per_row; ++column) {
            walk(column * ctu_size, row * ctu_size, ctu_size);
        }
    }
    return order;
}

TEST(ZscanAvailability, MinTbAddressMatchesQuadtreeWalk) {
    struct Case {
        int width, height, log2_ctu;
    };
    for (const Case c : {Case{64, 64, 4}, Case{200, 120, 5}, Case{328, 136, 6}, Case{24, 40, 4}}) {
        const ZscanAvailability availability(c.width, c.height, c.log2_ctu);
        int blocks_per_row = 0;
        const std::vector<int64_t> order =
            decoding_order_by_quadtree_walk(c.width, c.height, c.log2_ctu, blocks_per_row);
        for (int y = 0; y < c.height; y += 4) {
            for (int x = 0; x < c.width; x += 4) {
                ASSERT_EQ(availability.min_tb_address_zs(x + 3, y + 1),
                          order[static_cast<size_t>(y / 4) * blocks_per_row + x / 4])
                    << c.width << "x" << c.height << " ctu " << (1 << c.log2_ctu) << " at " << x
                    << "," << y;
            }
        }
    }
}

TEST(ZscanAvailability, OutsideThePictureIsUnavailable) {
    const ZscanAvailability availability(100, 72, 5);  // partial CTUs on the right and bottom
    EXPECT_FALSE(availability.available(0, 0, -1, 0));
    EXPECT_FALSE(availability.available(0, 0, 0, -1));
    EXPECT_FALSE(availability.available(0, 0, -1, -1));
    EXPECT_FALSE(availability.available(96, 64, 100, 63));
    EXPECT_FALSE(availability.available(32, 64, 31, 72));
    EXPECT_TRUE(availability.available(96, 64, 99, 63));
    EXPECT_TRUE(availability.available(96, 64, 95, 71));
}

TEST(ZscanAvailability, LaterBlockInTheSameCtuIsUnavailable) {
    const ZscanAvailability availability(128, 128, 6);
    // 8x8 block at (8, 8): its top-right neighbour (16, 7) lies in the next 16x16 quadrant.
    EXPECT_FALSE(availability.available(8, 8, 16, 7));
    // Its left, top and corner neighbours come earlier.
    EXPECT_TRUE(availability.available(8, 8, 7, 8));
    EXPECT_TRUE(availability.available(8, 8, 8, 7));
    EXPECT_TRUE(availability.available(8, 8, 7, 7));
    // 8x8 block at (0, 8): its top-right (8, 7) belongs to the 8x8 block coded before it.
    EXPECT_TRUE(availability.available(0, 8, 8, 7));
    // 8x8 block at (8, 0): its bottom-left (7, 8) is coded after it.
    EXPECT_FALSE(availability.available(8, 0, 7, 8));
    // 4x4 granularity: block (4, 4) sees (3, 7) but not the bottom-left (3, 8).
    EXPECT_TRUE(availability.available(4, 4, 3, 7));
    EXPECT_FALSE(availability.available(4, 4, 3, 8));
}

TEST(ZscanAvailability, NeighbouringCtus) {
    const ZscanAvailability availability(256, 192, 6);  // 4 x 3 CTUs
    // Block at the top-left of CTU (1, 1).
    EXPECT_TRUE(availability.available(64, 64, 63, 64));    // left CTU
    EXPECT_TRUE(availability.available(64, 64, 64, 63));    // top CTU
    EXPECT_TRUE(availability.available(64, 64, 63, 63));    // top-left CTU
    EXPECT_TRUE(availability.available(64, 64, 128, 63));   // top-right CTU
    EXPECT_TRUE(availability.available(64, 64, 63, 127));   // bottom of the left CTU
    EXPECT_FALSE(availability.available(64, 64, 128, 64));  // right CTU
    // Bottom-left of a block at the bottom of CTU (1, 1) falls into the next CTU row.
    EXPECT_FALSE(availability.available(64, 96, 63, 128));
    // Top-right of a block at the right edge of the CTU, not on its first row: the next CTU.
    EXPECT_FALSE(availability.available(96, 96, 128, 95));
}

// Slices of whole CTU rows (6.4.1): a neighbour in the slice above is not available, one
// left in the same row still is; without slices the same neighbours are available.
TEST(ZscanAvailability, NeighboursInAnEarlierSliceAreUnavailable) {
    const ZscanAvailability sliced(256, 192, 6, SliceRows(3, 2));  // rows {0, 1} and {2}
    const ZscanAvailability whole(256, 192, 6);
    // A block at the top-left of CTU (1, 2), the first row of the second slice.
    EXPECT_FALSE(sliced.available(64, 128, 64, 127));   // above
    EXPECT_FALSE(sliced.available(64, 128, 63, 127));   // above-left
    EXPECT_FALSE(sliced.available(64, 128, 128, 127));  // above-right
    EXPECT_TRUE(sliced.available(64, 128, 63, 128));    // left, same slice
    EXPECT_TRUE(whole.available(64, 128, 64, 127));
    EXPECT_TRUE(whole.available(64, 128, 128, 127));
    // Inside the first slice nothing changes: CTU (1, 1) sees row 0.
    EXPECT_TRUE(sliced.available(64, 64, 64, 63));
    EXPECT_TRUE(sliced.available(64, 64, 128, 63));
    // A block lower in the second slice's CTU still sees the blocks above it inside the CTU.
    EXPECT_TRUE(sliced.available(64, 160, 64, 159));
    // Through available_to as intra reference gathering uses it.
    EXPECT_FALSE(sliced.available_to(sliced.min_tb_address_zs(0, 128), 0, 127));
    EXPECT_TRUE(sliced.available_to(sliced.min_tb_address_zs(4, 128), 0, 128));
}

TEST(ZscanAvailability, ALocationIsAvailableToItself) {
    const ZscanAvailability availability(64, 64, 4);
    EXPECT_TRUE(availability.available(20, 36, 20, 36));
    EXPECT_TRUE(availability.available(20, 36, 23, 39));  // same 4x4 block
}

}  // namespace
}  // namespace tc
