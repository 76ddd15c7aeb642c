#include "accel/slice_layout_steps.h"
#include "cuda/sao_statistics_kernel.cuh"
#include "filter/sao_statistics_region.h"

namespace tc::cuda {

namespace {

constexpr int kThreads = 256;
constexpr int kWarps = kThreads / 32;
constexpr int kEdgeValues = 4 * 5;  // per class and category

struct Planes {
    const uint8_t* source[3];
    const uint8_t* deblocked[3];
};

// One thread block per CTB (blockIdx.x, blockIdx.y) of component blockIdx.z. Each thread counts
// its samples' edge categories in registers (the classes and categories unrolled), and their
// bands in its warp's histogram in shared memory; the warps' sums then meet in shared memory.
__global__ void __launch_bounds__(kThreads)
    sao_statistics_kernel(Planes planes, int width, int height, int slices, InterSaoStatistics* out) {
    __shared__ int band[kWarps][2][32];  // per warp: counts, sums
    __shared__ int edge[2][kEdgeValues];  // counts, sums
    const int t = static_cast<int>(threadIdx.x), warp = t / 32;
    const int component = static_cast<int>(blockIdx.z), shift = component == 0 ? 0 : 1;
    const int plane_width = width >> shift, plane_height = height >> shift, size = kCtuSize >> shift;
    const int x0 = static_cast<int>(blockIdx.x) * size, y0 = static_cast<int>(blockIdx.y) * size;
    const int x_end = min(x0 + size, plane_width), y_end = min(y0 + size, plane_height);
    const SliceSpan slice = slice_span_of_row(static_cast<int>(gridDim.y), slices, static_cast<int>(blockIdx.y));
    for (int i = t; i < kWarps * 64; i += kThreads) (&band[0][0][0])[i] = 0;
    if (t < 2 * kEdgeValues) (&edge[0][0])[t] = 0;
    __syncthreads();

    const uint8_t* source = planes.source[component];
    const uint8_t* deblocked = planes.deblocked[component];
    SaoRegion regions[4];
    TC_UNROLL
    for (int k = 0; k < 4; k++) {
        regions[k] = sao_edge_region(k, x0, y0, x_end, y_end, plane_width, plane_height, slice.first_row * size,
                                     slice.end_row * size);
    }
    int counts[kEdgeValues], sums[kEdgeValues];
    TC_UNROLL
    for (int i = 0; i < kEdgeValues; i++) counts[i] = sums[i] = 0;
    const int columns = x_end - x0, samples = columns * (y_end - y0);
    for (int i = t; i < samples; i += kThreads) {
        const int x = x0 + i % columns, y = y0 + i / columns;
        const long at = static_cast<long>(y) * plane_width + x;
        const int sample = deblocked[at], difference = source[at] - sample;
        atomicAdd(&band[warp][0][sample >> 3], 1);
        atomicAdd(&band[warp][1][sample >> 3], difference);
        TC_UNROLL
        for (int k = 0; k < 4; k++) {
            const SaoRegion& r = regions[k];
            if (x < r.left || x >= r.right || y < r.top || y >= r.bottom) continue;
            const long first = static_cast<long>(sao_neighbour_offset(k, 0, true)) * plane_width +
                               sao_neighbour_offset(k, 0, false);
            const long second = static_cast<long>(sao_neighbour_offset(k, 1, true)) * plane_width +
                                sao_neighbour_offset(k, 1, false);
            const int category = sao_edge_category(sample, deblocked[at + first], deblocked[at + second]);
            TC_UNROLL
            for (int e = 0; e < 5; e++) {
                counts[5 * k + e] += category == e;
                sums[5 * k + e] += category == e ? difference : 0;
            }
        }
    }
    TC_UNROLL
    for (int i = 0; i < kEdgeValues; i++) {
        int count = counts[i], sum = sums[i];
        for (int offset = 16; offset > 0; offset /= 2) {
            count += __shfl_down_sync(0xffffffffu, count, offset);
            sum += __shfl_down_sync(0xffffffffu, sum, offset);
        }
        if (t % 32 == 0) {
            atomicAdd(&edge[0][i], count);
            atomicAdd(&edge[1][i], sum);
        }
    }
    __syncthreads();
    InterSaoStatistics& result =
        out[(static_cast<long>(blockIdx.y) * gridDim.x + blockIdx.x) * 3 + component];
    if (t < 64) {
        int total = 0;
        for (int w = 0; w < kWarps; w++) total += band[w][t / 32][t % 32];
        (t < 32 ? result.band_count : result.band_sum)[t % 32] = total;
    } else if (t < 64 + 2 * kEdgeValues) {
        const int i = t - 64;
        (i < kEdgeValues ? &result.edge_count[0][0] : &result.edge_sum[0][0])[i % kEdgeValues] =
            edge[i / kEdgeValues][i % kEdgeValues];
    }
}

}  // namespace

cudaError_t launch_sao_statistics(const uint8_t* const source[3], uint8_t* const deblocked[3], int width,
                                  int height, int slices, InterSaoStatistics* out, cudaStream_t stream) {
    Planes planes;
    for (int c = 0; c < 3; c++) {
        planes.source[c] = source[c];
        planes.deblocked[c] = deblocked[c];
    }
    const dim3 ctbs(static_cast<unsigned>(inter_ctu_columns(width)), static_cast<unsigned>(inter_ctu_rows(height)), 3);
    sao_statistics_kernel<<<ctbs, kThreads, 0, stream>>>(planes, width, height, slices, out);
    return cudaGetLastError();
}

}  // namespace tc::cuda
