// Availability of neighbouring samples in z-scan order (H.265 clause 6.4.1), for a picture coded as
// one slice without tiles: coding tree units follow raster order, and inside a CTU the 4x4 minimum
// transform blocks follow z-order.
#pragma once

#include <array>
#include <cstdint>

namespace tc {

class ZscanAvailability {
  public:
    // All sizes in luma samples. The minimum transform block is 4x4 (log2 size 2).
    ZscanAvailability(int picture_width, int picture_height, int log2_ctu_size);

    // H.265 clause 6.4.1: the location (x_nb, y_nb) is available to the block whose top-left luma
    // sample is (x_curr, y_curr) unless it lies outside the picture or comes later in decoding
    // order, i.e. MinTbAddrZs(x_nb, y_nb) > MinTbAddrZs(x_curr, y_curr).
    bool available(int x_curr, int y_curr, int x_nb, int y_nb) const;

    // MinTbAddrZs (H.265 clause 6.5.2) of the minimum transform block holding the luma
    // sample (x, y), which must lie inside the picture.
    int64_t min_tb_address_zs(int x, int y) const;

  private:
    int picture_width_;
    int picture_height_;
    int log2_ctu_size_;
    int picture_width_in_ctus_;
    // z-order index of each 4x4 block inside a CTU, [y][x] in 4x4 units (CTUs up to 64x64).
    std::array<std::array<uint16_t, 16>, 16> z_order_{};
};

}  // namespace tc
