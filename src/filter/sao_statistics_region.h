// Which samples of a CTB the SAO statistics count (filter/sao_estimation.cpp), in plain code that
// the CPU and the CUDA kernel of accelerator-coded pictures (cuda/sao_statistics_kernel.cu)
// share: bands over the whole CTB; each edge class over the part of it whose two neighbours of
// that class lie in the plane and in the rows of its slice (8.7.3.2 gives the others no offset).
#pragma once
#include "accel/host_device.h"

namespace tc {

// kSaoEdgeNeighbours (filter/sao.h) as a switch, for device code: the offset of neighbour k (0
// or 1) of class eo_class along x (vertical false) or y.
TC_HOST_DEVICE inline int sao_neighbour_offset(int eo_class, int k, bool vertical) {
    const int sign = k == 0 ? -1 : 1;
    if (vertical) return eo_class == 0 ? 0 : sign;
    return eo_class == 1 ? 0 : eo_class == 3 ? -sign : sign;
}

// H.265 8.7.3.2's edgeIdx of `sample` between its two neighbours, after the remapping (0 = no
// offset): kSaoEdgeCategory[sao_raw_edge_index(...)] of filter/sao.h without the tables.
TC_HOST_DEVICE inline int sao_edge_category(int sample, int first_neighbour, int second_neighbour) {
    const int raw = 2 + (sample > first_neighbour) - (sample < first_neighbour) + (sample > second_neighbour) -
                    (sample < second_neighbour);
    return raw <= 2 ? (raw + 1) % 3 : raw;
}

struct SaoRegion {
    int left, top, right, bottom;  // [left, right) x [top, bottom); empty where right <= left or bottom <= top
};

// The edge class's region of the CTB [x0, x_end) x [y0, y_end) of a width x height plane whose
// slice covers rows [top_limit, bottom_limit).
TC_HOST_DEVICE inline SaoRegion sao_edge_region(int eo_class, int x0, int y0, int x_end, int y_end, int width,
                                                int height, int top_limit, int bottom_limit) {
    SaoRegion region{x0, y0, x_end, y_end};
    const int bottom_edge = bottom_limit < height ? bottom_limit : height;
    for (int k = 0; k < 2; k++) {
        const int dx = sao_neighbour_offset(eo_class, k, false), dy = sao_neighbour_offset(eo_class, k, true);
        if (region.left < -dx) region.left = -dx;
        if (region.right > width - dx) region.right = width - dx;
        if (region.top < top_limit - dy) region.top = top_limit - dy;
        if (region.bottom > bottom_edge - dy) region.bottom = bottom_edge - dy;
    }
    return region;
}

}  // namespace tc
