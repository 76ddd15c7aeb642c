// The per-family initialisers of the x86 kernel files. Each replaces the table entries its file
// implements and leaves the others; pixel_kernels_avx2.cpp and pixel_kernels_avx512.cpp call
// them once kernel_dispatch.cpp has checked the CPU.
#pragma once
#include "kernels/pixel_kernels.h"

namespace tc {

void init_sad_avx2(PixelKernels& kernels);
// The AVX2 sad kernels, which the AVX-512 ones fall back to for the widths they leave.
uint32_t sad_avx2(const uint8_t* a, ptrdiff_t a_stride, const uint8_t* b, ptrdiff_t b_stride, int width, int height);
void sad_x4_avx2(const uint8_t* source, ptrdiff_t source_stride, const uint8_t* const candidates[4],
                 ptrdiff_t candidate_stride, int width, int height, uint32_t sads[4]);
void init_sse_avx2(PixelKernels& kernels);
void init_satd_avx2(PixelKernels& kernels);
// The AVX2 satd, which the AVX-512 one falls back to for the shapes it leaves.
uint32_t satd_avx2(const uint8_t* a, ptrdiff_t a_stride, const uint8_t* b, ptrdiff_t b_stride, int width, int height);
void init_residual_avx2(PixelKernels& kernels);
void init_interpolation_avx2(PixelKernels& kernels);
// The AVX2 luma interpolation, which the AVX-512 one falls back to for the widths it leaves.
void interpolate_luma_avx2(const uint8_t* source, ptrdiff_t source_stride, int width, int height, int x_fraction,
                           int y_fraction, int16_t* prediction, ptrdiff_t prediction_stride);
// The fused AVX2 luma uni-prediction, which the AVX-512 one falls back to for the shapes it leaves.
void interpolate_luma_uni_avx2(const uint8_t* source, ptrdiff_t source_stride, int width, int height,
                               int x_fraction, int y_fraction, uint8_t* destination, ptrdiff_t destination_stride);
// 8-wide blocks of even height, two rows a register (interpolation_row_pairs_avx2.cpp): false,
// having written nothing, for other shapes.
bool interpolate_luma_8_wide(const uint8_t* source, ptrdiff_t source_stride, int width, int height, int x_fraction,
                             int y_fraction, int16_t* prediction, ptrdiff_t prediction_stride);
bool interpolate_luma_uni_8_wide(const uint8_t* source, ptrdiff_t source_stride, int width, int height,
                                 int x_fraction, int y_fraction, uint8_t* destination, ptrdiff_t destination_stride);
bool interpolate_chroma_8_wide(const uint8_t* source, ptrdiff_t source_stride, int width, int height, int x_fraction,
                               int y_fraction, int16_t* prediction, ptrdiff_t prediction_stride);
bool interpolate_chroma_uni_8_wide(const uint8_t* source, ptrdiff_t source_stride, int width, int height,
                                   int x_fraction, int y_fraction, uint8_t* destination,
                                   ptrdiff_t destination_stride);
void init_weighting_avx2(PixelKernels& kernels);
void init_quantize_avx2(PixelKernels& kernels);
void init_transform_avx2(PixelKernels& kernels);
void init_transform_zero_avx2(PixelKernels& kernels);
void init_residual_rate_avx2(PixelKernels& kernels);
void init_downscale_avx2(PixelKernels& kernels);
void init_sao_avx2(PixelKernels& kernels);
void init_deblocking_avx2(PixelKernels& kernels);
void init_sao_apply_avx2(PixelKernels& kernels);
void init_intra_predict_avx2(PixelKernels& kernels);
void init_md5_lanes_avx2(PixelKernels& kernels);

void init_sad_avx512(PixelKernels& kernels);
void init_md5_lanes_avx512(PixelKernels& kernels);
void init_weighting_avx512(PixelKernels& kernels);
void init_quantize_avx512(PixelKernels& kernels);
void init_transform_avx512(PixelKernels& kernels);
void init_satd_avx512(PixelKernels& kernels);
void init_interpolation_avx512(PixelKernels& kernels);
// Two rows a register (interpolation_row_pairs_avx512.cpp): widths that are multiples of 16,
// even heights. The int16 one returns false, having written nothing, for other shapes; the
// uni-prediction one takes every shape (the AVX2 version for the others).
bool interpolate_luma_row_pairs(const uint8_t* source, ptrdiff_t source_stride, int width, int height, int x_fraction,
                                int y_fraction, int16_t* prediction, ptrdiff_t prediction_stride);
void interpolate_luma_uni_avx512(const uint8_t* source, ptrdiff_t source_stride, int width, int height,
                                 int x_fraction, int y_fraction, uint8_t* destination, ptrdiff_t destination_stride);
void init_sao_avx512(PixelKernels& kernels);
void init_sao_apply_avx512(PixelKernels& kernels);

}  // namespace tc
