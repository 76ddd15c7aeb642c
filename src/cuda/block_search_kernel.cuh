// The per-block motion search on the GPU (accel/block_search_steps.h): one thread block of
// 256 threads per 16x16 block; the start candidates, the +-6 full-sample square and the two
// 3x3 sub-sample steps are each costed in parallel and reduced to the smallest
// (cost, index) key, the CPU mirror's choice.
#pragma once
#include <cstdint>

#include <cuda_runtime.h>

#include "accel/block_search_steps.h"

namespace tc::cuda {

// `source`, `reference`: level 0, width x height tightly packed; `coarse`: per CTU, x then y
// (launch_coarse_search's output); `vectors`: per block in raster order, x then y.
cudaError_t launch_block_search(const uint8_t* source, const uint8_t* reference, int width, int height,
                                const int16_t* coarse, const BlockSearchParameters& parameters, int16_t* vectors,
                                cudaStream_t stream);

}  // namespace tc::cuda
