#include "filter/deblocking_edge_filters.h"

#include <algorithm>
#include <cstdlib>

namespace tc {

namespace {

// The 8 samples of one line across an edge: p[i] = p_i, q[i] = q_i (i = 0 next to the edge).
struct EdgeLine {
    int p[4];
    int q[4];
};

EdgeLine read_line(const uint8_t* q0, ptrdiff_t across) {
    EdgeLine line;
    for (int i = 0; i < 4; i++) {
        line.p[i] = q0[-(i + 1) * across];
        line.q[i] = q0[i * across];
    }
    return line;
}

uint8_t clip_pixel(int value) {
    return static_cast<uint8_t>(std::clamp(value, 0, 255));
}

// Second-derivative activity of one side of a line (dp0, dq0 ... of 8.7.2.5.3).
int side_activity(const int side[4]) {
    return std::abs(side[2] - 2 * side[1] + side[0]);
}

// dSam of 8.7.2.5.6: whether the strong filter suits this line; dpq is twice its activity.
bool strong_filter_suits(const EdgeLine& line, int dpq, int beta, int tc) {
    return dpq < (beta >> 2) &&
           std::abs(line.p[3] - line.p[0]) + std::abs(line.q[0] - line.q[3]) < (beta >> 3) &&
           std::abs(line.p[0] - line.q[0]) < ((5 * tc + 1) >> 1);
}

// 8.7.2.5.7 with dE == 2. The weighted means never leave 0..255, so no Clip1Y is needed.
void strong_filter_line(uint8_t* q0, ptrdiff_t across, const EdgeLine& line, int tc) {
    const int* p = line.p;
    const int* q = line.q;
    const int limit = 2 * tc;
    auto clip = [limit](int original, int filtered) {
        return static_cast<uint8_t>(std::clamp(filtered, original - limit, original + limit));
    };
    q0[-1 * across] = clip(p[0], (p[2] + 2 * p[1] + 2 * p[0] + 2 * q[0] + q[1] + 4) >> 3);
    q0[-2 * across] = clip(p[1], (p[2] + p[1] + p[0] + q[0] + 2) >> 2);
    q0[-3 * across] = clip(p[2], (2 * p[3] + 3 * p[2] + p[1] + p[0] + q[0] + 4) >> 3);
    q0[0] = clip(q[0], (p[1] + 2 * p[0] + 2 * q[0] + 2 * q[1] + q[2] + 4) >> 3);
    q0[1 * across] = clip(q[1], (p[0] + q[0] + q[1] + q[2] + 2) >> 2);
    q0[2 * across] = clip(q[2], (p[0] + q[0] + q[1] + 3 * q[2] + 2 * q[3] + 4) >> 3);
}

// 8.7.2.5.7 with dE == 1; filter_p1 / filter_q1 are dEp / dEq.
void normal_filter_line(uint8_t* q0, ptrdiff_t across, const EdgeLine& line, int tc, bool filter_p1,
                        bool filter_q1) {
    const int* p = line.p;
    const int* q = line.q;
    int delta = (9 * (q[0] - p[0]) - 3 * (q[1] - p[1]) + 8) >> 4;
    if (std::abs(delta) >= tc * 10) return;
    delta = std::clamp(delta, -tc, tc);
    q0[-1 * across] = clip_pixel(p[0] + delta);
    q0[0] = clip_pixel(q[0] - delta);
    const int side_limit = tc >> 1;
    if (filter_p1) {
        const int delta_p =
            std::clamp((((p[2] + p[0] + 1) >> 1) - p[1] + delta) >> 1, -side_limit, side_limit);
        q0[-2 * across] = clip_pixel(p[1] + delta_p);
    }
    if (filter_q1) {
        const int delta_q =
            std::clamp((((q[2] + q[0] + 1) >> 1) - q[1] - delta) >> 1, -side_limit, side_limit);
        q0[1 * across] = clip_pixel(q[1] + delta_q);
    }
}

}  // namespace

void filter_luma_edge_segment(uint8_t* q0, ptrdiff_t across, ptrdiff_t along, int beta, int tc) {
    // 8.7.2.5.3: the decisions look at lines 0 and 3 only, before any line is filtered.
    const EdgeLine line0 = read_line(q0, across);
    const EdgeLine line3 = read_line(q0 + 3 * along, across);
    const int dp0 = side_activity(line0.p), dq0 = side_activity(line0.q);
    const int dp3 = side_activity(line3.p), dq3 = side_activity(line3.q);
    const int dpq0 = dp0 + dq0;
    const int dpq3 = dp3 + dq3;
    if (dpq0 + dpq3 >= beta) return;  // dE == 0

    const bool strong = strong_filter_suits(line0, 2 * dpq0, beta, tc) &&
                        strong_filter_suits(line3, 2 * dpq3, beta, tc);
    const int side_threshold = (beta + (beta >> 1)) >> 3;
    const bool filter_p1 = dp0 + dp3 < side_threshold;
    const bool filter_q1 = dq0 + dq3 < side_threshold;
    for (int k = 0; k < 4; k++) {
        uint8_t* line_q0 = q0 + k * along;
        const EdgeLine line = read_line(line_q0, across);
        if (strong) {
            strong_filter_line(line_q0, across, line, tc);
        } else {
            normal_filter_line(line_q0, across, line, tc, filter_p1, filter_q1);
        }
    }
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
