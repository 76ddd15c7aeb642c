// The sizes the accelerated motion stages work with, shared by the CPU mirror and the CUDA
// kernels: the pyramid levels (Pyramid::allocate's halving), the CTU grid and the coarse
// search's candidate window. Plain constexpr code so that device code can include it.
#pragma once
#include "accel/host_device.h"

namespace tc {

// Level l (1..3) of a width x height luma plane: halved l times, at least one sample.
TC_HOST_DEVICE constexpr int pyramid_level_size(int full_size, int level) {
    const int size = full_size >> level;
    return size > 0 ? size : 1;
}

struct PyramidGeometry {
    int width = 0, height = 0;  // level 0: the coded luma size

    TC_HOST_DEVICE constexpr int level_width(int level) const { return level == 0 ? width : pyramid_level_size(width, level); }
    TC_HOST_DEVICE constexpr int level_height(int level) const { return level == 0 ? height : pyramid_level_size(height, level); }
    // Samples of levels 1..3 stored one after the other, rows tightly packed.
    TC_HOST_DEVICE constexpr long level_offset(int level) const {
        long offset = 0;
        for (int l = 1; l < level; l++) offset += static_cast<long>(level_width(l)) * level_height(l);
        return offset;
    }
    TC_HOST_DEVICE constexpr long pyramid_samples() const { return level_offset(4); }
    TC_HOST_DEVICE constexpr int ctu_columns() const { return (width + 63) / 64; }
    TC_HOST_DEVICE constexpr int ctu_rows() const { return (height + 63) / 64; }
};

// The coarse search (coarse_ctu_vector): exhaustive over +-max(2, range/8) on the 1/8 level,
// then +-1 on the 1/4 and 1/2 levels. Candidates are numbered in scan order (dy outer, dx
// inner), which breaks ties between equal costs.
constexpr int kCoarseTopLevel = 3;
TC_HOST_DEVICE constexpr int coarse_search_radius(int level, int range) {
    if (level != kCoarseTopLevel) return 1;
    return (range >> 3) > 2 ? (range >> 3) : 2;
}

}  // namespace tc
