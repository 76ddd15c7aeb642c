// The smallest 64-bit (cost, index) key of a thread block, returned to every thread: the
// reduction both search kernels use to pick their winner as the scalar loops do (lowest
// cost, then lowest index). Every thread of the block must call it.
#pragma once
#include <cstdint>

namespace tc::cuda {

__device__ inline uint64_t smaller_key(uint64_t a, uint64_t b) { return b < a ? b : a; }

__device__ inline uint64_t warp_min_key(uint64_t key) {
    for (int offset = 16; offset > 0; offset >>= 1) {
        key = smaller_key(key, __shfl_down_sync(0xffffffffu, key, offset));
    }
    return key;
}

// `warp_keys`: shared memory of Threads / 32 keys.
template <int Threads>
__device__ uint64_t block_min_key(uint64_t key, uint64_t* warp_keys) {
    constexpr int kWarps = Threads / 32;
    const int lane = static_cast<int>(threadIdx.x) & 31, warp = static_cast<int>(threadIdx.x) >> 5;
    key = warp_min_key(key);
    if (lane == 0) warp_keys[warp] = key;
    __syncthreads();
    if (warp == 0) {
        key = warp_min_key(lane < kWarps ? warp_keys[lane] : ~uint64_t{0});
        if (lane == 0) warp_keys[0] = key;
    }
    __syncthreads();
    const uint64_t result = warp_keys[0];
    __syncthreads();  // warp_keys is reused by the next reduction
    return result;
}

}  // namespace tc::cuda
