// The SAO statistics of an accelerator-coded picture on the GPU: collect_sao_statistics
// (filter/sao_estimation.h) of every CTB, the same counts and sums as
// collect_inter_sao_statistics_on_cpu (accel/inter_coding.h).
#pragma once
#include <cuda_runtime.h>

#include <cstdint>

#include "accel/inter_coding.h"

namespace tc::cuda {

// `source` and `deblocked`: tightly packed planes in device memory, luma width x height and
// chroma (width / 2) x (height / 2); `out`: 3 per CTU (raster order), in device memory; `slices`
// the picture's (common/slice_rows.h).
cudaError_t launch_sao_statistics(const uint8_t* const source[3], uint8_t* const deblocked[3], int width,
                                  int height, int slices, InterSaoStatistics* out, cudaStream_t stream);

}  // namespace tc::cuda
