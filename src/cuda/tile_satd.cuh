// The 8x8 SATD of block_tile_satd (accel/block_search_steps.h) on the lanes of a warp, which
// the block search, the smoothing, the area and the split decisions share, and the split
// decisions' 16x16 SATD (block_satd_16x16).
#pragma once
#include <cstdint>

#include "accel/block_search_steps.h"

namespace tc::cuda {

// The 8x8 Hadamard coefficients (block_hadamard_8x8's, up to their order and sign) of row
// `lane & 7` of tile `lane >> 3` (x = tile & 1, y = tile >> 1) of a 16x16 prediction's
// differences against the source block, into v: the row butterflies in registers, the column
// butterflies across the eight lanes of the tile (same stages, same order). Every tile's lanes
// hold their coefficients in the same places.
__device__ __forceinline__ void tile_hadamard_on_lanes(const uint8_t* source_block, const uint8_t* prediction,
                                                       int lane, int* v) {
    const int tile = lane >> 3, row = lane & 7;
    const int first = ((tile >> 1) * 8 + row) * kBlockSearchSize + (tile & 1) * 8;
#pragma unroll
    for (int x = 0; x < 8; x++) v[x] = source_block[first + x] - prediction[first + x];
#pragma unroll
    for (int half = 1; half < 8; half <<= 1) {
#pragma unroll
        for (int i = 0; i < 8; i++) {
            if ((i & half) != 0) continue;
            const int a = v[i], b = v[i + half];
            v[i] = a + b;
            v[i + half] = a - b;
        }
    }
    // Across the lanes whose bit `half` differs: the lower takes the sum, the upper the difference.
#pragma unroll
    for (int half = 1; half < 8; half <<= 1) {
        const bool upper = (row & half) != 0;
#pragma unroll
        for (int i = 0; i < 8; i++) {
            const int partner = __shfl_xor_sync(0xFFFFFFFFu, v[i], half);
            v[i] = upper ? partner - v[i] : v[i] + partner;
        }
    }
}

// The sum of the absolute values of v[0..7] over the lanes `lane ^ offset` for offsets below
// `lanes` (a power of two): a tile's eight lanes, or the warp's 32.
__device__ __forceinline__ uint32_t absolute_sum_on_lanes(const int* v, int lanes) {
    uint32_t sum = 0;
#pragma unroll
    for (int i = 0; i < 8; i++) sum += static_cast<uint32_t>(v[i] < 0 ? -v[i] : v[i]);
    for (int offset = 1; offset < lanes; offset <<= 1) sum += __shfl_xor_sync(0xFFFFFFFFu, sum, offset);
    return sum;
}

// The SATD of tile `lane >> 3` of a 16x16 prediction against the source block (block_tile_satd)
// on the eight lanes of that tile: every lane returns its tile's (sum + 2) >> 2.
__device__ __forceinline__ uint32_t tile_satd_on_lanes(const uint8_t* source_block, const uint8_t* prediction,
                                                       int lane) {
    int v[8];
    tile_hadamard_on_lanes(source_block, prediction, lane, v);
    return (absolute_sum_on_lanes(v, 8) + 2) >> 2;
}

// block_satd_16x16 (accel/cu_split_steps.h) of a 16x16 prediction on a warp: the four tiles'
// coefficients, one more butterfly stage across the tiles (lanes 8 and 16 apart hold the same
// coefficient of the other tiles), the absolute values summed. Every lane returns (sum + 4) >> 3.
__device__ __forceinline__ uint32_t block_satd_16x16_on_lanes(const uint8_t* source_block, const uint8_t* prediction,
                                                              int lane) {
    int v[8];
    tile_hadamard_on_lanes(source_block, prediction, lane, v);
#pragma unroll
    for (int tiles = 8; tiles <= 16; tiles <<= 1) {
        const bool upper = (lane & tiles) != 0;
#pragma unroll
        for (int i = 0; i < 8; i++) {
            const int partner = __shfl_xor_sync(0xFFFFFFFFu, v[i], tiles);
            v[i] = upper ? partner - v[i] : v[i] + partner;
        }
    }
    return (absolute_sum_on_lanes(v, 32) + 4) >> 3;
}

}  // namespace tc::cuda
