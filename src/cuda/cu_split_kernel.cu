#include "accel/cu_split_steps.h"
#include "accel/inter_coding.h"
#include "cuda/block_prediction.cuh"
#include "cuda/cu_split_kernel.cuh"
#include "cuda/tile_satd.cuh"

namespace tc::cuda {

namespace {

// As the smoothing kernel (cuda/inter_coding_kernel.cu): the block's candidates into shared
// memory, the distinct ones (the first of equal candidates) predicted together (predict_blocks),
// a warp per distinct candidate its four tile SATDs, the first warp also the own vector's 16x16
// SATD; the first thread decides.
constexpr int kThreads = kBlockSearchSize * kBlockSearchSize;
constexpr int kWarps = kThreads / 32;
static_assert(kThreads == 256, "a thread per sample of a 16x16 block");

__global__ void __launch_bounds__(kThreads)
    split_decision_kernel(const uint8_t* source, const uint8_t* reference, int width, int height, const Mv* field,
                          int sqrt_lambda_q8, Mv* unit_vectors) {
    __shared__ uint32_t windows[kSplitCandidates][kPackedWindowWords];
    __shared__ uint32_t horizontal[kSplitCandidates][kPackedHorizontalWords];
    __shared__ uint8_t source_block[kThreads];
    __shared__ uint8_t predictions[kSplitCandidates][kPredictedSamples];
    __shared__ PredictedBlock blocks[kSplitCandidates];
    __shared__ Mv candidates[kSplitCandidates];
    __shared__ int first_equal[kSplitCandidates];
    __shared__ int distinct[kSplitCandidates];
    __shared__ int distinct_count;
    __shared__ uint32_t tile_satd[4 * kSplitCandidates];  // [q * kSplitCandidates + k]
    __shared__ uint32_t whole_satd;                       // block_satd_16x16 with the own vector
    const int t = static_cast<int>(threadIdx.x);
    const int bx = static_cast<int>(blockIdx.x), by = static_cast<int>(blockIdx.y);
    const int columns = block_search_columns(width), rows = block_search_rows(height);
    const int unit_columns = inter_unit_columns(width), unit_rows = inter_unit_rows(height);
    if (!block_is_16x16_cu(field, width, height, bx, by)) {  // the whole thread block
        if (t < 4) {
            const int unit = quarter_unit_index(unit_columns, unit_rows, bx, by, t);
            if (unit >= 0) unit_vectors[unit] = field[by * columns + bx];
        }
        return;
    }
    const int x0 = bx * kBlockSearchSize, y0 = by * kBlockSearchSize;
    if (t < kSplitCandidates) candidates[t] = split_candidate(field, columns, rows, bx, by, t);
    source_block[t] = source[static_cast<long>(y0 + (t >> 4)) * width + x0 + (t & (kBlockSearchSize - 1))];
    __syncthreads();
    if (t < kSplitCandidates) {
        int first = t;
        for (int k = t - 1; k >= 0; k--) {
            if (candidates[k] == candidates[t]) first = k;
        }
        first_equal[t] = first;
    }
    __syncthreads();
    if (t == 0) {
        int count = 0;
        for (int k = 0; k < kSplitCandidates; k++) {
            if (first_equal[k] == k) {
                blocks[count] = PredictedBlock{x0, y0, candidates[k].x, candidates[k].y};
                distinct[count++] = k;
            }
        }
        distinct_count = count;
    }
    __syncthreads();
    const int count = distinct_count;
    predict_blocks<kThreads>(reference, width, height, blocks, count, windows, horizontal, predictions);
    const int lane = t & 31, warp = t >> 5;
    for (int d = warp; d < count; d += kWarps) {
        const uint32_t satd = tile_satd_on_lanes(source_block, predictions[d], lane);
        if ((lane & 7) == 0) tile_satd[(lane >> 3) * kSplitCandidates + distinct[d]] = satd;
    }
    if (warp == 0) {  // distinct[0] is candidate 0, the own vector
        const uint32_t whole = block_satd_16x16_on_lanes(source_block, predictions[0], lane);
        if (lane == 0) whole_satd = whole;
    }
    __syncthreads();
    if (t != 0) return;
    for (int k = 0; k < kSplitCandidates; k++) {
        for (int q = 0; q < 4; q++) tile_satd[q * kSplitCandidates + k] = tile_satd[q * kSplitCandidates + first_equal[k]];
    }
    const Mv block_vector = field[by * columns + bx];
    Mv chosen[4];
    const bool split = decide_block_split(field, columns, bx, by, candidates, tile_satd, whole_satd, sqrt_lambda_q8, chosen);
    for (int q = 0; q < 4; q++) {
        const int unit = quarter_unit_index(unit_columns, unit_rows, bx, by, q);
        if (unit >= 0) unit_vectors[unit] = split ? chosen[q] : block_vector;
    }
}

}  // namespace

cudaError_t launch_split_decisions(const uint8_t* source, const uint8_t* reference, int width, int height,
                                   const Mv* field, int sqrt_lambda_q8, Mv* unit_vectors, cudaStream_t stream) {
    const dim3 blocks(static_cast<unsigned>(block_search_columns(width)),
                      static_cast<unsigned>(block_search_rows(height)));
    split_decision_kernel<<<blocks, kThreads, 0, stream>>>(source, reference, width, height, field, sqrt_lambda_q8,
                                                           unit_vectors);
    return cudaGetLastError();
}

}  // namespace tc::cuda
