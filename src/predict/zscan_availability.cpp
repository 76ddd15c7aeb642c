#include "predict/zscan_availability.h"

namespace tc {

namespace {

// Interleaves the bits of the block column and row so that x takes the even bit positions and y
// the odd ones: the z-order index of a block inside its CTU (H.265 clause 6.5.2).
constexpr int64_t z_order_index(int block_x, int block_y) {
    int64_t index = 0;
    for (int bit = 0; (block_x >> bit) != 0 || (block_y >> bit) != 0; ++bit) {
        index |= static_cast<int64_t>((block_x >> bit) & 1) << (2 * bit);
        index |= static_cast<int64_t>((block_y >> bit) & 1) << (2 * bit + 1);
    }
    return index;
}

static_assert(z_order_index(0, 0) == 0);
static_assert(z_order_index(1, 0) == 1);
static_assert(z_order_index(0, 1) == 2);
static_assert(z_order_index(1, 1) == 3);
static_assert(z_order_index(2, 0) == 4);
static_assert(z_order_index(3, 3) == 15);

}  // namespace

ZscanAvailability::ZscanAvailability(int picture_width, int picture_height, int log2_ctu_size)
    : picture_width_(picture_width),
      picture_height_(picture_height),
      log2_ctu_size_(log2_ctu_size),
      picture_width_in_ctus_((picture_width + (1 << log2_ctu_size) - 1) >> log2_ctu_size) {
    for (int y = 0; y < 16; y++) {
        for (int x = 0; x < 16; x++) z_order_[y][x] = static_cast<uint16_t>(z_order_index(x, y));
    }
}

bool ZscanAvailability::available(int x_curr, int y_curr, int x_nb, int y_nb) const {
    return available_to(min_tb_address_zs(x_curr, y_curr), x_nb, y_nb);
}

}  // namespace tc
