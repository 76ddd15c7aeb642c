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
// - the candidates (split_candidate) are the block's smoothing candidates (its own vector, its
//   four neighbours', its own a quarter sample left, right, up, down) and its four diagonal
//   neighbours' vectors, on the final field;
// - the 16x16 CU costs the SATD of its prediction with its own vector as one 16x16 Hadamard
//   transform (block_satd_16x16) plus its cu_vector_rate;
// - the split costs, quarter by quarter in z-order, each quarter's cheapest candidate by its
//   tile's SATD plus quarter_vector_rate (the quarters before it chosen: its A1 and B1 merge
//   candidates inside the block), plus kSplitCuBits for each of the three more CUs;
// - the cheaper wins, the 16x16 CU on a tie and where the four quarters chose one vector.
// The coding's unit field (a vector per 8x8 unit) holds the quarters' vectors of a block that
// splits and the block's vector elsewhere; inter_cu_of_unit makes four 8x8 CUs of a block inside
// the picture whose four unit vectors are not all equal.
// Measured on the mirror (twenty-ninth session, docs/BENCHMARKS.md; BD-rate against x265
// veryfast, ultrafast + signhide): with the nine smoothing candidates and the 16x16 CU as four
// 8x8 SATDs, foreman +16.9 -> +6.6 %, crowd_run +14.8 -> +5.3 %, 1080p clips 4.3-5.5 points
// better, the 4K camera clip 2.2 points worse (so the encoder turns the step on below 4K only);
// the diagonal candidates and the 16x16 Hadamard took foreman to +4.5 %. 16 or 32 bits a CU
// more instead of 8 were worse below 4K and still worse than none at 4K.
#pragma once
#include <cstdint>

#include "accel/host_device.h"
#include "accel/inter_coding_steps.h"

namespace tc {

constexpr int kSplitCandidates = kSmoothingCandidates + 4;  // and the four diagonal neighbours
constexpr int kSplitCuBits = 8;  // the bits each of the three more 8x8 CUs costs

// Whether the layout makes block (bx, by) of the field a 16x16 CU: it lies inside the picture
// and its 32x32 area is not one CU (inter_cu_of_unit's rule).
TC_HOST_DEVICE inline bool block_is_16x16_cu(const Mv* field, int width, int height, int bx, int by) {
    if (!smoothing_block_inside(width, height, bx, by)) return false;
    const int area_x = bx & ~1, area_y = by & ~1;
    return !(area_inside(width, height, area_x, area_y, 2) &&
             area_has_one_vector(field, block_search_columns(width), area_x, area_y, 2));
}

// Candidate k of block (bx, by) of a columns x rows field: smoothing_candidate's for k below
// kSmoothingCandidates, then the above-left, above-right, below-left and below-right neighbours'
// vectors (the own vector where the neighbour is missing).
TC_HOST_DEVICE inline Mv split_candidate(const Mv* field, int columns, int rows, int bx, int by, int k) {
    if (k < kSmoothingCandidates) return smoothing_candidate(field, columns, rows, bx, by, k);
    const int diagonal = k - kSmoothingCandidates;
    const int x = bx + ((diagonal & 1) != 0 ? 1 : -1), y = by + (diagonal >= 2 ? 1 : -1);
    return x >= 0 && x < columns && y >= 0 && y < rows ? field[y * columns + x] : field[by * columns + bx];
}

// The SATD of the 16x16 `source_block` against `prediction` (both stride 16) as one 16x16 Hadamard
// transform: each 8x8 tile's (block_hadamard_8x8's coefficients), then one more butterfly stage
// across the four tiles; the absolute values summed, (sum + 4) >> 3 (the 8x8 SATD's scale: a
// 16x16 transform has twice an 8x8 one's gain). Where the residual is smooth across the tiles it is
// less than the four tiles' SATDs, as a 16x16 DCT codes it in fewer levels than four 8x8 ones.
TC_HOST_DEVICE inline uint32_t block_satd_16x16(const uint8_t* source_block, const uint8_t* prediction) {
    int d[4][64];
    for (int tile = 0; tile < 4; tile++) {
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                const int i = ((tile >> 1) * 8 + y) * kBlockSearchSize + (tile & 1) * 8 + x;
                d[tile][y * 8 + x] = source_block[i] - prediction[i];
            }
        }
        block_hadamard_8x8(d[tile]);
    }
    uint32_t sum = 0;
    for (int i = 0; i < 64; i++) {
        const int a = d[0][i], b = d[1][i], c = d[2][i], e = d[3][i];
        const int values[4] = {a + b + c + e, a - b + c - e, a + b - c - e, a - b - c + e};
        for (const int v : values) sum += static_cast<uint32_t>(v < 0 ? -v : v);
    }
    return (sum + 4) >> 3;
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

// The decision of block (bx, by) given its candidates (split_candidate's, k = 0 its own), the
// SATD of tile q with candidate k at satd[q * kSplitCandidates + k] and the 16x16 SATD with its
// own vector (block_satd_16x16): whether it splits, with the quarters' vectors in `chosen` (each
// quarter's cheapest, the first on a tie).
TC_HOST_DEVICE inline bool decide_block_split(const Mv* field, int columns, int bx, int by, const Mv* candidates,
                                              const uint32_t* satd, uint32_t whole_satd, int sqrt_lambda_q8,
                                              Mv* chosen) {
    const uint64_t whole = cu_vector_rate(field, columns, bx, by, 1, candidates[0], sqrt_lambda_q8) + whole_satd;
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
