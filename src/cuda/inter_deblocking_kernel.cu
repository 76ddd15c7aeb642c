#include "accel/inter_deblocking_steps.h"
#include "cuda/inter_deblocking_kernel.cuh"

namespace tc::cuda {

namespace {

constexpr int kThreads = 128;

__global__ void __launch_bounds__(kThreads)
    inter_deblocking_kernel(uint8_t* luma, int width, int height, const InterCodedUnit* units, int unit_columns,
                            InterDeblocking deblocking, int slices, bool vertical) {
    const int columns = vertical ? vertical_edge_segment_columns(width) : horizontal_edge_segment_columns(width);
    const int rows = vertical ? vertical_edge_segment_rows(height) : horizontal_edge_segment_rows(height);
    const long index = static_cast<long>(blockIdx.x) * kThreads + threadIdx.x;
    if (index >= static_cast<long>(columns) * rows) return;
    deblock_inter_segment(luma, width, height, units, unit_columns, deblocking, slices, vertical,
                          static_cast<int>(index % columns), static_cast<int>(index / columns));
}

cudaError_t launch_direction(uint8_t* luma, int width, int height, const InterCodedUnit* units, int unit_columns,
                             const InterDeblocking& deblocking, int slices, bool vertical, cudaStream_t stream) {
    const long segments =
        vertical ? static_cast<long>(vertical_edge_segment_columns(width)) * vertical_edge_segment_rows(height)
                 : static_cast<long>(horizontal_edge_segment_columns(width)) * horizontal_edge_segment_rows(height);
    if (segments == 0) return cudaSuccess;
    const auto blocks = static_cast<unsigned>((segments + kThreads - 1) / kThreads);
    inter_deblocking_kernel<<<blocks, kThreads, 0, stream>>>(luma, width, height, units, unit_columns, deblocking,
                                                             slices, vertical);
    return cudaGetLastError();
}

}  // namespace

cudaError_t launch_inter_deblocking(uint8_t* luma, int width, int height, const InterCodedUnit* units,
                                    int unit_columns, const InterDeblocking& deblocking, int slices,
                                    cudaStream_t stream) {
    if (!deblocking.enabled) return cudaSuccess;
    // 8.7.2: every vertical edge before any horizontal one (the launches run in stream order).
    const cudaError_t vertical =
        launch_direction(luma, width, height, units, unit_columns, deblocking, slices, true, stream);
    if (vertical != cudaSuccess) return vertical;
    return launch_direction(luma, width, height, units, unit_columns, deblocking, slices, false, stream);
}

}  // namespace tc::cuda
