// The per-CTU coarse motion search on the GPU (coarse_ctu_vector): one thread block per
// CTU walks the three levels; on each, the candidates are costed in parallel and a block
// reduction keeps the smallest (cost, scan index) key, the scalar loop's tie-break.
#pragma once
#include <cstdint>

#include <cuda_runtime.h>

#include "accel/pyramid_geometry.h"

namespace tc::cuda {

// `vectors`: per CTU in raster order, x then y in quarter samples.
cudaError_t launch_coarse_search(const uint8_t* source_pyramid, const uint8_t* reference_pyramid,
                                 const PyramidGeometry& geometry, int range, int16_t* vectors, cudaStream_t stream);

}  // namespace tc::cuda
