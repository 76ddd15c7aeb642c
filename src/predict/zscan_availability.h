// Availability of neighbouring samples in z-scan order (H.265 clause 6.4.1), for a picture without
// tiles cut into slices of whole CTU rows (SliceRows): coding tree units follow raster order, inside
// a CTU the 4x4 minimum transform blocks follow z-order, and a neighbour in an earlier slice is
// not available.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "common/slice_rows.h"

namespace tc {

class ZscanAvailability {
  public:
    // All sizes in luma samples. The minimum transform block is 4x4 (log2 size 2).
    ZscanAvailability(int picture_width, int picture_height, int log2_ctu_size,
                      const SliceRows& slices = SliceRows());

    // H.265 clause 6.4.1: the location (x_nb, y_nb) is available to the block whose top-left luma
    // sample is (x_curr, y_curr) unless it lies outside the picture, comes later in decoding
    // order (MinTbAddrZs(x_nb, y_nb) > MinTbAddrZs(x_curr, y_curr)) or lies in another slice
    // (an earlier one: its address is below the first of the current block's slice).
    bool available(int x_curr, int y_curr, int x_nb, int y_nb) const {
        return available_to(min_tb_address_zs(x_curr, y_curr), x_nb, y_nb);
    }

    // available() for many neighbours of one block: pass min_tb_address_zs(x_curr, y_curr),
    // computed once, as curr_address.
    bool available_to(int64_t curr_address, int x_nb, int y_nb) const {
        if (x_nb < 0 || y_nb < 0 || x_nb >= picture_width_ || y_nb >= picture_height_) return false;
        const int64_t address = min_tb_address_zs(x_nb, y_nb);
        return address <= curr_address &&
               address >= slice_start_[static_cast<size_t>(curr_address >> blocks_per_ctu_log2_)];
    }

    // MinTbAddrZs (H.265 clause 6.5.2) of the minimum transform block holding the luma
    // sample (x, y), which must lie inside the picture.
    int64_t min_tb_address_zs(int x, int y) const {
        // Single slice, no tiles: CtbAddrRsToTs is the identity.
        const int64_t ctu_address = static_cast<int64_t>(y >> log2_ctu_size_) * picture_width_in_ctus_ +
                                    (x >> log2_ctu_size_);
        const int ctu_mask = (1 << log2_ctu_size_) - 1;
        return (ctu_address << blocks_per_ctu_log2_) +
               z_order_[(y & ctu_mask) >> kLog2MinTbSize][(x & ctu_mask) >> kLog2MinTbSize];
    }

  private:
    static constexpr int kLog2MinTbSize = 2;

    int picture_width_;
    int picture_height_;
    int log2_ctu_size_;
    int picture_width_in_ctus_;
    int blocks_per_ctu_log2_;
    // Per CTU (raster address): MinTbAddrZs of the first block of its slice.
    std::vector<int64_t> slice_start_;
    // z-order index of each 4x4 block inside a CTU, [y][x] in 4x4 units (CTUs up to 64x64).
    std::array<std::array<uint16_t, 16>, 16> z_order_{};
};

}  // namespace tc
