// Intra coding units in the accelerated P-picture coding (issue 7), in steps that the CPU mirror
// and the CUDA kernels share.
//
// The GPU's decisions coded every CU of a P picture inter. Where the reference has nothing like
// the block (what a pan uncovers, a scene change, fast motion), x265 veryfast codes intra CUs in
// P pictures: half of the CUs of bikes' first P pictures, a fifth after its scene cut. An intra
// CU predicts from the reconstruction of the CUs before it in decoding order, so intra CUs cannot
// all be coded at once. Here:
// 1. Decide (before the coding, every block at once): a 16x16 block that the layout makes a
//    16x16 CU (block_is_16x16_cu, and not split into 8x8 CUs) becomes an intra candidate where
//    its best intra prediction costs less than its inter one. The intra predictions read the
//    source's samples around the block in place of the reconstruction's (not there yet), with the
//    decoder's availability, substitution and filter; kIntraDecisionModes modes (planar, DC and
//    every fourth angular mode), each costed as its 16x16 SATD (block_satd_16x16) plus
//    sqrt(lambda) times kIntraCuBits plus intra_mode_bits. The inter cost is the SATD with the
//    block's vector plus its cu_vector_rate.
// 2. Waves: a candidate's prediction reads its left, above-left, above, above-right and
//    below-left neighbours where they come before it in decoding order (H.265 6.4.1). Wave 1 is
//    the candidates none of whose such neighbours is a candidate; wave k those whose candidate
//    neighbours all have waves below k. After `intra_waves` waves the rest stay inter. Each wave
//    is a pass over the blocks (intra_wave_ready_in), so the candidates of one wave never read each
//    other.
// 3. Code: every CU is coded inter first (the candidates too; their units are then marked
//    intra, keeping the inter coding's vector and cbf), then the skip decisions (which take no
//    vector from an intra CU), then wave by wave the candidates: the mode chosen again, of all 35,
//    by intra_mode_cost with the reconstruction's samples around the CU; prediction from the
//    reconstruction (luma, and chroma with the same mode: intra_chroma_pred_mode 4), the intra
//    dead-zone quantiser and otherwise the inter CUs' transform, residual decisions and sign
//    hiding. The candidate stays intra where that costs less than its inter coding
//    (intra_cu_pays: squared errors plus lambda times the estimated bits, as the skip decisions
//    count them), else it gets its inter coding back. The deblocking then gives the intra CUs'
//    edges bS 2, and filters chroma there.
// A 16x16 intra CU has one 16x16 luma and two 8x8 chroma transform blocks, all with the diagonal
// scan (H.265 7.4.9.11: the mode-dependent scans are for 4x4 and 8x8 luma, 4x4 chroma).
#pragma once
#include <cstddef>
#include <cstdint>

#include "accel/block_search_steps.h"
#include "accel/cu_split_steps.h"
#include "accel/host_device.h"
#include "accel/inter_coding_steps.h"
#include "accel/sign_hiding_steps.h"
#include "accel/skip_decision_steps.h"
#include "accel/slice_layout_steps.h"
#include "common/block_types.h"

namespace tc {

constexpr int kIntraCuLog2 = 4;
constexpr int kIntraCuSize = 1 << kIntraCuLog2;
constexpr int kIntraDecisionModes = 11;
constexpr int kIntraModes = 35;
constexpr int kIntraCuBits = 4;              // pred_mode_flag, chroma mode, cbfs, about
constexpr int kIntraLumaLine = 4 * 16 + 1;   // reference samples of a 16x16 block
constexpr int kIntraChromaLine = 4 * 8 + 1;  // of its 8x8 chroma blocks

// Decision mode k: planar, DC, then angular 2, 6, ..., 34.
TC_HOST_DEVICE constexpr int intra_decision_mode(int k) {
    return k < 2 ? k : 2 + 4 * (k - 2);
}

// The bits of signalling `mode` where neither neighbour is intra (the most probable modes are
// then planar, DC and vertical: H.265 8.4.2), about.
TC_HOST_DEVICE constexpr int intra_mode_bits(int mode) {
    return mode == kIntraPlanar ? 2 : mode == kIntraDc || mode == kIntraVertical ? 3 : 6;
}

// ---- availability (H.265 6.4.1) -----------------------------------------------------------------

// MinTbAddrZs (6.5.2) of the 4x4 block holding luma sample (x, y) of a picture `width` wide: CTUs
// in raster order (no tiles), z-order inside.
TC_HOST_DEVICE inline long long intra_zscan_address(int width, int x, int y) {
    const long long ctu =
        static_cast<long long>(y >> kLog2CtuSize) * ((width + kCtuSize - 1) >> kLog2CtuSize) +
        (x >> kLog2CtuSize);
    const int bx = (x & (kCtuSize - 1)) >> 2, by = (y & (kCtuSize - 1)) >> 2;
    int z = 0;
    for (int b = 0; b < kLog2CtuSize - 2; b++)
        z |= (((bx >> b) & 1) << (2 * b)) | (((by >> b) & 1) << (2 * b + 1));
    return (ctu << (2 * (kLog2CtuSize - 2))) + z;
}

// Whether luma sample (x_nb, y_nb) is available to the block whose top-left luma sample is
// (x_curr, y_curr): inside the width x height picture, not later in decoding order, and in the
// same slice (common/slice_rows.h's layout of `slices`).
TC_HOST_DEVICE inline bool intra_neighbour_available(int width, int height, int slices, int x_curr,
                                                     int y_curr, int x_nb, int y_nb) {
    if (x_nb < 0 || y_nb < 0 || x_nb >= width || y_nb >= height) return false;
    if (intra_zscan_address(width, x_nb, y_nb) > intra_zscan_address(width, x_curr, y_curr))
        return false;
    const int ctu_rows = (height + kCtuSize - 1) >> kLog2CtuSize;
    return slice_span_of_row(ctu_rows, slices, y_nb >> kLog2CtuSize).first_row ==
           slice_span_of_row(ctu_rows, slices, y_curr >> kLog2CtuSize).first_row;
}

// ---- reference samples (8.4.4.2.2 and 8.4.4.2.3) ------------------------------------------------
// The 4n + 1 reference samples of an n x n block as one line, in predict/intra_references.h's
// order: line[0] = p[-1][2n-1] up the left column to line[2n-1] = p[-1][0], the corner
// line[2n] = p[-1][-1], then line[2n+1+x] = p[x][-1] along the top row.

// The position of line entry i relative to the block's top-left sample.
TC_HOST_DEVICE inline void intra_line_offset(int n, int i, int& dx, int& dy) {
    if (i < 2 * n) {
        dx = -1;
        dy = 2 * n - 1 - i;
    } else {
        dx = i - 2 * n - 1;
        dy = -1;
    }
}

// Whether line entry i of the n x n block at (x0, y0) of a component (in its samples; shift 0 luma,
// 1 for 4:2:0 chroma, whose availability is its luma position's) holds a reconstructed sample.
TC_HOST_DEVICE inline bool intra_line_available(int width, int height, int slices, int shift,
                                                int x0, int y0, int n, int i) {
    int dx = 0, dy = 0;
    intra_line_offset(n, i, dx, dy);
    return intra_neighbour_available(width, height, slices, x0 << shift, y0 << shift,
                                     (x0 + dx) << shift, (y0 + dy) << shift);
}

// Line entry i of the n x n block at (x0, y0) of a component's plane (rows `stride` apart; shift as
// above) of a width x height (luma) picture: its sample with `available` set, else 0 with it clear.
TC_HOST_DEVICE inline uint8_t intra_line_entry(const uint8_t* plane, ptrdiff_t stride, int width,
                                               int height, int slices, int shift, int x0, int y0,
                                               int n, int i, bool& available) {
    available = intra_line_available(width, height, slices, shift, x0, y0, n, i);
    if (!available) return 0;
    int dx = 0, dy = 0;
    intra_line_offset(n, i, dx, dy);
    return plane[static_cast<ptrdiff_t>(y0 + dy) * stride + x0 + dx];
}

// 8.4.4.2.2's substitution: with none available every sample is 128; else line[0] takes the first
// available sample's value where it has none, and each other unavailable one its predecessor's.
TC_HOST_DEVICE inline void substitute_intra_line(const bool* available, uint8_t* line, int n) {
    const int count = 4 * n + 1;
    int first = -1;
    for (int i = 0; i < count && first < 0; i++) {
        if (available[i]) first = i;
    }
    if (first < 0) {
        for (int i = 0; i < count; i++) line[i] = 128;
        return;
    }
    if (!available[0]) line[0] = line[first];
    for (int i = 1; i < count; i++) {
        if (!available[i]) line[i] = line[i - 1];
    }
}

// The line of the n x n block (n <= 16) at (x0, y0) of a component's plane, gathered and
// substituted.
TC_HOST_DEVICE inline void gather_intra_line(const uint8_t* plane, ptrdiff_t stride, int width,
                                             int height, int slices, int shift, int x0, int y0,
                                             int n, uint8_t* line) {
    bool available[kIntraLumaLine];
    for (int i = 0; i < 4 * n + 1; i++) {
        line[i] = intra_line_entry(plane, stride, width, height, slices, shift, x0, y0, n, i,
                                   available[i]);
    }
    substitute_intra_line(available, line, n);
}

// 8.4.4.2.3's filterFlag for a luma block of 1 << log2_size (4..16 here: no strong smoothing) and
// `mode`: not for DC nor 4x4; else where min(|mode - 26|, |mode - 10|) exceeds 7 (8x8), 1 (16x16)
// or 0 (32x32). Chroma (4:2:0) is never filtered.
TC_HOST_DEVICE inline bool intra_line_filtered(int log2_size, int mode) {
    if (mode == kIntraDc || log2_size == 2) return false;
    const int vertical = mode > kIntraVertical ? mode - kIntraVertical : kIntraVertical - mode;
    const int horizontal =
        mode > kIntraHorizontal ? mode - kIntraHorizontal : kIntraHorizontal - mode;
    const int distance = vertical < horizontal ? vertical : horizontal;
    const int threshold = log2_size == 3 ? 7 : log2_size == 4 ? 1 : 0;
    return distance > threshold;
}

// Entry i of the [1 2 1]-filtered line (the two ends as they are).
TC_HOST_DEVICE inline uint8_t filtered_intra_line_sample(const uint8_t* line, int n, int i) {
    if (i == 0 || i == 4 * n) return line[i];
    return static_cast<uint8_t>((line[i - 1] + 2 * line[i] + line[i + 1] + 2) >> 2);
}

// ---- prediction (8.4.4.2.4 to 8.4.4.2.6) --------------------------------------------------------

// intraPredAngle of angular mode 2..34 (Table 8-5), in closed form: the magnitudes
// 0, 2, 5, 9, 13, 17, 21, 26, 32 by the distance from mode 10 (horizontal) or 26 (vertical).
TC_HOST_DEVICE inline int intra_pred_angle(int mode) {
    const int d = mode < 18 ? kIntraHorizontal - mode : mode - kIntraVertical;
    const int m = d < 0 ? -d : d;
    const int magnitude = m == 0   ? 0
                          : m == 1 ? 2
                          : m == 2 ? 5
                          : m == 7 ? 26
                          : m == 8 ? 32
                                   : 4 * m - 3;
    return d < 0 ? -magnitude : magnitude;
}

// invAngle (Table 8-6) of a negative intraPredAngle: round(8192 / angle).
TC_HOST_DEVICE inline int intra_inverse_angle(int angle) {
    switch (angle) {
        case -2:
            return -4096;
        case -5:
            return -1638;
        case -9:
            return -910;
        case -13:
            return -630;
        case -17:
            return -482;
        case -21:
            return -390;
        case -26:
            return -315;
        default:
            return -256;  // -32
    }
}

// dcVal of an n x n block (n = 1 << log2_size) from its line.
TC_HOST_DEVICE inline int intra_dc_value(const uint8_t* line, int log2_size) {
    const int n = 1 << log2_size, corner = 2 * n;
    int sum = n;
    for (int i = 0; i < n; i++) sum += line[corner + 1 + i] + line[corner - 1 - i];
    return sum >> (log2_size + 1);
}

// predSamples[x][y] of an n x n block (n = 1 << log2_size <= 16) for `mode` from its line (already
// filtered where intra_line_filtered says so); `luma` turns on the DC and the mode 10 / 26 edge
// filters (disableIntraBoundaryFilter 0, n < 32); `dc` is intra_dc_value's (used in mode 1 only).
TC_HOST_DEVICE inline uint8_t intra_predicted_sample(const uint8_t* line, int log2_size, int mode,
                                                     bool luma, int dc, int x, int y) {
    const int n = 1 << log2_size, corner = 2 * n;
    if (mode == kIntraPlanar) {
        const int value = (n - 1 - x) * line[corner - 1 - y] + (x + 1) * line[corner + 1 + n] +
                          (n - 1 - y) * line[corner + 1 + x] + (y + 1) * line[corner - 1 - n];
        return static_cast<uint8_t>((value + n) >> (log2_size + 1));
    }
    if (mode == kIntraDc) {
        if (!luma || (x > 0 && y > 0)) return static_cast<uint8_t>(dc);
        if (x == 0 && y == 0)
            return static_cast<uint8_t>((line[corner - 1] + 2 * dc + line[corner + 1] + 2) >> 2);
        if (y == 0) return static_cast<uint8_t>((line[corner + 1 + x] + 3 * dc + 2) >> 2);
        return static_cast<uint8_t>((line[corner - 1 - y] + 3 * dc + 2) >> 2);
    }
    const bool vertical = mode >= 18;
    if (luma && mode == kIntraVertical && x == 0) {
        const int value = line[corner + 1] + ((line[corner - 1 - y] - line[corner]) >> 1);
        return static_cast<uint8_t>(value < 0 ? 0 : value > 255 ? 255 : value);
    }
    if (luma && mode == kIntraHorizontal && y == 0) {
        const int value = line[corner - 1] + ((line[corner + 1 + x] - line[corner]) >> 1);
        return static_cast<uint8_t>(value < 0 ? 0 : value > 255 ? 255 : value);
    }
    // ref[k]: the main edge (the top row for the vertical modes, the left column for the
    // horizontal ones) from the corner on; below 0 the side edge projected with invAngle (read only
    // where (n * angle) >> 5 < -1, as 8.4.4.2.6 extends it).
    const int angle = intra_pred_angle(mode);
    const int along = vertical ? x : y, across = vertical ? y : x;
    const int position = (across + 1) * angle;
    const int k = along + (position >> 5) + 1, fraction = position & 31;
    auto ref = [&](int j) -> int {
        if (j >= 0) return vertical ? line[corner + j] : line[corner - j];
        const int projected = (j * intra_inverse_angle(angle) + 128) >> 8;
        return vertical ? line[corner - projected] : line[corner + projected];
    };
    if (fraction == 0) return static_cast<uint8_t>(ref(k));
    return static_cast<uint8_t>(((32 - fraction) * ref(k) + fraction * ref(k + 1) + 16) >> 5);
}

// The rest of intra_line_for_mode (below) once `line` is gathered and substituted: filtered where
// intra_line_filtered says so (luma only), and its intra_dc_value.
TC_HOST_DEVICE inline int finish_intra_line_for_mode(int shift, int log2_size, int mode, uint8_t* line) {
    const int n = 1 << log2_size;
    if (shift == 0 && intra_line_filtered(log2_size, mode)) {
        uint8_t filtered[kIntraLumaLine];
        for (int i = 0; i < 4 * n + 1; i++) filtered[i] = filtered_intra_line_sample(line, n, i);
        for (int i = 0; i < 4 * n + 1; i++) line[i] = filtered[i];
    }
    return intra_dc_value(line, log2_size);
}

// The line of the n x n block (n = 1 << log2_size <= 16) at (x0, y0) of a component's plane
// (shift 0 luma, 1 chroma) as `mode`'s prediction reads it, into `line`: gathered, substituted,
// and for luma filtered where intra_line_filtered says so. Returns intra_dc_value of it (DC's
// line is never filtered).
TC_HOST_DEVICE inline int intra_line_for_mode(const uint8_t* plane, ptrdiff_t stride, int width, int height,
                                              int slices, int shift, int x0, int y0, int log2_size, int mode,
                                              uint8_t* line) {
    gather_intra_line(plane, stride, width, height, slices, shift, x0, y0, 1 << log2_size, line);
    return finish_intra_line_for_mode(shift, log2_size, mode, line);
}

// The prediction of that block with `mode` into `prediction` (rows prediction_stride apart).
TC_HOST_DEVICE inline void predict_intra_block(const uint8_t* plane, ptrdiff_t stride, int width, int height,
                                               int slices, int shift, int x0, int y0, int log2_size, int mode,
                                               uint8_t* prediction, ptrdiff_t prediction_stride) {
    uint8_t line[kIntraLumaLine];
    const int dc = intra_line_for_mode(plane, stride, width, height, slices, shift, x0, y0, log2_size, mode, line);
    const int n = 1 << log2_size;
    for (int y = 0; y < n; y++) {
        for (int x = 0; x < n; x++) {
            prediction[y * prediction_stride + x] = intra_predicted_sample(line, log2_size, mode, shift == 0, dc, x, y);
        }
    }
}

// ---- the decision and the waves -----------------------------------------------------------------

// The cost of intra prediction with `mode` whose SATD is `satd`, sqrt(lambda) in 1/256.
TC_HOST_DEVICE inline uint64_t intra_mode_cost(uint32_t satd, int mode, int sqrt_lambda_q8) {
    return satd + static_cast<uint64_t>(
                      (sqrt_lambda_q8 * (kIntraCuBits + intra_mode_bits(mode)) + 128) >> 8);
}

// Whether block (bx, by) of the field may be an intra candidate: the layout makes it a 16x16 CU
// and it does not split into 8x8 CUs (unit_vectors null or its four units' vectors equal). Blocks
// of a 32x32 CU too, with the area cut into 16x16 CUs where one was in a wave, cost 1.5 (bikes) to
// 5 (the 4K camera clip) BD points more: most areas cut so stayed inter (docs/BENCHMARKS.md).
TC_HOST_DEVICE inline bool intra_block_eligible(const Mv* field, const Mv* unit_vectors, int width,
                                                int height, int bx, int by) {
    if (!block_is_16x16_cu(field, width, height, bx, by)) return false;
    if (unit_vectors == nullptr) return true;
    const int unit_columns = inter_unit_columns(width);
    const Mv* top = unit_vectors + (2 * by) * unit_columns + 2 * bx;
    const Mv* bottom = top + unit_columns;
    return top[1] == top[0] && bottom[0] == top[0] && bottom[1] == top[0];
}

// Whether candidate (bx, by) of a grid of `columns` cells of 1 << log2_size luma samples a side
// (modes[i] != 0: 1 + its mode) is in wave `wave` (1, 2, ...): not in an earlier one
// (waves[i] == 0), and every neighbour its prediction reads (left, above-left, above,
// above-right, below-left, where available in decoding order) that is a candidate is in an
// earlier wave. Cells of a wave that pass read each other's entries while they are written:
// either value fails the test, so a pass may update `waves` in place.
TC_HOST_DEVICE inline bool intra_wave_ready_in(const uint8_t* modes, const uint8_t* waves, int columns, int log2_size,
                                               int width, int height, int slices, int bx, int by, int wave) {
    const int i = by * columns + bx;
    if (modes[i] == 0 || waves[i] != 0) return false;
    const int x = bx << log2_size, y = by << log2_size;
    constexpr int kDx[5] = {-1, -1, 0, 1, -1}, kDy[5] = {0, -1, -1, -1, 1};
    for (int k = 0; k < 5; k++) {
        const int nx = bx + kDx[k], ny = by + kDy[k];
        if (!intra_neighbour_available(width, height, slices, x, y, nx << log2_size, ny << log2_size)) continue;
        const int j = ny * columns + nx;
        if (modes[j] != 0 && (waves[j] == 0 || waves[j] >= wave)) return false;
    }
    return true;
}

// The quantiser of intra blocks: quantize(..., is_intra = true), rounding offset 171/512.
TC_HOST_DEVICE inline int32_t quantize_intra_coefficient(int32_t coefficient, int log2_size, int qp) {
    return quantize_coefficient(coefficient, log2_size, qp, 171);
}

// The bits of the vector of the inter CU at unit (unit_x, unit_y) as the intra choice counts them:
// 1 where it equals its available A1's or B1's (merge_neighbours), else skip_vector_bits.
TC_HOST_DEVICE inline int intra_inter_vector_bits(const InterCodedUnit* units, int unit_columns,
                                                  int height, int slices, int unit_x, int unit_y) {
    const Mv mv = units[unit_y * unit_columns + unit_x].mv;
    const MergeNeighbours n = merge_neighbours(units, unit_columns, height, slices, unit_x, unit_y);
    if ((n.has_a1 && n.a1 == mv) || (n.has_b1 && n.b1 == mv)) return 1;
    return skip_vector_bits(mv, n.has_a1, n.a1, n.has_b1, n.b1);
}

// Whether a candidate coded intra at intra_cost (coded_cu_cost's units: the squared errors times
// 65536 plus lambda times the weight times the bits) replaces its inter coding at inter_cost.
TC_HOST_DEVICE inline bool intra_cu_pays(int64_t intra_cost, int64_t inter_cost) {
    return intra_cost < inter_cost;
}

// The intra quantiser's rounding error (sign_hiding_steps.h's rounding_error).
TC_HOST_DEVICE inline int32_t intra_rounding_error(int32_t coefficient, int log2_size, int qp, int64_t scale) {
    return rounding_error(coefficient, log2_size, qp, scale, 171);
}

}  // namespace tc
