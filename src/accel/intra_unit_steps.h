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
//    it keeps its inter coding. One thread can run a candidate's whole coding (the CUDA kernel
//    spreads the 35 modes' costs over a warp's lanes).
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

// The intra prediction of component c of unit (ux, uy) with `mode` from `plane` (rows `stride`
// apart: the reconstruction, or the source for the decision) into `prediction` (side x side,
// intra_unit_side).
TC_HOST_DEVICE inline void intra_unit_prediction(const uint8_t* plane, ptrdiff_t stride, int width, int height,
                                                 int slices, int c, int ux, int uy, int mode, uint8_t* prediction) {
    const int shift = c == 0 ? 0 : 1, log2_size = kIntraUnitLog2 - shift, n = 1 << log2_size;
    uint8_t line[4 * 8 + 1], filtered[4 * 8 + 1];
    gather_intra_line(plane, stride, width, height, slices, shift, (ux << kIntraUnitLog2) >> shift,
                      (uy << kIntraUnitLog2) >> shift, n, line);
    const uint8_t* used = line;
    if (c == 0 && intra_line_filtered(log2_size, mode)) {
        for (int i = 0; i < 4 * n + 1; i++) filtered[i] = filtered_intra_line_sample(line, n, i);
        used = filtered;
    }
    const int dc = intra_dc_value(used, log2_size);
    for (int y = 0; y < n; y++) {
        for (int x = 0; x < n; x++) prediction[y * n + x] = intra_predicted_sample(used, log2_size, mode, c == 0, dc, x, y);
    }
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

// The decision of unit (ux, uy) (eligible) given its SATD with its vector: 1 + the cheapest
// decision mode where that costs less than inter_satd plus the vector's bits (the first on a
// tie), else 0.
TC_HOST_DEVICE inline int decide_intra_unit(const IntraUnitPicture& p, int sqrt_lambda_q8, int ux, int uy,
                                            uint32_t inter_satd, int vector_bits) {
    uint64_t best = inter_satd + static_cast<uint64_t>((sqrt_lambda_q8 * vector_bits + 128) >> 8);
    int best_mode = -1;
    for (int k = 0; k < kIntraDecisionModes; k++) {
        const int mode = intra_decision_mode(k);
        uint8_t prediction[64];
        intra_unit_prediction(p.source[0], p.source_stride[0], p.width, p.height, p.slices, 0, ux, uy, mode,
                              prediction);
        const uint64_t cost =
            intra_mode_cost(intra_unit_satd(p.source[0], p.source_stride[0], ux << kIntraUnitLog2,
                                            uy << kIntraUnitLog2, prediction),
                            mode, sqrt_lambda_q8);
        if (cost < best) {
            best = cost;
            best_mode = mode;
        }
    }
    return best_mode + 1;
}

// The cost of `mode` for the coding's choice: intra_mode_cost with the luma prediction from the
// reconstruction.
TC_HOST_DEVICE inline uint64_t intra_unit_mode_cost(const IntraUnitPicture& p, int sqrt_lambda_q8, int ux, int uy,
                                                    int mode) {
    uint8_t prediction[64];
    intra_unit_prediction(p.reconstruction[0], p.stride[0], p.width, p.height, p.slices, 0, ux, uy, mode, prediction);
    return intra_mode_cost(
        intra_unit_satd(p.source[0], p.source_stride[0], ux << kIntraUnitLog2, uy << kIntraUnitLog2, prediction), mode,
        sqrt_lambda_q8);
}

// The cheapest mode of all 35 by intra_unit_mode_cost (the first on a tie).
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

// The cost of the unit's current coding (inter, with `cbf` and `vector_bits`): the squared
// errors of the reconstruction plus lambda times the estimated bits, as coded_cu_cost counts them.
TC_HOST_DEVICE inline int64_t intra_unit_inter_cost(const IntraUnitPicture& p, int64_t lambda_q8, int ux, int uy,
                                                    int cbf, int vector_bits) {
    int64_t cost = skip_signalling_cost(vector_bits, lambda_q8);
    for (int c = 0; c < 3; c++) {
        const int shift = c == 0 ? 0 : 1, n = intra_unit_side(c);
        const int x0 = (ux << kIntraUnitLog2) >> shift, y0 = (uy << kIntraUnitLog2) >> shift;
        const bool coded = ((cbf >> c) & 1) != 0;
        uint64_t sse = 0;
        int level_bits = 0;
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                const int error = p.source[c][(y0 + y) * p.source_stride[c] + x0 + x] -
                                  p.reconstruction[c][(y0 + y) * p.stride[c] + x0 + x];
                sse += static_cast<uint64_t>(error * error);
                if (coded) level_bits += level_rate_bits(p.levels[c][(y0 + y) * p.stride[c] + x0 + x]);
            }
        }
        cost += skip_block_cost(sse, coded, level_bits, kIntraUnitLog2 - shift, component_lambda_q8(lambda_q8, c));
    }
    return cost;
}

// An 8x8 intra CU's coding: its samples and levels (kIntraUnitSamples, intra_unit_offset's
// layout), cbf and cost (intra_unit_inter_cost's units).
struct IntraUnitCoding {
    uint8_t samples[kIntraUnitSamples];
    int16_t levels[kIntraUnitSamples];
    int cbf = 0;
    int64_t cost = 0;
};

// The sub-block decisions (sub_block_pays) and the sign hiding (hide_sign_in_sub_block in scan
// `scan`) of one n x n block of levels with its coefficients (row by row).
TC_HOST_DEVICE inline void intra_unit_sub_blocks(int32_t* level, const int32_t* coefficient, int n, int log2_size,
                                                 int qp, int64_t lambda_q8, bool sign_hiding, int scan) {
    const int side = n >> 2;
    int last = -1;  // the last sub-block in scan order with levels left
    for (int sy = 0; sy < side; sy++) {
        for (int sx = 0; sx < side; sx++) {
            int32_t l[kSubBlockLevels], co[kSubBlockLevels];
            bool any = false;
            for (int k = 0; k < kSubBlockLevels; k++) {
                const int at = (4 * sy + (k >> 2)) * n + 4 * sx + (k & 3);
                l[k] = level[at];
                co[k] = coefficient[at];
                any |= l[k] != 0;
            }
            if (any && !sub_block_pays(l, co, log2_size, qp, lambda_q8)) {
                for (int k = 0; k < kSubBlockLevels; k++) level[(4 * sy + (k >> 2)) * n + 4 * sx + (k & 3)] = 0;
                any = false;
            }
            if (any) {
                const int position = scan_position(sx, sy, side, scan);
                last = position > last ? position : last;
            }
        }
    }
    if (!sign_hiding) return;
    const int64_t scale = quant_scale(qp % 6);
    for (int sy = 0; sy < side; sy++) {
        for (int sx = 0; sx < side; sx++) {
            int32_t l[kSubBlockLevels], co[kSubBlockLevels], error[kSubBlockLevels];
            int at[kSubBlockLevels];
            for (int y = 0; y < 4; y++) {
                for (int x = 0; x < 4; x++) {
                    const int k = scan_position(x, y, 4, scan);
                    at[k] = (4 * sy + y) * n + 4 * sx + x;
                    l[k] = level[at[k]];
                    co[k] = coefficient[at[k]];
                    error[k] = intra_rounding_error(co[k], log2_size, qp, scale);
                }
            }
            const int changed = hide_sign_in_sub_block(l, co, error, scan_position(sx, sy, side, scan) == last);
            if (changed >= 0) level[at[changed]] = l[changed];
        }
    }
}

// Codes unit (ux, uy) intra with `mode` from the reconstruction around it (luma and chroma with
// the same mode): the intra quantiser, the inter CUs' sub-block and residual decisions, sign
// hiding in the mode's scan. Writes nothing to the picture.
TC_HOST_DEVICE inline void code_intra_unit(const IntraUnitPicture& p, const InterCodingParameters& parameters, int ux,
                                           int uy, int mode, IntraUnitCoding& out) {
    out.cbf = 0;
    out.cost = skip_signalling_cost(kIntraCuBits + intra_mode_bits(mode), parameters.lambda_q8);
    const int scan = intra_unit_scan(mode);
    for (int c = 0; c < 3; c++) {
        const int shift = c == 0 ? 0 : 1, log2_size = kIntraUnitLog2 - shift, n = 1 << log2_size;
        const int x0 = (ux << kIntraUnitLog2) >> shift, y0 = (uy << kIntraUnitLog2) >> shift;
        const int qp = c == 0 ? parameters.qp : parameters.chroma_qp;
        const int64_t lambda = component_lambda_q8(parameters.lambda_q8, c);
        uint8_t prediction[64];
        intra_unit_prediction(p.reconstruction[c], p.stride[c], p.width, p.height, p.slices, c, ux, uy, mode,
                              prediction);
        int32_t residual[64], intermediate[64], coefficient[64], level[64];
        for (int i = 0; i < n * n; i++) {
            residual[i] = p.source[c][(y0 + i / n) * p.source_stride[c] + x0 + i % n] - prediction[i];
        }
        for (int i = 0; i < n * n; i++) {
            intermediate[i] = forward_row_pass(p.dct_matrix, 32, residual + (i / n) * n, 1, i % n, log2_size);
        }
        bool nonzero = false;
        for (int i = 0; i < n * n; i++) {
            coefficient[i] = forward_column_pass(p.dct_matrix, 32, intermediate + i % n, n, i / n, log2_size);
            level[i] = quantize_intra_coefficient(coefficient[i], log2_size, qp);
            nonzero |= level[i] != 0;
        }
        if (nonzero) intra_unit_sub_blocks(level, coefficient, n, log2_size, qp, lambda, parameters.sign_hiding, scan);
        uint64_t sse_without = 0, sse_with = 0;
        int level_bits = 0;
        nonzero = false;
        for (int i = 0; i < n * n; i++) {
            level_bits += level_rate_bits(level[i]);
            nonzero |= level[i] != 0;
            coefficient[i] = dequantize_coefficient(level[i], log2_size, qp);
        }
        uint8_t* samples = out.samples + intra_unit_offset(c);
        if (nonzero) {
            for (int i = 0; i < n * n; i++) {
                intermediate[i] = inverse_column_pass(p.dct_matrix, 32, coefficient + i % n, n, i / n, log2_size);
            }
        }
        for (int i = 0; i < n * n; i++) {
            const int source = p.source[c][(y0 + i / n) * p.source_stride[c] + x0 + i % n];
            const int without = source - prediction[i];
            sse_without += static_cast<uint64_t>(without * without);
            samples[i] = prediction[i];
            if (nonzero) {
                samples[i] = reconstructed_sample(
                    prediction[i], inverse_row_pass(p.dct_matrix, 32, intermediate + (i / n) * n, 1, i % n, log2_size));
                const int with = source - samples[i];
                sse_with += static_cast<uint64_t>(with * with);
            }
            out.levels[intra_unit_offset(c) + i] = static_cast<int16_t>(level[i]);
        }
        const bool coded = nonzero && residual_pays(sse_without, sse_with, level_bits, log2_size, lambda);
        if (!coded) {
            for (int i = 0; i < n * n; i++) samples[i] = prediction[i];
        }
        out.cbf |= coded ? 1 << c : 0;
        out.cost += skip_block_cost(coded ? sse_with : sse_without, coded, level_bits, log2_size, lambda);
    }
}

// The candidate at unit (ux, uy) (marked intra) in its wave, coded with `mode`
// (intra_unit_mode's): it stays intra, its samples and levels written, where intra_cu_pays
// against its inter coding, else its unit gets that back.
TC_HOST_DEVICE inline void code_intra_unit_candidate(const IntraUnitPicture& p, const InterCodingParameters& parameters,
                                                     InterCodedUnit* units, int unit_columns, int ux, int uy, int mode,
                                                     IntraUnitCoding& coding) {
    InterCodedUnit& unit = units[uy * unit_columns + ux];
    InterCodedUnit inter = unit;
    inter.intra = 0;
    const int64_t inter_cost =
        intra_unit_inter_cost(p, parameters.lambda_q8, ux, uy, inter.cbf,
                              intra_inter_vector_bits(units, unit_columns, p.height, p.slices, ux, uy));
    code_intra_unit(p, parameters, ux, uy, mode, coding);
    if (!intra_cu_pays(coding.cost, inter_cost)) {
        unit = inter;
        return;
    }
    for (int c = 0; c < 3; c++) {
        const int shift = c == 0 ? 0 : 1, n = intra_unit_side(c);
        const int x0 = (ux << kIntraUnitLog2) >> shift, y0 = (uy << kIntraUnitLog2) >> shift;
        for (int i = 0; i < n * n; i++) {
            const ptrdiff_t at = (y0 + i / n) * p.stride[c] + x0 + i % n;
            p.reconstruction[c][at] = coding.samples[intra_unit_offset(c) + i];
            p.levels[c][at] = coding.levels[intra_unit_offset(c) + i];
        }
    }
    InterCodedUnit intra;
    intra.cu_log2 = kIntraUnitLog2;
    intra.intra = static_cast<uint8_t>(mode + 1);
    intra.cbf = static_cast<uint8_t>(coding.cbf);
    unit = intra;
}

}  // namespace tc
