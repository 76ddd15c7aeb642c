// The waves of the intra candidates (accel/intra_coding_steps.h, intra_wave_ready_in) on the GPU,
// for the 16x16 CUs (cuda/intra_coding_kernel.cu) and the 8x8 ones (cuda/intra_unit_kernel.cu):
// the same results as assign_intra_waves on the CPU.
#pragma once
#include <cuda_runtime.h>

#include <cstdint>

namespace tc::cuda {

// `waves` (device memory, a byte a cell of the columns x rows grid of 1 << log2_size luma
// samples, raster order) cleared, then `wave_count` launches, wave k's a thread a cell in place:
// the candidates of `modes` (non-zero) whose candidate neighbours are in earlier waves.
cudaError_t launch_intra_waves(const uint8_t* modes, uint8_t* waves, int columns, int rows, int log2_size, int width,
                               int height, int slices, int wave_count, cudaStream_t stream);

}  // namespace tc::cuda
