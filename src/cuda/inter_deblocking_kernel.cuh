// The deblocking of an accelerator-coded P picture on the GPU (accel/inter_deblocking_steps.h):
// a thread per edge segment, the vertical edges of the whole picture in one launch (and its
// chroma's in another) and the horizontal ones in launches after them, in place, the same
// samples as deblock_inter_picture_on_cpu and deblock_inter_chroma_on_cpu.
#pragma once
#include <cuda_runtime.h>

#include <cstdint>

#include "accel/inter_coding.h"

namespace tc::cuda {

// `planes`: the tightly packed width x height reconstruction's luma, Cb and Cr (device memory;
// chroma only with deblocking.chroma); `units`: the coding's units (device memory), unit_columns a
// row; `slices` the picture's (common/slice_rows.h). Nothing unless deblocking.enabled.
cudaError_t launch_inter_deblocking(uint8_t* const* planes, int width, int height, const InterCodedUnit* units,
                                    int unit_columns, const InterDeblocking& deblocking, int slices,
                                    cudaStream_t stream);

}  // namespace tc::cuda
