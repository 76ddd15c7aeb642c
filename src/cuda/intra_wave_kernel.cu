#include "accel/intra_coding_steps.h"
#include "cuda/intra_wave_kernel.cuh"

namespace tc::cuda {

namespace {

constexpr int kThreads = 256;

// One wave: a thread a cell, in place (intra_wave_ready_in).
__global__ void __launch_bounds__(kThreads)
    intra_wave_kernel(const uint8_t* modes, uint8_t* waves, int columns, int rows, int log2_size, int width,
                      int height, int slices, int wave) {
    const int i = static_cast<int>(blockIdx.x) * kThreads + static_cast<int>(threadIdx.x);
    if (i >= columns * rows) return;
    if (intra_wave_ready_in(modes, waves, columns, log2_size, width, height, slices, i % columns, i / columns,
                            wave)) {
        waves[i] = static_cast<uint8_t>(wave);
    }
}

}  // namespace

cudaError_t launch_intra_waves(const uint8_t* modes, uint8_t* waves, int columns, int rows, int log2_size, int width,
                               int height, int slices, int wave_count, cudaStream_t stream) {
    const int cells = columns * rows;
    cudaError_t error = cudaMemsetAsync(waves, 0, static_cast<size_t>(cells), stream);
    const unsigned blocks = static_cast<unsigned>((cells + kThreads - 1) / kThreads);
    for (int wave = 1; error == cudaSuccess && wave <= wave_count; wave++) {
        intra_wave_kernel<<<blocks, kThreads, 0, stream>>>(modes, waves, columns, rows, log2_size, width, height,
                                                           slices, wave);
        error = cudaGetLastError();
    }
    return error;
}

}  // namespace tc::cuda
