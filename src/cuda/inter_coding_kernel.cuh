// The coding of a P picture on the GPU (accel/inter_coding.h): one thread block of 256
// threads per 32x32 area; the area's coding units (accel/inter_coding_steps.h) are predicted,
// transformed, quantised and reconstructed with every transform block of the area (luma and
// both chroma components) in each pass at once, a thread per sample or coefficient, through
// shared memory. The arithmetic is the shared steps', so that the results equal
// code_inter_picture_on_cpu's byte for byte.
#pragma once
#include <cuda_runtime.h>

#include <cstdint>

#include "accel/inter_coding.h"

namespace tc::cuda {

struct InterCodingKernelArguments {
    // Tightly packed planes: luma width x height, chroma (width / 2) x (height / 2).
    const uint8_t* source[3] = {nullptr, nullptr, nullptr};
    const uint8_t* reference[3] = {nullptr, nullptr, nullptr};
    int width = 0, height = 0;            // multiples of 8
    const Mv* block_vectors = nullptr;    // per 16x16 block, raster order
    const Mv* unit_vectors = nullptr;     // per 8x8 unit (launch_split_decisions'), or null: none
    const int16_t* dct_matrix = nullptr;  // kDctMatrix (32 x 32) in device memory
    InterCodingParameters parameters;
    // InterCodingOutput's parts, in device memory.
    InterCodedUnit* units = nullptr;
    int16_t* levels[3] = {nullptr, nullptr, nullptr};
    uint8_t* reconstruction[3] = {nullptr, nullptr, nullptr};
};

cudaError_t launch_inter_coding(const InterCodingKernelArguments& arguments, cudaStream_t stream);

// smooth_block_vectors_on_cpu on the GPU (one half of a pass), in place: every block of `field`
// (a vector per 16x16 block, raster order) that lies inside the picture and has
// smoothing_block_in_half(bx, by, half) takes its smoothed vector, a thread block for each block
// of the half (half the grid: a half's blocks read only their own vector and the other colour's,
// and write only their own, so they need no second buffer). `source` and `reference` are tightly
// packed luma planes of width x height. `cache` holds kSmoothingCandidates entries a block: every
// pass writes its candidates' SATDs there, and a pass with `use_cache` (a later pass of the same
// picture: the same planes) takes the SATD of a candidate the block's previous pass costed from
// there instead of predicting it again (the same values, so the same vectors). `moved` holds a
// flag a block (clear before the first pass): whether its last decision changed its vector; a
// later pass (`use_cache`) leaves the blocks smoothing_block_settled names as they are.
cudaError_t launch_vector_smoothing(const uint8_t* source, const uint8_t* reference, int width, int height,
                                    Mv* field, int sqrt_lambda_q8, int half, SmoothingCacheEntry* cache,
                                    uint8_t* moved, bool use_cache, cudaStream_t stream);

// One step of the coding-unit sizes by cost, decide_area_vectors_on_cpu on the GPU: `out`
// receives the field `in` with every area of side_blocks x side_blocks 16x16 blocks (2 or 4) that
// lies inside the picture decided; `area_costs` (area_cost_count entries) receives the 32x32
// areas' chosen costs (side 2) and gives them to the 64x64 step (side 4).
cudaError_t launch_area_decisions(const uint8_t* source, const uint8_t* reference, int width, int height,
                                  const Mv* in, int sqrt_lambda_q8, int side_blocks, Mv* out, uint64_t* area_costs,
                                  cudaStream_t stream);

}  // namespace tc::cuda
