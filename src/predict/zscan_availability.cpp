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

ZscanAvailability::ZscanAvailability(int picture_width, int picture_height, int log2_ctu_size,
                                     const SliceRows& slices)
    : picture_width_(picture_width),
      picture_height_(picture_height),
      log2_ctu_size_(log2_ctu_size),
      picture_width_in_ctus_((picture_width + (1 << log2_ctu_size) - 1) >> log2_ctu_size),
      blocks_per_ctu_log2_(2 * (log2_ctu_size - kLog2MinTbSize)) {
    for (int y = 0; y < 16; y++) {
        for (int x = 0; x < 16; x++) z_order_[y][x] = static_cast<uint16_t>(z_order_index(x, y));
    }
    const int ctu_rows = (picture_height + (1 << log2_ctu_size) - 1) >> log2_ctu_size;
    slice_start_.resize(static_cast<size_t>(picture_width_in_ctus_) * static_cast<size_t>(ctu_rows));
    for (int row = 0; row < ctu_rows; row++) {
        // Rows past those `slices` was made for (a single slice by default) belong to its last.
        const int first_row = row < slices.rows() ? slices.first_row_of(row) : slices.first_row(slices.count() - 1);
        const int64_t start = (static_cast<int64_t>(first_row) * picture_width_in_ctus_) << blocks_per_ctu_log2_;
        for (int column = 0; column < picture_width_in_ctus_; column++) {
            slice_start_[static_cast<size_t>(row) * static_cast<size_t>(picture_width_in_ctus_) +
                         static_cast<size_t>(column)] = start;
        }
    }
}

}  // namespace tc
