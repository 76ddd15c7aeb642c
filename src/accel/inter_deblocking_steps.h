// The deblocking (H.265 8.7.2) of a P picture the accelerator coded (accel/inter_coding.h),
// in steps that the CPU mirror and the CUDA kernel share, so that both filter the same
// samples the same way.
//
// Such a picture is simple to deblock: every CU is 2Nx2N, inter (list 0, reference index 0) or a
// 16x16 intra CU (accel/intra_coding_steps.h), with one transform unit of its size (a 64x64 CU
// that the CPU makes of four equal 32x32 CUs has four 32x32 transform units at the same places:
// the same edges, and the same bS, since equal vectors and no levels give 0 and levels give 1
// either way), all at the picture's QP. So every luma edge of the 8x8 grid that is a CU boundary
// has
// - bS 2 where the CU on either side is intra, else
// - bS 1 where the luma transform block on either side has levels (cbf), else
// - bS 1 where the two vectors differ by a full sample or more in either component, else 0;
// with beta and the tC of its bS at the picture's QP (no slice offsets). Chroma is filtered at
// bS 2 only (8.7.2.5.5), on the edges of its 8x8 grid (16 luma samples), each 4-line segment with
// the bS of the luma edge at twice its position. Slices are bands of whole CTU rows
// (common/slice_rows.h) and no edge on a slice's upper boundary is filtered
// (slice_loop_filter_across_slices_enabled_flag 0); every vertical edge of a plane is filtered
// before any horizontal one.
//
// A segment is the 4 lines of one edge that share a decision: the vertical edge segment (i, j)
// lies left of luma sample (8 i, 4 j), i >= 1; the horizontal edge segment (i, j) above
// (4 i, 8 j), j >= 1 (in chroma samples the same with the chroma grid). Segments of one direction
// touch disjoint samples (8 samples apart, each reads 4 and changes at most 3 on each side), so
// they may be filtered in any order.
#pragma once
#include <cstddef>
#include <cstdint>

#include "accel/host_device.h"
#include "accel/inter_coding.h"
#include "accel/slice_layout_steps.h"
#include "common/block_types.h"
#include "filter/luma_edge_segment.h"

namespace tc {

TC_HOST_DEVICE constexpr int vertical_edge_segment_columns(int width) {
    return width / 8 - 1 > 0 ? width / 8 - 1 : 0;
}
TC_HOST_DEVICE constexpr int vertical_edge_segment_rows(int height) { return height / 4; }
TC_HOST_DEVICE constexpr int horizontal_edge_segment_columns(int width) { return width / 4; }
TC_HOST_DEVICE constexpr int horizontal_edge_segment_rows(int height) {
    return height / 8 - 1 > 0 ? height / 8 - 1 : 0;
}

// bS (0, 1 or 2) of the edge between units p and q, where the edge is a CU boundary.
TC_HOST_DEVICE inline int inter_edge_strength(const InterCodedUnit& p, const InterCodedUnit& q) {
    if ((p.intra | q.intra) != 0) return 2;
    if (((p.cbf | q.cbf) & 1) != 0) return 1;
    const int dx = p.mv.x - q.mv.x, dy = p.mv.y - q.mv.y;
    return dx >= 4 || dx <= -4 || dy >= 4 || dy <= -4 ? 1 : 0;
}

// bS of the vertical edge left of luma sample (x, y) (x a positive multiple of 8) or of the
// horizontal one above it (y a positive multiple of 8): 0 where no CU boundary lies there.
TC_HOST_DEVICE inline int inter_segment_strength(const InterCodedUnit* units, int unit_columns,
                                                 int x, int y, bool vertical) {
    const InterCodedUnit& q = units[(y >> kInterUnitLog2) * unit_columns + (x >> kInterUnitLog2)];
    const int along_q = vertical ? x : y;
    if ((along_q & ((1 << q.cu_log2) - 1)) != 0) return 0;  // inside q's CU
    const InterCodedUnit& p =
        vertical ? units[(y >> kInterUnitLog2) * unit_columns + ((x - 1) >> kInterUnitLog2)]
                 : units[((y - 1) >> kInterUnitLog2) * unit_columns + (x >> kInterUnitLog2)];
    return inter_edge_strength(p, q);
}

// Filters vertical edge segment (i, j) (vertical) or horizontal edge segment (i, j) of the
// width x height luma plane `luma` (rows `stride` apart) of an accelerator-coded picture,
// with the units of its coding: nothing where bS is 0, tC is 0 or (horizontal) the edge is the
// upper boundary of a slice of `slices` (common/slice_rows.h's layout).
TC_HOST_DEVICE inline void deblock_inter_segment(uint8_t* luma, ptrdiff_t stride, int height,
                                                 const InterCodedUnit* units, int unit_columns,
                                                 const InterDeblocking& deblocking, int slices,
                                                 bool vertical, int i, int j) {
    if (deblocking.tc == 0 && deblocking.tc_intra == 0) return;
    const int x = vertical ? 8 * (i + 1) : 4 * i, y = vertical ? 4 * j : 8 * (j + 1);
    if (!vertical && (y & (kCtuSize - 1)) == 0 &&
        ctu_row_starts_slice((height + kCtuSize - 1) >> kLog2CtuSize, slices, y >> kLog2CtuSize)) {
        return;
    }
    const int strength = inter_segment_strength(units, unit_columns, x, y, vertical);
    const int tc = strength == 2 ? deblocking.tc_intra : deblocking.tc;
    if (strength == 0 || tc == 0) return;
    uint8_t* q0 = luma + static_cast<ptrdiff_t>(y) * stride + x;
    if (vertical) {
        deblock_luma_segment(q0, 1, stride, deblocking.beta, tc);
    } else {
        deblock_luma_segment(q0, stride, 1, deblocking.beta, tc);
    }
}

// The chroma segments of a width x height (luma, multiples of 8) picture: every 8th chroma column
// (row) from the 8th inside the width / 2 x height / 2 plane, in 4-line segments.
TC_HOST_DEVICE constexpr int chroma_vertical_edge_segment_columns(int width) { return (width / 2 - 1) / 8; }
TC_HOST_DEVICE constexpr int chroma_vertical_edge_segment_rows(int height) { return height / 8; }
TC_HOST_DEVICE constexpr int chroma_horizontal_edge_segment_columns(int width) { return width / 8; }
TC_HOST_DEVICE constexpr int chroma_horizontal_edge_segment_rows(int height) { return (height / 2 - 1) / 8; }

// 8.7.2.5.8: the 4 lines of a chroma edge segment of bS 2, q0 the first line's first sample on the
// q side, `across` the step over the edge, `along` the step to the next line.
TC_HOST_DEVICE inline void deblock_chroma_lines(uint8_t* q0, ptrdiff_t across, ptrdiff_t along, int tc) {
    for (int k = 0; k < 4; k++) {
        uint8_t* line = q0 + k * along;
        const int p0 = line[-across], p1 = line[-2 * across], q = line[0], q1 = line[across];
        int delta = ((((q - p0) * 4) + p1 - q1 + 4) >> 3);
        delta = delta < -tc ? -tc : delta > tc ? tc : delta;
        const int p_new = p0 + delta, q_new = q - delta;
        line[-across] = static_cast<uint8_t>(p_new < 0 ? 0 : p_new > 255 ? 255 : p_new);
        line[0] = static_cast<uint8_t>(q_new < 0 ? 0 : q_new > 255 ? 255 : q_new);
    }
}

// Filters chroma edge segment (i, j) (vertical or horizontal) of one chroma plane (rows `stride`
// apart) of a picture of luma height `height`: nothing unless deblocking.chroma, where bS is not 2
// or (horizontal) the edge is the upper boundary of a slice.
TC_HOST_DEVICE inline void deblock_inter_chroma_segment(uint8_t* chroma, ptrdiff_t stride, int height,
                                                        const InterCodedUnit* units, int unit_columns,
                                                        const InterDeblocking& deblocking, int slices, bool vertical,
                                                        int i, int j) {
    if (!deblocking.chroma || deblocking.chroma_tc == 0) return;
    const int x = vertical ? 8 * (i + 1) : 4 * i, y = vertical ? 4 * j : 8 * (j + 1);  // chroma samples
    if (!vertical && ((2 * y) & (kCtuSize - 1)) == 0 &&
        ctu_row_starts_slice((height + kCtuSize - 1) >> kLog2CtuSize, slices, (2 * y) >> kLog2CtuSize)) {
        return;
    }
    if (inter_segment_strength(units, unit_columns, 2 * x, 2 * y, vertical) != 2) return;
    uint8_t* q0 = chroma + static_cast<ptrdiff_t>(y) * stride + x;
    if (vertical) {
        deblock_chroma_lines(q0, 1, stride, deblocking.chroma_tc);
    } else {
        deblock_chroma_lines(q0, stride, 1, deblocking.chroma_tc);
    }
}

}  // namespace tc
