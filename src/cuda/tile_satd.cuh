// The 8x8 SATD of block_tile_satd (accel/block_search_steps.h) on the lanes of a warp, which
// the block search, the smoothing and the area decisions share.
#pragma once
#include <cstdint>

#include "accel/block_search_steps.h"

namespace tc::cuda {

// The SATD of tile `lane >> 3` (x = tile & 1, y = tile >> 1) of a 16x16 prediction against the
// source block, on the eight lanes of that tile (lane & 7 its row): block_hadamard_8x8's row
// butterflies in registers, its column butterflies across the lanes (same stages, same order,
// so the same coefficients), the absolute values summed over the tile. Every lane returns its
// tile's (sum + 2) >> 2.
__device__ __forceinline__ uint32_t tile_satd_on_lanes(const uint8_t* source_block, const uint8_t* prediction,
                                                       int lane) {
    const int tile = lane >> 3, row = lane & 7;
    const int first = ((tile >> 1) * 8 + row) * kBlockSearchSize + (tile & 1) * 8;
    int v[8];
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
#pragma unroll
    for (int half = 1; half < 8; half <<= 1) {
        const bool upper = (row & half) != 0;
#pragma unroll
        for (int i = 0; i < 8; i++) {
            const int partner = __shfl_xor_sync(0xFFFFFFFFu, v[i], half);
            v[i] = upper ? partner - v[i] : v[i] + partner;
        }
    }
    uint32_t sum = 0;
#pragma unroll
    for (int i = 0; i < 8; i++) sum += static_cast<uint32_t>(v[i] < 0 ? -v[i] : v[i]);
#pragma unroll
    for (int half = 1; half < 8; half <<= 1) sum += __shfl_xor_sync(0xFFFFFFFFu, sum, half);
    return (sum + 2) >> 2;
}

}  // namespace tc::cuda
