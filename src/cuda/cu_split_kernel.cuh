// The 8x8 CUs inside the picture (accel/cu_split_steps.h) on the GPU, between the area decisions
// and the coding: decide_unit_vectors_on_cpu, a thread block of 256 threads per 16x16 block.
#pragma once
#include <cuda_runtime.h>

#include <cstdint>

#include "common/motion.h"

namespace tc::cuda {

// `source` and `reference` tightly packed luma planes of width x height; `field` a vector per
// 16x16 block (raster order), as the area decisions left it; `unit_vectors` (device memory, a
// vector per 8x8 unit, raster order over inter_unit_columns x inter_unit_rows) receives every
// unit's vector: its quarter's where its block splits, else its block's.
cudaError_t launch_split_decisions(const uint8_t* source, const uint8_t* reference, int width, int height,
                                   const Mv* field, int sqrt_lambda_q8, Mv* unit_vectors, cudaStream_t stream);

}  // namespace tc::cuda
