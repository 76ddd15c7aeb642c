#include "predict/zscan_availability.h"

namespace tc {

namespace {

constexpr int kLog2MinTbSize = 2;

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

int64_t ZscanAvailability::min_tb_address_zs(int x, int y) const {
    // Single slice, no tiles: CtbAddrRsToTs is the identity.
    const int64_t ctu_address =
        static_cast<int64_t>(y >> log2_ctu_size_) * picture_width_in_ctus_ + (x >> log2_ctu_size_);
    const int ctu_mask = (1 << log2_ctu_size_) - 1;
    const int blocks_per_ctu_log2 = 2 * (log2_ctu_size_ - kLog2MinTbSize);
    return (ctu_address << blocks_per_ctu_log2) +
           z_order_[(y & ctu_mask) >> kLog2MinTbSize][(x & ctu_mask) >> kLog2MinTbSize];
}

bool ZscanAvailability::available(int x_curr, int y_curr, int x_nb, int y_nb) const {
    if (x_nb < 0 || y_nb < 0 || x_nb >= picture_width_ || y_nb >= picture_height_) return false;
    return min_tb_address_zs(x_nb, y_nb) <= min_tb_address_zs(x_curr, y_curr);
}

}  // namespace tc
