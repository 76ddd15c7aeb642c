// The skip decisions of the accelerated P-picture coding (accel/inter_coding.h), in steps that
// the CPU mirror and the CUDA kernels share.
//
// The smoothing and the coding-unit sizes choose vectors by SATD and an estimate of their rate;
// the coding then keeps each CU's vector, with whatever residual pays. Where the smoothing left a
// CU with a vector of its own (an AMVP vector, its difference signalled), its first merge
// candidates' vectors often predict it almost as well, and as a skipped CU (merge, no residual)
// it costs about kSkipBits. On the 4K camera clip, QP 32, 36-43 % of the P pictures' area was
// coded as AMVP CUs without residual, against 8 % on the CPU path, whose analysis tries the
// merge candidates first (docs/BENCHMARKS.md, twenty-eighth session).
//
// So after the coding and before the deblocking, in two steps over every CU at once:
// 1. Decide: a CU whose vector equals neither its A1 nor its B1 neighbour's (H.265 8.5.3.2.3:
//    the units left of its bottom-left sample and above its top-right sample, B1 only in the
//    same slice and only where the merge list holds it, skip_candidate_count) compares its cost
//    as coded, sum over components of the squared error of its reconstruction plus lambda (the
//    component's, component_lambda_q8) times kResidualBitsWeightQ8 times the bits of the levels
//    it kept (the residual decision's estimate), plus lambda times the weight times the bits of
//    its vector (2 plus the difference's bits against A1's vector, B1's without A1), with each
//    candidate's: the squared error of the candidate's prediction plus lambda times the weight
//    times kSkipBits. The cheapest candidate, where cheaper than the CU as coded (the first on a
//    tie), is the CU's choice: 1 A1, 2 B1, else 0.
//    Step 1 also marks, for every CU that merges as it is (its vector equals its A1's or B1's), the
//    unit it merges with as leaned on.
// 2. Apply: a CU with a choice takes the candidate's vector, no residual and the prediction as its
//    reconstruction, where the CU that holds the candidate's unit chose nothing (kept its vector),
//    so that the merge candidate the decision counted on is there, and where no unit of its own is
//    leaned on, so that no merge that was there breaks. Reading only the first step's choices and
//    marks, every CU applies at once.
// A CU that takes a candidate is then a merge candidate's exact motion with no levels: the
// signalling (analysis/accelerated_ctu_coder.cpp) makes it a skipped CU. Intra CUs
// (accel/intra_coding_steps.h) neither decide nor are candidates; they are coded after this.
#pragma once
#include <cstdint>

#include "accel/host_device.h"
#include "accel/inter_coding.h"
#include "accel/inter_coding_steps.h"
#include "accel/slice_layout_steps.h"

namespace tc {

constexpr int kSkipBits = 2;  // cu_skip_flag and merge_idx, about

// The neighbours a CU of 8x8 units may take a vector from.
struct SkipCandidates {
    int count = 0;
    Mv vector[2];
    int unit[2] = {0, 0};  // the index of the unit that holds each (raster order)
    int kind[2] = {0, 0};  // 1 A1, 2 B1
    int leaned_unit = -1;  // where the CU merges as it is: the unit it merges with
};

// The unit that holds the CU's candidate of kind `kind` (1 A1, 2 B1).
TC_HOST_DEVICE inline int skip_source_unit(int unit_columns, int unit_x, int unit_y, int cu_log2,
                                           int kind) {
    const int span = 1 << (cu_log2 - kInterUnitLog2);
    return kind == 1 ? (unit_y + span - 1) * unit_columns + unit_x - 1
                     : (unit_y - 1) * unit_columns + unit_x + span - 1;
}

// Whether the CU at unit (unit_x, unit_y) with choice `kind` takes its candidate (step 2).
TC_HOST_DEVICE inline bool skip_applies(const uint8_t* choices, const uint8_t* leaned,
                                        int unit_columns, int unit_x, int unit_y, int cu_log2,
                                        int kind) {
    if (kind == 0 || choices[skip_source_unit(unit_columns, unit_x, unit_y, cu_log2, kind)] != 0)
        return false;
    const int span = 1 << (cu_log2 - kInterUnitLog2);
    for (int j = 0; j < span; j++) {
        for (int i = 0; i < span; i++) {
            if (leaned[(unit_y + j) * unit_columns + unit_x + i] != 0) return false;
        }
    }
    return true;
}

// The vector bits of `mv` (signalled as AMVP): 2 plus its difference's against A1's vector (B1's
// where A1 is missing; none where both are).
TC_HOST_DEVICE inline int skip_vector_bits(Mv mv, bool has_a1, Mv a1, bool has_b1, Mv b1) {
    const Mv predictor = has_a1 ? a1 : has_b1 ? b1 : mv;
    return amvp_vector_bits(mv, predictor);
}

// The A1 and B1 neighbours (H.265 8.5.3.2.3: the units left of the CU's bottom-left sample and
// above its top-right sample) of the CU at unit (unit_x, unit_y), and whether each is available
// as a merge candidate: inside the picture, B1 not across the upper boundary of a slice (of
// `slices`, common/slice_rows.h, in a picture of `height` luma rows), neither intra (no motion:
// availableA1 / B1 false). Their vectors where available, else (0, 0).
struct MergeNeighbours {
    int a1_unit = 0, b1_unit = 0;
    bool has_a1 = false, has_b1 = false;
    Mv a1, b1;
};

TC_HOST_DEVICE inline MergeNeighbours merge_neighbours(const InterCodedUnit* units, int unit_columns, int height,
                                                       int slices, int unit_x, int unit_y) {
    MergeNeighbours n;
    const int span = 1 << (units[unit_y * unit_columns + unit_x].cu_log2 - kInterUnitLog2);
    const int y = unit_y << kInterUnitLog2;
    n.a1_unit = (unit_y + span - 1) * unit_columns + unit_x - 1;
    n.b1_unit = (unit_y - 1) * unit_columns + unit_x + span - 1;
    n.has_a1 = unit_x > 0 && units[n.a1_unit].intra == 0;
    n.has_b1 = unit_y > 0 &&
               !((y & (kCtuSize - 1)) == 0 &&
                 ctu_row_starts_slice((height + kCtuSize - 1) >> kLog2CtuSize, slices, y >> kLog2CtuSize)) &&
               units[n.b1_unit].intra == 0;
    if (n.has_a1) n.a1 = units[n.a1_unit].mv;
    if (n.has_b1) n.b1 = units[n.b1_unit].mv;
    return n;
}

// The candidates of the CU at unit (unit_x, unit_y) (its top-left unit) of 1 << (cu_log2 - 3)
// units a side, in a picture of unit_columns units a side and `height` luma rows cut into
// `slices` (common/slice_rows.h), with merge lists of `merge_candidates` (1 or 2: how many of
// A1 and B1 the list holds; H.265 8.5.3.2.2 puts A1 first, then B1 unless it equals A1).
// None where the CU's vector equals one of them (it merges as it is), and none for an intra CU
// (whose intra neighbours are not candidates either). `own_bits` receives the bits of the CU's
// vector as skip_vector_bits counts them (0 for an intra CU).
TC_HOST_DEVICE inline SkipCandidates skip_candidates(const InterCodedUnit* units, int unit_columns,
                                                     int height, int slices, int merge_candidates,
                                                     int unit_x, int unit_y, int& own_bits) {
    SkipCandidates c;
    const InterCodedUnit& cu = units[unit_y * unit_columns + unit_x];
    own_bits = 0;
    if (cu.intra != 0) return c;  // an intra CU keeps its coding
    const MergeNeighbours n = merge_neighbours(units, unit_columns, height, slices, unit_x, unit_y);
    const bool has_a1 = n.has_a1, has_b1 = n.has_b1;
    const int a1_unit = n.a1_unit, b1_unit = n.b1_unit;
    const Mv a1 = n.a1, b1 = n.b1;
    own_bits = skip_vector_bits(cu.mv, has_a1, a1, has_b1, b1);
    if ((has_a1 && a1 == cu.mv) || (has_b1 && b1 == cu.mv)) {
        c.leaned_unit = has_a1 && a1 == cu.mv ? a1_unit : b1_unit;
        return c;
    }
    if (has_a1) {
        c.vector[c.count] = a1;
        c.unit[c.count] = a1_unit;
        c.kind[c.count++] = 1;
    }
    // B1 is in the list where A1 is missing, or where the list holds two and B1 differs from A1.
    if (has_b1 && (!has_a1 || (merge_candidates >= 2 && !(b1 == a1)))) {
        c.vector[c.count] = b1;
        c.unit[c.count] = b1_unit;
        c.kind[c.count++] = 2;
    }
    return c;
}

// The cost of a transform block in the skip decision's units (squared error times 65536, plus
// lambda_q8 times the weight times bits): as coded, with its levels' bits where it kept any
// (level_bits plus the residual decision's 2 * log2_size + 2 for the block), else its error alone.
TC_HOST_DEVICE inline int64_t skip_block_cost(uint64_t sse, bool coded, int level_bits,
                                              int log2_size, int64_t component_lambda) {
    const int64_t bits = coded ? level_bits + 2 * log2_size + 2 : 0;
    return static_cast<int64_t>(sse) * 65536 + component_lambda * kResidualBitsWeightQ8 * bits;
}

// The cost of `bits` of vector or skip signalling at the luma lambda, in the same units.
TC_HOST_DEVICE inline int64_t skip_signalling_cost(int bits, int64_t lambda_q8) {
    return lambda_q8 * kResidualBitsWeightQ8 * bits;
}

// The choice of step 1 from the CU's cost as coded and each candidate's (the candidates'
// prediction errors summed over the components): 0 keep, else the candidate's kind.
TC_HOST_DEVICE inline int skip_choice(const SkipCandidates& c, int64_t coded_cost,
                                      const int64_t* candidate_cost) {
    int choice = 0;
    int64_t best = coded_cost;
    for (int k = 0; k < c.count; k++) {
        if (candidate_cost[k] < best) {
            best = candidate_cost[k];
            choice = c.kind[k];
        }
    }
    return choice;
}

}  // namespace tc
