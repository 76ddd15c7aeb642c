// The pyramid build on the GPU: levels 1..3 of one frame, each the 2:1 average of the
// level above (downscale_2x_scalar), one thread per output sample.
#pragma once
#include <cstdint>

#include <cuda_runtime.h>

#include "accel/pyramid_geometry.h"

namespace tc::cuda {

// `frame`: geometry.width x height samples, rows `frame_stride` apart; `pyramid`: levels
// 1..3 tightly packed (PyramidGeometry::level_offset).
cudaError_t launch_pyramid_build(const uint8_t* frame, int frame_stride, uint8_t* pyramid,
                                 const PyramidGeometry& geometry, cudaStream_t stream);

}  // namespace tc::cuda
