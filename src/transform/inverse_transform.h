#pragma once
// Inverse 2-D transform of H.265 (v4+) 8.6.4.2, bit-exact, for BitDepth 8 without
// extended_precision_processing (coeffMin/coeffMax = -32768/32767).

#include <cstddef>
#include <cstdint>

#include "kernels/pixel_kernels.h"

namespace tc {

// Transforms row-major n x n scaled coefficients coeffs[y * n + x] (n = 1 << log2_size,
// log2_size 2..5, values in [-32768, 32767] as 8.6.3 produces them) into the residual block.
// use_dst selects the 4x4 DST (trType 1) and is only valid with log2_size == 2.
// Columns are transformed first, then clipped to 16 bits with (e + 64) >> 7, then rows, and the
// result is scaled by (r + (1 << 11)) >> 12 as 8.6.2 does with bdShift = 20 - BitDepth.
void inverse_transform(int log2_size, bool use_dst, const int32_t* coeffs, int16_t* residual,
                       ptrdiff_t residual_stride);

// The same through a kernel table (the SIMD versions where the table has them).
void inverse_transform(const PixelKernels& kernels, int log2_size, bool use_dst, const int32_t* coeffs,
                       int16_t* residual, ptrdiff_t residual_stride);

// The scalar references of PixelKernels::inverse_dct[] and inverse_dst_4x4.
void inverse_dst_4x4_scalar(const int32_t* coeffs, int16_t* residual, ptrdiff_t residual_stride);
void inverse_dct_4x4_scalar(const int32_t* coeffs, int16_t* residual, ptrdiff_t residual_stride);
void inverse_dct_8x8_scalar(const int32_t* coeffs, int16_t* residual, ptrdiff_t residual_stride);
void inverse_dct_16x16_scalar(const int32_t* coeffs, int16_t* residual, ptrdiff_t residual_stride);
void inverse_dct_32x32_scalar(const int32_t* coeffs, int16_t* residual, ptrdiff_t residual_stride);

}  // namespace tc
