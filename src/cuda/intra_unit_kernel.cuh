// The 8x8 intra CUs of the accelerated P-picture coding (accel/intra_unit_steps.h) on the GPU:
// the decision and the waves after the 16x16 ones, the units marked intra with them, and the
// candidates coded wave by wave after the 16x16 CUs. The same results as
// code_inter_picture_on_cpu's.
#pragma once
#include <cuda_runtime.h>

#include <cstdint>

#include "cuda/inter_coding_kernel.cuh"

namespace tc::cuda {

// decide_intra_units_on_cpu on the GPU: `modes` and `waves` (device memory, a byte an 8x8 unit,
// raster order) receive every unit's mode (1 + IntraPredModeY of a candidate, else 0) and wave
// (0: inter), given the 16x16 candidates' `block_waves` (launch_intra_decisions'): a warp a unit
// for the decision, then launch_intra_waves.
cudaError_t launch_intra_unit_decisions(const InterCodingKernelArguments& arguments, const uint8_t* block_waves,
                                        uint8_t* modes, uint8_t* waves, cudaStream_t stream);

// After the inter coding: every unit with a wave is marked intra with its mode.
cudaError_t launch_intra_unit_marks(const InterCodingKernelArguments& arguments, const uint8_t* modes,
                                    const uint8_t* waves, cudaStream_t stream);

// After the 16x16 intra CUs: the candidates, one launch per wave, a warp a unit (the mode search
// and code_intra_unit_candidate on its lanes).
cudaError_t launch_intra_unit_coding(const InterCodingKernelArguments& arguments, const uint8_t* waves,
                                     cudaStream_t stream);

}  // namespace tc::cuda
