// The intra CUs of the accelerated P-picture coding (accel/intra_coding_steps.h) on the GPU: the
// decision and the waves before the coding, the units marked intra after it, and the intra CUs
// coded wave by wave after the skip decisions. The same results as code_inter_picture_on_cpu's.
#pragma once
#include <cuda_runtime.h>

#include <cstdint>

#include "common/motion.h"
#include "cuda/inter_coding_kernel.cuh"

namespace tc::cuda {

// decide_intra_blocks_on_cpu on the GPU: `modes` and `waves` (device memory, a byte a 16x16 block,
// raster order) receive every block's mode (1 + IntraPredModeY of a candidate, else 0) and wave
// (0: inter), with at most arguments.parameters.intra_waves waves: a thread block per 16x16 block
// for the decision (the source and the reference luma planes, the coding's block and unit
// vectors), then one launch per wave.
// `candidates` (device memory, a uint32 a block and one more) receives the candidates' block
// indices, in no particular order, and after them at [blocks] their count.
cudaError_t launch_intra_decisions(const InterCodingKernelArguments& arguments, uint8_t* modes,
                                   uint8_t* waves, uint32_t* candidates, cudaStream_t stream);

// After the inter coding: every unit of a block with a wave becomes a 16x16 intra CU with its mode
// (no levels yet), as the mirror marks them before the skip decisions.
cudaError_t launch_intra_marks(const InterCodingKernelArguments& arguments, const uint8_t* modes,
                               const uint8_t* waves, cudaStream_t stream);

// After the skip decisions: the intra CUs, one launch per wave, a thread block of 256 threads a CU
// at a time (predicted from the reconstruction the launches before left), into the units, levels
// and reconstruction of `arguments`; `candidates` as launch_intra_decisions left it.
cudaError_t launch_intra_coding(const InterCodingKernelArguments& arguments,
                                const uint32_t* candidates, const uint8_t* waves,
                                cudaStream_t stream);

}  // namespace tc::cuda
