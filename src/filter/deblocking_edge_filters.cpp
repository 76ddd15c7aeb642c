#include "filter/deblocking_edge_filters.h"

#include <algorithm>

#include "filter/luma_edge_segment.h"

namespace tc {

namespace {

uint8_t clip_pixel(int value) {
    return static_cast<uint8_t>(std::clamp(value, 0, 255));
}

}  // namespace

void filter_luma_edge_segment(uint8_t* q0, ptrdiff_t across, ptrdiff_t along, int beta, int tc) {
    deblock_luma_segment(q0, across, along, beta, tc);
}

void filter_chroma_edge_segment(uint8_t* q0, ptrdiff_t across, ptrdiff_t along, int lines, int tc) {
    for (int k = 0; k < lines; k++) {
        uint8_t* line_q0 = q0 + k * along;
        const int p0 = line_q0[-across], p1 = line_q0[-2 * across];
        const int q0_value = line_q0[0], q1 = line_q0[across];
        const int delta = std::clamp((((q0_value - p0) * 4) + p1 - q1 + 4) >> 3, -tc, tc);
        line_q0[-across] = clip_pixel(p0 + delta);
        line_q0[0] = clip_pixel(q0_value - delta);
    }
}

void deblock_luma_horizontal_scalar(uint8_t* q0, ptrdiff_t stride, const uint8_t* beta,
                                    const uint8_t* tc, int segments) {
    for (int s = 0; s < segments; s++) {
        if (tc[s] != 0) filter_luma_edge_segment(q0 + 4 * s, stride, 1, beta[s], tc[s]);
    }
}

void deblock_luma_vertical_scalar(uint8_t* q0, ptrdiff_t stride, const uint8_t* beta,
                                  const uint8_t* tc, int segments) {
    for (int s = 0; s < segments; s++) {
        if (tc[s] != 0) filter_luma_edge_segment(q0 + 4 * s * stride, 1, stride, beta[s], tc[s]);
    }
}

void deblock_chroma_horizontal_scalar(uint8_t* q0, ptrdiff_t stride, const uint8_t* tc,
                                      int segments) {
    for (int s = 0; s < segments; s++) {
        if (tc[s] != 0) filter_chroma_edge_segment(q0 + 4 * s, stride, 1, 4, tc[s]);
    }
}

void deblock_chroma_vertical_scalar(uint8_t* q0, ptrdiff_t stride, const uint8_t* tc,
                                    int segments) {
    for (int s = 0; s < segments; s++) {
        if (tc[s] != 0) filter_chroma_edge_segment(q0 + 4 * s * stride, 1, stride, 4, tc[s]);
    }
}

}  // namespace tc
