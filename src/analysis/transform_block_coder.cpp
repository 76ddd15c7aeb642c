#include "analysis/transform_block_coder.h"

#include <cstring>

#include "common/block_copy.h"
#include "transform/forward_transform.h"
#include "transform/inverse_transform.h"
#include "transform/quantize.h"
#include "transform/sign_data_hiding.h"

namespace tc {

namespace {

// The residual, its forward transform and quantisation; returns how many levels are nonzero.
int transform_and_quantize(const PixelKernels& kernels, const TransformBlockInput& input, int32_t* coeffs,
                           int32_t* quantised, int32_t* rounding_error) {
    const int size = 1 << input.log2_size;
    alignas(64) int16_t residual[32 * 32];
    kernels.subtract(input.source, input.source_stride, input.prediction, input.prediction_stride,
                     residual, size, size);
    forward_transform(kernels, input.log2_size, input.use_dst, residual, size, coeffs);
    return kernels.quantize(coeffs, quantised, rounding_error, input.log2_size, input.qp, input.intra);
}

}  // namespace

bool code_transform_block(const PixelKernels& kernels, const TransformBlockInput& input,
                          int16_t* levels, uint8_t* reconstruction, ptrdiff_t reconstruction_stride) {
    const int size = 1 << input.log2_size;
    const int count = size * size;
    alignas(64) int16_t residual[32 * 32];
    alignas(64) int32_t coeffs[32 * 32];
    alignas(64) int32_t quantised[32 * 32];
    alignas(64) int32_t rounding_error[32 * 32];

    const int nonzero = transform_and_quantize(kernels, input, coeffs, quantised, rounding_error);
    if (nonzero == 0) {
        std::memset(levels, 0, sizeof(int16_t) * count);
        copy_block(reconstruction, reconstruction_stride, input.prediction, input.prediction_stride, size, size);
        return false;
    }
    if (input.sign_data_hiding) {
        apply_sign_data_hiding(quantised, coeffs, rounding_error, input.log2_size, input.scan_idx);
    }
    for (int i = 0; i < count; i++) levels[i] = static_cast<int16_t>(quantised[i]);
    kernels.dequantize(quantised, coeffs, input.log2_size, input.qp);
    inverse_transform(kernels, input.log2_size, input.use_dst, coeffs, residual, size);
    kernels.add_clip(input.prediction, input.prediction_stride, residual, size, reconstruction,
                     reconstruction_stride, size);
    return true;
}

bool transform_block_quantizes_to_zero(const PixelKernels& kernels, const TransformBlockInput& input) {
    if (!input.use_dst) {
        return kernels.quantizes_to_zero(input.source, input.source_stride, input.prediction, input.prediction_stride,
                                         input.log2_size, input.qp, input.intra);
    }
    alignas(64) int32_t coeffs[32 * 32];
    alignas(64) int32_t quantised[32 * 32];
    alignas(64) int32_t rounding_error[32 * 32];
    return transform_and_quantize(kernels, input, coeffs, quantised, rounding_error) == 0;
}

}  // namespace tc
