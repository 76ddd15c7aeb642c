#pragma once
// Forward (encoder-side, non-normative) 2-D transform: the transpose of the inverse transform of
// H.265 8.6.4.2, scaled so that forward then inverse is close to the identity for 8-bit video.

#include <cstddef>
#include <cstdint>

#include "kernels/pixel_kernels.h"

namespace tc {

// Largest residual magnitude forward_transform accepts without int32 overflow (proved by a
// static_assert in forward_transform.cpp). 8-bit residuals lie in [-255, 255].
inline constexpr int kMaxForwardResidual = 8191;

// Transforms an n x n residual block (n = 1 << log2_size, log2_size 2..5) into row-major
// coefficients coeffs[y * n + x] (x: horizontal frequency, y: vertical frequency).
// use_dst selects the 4x4 DST and is only valid with log2_size == 2.
// Rows are transformed first with shift log2_size - 1 (= log2_size + BitDepth - 9), then columns
// with shift log2_size + 6, each rounded to nearest.
void forward_transform(int log2_size, bool use_dst, const int16_t* residual,
                       ptrdiff_t residual_stride, int32_t* coeffs);

// The same through a kernel table (the SIMD versions where the table has them).
void forward_transform(const PixelKernels& kernels, int log2_size, bool use_dst, const int16_t* residual,
                       ptrdiff_t residual_stride, int32_t* coeffs);

// The scalar references of PixelKernels::forward_dct[] and forward_dst_4x4.
void forward_dst_4x4_scalar(const int16_t* residual, ptrdiff_t residual_stride, int32_t* coeffs);
void forward_dct_4x4_scalar(const int16_t* residual, ptrdiff_t residual_stride, int32_t* coeffs);
void forward_dct_8x8_scalar(const int16_t* residual, ptrdiff_t residual_stride, int32_t* coeffs);
void forward_dct_16x16_scalar(const int16_t* residual, ptrdiff_t residual_stride, int32_t* coeffs);
void forward_dct_32x32_scalar(const int16_t* residual, ptrdiff_t residual_stride, int32_t* coeffs);

}  // namespace tc
