// SAO of an accelerator-coded picture on the GPU (accel/inter_sao_steps.h): every CTB's
// decisions from its statistics, then the application to the deblocked picture, as
// apply_inter_sao_on_cpu does them.
#pragma once
#include <cuda_runtime.h>

#include <cstdint>

#include "accel/inter_coding.h"

namespace tc::cuda {

// Every CTB's own decision, then the merges row by row. `statistics` and `decisions`: 3 per
// CTB of ctu_columns x ctu_rows, raster order, in device memory.
cudaError_t launch_inter_sao_decisions(const InterSaoStatistics* statistics, int ctu_columns, int ctu_rows,
                                       int64_t lambda_q8, InterSaoDecision* decisions, cudaStream_t stream);

// `deblocked` (read) and `output` (written): tightly packed planes in device memory, luma
// width x height and chroma (width / 2) x (height / 2), distinct buffers; `decisions` as
// launch_inter_sao_decisions wrote them.
cudaError_t launch_inter_sao_apply(const uint8_t* const deblocked[3], uint8_t* const output[3], int width,
                                   int height, const InterSaoDecision* decisions, cudaStream_t stream);

}  // namespace tc::cuda
