#include "cuda/block_search_kernel.cuh"

#include "accel/packed_luma_filter.h"
#include "cuda/key_reduction.cuh"
#include "cuda/tile_satd.cuh"

namespace tc::cuda {

namespace {

constexpr int kThreads = 256;
constexpr int kTilesPerBlock = 4;  // 8x8 tiles of a 16x16 block

// One 3x3 sub-sample step. The predictions filtered separably, as the CPU mirror does, with
// accel/packed_luma_filter.h's items (the tests run them against block_predicted_sample): the
// horizontal sums of the three horizontal offsets, four a thread (two dp4a each), then the
// vertical sums of each candidate, two samples a thread (nine dp2a), into `predictions`; then a
// warp per candidate adds its tiles' SATDs to the candidate's sum and a thread per candidate
// forms its key; every thread updates (cx, cy).
__device__ void subpel_step(const BlockSearchSite& site, const uint32_t* window_words, const uint8_t* source_block,
                            int start_x, int start_y, int step, const BlockSearchParameters& parameters, int& cx,
                            int& cy, uint32_t* horizontal, uint8_t* predictions, uint32_t* sums, uint64_t* warp_keys) {
    constexpr int kSamples = kBlockSearchSize * kBlockSearchSize;
    const int t = static_cast<int>(threadIdx.x);
    if (t < kBlockSubpelCandidates) sums[t] = 0;
    for (int item = t; item < kSubpelHorizontalItems; item += kThreads) {
        subpel_horizontal_item(window_words, cx, cy, step, item, horizontal);
    }
    __syncthreads();
    for (int item = t; item < kSubpelVerticalItems; item += kThreads) {
        subpel_vertical_item(horizontal, cx, cy, step, item, predictions);
    }
    __syncthreads();
    // A warp per candidate: its four tiles' SATDs (block_tile_satd) on eight lanes each
    // (tile_satd_on_lanes); the first lane of each tile adds it where the tile lies inside the
    // picture. (A thread per tile, 36 of the 256, took each tile's 8x8 transform alone.)
    const int lane = t & 31;
    for (int index = t >> 5; index < kBlockSubpelCandidates; index += kThreads / 32) {
        const uint32_t satd = tile_satd_on_lanes(source_block, predictions + index * kSamples, lane);
        const int tile = lane >> 3, tile_x = tile & 1, tile_y = tile >> 1;
        int qx = 0, qy = 0;
        block_subpel_offset(index, step, cx, cy, qx, qy);
        if ((lane & 7) == 0 && tile_x < block_tile_columns(site) && tile_y < block_tile_rows(site) &&
            block_vector_allowed(site, 4 * start_x + qx, 4 * start_y + qy, parameters.margin)) {
            atomicAdd(&sums[index], satd);
        }
    }
    __syncthreads();
    uint64_t key = kNoBlockCandidate;
    if (t < kBlockSubpelCandidates) {
        int qx = 0, qy = 0;
        block_subpel_offset(t, step, cx, cy, qx, qy);
        const int mv_x = 4 * start_x + qx, mv_y = 4 * start_y + qy;
        if (block_vector_allowed(site, mv_x, mv_y, parameters.margin)) {
            key = block_key(sums[t] + block_rate_cost(mv_x, mv_y, site.predictor, parameters.lambda_q8), t);
        }
    }
    const uint64_t best = block_min_key<kThreads>(key, warp_keys);
    if (best != kNoBlockCandidate) block_subpel_offset(block_key_index(best), step, cx, cy, cx, cy);
}

// block_window_row_sad four samples at a time: the window's row at its (unaligned) start
// assembled from aligned words with a funnel shift, __vsadu4 against the source's words.
// Integer sums: the same value.
__device__ uint32_t window_row_sad_packed(const uint8_t* window, const uint8_t* source_block, int block_width,
                                          int dx, int dy, int row) {
    const int start = (kBlockWindowMargin + dy + row) * kBlockWindowSide + kBlockWindowMargin + dx;
    const uint32_t* words = reinterpret_cast<const uint32_t*>(window) + (start >> 2);
    const uint32_t* source = reinterpret_cast<const uint32_t*>(source_block + row * kBlockSearchSize);
    const unsigned shift = 8u * static_cast<unsigned>(start & 3);
    uint32_t w[kBlockSearchSize / 4 + 1];
    TC_UNROLL
    for (int k = 0; k <= kBlockSearchSize / 4; k++) w[k] = words[k];
    uint32_t sad = 0;
    TC_UNROLL
    for (int k = 0; k < kBlockSearchSize / 4; k++) {
        // The block's columns only: a word that reaches past its last (a block at the right
        // edge of a picture whose width is not a multiple of four) counts its first bytes.
        const int columns = block_width - 4 * k;
        if (columns <= 0) continue;
        const uint32_t keep = columns >= 4 ? 0xFFFFFFFFu : (1u << (8 * columns)) - 1u;
        sad = __vsadu4(__funnelshift_r(w[k], w[k + 1], shift) & keep, source[k] & keep) + sad;
    }
    return sad;
}

__global__ void __launch_bounds__(kThreads, 3)
    block_search_kernel(const uint8_t* source, const uint8_t* reference, int width, int height, const Mv* coarse,
                        BlockSearchParameters parameters, int16_t* vectors) {
    __shared__ uint32_t window_words[kBlockWindowWords];  // one word more: read past the last row, never used
    __shared__ __align__(16) uint8_t source_block[kBlockSearchSize * kBlockSearchSize];
    __shared__ uint32_t horizontal[3 * kSubpelColumnWords];
    __shared__ uint8_t predictions[kBlockSubpelCandidates * kBlockSearchSize * kBlockSearchSize];
    __shared__ uint32_t sums[kBlockSearchPositions];
    __shared__ uint64_t warp_keys[kThreads / 32];
    const int t = static_cast<int>(threadIdx.x);
    const BlockSearchSite site = block_search_site(source, reference, width, height, coarse,
                                                   static_cast<int>(blockIdx.x), static_cast<int>(blockIdx.y));

    // Start: a thread per sample computes its difference for every candidate (all read before
    // any is summed, so that the reads' latencies overlap); warp sums, then one shared sum per
    // candidate.
    if (t < kBlockStartCandidates) sums[t] = 0;
    __syncthreads();
    {
        const int x = t % kBlockSearchSize, y = t / kBlockSearchSize;
        const bool inside = x < site.block_width && y < site.block_height;
        uint32_t differences[kBlockStartCandidates];
        TC_UNROLL
        for (int index = 0; index < kBlockStartCandidates; index++) {
            int vx = 0, vy = 0;
            block_start_candidate(site, coarse, index, vx, vy);
            differences[index] = inside ? block_start_difference(site, vx, vy, x, y) : 0;
        }
        TC_UNROLL
        for (int index = 0; index < kBlockStartCandidates; index++) {
            uint32_t difference = differences[index];
            for (int offset = 16; offset > 0; offset >>= 1) difference += __shfl_down_sync(0xffffffffu, difference, offset);
            if ((t & 31) == 0) atomicAdd(&sums[index], difference);
        }
    }
    __syncthreads();
    uint64_t key = kNoBlockCandidate;
    if (t < kBlockStartCandidates) {
        int vx = 0, vy = 0;
        block_start_candidate(site, coarse, t, vx, vy);
        if (block_vector_allowed(site, 4 * vx, 4 * vy, parameters.margin)) {
            key = block_key(sums[t] + block_rate_cost(4 * vx, 4 * vy, site.predictor, parameters.lambda_q8), t);
        }
    }
    uint64_t best = block_min_key<kThreads>(key, warp_keys);
    int start_x = 0, start_y = 0;
    if (best != kNoBlockCandidate) block_start_candidate(site, coarse, block_key_index(best), start_x, start_y);

    // The window and the source block: each thread reads all of its words (four samples each,
    // packed_plane_word: one or two aligned loads inside the picture), then stores them (a loop
    // that stored each read before the next waited for every read in turn; a sample at a time,
    // with its edge tests, until the thirty-third session).
    {
        constexpr int kRowWords = kBlockWindowSide / 4;
        constexpr int kItems = kBlockWindowSide * kRowWords;
        constexpr int kWindowReads = (kItems + kThreads - 1) / kThreads;
        const bool aligned_rows = (width & 3) == 0 && (reinterpret_cast<uintptr_t>(reference) & 3) == 0;
        const int first_x = site.x + start_x - kBlockWindowMargin, first_y = site.y + start_y - kBlockWindowMargin;
        uint32_t words[kWindowReads];
        TC_UNROLL
        for (int n = 0; n < kWindowReads; n++) {
            const int i = t + n * kThreads;
            if (i < kItems) {
                const int row = i / kRowWords;
                words[n] = packed_plane_word(reference, width, height, first_x + 4 * (i - row * kRowWords),
                                             first_y + row, aligned_rows);
            }
        }
        const uint8_t own = block_source_sample(site, t % kBlockSearchSize, t / kBlockSearchSize);
        TC_UNROLL
        for (int n = 0; n < kWindowReads; n++) {
            const int i = t + n * kThreads;
            if (i < kItems) window_words[i] = words[n];
        }
        if (t == 0) window_words[kItems] = 0;
        source_block[t] = own;
    }
    __syncthreads();
    const uint8_t* window = reinterpret_cast<const uint8_t*>(window_words);

    // Full samples: a thread per (position, group of four rows) adds its SAD to the position's
    // sum, then a thread per position forms its key.
    constexpr int kRowGroups = kBlockSearchSize / 4;
    for (int i = t; i < kBlockSearchPositions; i += kThreads) sums[i] = 0;
    __syncthreads();
    for (int item = t; item < kBlockSearchPositions * kRowGroups; item += kThreads) {
        const int index = item / kRowGroups, group = item % kRowGroups;
        int dx = 0, dy = 0;
        block_integer_offset(index, dx, dy);
        uint32_t sad = 0;
        for (int row = 4 * group; row < 4 * group + 4 && row < site.block_height; row++) {
            sad += window_row_sad_packed(window, source_block, site.block_width, dx, dy, row);
        }
        atomicAdd(&sums[index], sad);
    }
    __syncthreads();
    key = kNoBlockCandidate;
    if (t < kBlockSearchPositions) {
        int dx = 0, dy = 0;
        block_integer_offset(t, dx, dy);
        const int mv_x = 4 * (start_x + dx), mv_y = 4 * (start_y + dy);
        if (block_vector_allowed(site, mv_x, mv_y, parameters.margin)) {
            key = block_key(sums[t] + block_rate_cost(mv_x, mv_y, site.predictor, parameters.lambda_q8), t);
        }
    }
    best = block_min_key<kThreads>(key, warp_keys);
    int cx = 0, cy = 0;
    if (best != kNoBlockCandidate) {
        int dx = 0, dy = 0;
        block_integer_offset(block_key_index(best), dx, dy);
        cx = 4 * dx;
        cy = 4 * dy;
    }
    subpel_step(site, window_words, source_block, start_x, start_y, 2, parameters, cx, cy, horizontal,
                predictions, sums, warp_keys);
    subpel_step(site, window_words, source_block, start_x, start_y, 1, parameters, cx, cy, horizontal,
                predictions, sums, warp_keys);
    if (t == 0) {
        const long block = static_cast<long>(blockIdx.y) * gridDim.x + blockIdx.x;
        vectors[2 * block] = static_cast<int16_t>(4 * start_x + cx);
        vectors[2 * block + 1] = static_cast<int16_t>(4 * start_y + cy);
    }
}

}  // namespace

cudaError_t launch_block_search(const uint8_t* source, const uint8_t* reference, int width, int height,
                                const int16_t* coarse, const BlockSearchParameters& parameters, int16_t* vectors,
                                cudaStream_t stream) {
    static_assert(kBlockSearchPositions <= kThreads && kBlockSubpelCandidates * kTilesPerBlock <= kThreads);
    static_assert(sizeof(Mv) == 2 * sizeof(int16_t));
    const dim3 blocks(static_cast<unsigned>(block_search_columns(width)), static_cast<unsigned>(block_search_rows(height)));
    block_search_kernel<<<blocks, kThreads, 0, stream>>>(source, reference, width, height,
                                                         reinterpret_cast<const Mv*>(coarse), parameters, vectors);
    return cudaGetLastError();
}

}  // namespace tc::cuda
