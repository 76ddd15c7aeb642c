// 8x8 coding units inside the picture (issue 7), shared by the CPU mirror and the CUDA kernel.
//
// The smoothing and the area decisions give every 16x16 block one vector; inside the picture
// the layout (inter_cu_of_unit) then made no CU smaller than 16x16. Where a block covers two
// motions (an object's edge, a small object), its 16x16 CU pays residual for the half that its
// vector misses. Below 1080p that was most of the GPU decisions' BD-rate gap to the CPU path
// (foreman 60 frames: the CPU path without 8x8 CUs +27 %; twenty-eighth session,
// docs/BENCHMARKS.md).
//
// After the area decisions, every 16x16 block that the layout makes a 16x16 CU of (inside the
// picture, its 32x32 area not one CU) decides whether four 8x8 CUs cost less, all blocks at
// once (a block reads the field and writes only its own four units):
// - the candidates are the block's smoothing candidates (smoothing_candidate: its own vector,
//   its four neighbours', its own a quarter sample left, right, up, down) on the final field;
// - the 16x16 CU costs the SATD of its four 8x8 tiles with its own vector (block_tile_satd)
//   plus its cu_vector_rate;
// - the split costs, quarter by quarter in z-order, each quarter's cheapest candidate by its
//   tile's SATD plus quarter_vector_rate (the quarters before it chosen: its A1 and B1 merge
//   candidates inside the block), plus kSplitCuBits for each of the three more CUs;
// - the cheaper wins, the 16x16 CU on a tie and where the four quarters chose one vector.
// The coding's unit field (a vector per 8x8 unit) holds the quarters' vectors of a block that
// splits and the block's vector elsewhere; inter_cu_of_unit makes four 8x8 CUs of a block inside
// the picture whose four unit vectors are not all equal.
// Measured on the mirror (prototype, twenty-eighth session): foreman 60 frames superfast -8.5 %
// BD-rate with 4 bits a CU more, -9.4 % with 8, nothing at 4K.
#pragma once
#include <cstdint>

#include "accel/host_device.h"
#include "accel/inter_coding_steps.h"

namespace tc {

constexpr int kSplitCandidates = kSmoothingCandidates;
constexpr int kSplitCuBits = 8;  // the bits each of the three more 8x8 CUs costs

// Whether the layout makes block (bx, by) of the field a 16x16 CU: it lies inside the picture
// and its 32x32 area is not one CU (inter_cu_of_unit's rule).
TC_HOST_DEVICE inline bool block_is_16x16_cu(const Mv* field, int width, int height, int bx, int by) {
    if (!smoothing_block_inside(width, height, bx, by)) return false;
    const int area_x = bx & ~1, area_y = by & ~1;
    return !(area_inside(width, height, area_x, area_y, 2) &&
             area_has_one_vector(field, block_search_columns(width), area_x, area_y, 2));
}

// The rate term of `candidate` for the 8x8 CU of quarter q (z-order: 0 top-left, 1 top-right,
// 2 bottom-left, 3 bottom-right) of block (bx, by), sqrt(lambda) in 1/256, given the vectors
// chosen for the quarters before it: 1 bit where it equals its A1 (left of its bottom-left
// sample: quarter q - 1 for q odd, else the left block's vector) or its B1 (above its top-right
// sample: quarter q - 2 for q >= 2, else the above block's), else 2 plus the mvd bits against A1
// (B1 where A1 is outside the picture, none where both are). The neighbouring blocks' vectors are
// the field's: they decide at the same time, so their own quarters are not known.
TC_HOST_DEVICE inline uint32_t quarter_vector_rate(const Mv* field, int columns, int bx, int by, int q,
                                                   const Mv* chosen, Mv candidate, int sqrt_lambda_q8) {
    const bool left_in_block = (q & 1) != 0, above_in_block = q >= 2;
    const bool has_a1 = left_in_block || bx > 0, has_b1 = above_in_block || by > 0;
    const Mv a1 = left_in_block ? chosen[q - 1] : has_a1 ? field[by * columns + bx - 1] : Mv{};
    const Mv b1 = above_in_block ? chosen[q - 2] : has_b1 ? field[(by - 1) * columns + bx] : Mv{};
    int bits = 1;
    if (!((has_a1 && a1 == candidate) || (has_b1 && b1 == candidate))) {
        const Mv predictor = has_a1 ? a1 : has_b1 ? b1 : candidate;
        bits = amvp_vector_bits(candidate, predictor);
    }
    return static_cast<uint32_t>((sqrt_lambda_q8 * bits + 128) >> 8);
}

// The decision of block (bx, by) given its candidates (smoothing_candidate's, k = 0 its own) and
// the SATD of tile q with candidate k at satd[q * kSplitCandidates + k]: whether it splits, with
// the quarters' vectors in `chosen` (each quarter's cheapest, the first on a tie).
TC_HOST_DEVICE inline bool decide_block_split(const Mv* field, int columns, int bx, int by, const Mv* candidates,
                                              const uint32_t* satd, int sqrt_lambda_q8, Mv* chosen) {
    uint64_t whole = cu_vector_rate(field, columns, bx, by, 1, candidates[0], sqrt_lambda_q8);
    for (int q = 0; q < 4; q++) whole += satd[q * kSplitCandidates];
    uint64_t split = static_cast<uint64_t>((sqrt_lambda_q8 * 3 * kSplitCuBits + 128) >> 8);
    for (int q = 0; q < 4; q++) {
        uint64_t best = 0;
        for (int k = 0; k < kSplitCandidates; k++) {
            const uint64_t cost = satd[q * kSplitCandidates + k] +
                                  quarter_vector_rate(field, columns, bx, by, q, chosen, candidates[k], sqrt_lambda_q8);
            if (k == 0 || cost < best) {
                best = cost;
                chosen[q] = candidates[k];
            }
        }
        split += best;
    }
    const bool one_vector = chosen[1] == chosen[0] && chosen[2] == chosen[0] && chosen[3] == chosen[0];
    return split < whole && !one_vector;
}

// The unit field's index of quarter q of block (bx, by), or -1 where that unit lies outside a
// unit_columns x unit_rows picture.
TC_HOST_DEVICE inline int quarter_unit_index(int unit_columns, int unit_rows, int bx, int by, int q) {
    const int unit_x = 2 * bx + (q & 1), unit_y = 2 * by + (q >> 1);
    return unit_x < unit_columns && unit_y < unit_rows ? unit_y * unit_columns + unit_x : -1;
}

}  // namespace tc
