#include "cuda/coarse_search_kernel.cuh"

#include "accel/coarse_search_steps.h"
#include "cuda/key_reduction.cuh"

namespace tc::cuda {

namespace {

constexpr int kThreads = 256;
constexpr int kWarps = kThreads / 32;
constexpr int kRefinementCandidates = 9;  // +-1 around the start

// The 1/8 level: one thread per candidate (strided over the window), whole block SAD each.
__device__ uint64_t top_level_key(const CoarseLevel& level, int vx, int vy) {
    uint64_t best = kNoCandidate;
    for (int index = static_cast<int>(threadIdx.x); index < level.candidate_count(); index += kThreads) {
        CoarseCandidate c{};
        if (!coarse_candidate(level, vx, vy, index, c)) continue;
        uint32_t sad = 0;
        for (int row = 0; row < level.block_height; row++) sad += coarse_row_sad(level, c, row);
        best = smaller_key(best, coarse_key(coarse_cost(sad, c), index));
    }
    return best;
}

// The 1/4 and 1/2 levels: one thread per (candidate, row) adds the row's SAD to the
// candidate's sum (integer sums: the order does not matter), then one thread per candidate.
__device__ uint64_t refinement_key(const CoarseLevel& level, int vx, int vy, uint32_t* sums) {
    if (threadIdx.x < kRefinementCandidates) sums[threadIdx.x] = 0;
    __syncthreads();
    const int items = kRefinementCandidates * level.block_height;
    for (int item = static_cast<int>(threadIdx.x); item < items; item += kThreads) {
        const int index = item / level.block_height, row = item % level.block_height;
        CoarseCandidate c{};
        if (coarse_candidate(level, vx, vy, index, c)) atomicAdd(&sums[index], coarse_row_sad(level, c, row));
    }
    __syncthreads();
    const int index = static_cast<int>(threadIdx.x);
    CoarseCandidate c{};
    if (index < kRefinementCandidates && coarse_candidate(level, vx, vy, index, c)) {
        return coarse_key(coarse_cost(sums[index], c), index);
    }
    return kNoCandidate;
}

__global__ void __launch_bounds__(kThreads) coarse_search_kernel(const uint8_t* source, const uint8_t* reference,
                                                                 PyramidGeometry geometry, int range,
                                                                 int16_t* vectors) {
    __shared__ uint64_t warp_keys[kWarps];
    __shared__ uint32_t sums[kRefinementCandidates];
    const int ctu_x = static_cast<int>(blockIdx.x), ctu_y = static_cast<int>(blockIdx.y);
    int vx = 0, vy = 0;  // the same in every thread: each applies the same reduced key
    bool outside = false;
    for (int level_index = kCoarseTopLevel; level_index >= 1; level_index--) {
        const CoarseLevel level = coarse_level(geometry, source, reference, level_index, ctu_x, ctu_y, range);
        if (level.empty()) {
            outside = true;  // the same for the whole block
            break;
        }
        const uint64_t key =
            level_index == kCoarseTopLevel ? top_level_key(level, vx, vy) : refinement_key(level, vx, vy, sums);
        coarse_next_start(level, block_min_key<kThreads>(key, warp_keys), vx, vy);
    }
    if (threadIdx.x == 0) {
        const long ctu = static_cast<long>(ctu_y) * geometry.ctu_columns() + ctu_x;
        vectors[2 * ctu] = static_cast<int16_t>(outside ? 0 : vx * 4);
        vectors[2 * ctu + 1] = static_cast<int16_t>(outside ? 0 : vy * 4);
    }
}

}  // namespace

cudaError_t launch_coarse_search(const uint8_t* source_pyramid, const uint8_t* reference_pyramid,
                                 const PyramidGeometry& geometry, int range, int16_t* vectors, cudaStream_t stream) {
    const dim3 blocks(static_cast<unsigned>(geometry.ctu_columns()), static_cast<unsigned>(geometry.ctu_rows()));
    coarse_search_kernel<<<blocks, kThreads, 0, stream>>>(source_pyramid, reference_pyramid, geometry, range,
                                                          vectors);
    return cudaGetLastError();
}

}  // namespace tc::cuda
