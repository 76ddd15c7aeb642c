// 8x8 intra coding units in the accelerated P-picture coding (issue 7), in steps that the CPU
// mirror and the CUDA kernels share. The 16x16 intra CUs (accel/intra_coding_steps.h) cover the
// blocks that the layout makes 16x16 CUs; these cover the 8x8 CUs of the blocks that split
// (accel/cu_split_steps.h), where x265 veryfast codes as many intra CUs on bikes as 16x16 ones.
//
// 1. Decide (after the 16x16 candidates' waves, every unit at once): an 8x8 unit that the layout
//    makes an 8x8 CU becomes a candidate where its best intra prediction (kIntraDecisionModes
//    modes from the source's samples around it, intra_mode_cost with its 8x8 SATD) costs less than
//    its SATD with its vector plus the vector's bits (intra_unit_vector_bits). A unit that a 16x16
//    candidate in a wave reads (intra_unit_read_by_block) is none: the 16x16 CUs are coded first,
//    and the decoder's prediction reads the final samples.
// 2. Waves: as the 16x16 ones (intra_wave_ready_in), on the unit grid, after them.
// 3. Code: the units are marked intra with the 16x16 candidates' before the skip decisions; after
//    the 16x16 waves, wave by wave each candidate chooses its mode again, of all 35, from the
//    reconstruction (intra_unit_mode_cost), is coded intra (code_intra_unit) and stays intra
//    where that costs less than its inter coding (intra_unit_inter_cost, intra_cu_pays), else
//    it keeps its inter coding. The mode search and the coding run on lanes (SerialLanes: one
//    thread; in the CUDA kernel a warp).
// An 8x8 intra CU has one 8x8 luma and two 4x4 chroma transform blocks whose scan depends on the
// mode (H.265 7.4.9.11, intra_unit_scan): the sign hiding follows it.
#pragma once
#include <cstddef>
#include <cstdint>

#include "accel/host_device.h"
#include "accel/intra_coding_steps.h"

namespace tc {

constexpr int kIntraUnitLog2 = 3;
constexpr int kIntraUnitSize = 1 << kIntraUnitLog2;
constexpr int kIntraUnitSamples = 64 + 2 * 16;  // luma 8x8, Cb 4x4, Cr 4x4, each row by row

// What the steps read and write: the picture's planes (luma width x height, chroma halved).
struct IntraUnitPicture {
    int width = 0, height = 0, slices = 1;
    const uint8_t* source[3] = {nullptr, nullptr, nullptr};
    ptrdiff_t source_stride[3] = {0, 0, 0};
    uint8_t* reconstruction[3] = {nullptr, nullptr, nullptr};
    int16_t* levels[3] = {nullptr, nullptr, nullptr};
    ptrdiff_t stride[3] = {0, 0, 0};  // the reconstruction's and the levels'
    const int16_t* dct_matrix = nullptr;  // kDctMatrix, 32 x 32
};

// scanIdx (7.4.9.11) of an 8x8 intra CU's luma block and of its 4x4 chroma blocks (4:2:0,
// intra_chroma_pred_mode 4: the luma mode): vertical (2) for modes 6..14, horizontal (1) for
// 22..30, else up-right diagonal (0).
TC_HOST_DEVICE inline int intra_unit_scan(int mode) {
    return mode >= 6 && mode <= 14 ? 2 : mode >= 22 && mode <= 30 ? 1 : 0;
}

// The position of (x, y) in scan `scan` of a side x side array (6.5.3 to 6.5.5): horizontal row
// by row, vertical column by column, else diagonal_scan_position.
TC_HOST_DEVICE inline int scan_position(int x, int y, int side, int scan) {
    return scan == 1 ? y * side + x : scan == 2 ? x * side + y : diagonal_scan_position(x, y, side);
}

// First sample of component c of unit (ux, uy) in IntraUnitCoding's arrays, and its side.
TC_HOST_DEVICE inline int intra_unit_offset(int c) { return c == 0 ? 0 : 64 + 16 * (c - 1); }
TC_HOST_DEVICE inline int intra_unit_side(int c) { return c == 0 ? 8 : 4; }

// Whether a 16x16 candidate in a wave (block_waves[i] != 0) reads unit (ux, uy): the unit lies
// on its reference line (the column left of it, 32 rows from its top; the row above it, from the
// column left of it, 33 samples) and comes before it in decoding order.
TC_HOST_DEVICE inline bool intra_unit_read_by_block(const uint8_t* block_waves, int width, int height, int slices,
                                                    int ux, int uy) {
    const int columns = block_search_columns(width), rows = block_search_rows(height);
    for (int by = (uy - 3) >> 1; by <= (uy + 1) >> 1; by++) {
        for (int bx = (ux - 3) >> 1; bx <= (ux + 1) >> 1; bx++) {
            if (bx < 0 || by < 0 || bx >= columns || by >= rows || block_waves[by * columns + bx] == 0) continue;
            const bool left = ux == 2 * bx - 1 && uy >= 2 * by && uy <= 2 * by + 3;
            const bool above = uy == 2 * by - 1 && ux >= 2 * bx - 1 && ux <= 2 * bx + 3;
            if ((left || above) && intra_neighbour_available(width, height, slices, bx << kIntraCuLog2,
                                                             by << kIntraCuLog2, ux << kIntraUnitLog2,
                                                             uy << kIntraUnitLog2)) {
                return true;
            }
        }
    }
    return false;
}

// Whether unit (ux, uy) may be a candidate: the layout makes it an 8x8 CU and no 16x16
// candidate reads it.
TC_HOST_DEVICE inline bool intra_unit_eligible(const Mv* block_vectors, const Mv* unit_vectors,
                                               const uint8_t* block_waves, int width, int height, int slices, int ux,
                                               int uy) {
    if (inter_cu_of_unit(block_vectors, unit_vectors, width, height, ux, uy).log2_size != kIntraUnitLog2) return false;
    return !intra_unit_read_by_block(block_waves, width, height, slices, ux, uy);
}

// The bits of the vector of the 8x8 CU at unit (ux, uy) for the decision: 1 where the left or
// the above unit's CU has it, else amvp_vector_bits against the left one's (the above one's in
// the first column; none in the first unit).
TC_HOST_DEVICE inline int intra_unit_vector_bits(const Mv* block_vectors, const Mv* unit_vectors, int width,
                                                 int height, int ux, int uy) {
    const Mv mv = inter_cu_of_unit(block_vectors, unit_vectors, width, height, ux, uy).mv;
    const bool has_left = ux > 0, has_above = uy > 0;
    const Mv left = has_left ? inter_cu_of_unit(block_vectors, unit_vectors, width, height, ux - 1, uy).mv : Mv{};
    const Mv above = has_above ? inter_cu_of_unit(block_vectors, unit_vectors, width, height, ux, uy - 1).mv : Mv{};
    if ((has_left && left == mv) || (has_above && above == mv)) return 1;
    return amvp_vector_bits(mv, has_left ? left : has_above ? above : mv);
}

// The luma prediction of unit (ux, uy) with `mode` from `plane` (rows `stride` apart: the
// reconstruction, or the source for the decision) into the 8x8 `prediction`.
TC_HOST_DEVICE inline void intra_unit_prediction(const uint8_t* plane, ptrdiff_t stride, int width, int height,
                                                 int slices, int ux, int uy, int mode, uint8_t* prediction) {
    predict_intra_block(plane, stride, width, height, slices, 0, ux << kIntraUnitLog2, uy << kIntraUnitLog2,
                        kIntraUnitLog2, mode, prediction, kIntraUnitSize);
}

// The SATD of the 8x8 luma block at (x0, y0) of `source` (rows `stride` apart) against the 8x8
// `prediction` (block_hadamard_8x8).
TC_HOST_DEVICE inline uint32_t intra_unit_satd(const uint8_t* source, ptrdiff_t stride, int x0, int y0,
                                               const uint8_t* prediction) {
    int d[64];
    for (int y = 0; y < 8; y++) {
        for (int x = 0; x < 8; x++) d[y * 8 + x] = source[(y0 + y) * stride + x0 + x] - prediction[y * 8 + x];
    }
    return block_hadamard_8x8(d);
}

// The cost of decision mode k (intra_decision_mode) of unit (ux, uy): intra_mode_cost with its
// luma prediction from the source.
TC_HOST_DEVICE inline uint64_t intra_unit_decision_cost(const IntraUnitPicture& p, int sqrt_lambda_q8, int ux, int uy,
                                                        int k) {
    const int mode = intra_decision_mode(k);
    uint8_t prediction[64];
    intra_unit_prediction(p.source[0], p.source_stride[0], p.width, p.height, p.slices, ux, uy, mode, prediction);
    return intra_mode_cost(
        intra_unit_satd(p.source[0], p.source_stride[0], ux << kIntraUnitLog2, uy << kIntraUnitLog2, prediction), mode,
        sqrt_lambda_q8);
}

// The inter side of the decision: the SATD with the unit's vector plus its bits.
TC_HOST_DEVICE inline uint64_t intra_unit_decision_inter_cost(uint32_t inter_satd, int vector_bits,
                                                              int sqrt_lambda_q8) {
    return inter_satd + static_cast<uint64_t>((sqrt_lambda_q8 * vector_bits + 128) >> 8);
}

// The decision of unit (ux, uy) (eligible) given its inter cost: 1 + the cheapest decision mode
// where that costs less (the first on a tie), else 0. The rule written out mode by mode: the
// mirror and the kernel run decide_intra_unit_on_lanes, which the tests compare with it.
TC_HOST_DEVICE inline int decide_intra_unit(const IntraUnitPicture& p, int sqrt_lambda_q8, int ux, int uy,
                                            uint64_t inter_cost) {
    uint64_t best = inter_cost;
    int best_mode = -1;
    for (int k = 0; k < kIntraDecisionModes; k++) {
        const uint64_t cost = intra_unit_decision_cost(p, sqrt_lambda_q8, ux, uy, k);
        if (cost < best) {
            best = cost;
            best_mode = intra_decision_mode(k);
        }
    }
    return best_mode + 1;
}

// The cost of `mode` for the coding's choice: intra_mode_cost with the luma prediction from the
// reconstruction.
TC_HOST_DEVICE inline uint64_t intra_unit_mode_cost(const IntraUnitPicture& p, int sqrt_lambda_q8, int ux, int uy,
                                                    int mode) {
    uint8_t prediction[64];
    intra_unit_prediction(p.reconstruction[0], p.stride[0], p.width, p.height, p.slices, ux, uy, mode, prediction);
    return intra_mode_cost(
        intra_unit_satd(p.source[0], p.source_stride[0], ux << kIntraUnitLog2, uy << kIntraUnitLog2, prediction), mode,
        sqrt_lambda_q8);
}

// The cheapest mode of all 35 by intra_unit_mode_cost (the first on a tie). The rule written out
// mode by mode: the mirror and the kernel run intra_unit_mode_on_lanes, which the tests compare
// with it.
TC_HOST_DEVICE inline int intra_unit_mode(const IntraUnitPicture& p, int sqrt_lambda_q8, int ux, int uy) {
    uint64_t best = 0;
    int best_mode = 0;
    for (int mode = 0; mode < kIntraModes; mode++) {
        const uint64_t cost = intra_unit_mode_cost(p, sqrt_lambda_q8, ux, uy, mode);
        if (mode == 0 || cost < best) {
            best = cost;
            best_mode = mode;
        }
    }
    return best_mode;
}

// ---- the coding, on lanes ------------------------------------------------------------------------
// The coding's steps work on all three blocks' kIntraUnitSamples samples at once, each pass's
// elements shared out over `lanes`: SerialLanes here (the mirror, one lane), a warp in the CUDA
// kernel (WarpLanes: lane(), count(), sync() between passes, sum() over the lanes). The sums are
// of integers, so the order does not matter: the same results either way.

struct SerialLanes {
    TC_HOST_DEVICE int lane() const { return 0; }
    TC_HOST_DEVICE int count() const { return 1; }
    TC_HOST_DEVICE void sync() const {}
    TC_HOST_DEVICE uint64_t sum(uint64_t value) const { return value; }
};

// Sample i (0..kIntraUnitSamples - 1) of the unit's three blocks: component, block size, position.
struct IntraUnitSample {
    int c = 0, log2_size = kIntraUnitLog2, n = kIntraUnitSize, offset = 0, u = 0, v = 0;
};
TC_HOST_DEVICE inline IntraUnitSample intra_unit_sample(int i) {
    IntraUnitSample s;
    if (i < 64) {
        s.u = i & 7;
        s.v = i >> 3;
        return s;
    }
    s.c = 1 + ((i - 64) >> 4);
    s.log2_size = kIntraUnitLog2 - 1;
    s.n = 4;
    s.offset = intra_unit_offset(s.c);
    s.u = (i - s.offset) & 3;
    s.v = (i - s.offset) >> 2;
    return s;
}

// Sub-block g (0..5: the luma block's four in raster order, then Cb's, Cr's): its component and
// its position in its block (in sub-blocks).
TC_HOST_DEVICE inline IntraUnitSample intra_unit_sub_block(int g) {
    IntraUnitSample s = intra_unit_sample(g < 4 ? (g >> 1) * 32 + (g & 1) * 4 : intra_unit_offset(g - 3));
    s.u >>= 2;
    s.v >>= 2;
    return s;
}

// An 8x8 intra CU's coding: its samples and levels (kIntraUnitSamples, intra_unit_offset's
// layout), cbf and cost (intra_unit_inter_cost's units).
struct IntraUnitCoding {
    uint8_t samples[kIntraUnitSamples];
    int16_t levels[kIntraUnitSamples];
    int cbf = 0;
    int64_t cost = 0;
};

// The coding's scratch (shared memory for a warp on the GPU).
struct IntraUnitWork {
    uint8_t line[3][4 * kIntraUnitSize + 1];  // each block's line as its prediction reads it
    bool available[3][4 * kIntraUnitSize + 1];
    int dc[3];
    uint8_t source[64];  // the mode search's luma block
    uint8_t prediction[kIntraUnitSamples];
    int32_t residual[kIntraUnitSamples], intermediate[kIntraUnitSamples], coefficient[kIntraUnitSamples],
        level[kIntraUnitSamples];
    int last[3];  // each block's last sub-block (scan position) with levels left
};

// The level at (x, y) of sub-block (sx, sy) of an n x n block at `offset` of the arrays.
TC_HOST_DEVICE inline int intra_unit_sub_block_index(const IntraUnitSample& s, int x, int y) {
    return s.offset + (4 * s.v + y) * s.n + 4 * s.u + x;
}

// The sub-block decision (sub_block_pays) of sub-block g: its levels become 0 where they do not
// pay. Returns whether it has levels left.
TC_HOST_DEVICE inline bool intra_unit_sub_block_decision(int32_t* level, const int32_t* coefficient, int g, int qp,
                                                         int64_t lambda_q8) {
    const IntraUnitSample s = intra_unit_sub_block(g);
    int32_t l[kSubBlockLevels], co[kSubBlockLevels];
    bool any = false;
    for (int k = 0; k < kSubBlockLevels; k++) {
        const int at = intra_unit_sub_block_index(s, k & 3, k >> 2);
        l[k] = level[at];
        co[k] = coefficient[at];
        any |= l[k] != 0;
    }
    if (!any || sub_block_pays(l, co, s.log2_size, qp, lambda_q8)) return any;
    for (int k = 0; k < kSubBlockLevels; k++) level[intra_unit_sub_block_index(s, k & 3, k >> 2)] = 0;
    return false;
}

// The sign hiding (hide_sign_in_sub_block in scan `scan`) of sub-block g, `last` its block's last
// sub-block with levels (scan position).
TC_HOST_DEVICE inline void intra_unit_hide_sign(int32_t* level, const int32_t* coefficient, int g, int qp, int scan,
                                                int last) {
    const IntraUnitSample s = intra_unit_sub_block(g);
    const int64_t scale = quant_scale(qp % 6);
    int32_t l[kSubBlockLevels], co[kSubBlockLevels], error[kSubBlockLevels];
    int at[kSubBlockLevels];
    for (int y = 0; y < 4; y++) {
        for (int x = 0; x < 4; x++) {
            const int k = scan_position(x, y, 4, scan);
            at[k] = intra_unit_sub_block_index(s, x, y);
            l[k] = level[at[k]];
            co[k] = coefficient[at[k]];
            error[k] = intra_rounding_error(co[k], s.log2_size, qp, scale);
        }
    }
    const int changed = hide_sign_in_sub_block(l, co, error, scan_position(s.u, s.v, s.n >> 2, scan) == last);
    if (changed >= 0) level[at[changed]] = l[changed];
}

// The lines of the first `components` (1: luma, 3: all) blocks of unit (ux, uy) from the
// reconstruction (or the source): gather_intra_line's entries on lanes, then each block's line
// substituted by a lane (substitute_intra_line); gather_intra_line's lines, into w.line.
template <class Lanes>
TC_HOST_DEVICE inline void gather_intra_unit_lines(const IntraUnitPicture& p, int ux, int uy, int components,
                                                   bool from_source, const Lanes& lanes, IntraUnitWork& w) {
    constexpr int kLuma = 4 * kIntraUnitSize + 1, kChroma = 2 * kIntraUnitSize + 1;
    const int entries = components == 1 ? kLuma : kLuma + 2 * kChroma;
    for (int i = lanes.lane(); i < entries; i += lanes.count()) {
        const int c = i < kLuma ? 0 : 1 + (i - kLuma) / kChroma;
        const int k = c == 0 ? i : (i - kLuma) % kChroma, shift = c == 0 ? 0 : 1;
        const uint8_t* plane = from_source ? p.source[c] : p.reconstruction[c];
        const ptrdiff_t stride = from_source ? p.source_stride[c] : p.stride[c];
        w.line[c][k] = intra_line_entry(plane, stride, p.width, p.height, p.slices, shift,
                                        (ux << kIntraUnitLog2) >> shift, (uy << kIntraUnitLog2) >> shift,
                                        kIntraUnitSize >> shift, k, w.available[c][k]);
    }
    lanes.sync();
    for (int c = lanes.lane(); c < components; c += lanes.count()) {
        substitute_intra_line(w.available[c], w.line[c], kIntraUnitSize >> (c == 0 ? 0 : 1));
    }
    lanes.sync();
}

// (-1) to the number of bits that k and j share: the 8-point Walsh-Hadamard matrix in the natural
// order of block_hadamard_8x8's butterflies, entry (k, j).
TC_HOST_DEVICE inline int hadamard_sign(int k, int j) {
    const int shared = k & j;
    return ((shared ^ (shared >> 1) ^ (shared >> 2)) & 1) != 0 ? -1 : 1;
}

// The SATD (block_hadamard_8x8) of the 8x8 differences in w.residual's first 64 values (written
// before a lanes.sync()) on lanes: the rows' and then the columns' Hadamard transforms an output
// a lane, as dot products with hadamard_sign (the same integers as the butterflies), and their
// absolute sum over the lanes; on every lane.
template <class Lanes>
TC_HOST_DEVICE inline uint32_t intra_unit_residual_satd(const Lanes& lanes, IntraUnitWork& w) {
    for (int i = lanes.lane(); i < 64; i += lanes.count()) {  // row i >> 3, output i & 7
        const int32_t* row = w.residual + (i & ~7);
        int32_t value = 0;
        for (int j = 0; j < 8; j++) value += hadamard_sign(i & 7, j) * row[j];
        w.intermediate[i] = value;
    }
    lanes.sync();
    uint64_t sum = 0;
    for (int i = lanes.lane(); i < 64; i += lanes.count()) {  // output row i >> 3, column i & 7
        int32_t value = 0;
        for (int j = 0; j < 8; j++) value += hadamard_sign(i >> 3, j) * w.intermediate[j * 8 + (i & 7)];
        sum += static_cast<uint64_t>(value < 0 ? -value : value);
    }
    return static_cast<uint32_t>((lanes.sum(sum) + 2) >> 2);
}

// The mode search on lanes: the luma line gathered once (gather_intra_unit_lines) and filtered
// once, then mode by mode the prediction's differences from the source and their SATD
// (intra_unit_residual_satd). The decision's search (`decision`: the kIntraDecisionModes modes,
// the line from the source) or the coding's (all 35, from the reconstruction). Every lane returns
// the first cheapest mode by intra_mode_cost, and its cost in `cost`.
template <class Lanes>
TC_HOST_DEVICE inline int intra_unit_search_on_lanes(const IntraUnitPicture& p, int sqrt_lambda_q8, int ux, int uy,
                                                     bool decision, const Lanes& lanes, IntraUnitWork& w,
                                                     uint64_t& cost) {
    constexpr int kLine = 4 * kIntraUnitSize + 1;
    const int x0 = ux << kIntraUnitLog2, y0 = uy << kIntraUnitLog2;
    for (int i = lanes.lane(); i < 64; i += lanes.count()) {
        w.source[i] = p.source[0][(y0 + (i >> 3)) * p.source_stride[0] + x0 + (i & 7)];
    }
    gather_intra_unit_lines(p, ux, uy, 1, decision, lanes, w);
    // line[0] as gathered (for every mode that intra_line_filtered leaves), line[1] filtered.
    for (int i = lanes.lane(); i < kLine; i += lanes.count()) {
        w.line[1][i] = filtered_intra_line_sample(w.line[0], kIntraUnitSize, i);
    }
    const int dc = intra_dc_value(w.line[0], kIntraUnitLog2);  // DC's line is never filtered
    lanes.sync();
    uint64_t best = 0;
    int best_mode = 0;
    const int modes = decision ? kIntraDecisionModes : kIntraModes;
    for (int k = 0; k < modes; k++) {
        const int mode = decision ? intra_decision_mode(k) : k;
        const uint8_t* line = w.line[intra_line_filtered(kIntraUnitLog2, mode) ? 1 : 0];
        for (int i = lanes.lane(); i < 64; i += lanes.count()) {
            w.residual[i] = w.source[i] - intra_predicted_sample(line, kIntraUnitLog2, mode, true, dc, i & 7, i >> 3);
        }
        lanes.sync();
        const uint64_t mode_cost = intra_mode_cost(intra_unit_residual_satd(lanes, w), mode, sqrt_lambda_q8);
        if (k == 0 || mode_cost < best) {
            best = mode_cost;
            best_mode = mode;
        }
    }
    cost = best;
    return best_mode;
}

// intra_unit_mode on lanes (intra_unit_search_on_lanes).
template <class Lanes>
TC_HOST_DEVICE inline int intra_unit_mode_on_lanes(const IntraUnitPicture& p, int sqrt_lambda_q8, int ux, int uy,
                                                   const Lanes& lanes, IntraUnitWork& w) {
    uint64_t cost = 0;
    return intra_unit_search_on_lanes(p, sqrt_lambda_q8, ux, uy, false, lanes, w, cost);
}

// decide_intra_unit on lanes (intra_unit_search_on_lanes): 1 + the first cheapest decision mode
// where it costs less than `inter_cost`, else 0; on every lane.
template <class Lanes>
TC_HOST_DEVICE inline int decide_intra_unit_on_lanes(const IntraUnitPicture& p, int sqrt_lambda_q8, int ux, int uy,
                                                     uint64_t inter_cost, const Lanes& lanes, IntraUnitWork& w) {
    uint64_t cost = 0;
    const int mode = intra_unit_search_on_lanes(p, sqrt_lambda_q8, ux, uy, true, lanes, w, cost);
    return cost < inter_cost ? mode + 1 : 0;
}

// Codes unit (ux, uy) intra with `mode` from the reconstruction around it (luma and chroma with
// the same mode): the intra quantiser, the inter CUs' sub-block and residual decisions, sign
// hiding in the mode's scan. Writes nothing to the picture. Every lane returns with `out` whole.
template <class Lanes>
TC_HOST_DEVICE inline void code_intra_unit(const IntraUnitPicture& p, const InterCodingParameters& parameters, int ux,
                                           int uy, int mode, const Lanes& lanes, IntraUnitWork& w,
                                           IntraUnitCoding& out) {
    const int scan = intra_unit_scan(mode);
    const int x0 = ux << kIntraUnitLog2, y0 = uy << kIntraUnitLog2;
    const auto qp_of = [&](int c) { return c == 0 ? parameters.qp : parameters.chroma_qp; };
    const auto source_at = [&](const IntraUnitSample& s) {
        const int shift = s.c == 0 ? 0 : 1;
        return p.source[s.c][((y0 >> shift) + s.v) * p.source_stride[s.c] + (x0 >> shift) + s.u];
    };
    // Each block's line (luma's filtered where the clause says) and dcVal.
    gather_intra_unit_lines(p, ux, uy, 3, false, lanes, w);
    for (int c = lanes.lane(); c < 3; c += lanes.count()) {
        w.dc[c] = finish_intra_line_for_mode(c == 0 ? 0 : 1, kIntraUnitLog2 - (c == 0 ? 0 : 1), mode, w.line[c]);
    }
    lanes.sync();
    for (int i = lanes.lane(); i < kIntraUnitSamples; i += lanes.count()) {
        const IntraUnitSample s = intra_unit_sample(i);
        w.prediction[i] = intra_predicted_sample(w.line[s.c], s.log2_size, mode, s.c == 0, w.dc[s.c], s.u, s.v);
        w.residual[i] = source_at(s) - w.prediction[i];
    }
    lanes.sync();
    for (int i = lanes.lane(); i < kIntraUnitSamples; i += lanes.count()) {
        const IntraUnitSample s = intra_unit_sample(i);
        w.intermediate[i] = forward_row_pass(p.dct_matrix, 32, w.residual + s.offset + s.v * s.n, 1, s.u, s.log2_size);
    }
    lanes.sync();
    for (int i = lanes.lane(); i < kIntraUnitSamples; i += lanes.count()) {
        const IntraUnitSample s = intra_unit_sample(i);
        w.coefficient[i] =
            forward_column_pass(p.dct_matrix, 32, w.intermediate + s.offset + s.u, s.n, s.v, s.log2_size);
        w.level[i] = quantize_intra_coefficient(w.coefficient[i], s.log2_size, qp_of(s.c));
    }
    lanes.sync();
    // The sub-block decisions, then each block's last sub-block with levels, then the hiding.
    for (int g = lanes.lane(); g < 6; g += lanes.count()) {
        const int c = intra_unit_sub_block(g).c;
        intra_unit_sub_block_decision(w.level, w.coefficient, g, qp_of(c),
                                      component_lambda_q8(parameters.lambda_q8, c));
    }
    lanes.sync();
    for (int c = lanes.lane(); c < 3; c += lanes.count()) {
        w.last[c] = -1;
        for (int g = 0; g < 6; g++) {
            const IntraUnitSample s = intra_unit_sub_block(g);
            if (s.c != c) continue;
            bool any = false;
            for (int k = 0; k < kSubBlockLevels; k++) any |= w.level[intra_unit_sub_block_index(s, k & 3, k >> 2)] != 0;
            const int position = scan_position(s.u, s.v, s.n >> 2, scan);
            if (any && position > w.last[c]) w.last[c] = position;
        }
    }
    lanes.sync();
    if (parameters.sign_hiding) {
        for (int g = lanes.lane(); g < 6; g += lanes.count()) {
            const int c = intra_unit_sub_block(g).c;
            intra_unit_hide_sign(w.level, w.coefficient, g, qp_of(c), scan, w.last[c]);
        }
        lanes.sync();
    }
    // Scaling; each block's level bits and whether it has levels.
    uint64_t bits[3] = {0, 0, 0}, nonzero[3] = {0, 0, 0};
    for (int i = lanes.lane(); i < kIntraUnitSamples; i += lanes.count()) {
        const IntraUnitSample s = intra_unit_sample(i);
        bits[s.c] += static_cast<uint64_t>(level_rate_bits(w.level[i]));
        nonzero[s.c] += w.level[i] != 0 ? 1 : 0;
        w.coefficient[i] = dequantize_coefficient(w.level[i], s.log2_size, qp_of(s.c));
        out.levels[i] = static_cast<int16_t>(w.level[i]);
    }
    for (int c = 0; c < 3; c++) {
        bits[c] = lanes.sum(bits[c]);
        nonzero[c] = lanes.sum(nonzero[c]);
    }
    lanes.sync();
    for (int i = lanes.lane(); i < kIntraUnitSamples; i += lanes.count()) {
        const IntraUnitSample s = intra_unit_sample(i);
        if (nonzero[s.c] == 0) continue;
        w.intermediate[i] =
            inverse_column_pass(p.dct_matrix, 32, w.coefficient + s.offset + s.u, s.n, s.v, s.log2_size);
    }
    lanes.sync();
    // The reconstruction, and the squared errors without and with the residual.
    uint64_t sse_without[3] = {0, 0, 0}, sse_with[3] = {0, 0, 0};
    for (int i = lanes.lane(); i < kIntraUnitSamples; i += lanes.count()) {
        const IntraUnitSample s = intra_unit_sample(i);
        const int source = source_at(s);
        const int without = source - w.prediction[i];
        sse_without[s.c] += static_cast<uint64_t>(without * without);
        out.samples[i] = w.prediction[i];
        if (nonzero[s.c] != 0) {
            out.samples[i] = reconstructed_sample(
                w.prediction[i],
                inverse_row_pass(p.dct_matrix, 32, w.intermediate + s.offset + s.v * s.n, 1, s.u, s.log2_size));
            const int with = source - out.samples[i];
            sse_with[s.c] += static_cast<uint64_t>(with * with);
        }
    }
    // Every lane has the sums: each works out cbf and the cost, and one writes them.
    int cbf = 0;
    int64_t cost = skip_signalling_cost(kIntraCuBits + intra_mode_bits(mode), parameters.lambda_q8);
    for (int c = 0; c < 3; c++) {
        sse_without[c] = lanes.sum(sse_without[c]);
        sse_with[c] = lanes.sum(sse_with[c]);
        const int log2_size = kIntraUnitLog2 - (c == 0 ? 0 : 1);
        const int64_t lambda = component_lambda_q8(parameters.lambda_q8, c);
        const int level_bits = static_cast<int>(bits[c]);
        const bool coded =
            nonzero[c] != 0 && residual_pays(sse_without[c], sse_with[c], level_bits, log2_size, lambda);
        cbf |= coded ? 1 << c : 0;
        cost += skip_block_cost(coded ? sse_with[c] : sse_without[c], coded, level_bits, log2_size, lambda);
    }
    if (lanes.lane() == 0) {
        out.cbf = cbf;
        out.cost = cost;
    }
    lanes.sync();
    for (int i = lanes.lane(); i < kIntraUnitSamples; i += lanes.count()) {
        if (((cbf >> intra_unit_sample(i).c) & 1) == 0) out.samples[i] = w.prediction[i];
    }
    lanes.sync();
}

// The cost of the unit's current coding (inter, with `cbf` and `vector_bits`): the squared
// errors of the reconstruction plus lambda times the estimated bits, as coded_cu_cost counts them.
template <class Lanes>
TC_HOST_DEVICE inline int64_t intra_unit_inter_cost(const IntraUnitPicture& p, int64_t lambda_q8, int ux, int uy,
                                                    int cbf, int vector_bits, const Lanes& lanes) {
    uint64_t sse[3] = {0, 0, 0}, bits[3] = {0, 0, 0};
    for (int i = lanes.lane(); i < kIntraUnitSamples; i += lanes.count()) {
        const IntraUnitSample s = intra_unit_sample(i);
        const int shift = s.c == 0 ? 0 : 1;
        const int x = ((ux << kIntraUnitLog2) >> shift) + s.u, y = ((uy << kIntraUnitLog2) >> shift) + s.v;
        const int error = p.source[s.c][y * p.source_stride[s.c] + x] - p.reconstruction[s.c][y * p.stride[s.c] + x];
        sse[s.c] += static_cast<uint64_t>(error * error);
        if ((cbf >> s.c) & 1) bits[s.c] += static_cast<uint64_t>(level_rate_bits(p.levels[s.c][y * p.stride[s.c] + x]));
    }
    int64_t cost = skip_signalling_cost(vector_bits, lambda_q8);
    for (int c = 0; c < 3; c++) {
        cost += skip_block_cost(lanes.sum(sse[c]), ((cbf >> c) & 1) != 0, static_cast<int>(lanes.sum(bits[c])),
                                kIntraUnitLog2 - (c == 0 ? 0 : 1), component_lambda_q8(lambda_q8, c));
    }
    return cost;
}

// The candidate at unit (ux, uy) (marked intra) in its wave, coded with `mode`
// (intra_unit_mode_on_lanes'): it stays intra, its samples and levels written, where intra_cu_pays
// against its inter coding, else its unit gets that back.
template <class Lanes>
TC_HOST_DEVICE inline void code_intra_unit_candidate(const IntraUnitPicture& p, const InterCodingParameters& parameters,
                                                     InterCodedUnit* units, int unit_columns, int ux, int uy, int mode,
                                                     const Lanes& lanes, IntraUnitWork& work,
                                                     IntraUnitCoding& coding) {
    InterCodedUnit& unit = units[uy * unit_columns + ux];
    InterCodedUnit inter = unit;
    inter.intra = 0;
    const int64_t inter_cost =
        intra_unit_inter_cost(p, parameters.lambda_q8, ux, uy, inter.cbf,
                              intra_inter_vector_bits(units, unit_columns, p.height, p.slices, ux, uy), lanes);
    code_intra_unit(p, parameters, ux, uy, mode, lanes, work, coding);
    const bool intra_wins = intra_cu_pays(coding.cost, inter_cost);
    for (int i = lanes.lane(); intra_wins && i < kIntraUnitSamples; i += lanes.count()) {
        const IntraUnitSample s = intra_unit_sample(i);
        const int shift = s.c == 0 ? 0 : 1;
        const ptrdiff_t at = (((uy << kIntraUnitLog2) >> shift) + s.v) * p.stride[s.c] +
                             ((ux << kIntraUnitLog2) >> shift) + s.u;
        p.reconstruction[s.c][at] = coding.samples[i];
        p.levels[s.c][at] = coding.levels[i];
    }
    if (lanes.lane() != 0) return;
    if (!intra_wins) {
        unit = inter;
        return;
    }
    InterCodedUnit intra;
    intra.cu_log2 = kIntraUnitLog2;
    intra.intra = static_cast<uint8_t>(mode + 1);
    intra.cbf = static_cast<uint8_t>(coding.cbf);
    unit = intra;
}

}  // namespace tc
