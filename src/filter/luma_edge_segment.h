// The decisions and filters of one luma deblocking edge segment (H.265 8.7.2.5.3, 8.7.2.5.6 and
// 8.7.2.5.7, 8-bit), in plain code that the CPU (filter/deblocking_edge_filters.cpp) and the CUDA
// kernel of accelerator-coded pictures (accel/inter_deblocking_steps.h) share: one definition
// of the filter for both.
#pragma once
#include <cstddef>
#include <cstdint>

#include "accel/host_device.h"

namespace tc {

TC_HOST_DEVICE inline int deblock_abs(int v) { return v < 0 ? -v : v; }
TC_HOST_DEVICE inline int deblock_clamp(int v, int low, int high) {
    return v < low ? low : v > high ? high : v;
}

// dp or dq of one line (8.7.2.5.3): `side` is its p0 or q0, `step` leads away from the edge.
TC_HOST_DEVICE inline int deblock_side_activity(const uint8_t* side, ptrdiff_t step) {
    return deblock_abs(side[2 * step] - 2 * side[step] + side[0]);
}

// dSam (8.7.2.5.6) of the line through q0 whose activity is dpq (twice dp + dq).
TC_HOST_DEVICE inline bool deblock_strong_line(const uint8_t* q0, ptrdiff_t across, int dpq,
                                               int beta, int tc) {
    const int p0 = q0[-across], p3 = q0[-4 * across], q0v = q0[0], q3 = q0[3 * across];
    return dpq < (beta >> 2) && deblock_abs(p3 - p0) + deblock_abs(q0v - q3) < (beta >> 3) &&
           deblock_abs(p0 - q0v) < ((5 * tc + 1) >> 1);
}

// The decisions (8.7.2.5.3) and filters (8.7.2.5.7) of one luma edge segment of bS > 0: q0 is
// the first line's q0 sample, `across` steps from q0 to q1, `along` to the next line.
TC_HOST_DEVICE inline void deblock_luma_segment(uint8_t* q0, ptrdiff_t across, ptrdiff_t along,
                                                int beta, int tc) {
    uint8_t* q3_line = q0 + 3 * along;
    const int dp0 = deblock_side_activity(q0 - across, -across);
    const int dq0 = deblock_side_activity(q0, across);
    const int dp3 = deblock_side_activity(q3_line - across, -across);
    const int dq3 = deblock_side_activity(q3_line, across);
    if (dp0 + dq0 + dp3 + dq3 >= beta) return;  // dE 0
    const bool strong = deblock_strong_line(q0, across, 2 * (dp0 + dq0), beta, tc) &&
                        deblock_strong_line(q3_line, across, 2 * (dp3 + dq3), beta, tc);
    const int side_threshold = (beta + (beta >> 1)) >> 3;
    const bool filter_p1 = dp0 + dp3 < side_threshold, filter_q1 = dq0 + dq3 < side_threshold;
    for (int k = 0; k < 4; k++) {
        uint8_t* s = q0 + k * along;
        const int p0 = s[-across], p1 = s[-2 * across], p2 = s[-3 * across], p3 = s[-4 * across];
        const int q0v = s[0], q1 = s[across], q2 = s[2 * across], q3 = s[3 * across];
        if (strong) {  // dE 2: the weighted means stay in 0..255
            const int limit = 2 * tc;
            s[-across] = static_cast<uint8_t>(deblock_clamp(
                (p2 + 2 * p1 + 2 * p0 + 2 * q0v + q1 + 4) >> 3, p0 - limit, p0 + limit));
            s[-2 * across] = static_cast<uint8_t>(
                deblock_clamp((p2 + p1 + p0 + q0v + 2) >> 2, p1 - limit, p1 + limit));
            s[-3 * across] = static_cast<uint8_t>(deblock_clamp(
                (2 * p3 + 3 * p2 + p1 + p0 + q0v + 4) >> 3, p2 - limit, p2 + limit));
            s[0] = static_cast<uint8_t>(deblock_clamp(
                (p1 + 2 * p0 + 2 * q0v + 2 * q1 + q2 + 4) >> 3, q0v - limit, q0v + limit));
            s[across] = static_cast<uint8_t>(
                deblock_clamp((p0 + q0v + q1 + q2 + 2) >> 2, q1 - limit, q1 + limit));
            s[2 * across] = static_cast<uint8_t>(deblock_clamp(
                (p0 + q0v + q1 + 3 * q2 + 2 * q3 + 4) >> 3, q2 - limit, q2 + limit));
            continue;
        }
        int delta = (9 * (q0v - p0) - 3 * (q1 - p1) + 8) >> 4;  // dE 1
        if (deblock_abs(delta) >= tc * 10) continue;
        delta = deblock_clamp(delta, -tc, tc);
        s[-across] = static_cast<uint8_t>(deblock_clamp(p0 + delta, 0, 255));
        s[0] = static_cast<uint8_t>(deblock_clamp(q0v - delta, 0, 255));
        const int side_limit = tc >> 1;
        if (filter_p1) {
            const int delta_p =
                deblock_clamp((((p2 + p0 + 1) >> 1) - p1 + delta) >> 1, -side_limit, side_limit);
            s[-2 * across] = static_cast<uint8_t>(deblock_clamp(p1 + delta_p, 0, 255));
        }
        if (filter_q1) {
            const int delta_q =
                deblock_clamp((((q2 + q0v + 1) >> 1) - q1 - delta) >> 1, -side_limit, side_limit);
            s[across] = static_cast<uint8_t>(deblock_clamp(q1 + delta_q, 0, 255));
        }
    }
}

}  // namespace tc
