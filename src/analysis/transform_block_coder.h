// Codes one transform block: residual, forward transform, quantisation (with sign data
// hiding), then the decoder's dequantisation and inverse transform into the reconstruction.
#pragma once
#include <cstddef>
#include <cstdint>

#include "kernels/pixel_kernels.h"

namespace tc {

struct TransformBlockInput {
    const uint8_t* source;
    ptrdiff_t source_stride;
    const uint8_t* prediction;
    ptrdiff_t prediction_stride;
    int log2_size;
    bool use_dst;  // 4x4 intra luma
    int qp;        // QP of this component
    bool intra;
    int scan_idx;
    bool sign_data_hiding;
};

// Returns whether any level is non-zero. `levels` receives (1 << log2_size)^2 values;
// `reconstruction` receives prediction + decoded residual.
bool code_transform_block(const PixelKernels& kernels, const TransformBlockInput& input,
                          int16_t* levels, uint8_t* reconstruction, ptrdiff_t reconstruction_stride);

// Whether every level of the block would be zero (what code_transform_block returns): for the
// DCT the kernel table's quantizes_to_zero, which compares the transform's sums with the zero
// range instead of quantising and stops at the first non-zero level; the 4x4 DST transforms and
// quantises.
bool transform_block_quantizes_to_zero(const PixelKernels& kernels, const TransformBlockInput& input);

}  // namespace tc
