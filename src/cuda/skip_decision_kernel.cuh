// The skip decisions of the GPU's P-picture coding (accel/skip_decision_steps.h), between the
// coding kernel and the deblocking: decide_inter_skips_on_cpu on the GPU, its two steps a launch
// each, a thread block of 256 threads per 32x32 area (whose coding units lie inside it).
#pragma once
#include <cuda_runtime.h>

#include <cstdint>

#include "cuda/inter_coding_kernel.cuh"

namespace tc::cuda {

// `arguments` as the coding kernel had them (its units, levels and reconstruction, written);
// `choices` and `leaned` a byte per 8x8 unit each (device memory), which the launch clears and
// fills. Changes the units and the reconstruction of the CUs that take a candidate. Nothing
// unless arguments.parameters.skip_candidates > 0 and its lambda_q8 > 0.
cudaError_t launch_skip_decisions(const InterCodingKernelArguments& arguments, uint8_t* choices,
                                  uint8_t* leaned, cudaStream_t stream);

}  // namespace tc::cuda
