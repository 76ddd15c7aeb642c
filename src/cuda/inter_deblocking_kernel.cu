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

// The chroma segments of one direction of both planes: a thread per segment.
__global__ void __launch_bounds__(kThreads)
    inter_chroma_deblocking_kernel(uint8_t* cb, uint8_t* cr, int width, int height, const InterCodedUnit* units,
                                   int unit_columns, InterDeblocking deblocking, int slices, bool vertical) {
    const int columns =
        vertical ? chroma_vertical_edge_segment_columns(width) : chroma_horizontal_edge_segment_columns(width);
    const int rows = vertical ? chroma_vertical_edge_segment_rows(height) : chroma_horizontal_edge_segment_rows(height);
    const long segments = static_cast<long>(columns) * rows;
    long index = static_cast<long>(blockIdx.x) * kThreads + threadIdx.x;
    if (index >= 2 * segments) return;
    uint8_t* plane = index < segments ? cb : cr;
    if (index >= segments) index -= segments;
    deblock_inter_chroma_segment(plane, width / 2, height, units, unit_columns, deblocking, slices, vertical,
                                 static_cast<int>(index % columns), static_cast<int>(index / columns));
}

cudaError_t launch_chroma_direction(uint8_t* cb, uint8_t* cr, int width, int height, const InterCodedUnit* units,
                                    int unit_columns, const InterDeblocking& deblocking, int slices, bool vertical,
                                    cudaStream_t stream) {
    const long segments =
        vertical ? static_cast<long>(chroma_vertical_edge_segment_columns(width)) * chroma_vertical_edge_segment_rows(height)
                 : static_cast<long>(chroma_horizontal_edge_segment_columns(width)) *
                       chroma_horizontal_edge_segment_rows(height);
    if (segments == 0) return cudaSuccess;
    const auto blocks = static_cast<unsigned>((2 * segments + kThreads - 1) / kThreads);
    inter_chroma_deblocking_kernel<<<blocks, kThreads, 0, stream>>>(cb, cr, width, height, units, unit_columns,
                                                                    deblocking, slices, vertical);
    return cudaGetLastError();
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

cudaError_t launch_inter_deblocking(uint8_t* const* planes, int width, int height, const InterCodedUnit* units,
                                    int unit_columns, const InterDeblocking& deblocking, int slices,
                                    cudaStream_t stream) {
    if (!deblocking.enabled) return cudaSuccess;
    // 8.7.2: every vertical edge of a plane before any horizontal one (the launches run in stream
    // order).
    for (const bool vertical : {true, false}) {
        cudaError_t error = launch_direction(planes[0], width, height, units, unit_columns, deblocking, slices,
                                             vertical, stream);
        if (error == cudaSuccess && deblocking.chroma) {
            error = launch_chroma_direction(planes[1], planes[2], width, height, units, unit_columns, deblocking,
                                            slices, vertical, stream);
        }
        if (error != cudaSuccess) return error;
    }
    return cudaSuccess;
}

}  // namespace tc::cuda
