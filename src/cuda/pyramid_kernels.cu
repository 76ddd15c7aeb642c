#include "cuda/pyramid_kernels.cuh"

#include "accel/coarse_search_steps.h"

namespace tc::cuda {

namespace {

__global__ void downscale_2x_kernel(const uint8_t* from, int from_stride, uint8_t* to, int width, int height) {
    const int x = static_cast<int>(blockIdx.x * blockDim.x + threadIdx.x);
    const int y = static_cast<int>(blockIdx.y * blockDim.y + threadIdx.y);
    if (x >= width || y >= height) return;
    const uint8_t* row0 = from + static_cast<long>(2 * y) * from_stride;
    to[static_cast<long>(y) * width + x] = downscale_sample(row0, row0 + from_stride, x);
}

cudaError_t launch_downscale(const uint8_t* from, int from_stride, uint8_t* to, int width, int height,
                             cudaStream_t stream) {
    const dim3 threads(32, 8);
    const dim3 blocks(static_cast<unsigned>((width + 31) / 32), static_cast<unsigned>((height + 7) / 8));
    downscale_2x_kernel<<<blocks, threads, 0, stream>>>(from, from_stride, to, width, height);
    return cudaGetLastError();
}

}  // namespace

cudaError_t launch_pyramid_build(const uint8_t* frame, int frame_stride, uint8_t* pyramid,
                                 const PyramidGeometry& geometry, cudaStream_t stream) {
    cudaError_t status = launch_downscale(frame, frame_stride, pyramid + geometry.level_offset(1),
                                          geometry.level_width(1), geometry.level_height(1), stream);
    for (int level = 2; level <= 3 && status == cudaSuccess; level++) {
        status = launch_downscale(pyramid + geometry.level_offset(level - 1), geometry.level_width(level - 1),
                                  pyramid + geometry.level_offset(level), geometry.level_width(level),
                                  geometry.level_height(level), stream);
    }
    return status;
}

}  // namespace tc::cuda
