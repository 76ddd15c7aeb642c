// Fractional sample interpolation for inter prediction (H.265 clause 8.5.3.3.3), 8-bit, 4:2:0.
#pragma once

#include <cstddef>
#include <cstdint>

#include "kernels/pixel_kernels.h"
#include "picture/plane.h"

namespace tc {

// H.265 8.5.3.3.3, luma sample interpolation process: the luma interpolation filter coefficients
// fL[xFrac][i], applied to the samples at xInt + i - 3 (i = 0..7). Row 0 (full-sample position) is
// not in the spec's table, which filters nothing there; it is the identity so the table can be
// indexed by the fraction directly.
inline constexpr int kLumaFilterTaps = 8;
inline constexpr int8_t kLumaFilter[4][kLumaFilterTaps] = {
    {0, 0, 0, 64, 0, 0, 0, 0},
    {-1, 4, -10, 58, 17, -5, 1, 0},
    {-1, 4, -11, 40, 40, -11, 4, -1},
    {0, 1, -5, 17, 58, -10, 4, -1},
};

// H.265 8.5.3.3.3, chroma sample interpolation process: the chroma interpolation filter
// coefficients fC[xFracC][i], applied to the samples at xIntC + i - 1 (i = 0..3). Row 0 is the
// identity, as for luma.
inline constexpr int kChromaFilterTaps = 4;
inline constexpr int8_t kChromaFilter[8][kChromaFilterTaps] = {
    {0, 64, 0, 0},    {-2, 58, 10, -2}, {-4, 54, 16, -2}, {-6, 46, 28, -4},
    {-4, 36, 36, -4}, {-4, 28, 46, -6}, {-2, 16, 54, -4}, {-2, 10, 58, -2},
};

// The prediction samples are the spec's predSamplesLX (14-bit intermediate, 8-bit input:
// shift1 = 0, shift2 = 6, shift3 = 6). For 8-bit input they lie in [-16830, 33150] for luma and
// [-5897, 22216] for chroma. The luma range does not fit int16_t: the few values above 32767
// (reached only by extreme alternating content at two half-sample fractions) are stored wrapped
// modulo 2^16 and so appear as values below -32385. This function gives back the exact value;
// every consumer of the int16_t prediction must read it through here (the weighting does).
constexpr int prediction_value(int16_t stored) {
    constexpr int kLowestTrueValue = -16830;
    return stored < kLowestTrueValue ? stored + 65536 : stored;
}

// Luma: predicts the width x height block at integer position (x, y) of the reference plane,
// displaced by the quarter-sample vector (mv_x, mv_y):
//   xInt = x + (mv_x >> 2) + column, xFrac = mv_x & 3 (likewise vertically).
// Full-sample positions give sample << 6; fractional ones use the 8-tap filters, horizontal then
// vertical. Reads reach 3 samples left/above and 4 right/below of the displaced block; the caller
// guarantees those lie inside the plane's padding, extended with extend_plane_borders so that they
// equal the spec's clamped reads. Any width and height >= 1 work.
void interpolate_luma(const Plane& reference, int x, int y, int width, int height, int mv_x,
                      int mv_y, int16_t* prediction, ptrdiff_t prediction_stride);

// Chroma (4:2:0): (x, y) in chroma samples; (mv_x, mv_y) is the luma quarter-sample vector, which
// for 4:2:0 is the chroma vector in eighth chroma samples (H.265 8.5.3.2.10: mvCLX = mvLX):
//   xIntC = x + (mv_x >> 3) + column, xFracC = mv_x & 7.
// 4-tap filters; reads reach 1 sample left/above and 2 right/below of the displaced block.
void interpolate_chroma(const Plane& reference, int x, int y, int width, int height, int mv_x,
                        int mv_y, int16_t* prediction, ptrdiff_t prediction_stride);

// The same through a kernel table (the SIMD versions where the table has them).
void interpolate_luma(const PixelKernels& kernels, const Plane& reference, int x, int y, int width,
                      int height, int mv_x, int mv_y, int16_t* prediction,
                      ptrdiff_t prediction_stride);
void interpolate_chroma(const PixelKernels& kernels, const Plane& reference, int x, int y, int width,
                        int height, int mv_x, int mv_y, int16_t* prediction,
                        ptrdiff_t prediction_stride);

// Uni-prediction samples (interpolation, then the default weighting of H.265 8.5.3.3.4.2) through
// a kernel table: the same as interpolate_luma / interpolate_chroma followed by weighted_uni.
void interpolate_luma_uni(const PixelKernels& kernels, const Plane& reference, int x, int y, int width,
                          int height, int mv_x, int mv_y, uint8_t* destination, ptrdiff_t destination_stride);
void interpolate_chroma_uni(const PixelKernels& kernels, const Plane& reference, int x, int y, int width,
                            int height, int mv_x, int mv_y, uint8_t* destination,
                            ptrdiff_t destination_stride);

// The scalar references of PixelKernels::interpolate_luma_uni and interpolate_chroma_uni: the
// interpolation into a buffer, then weighted_uni (width <= 64, height <= 64).
void interpolate_luma_uni_scalar(const uint8_t* source, ptrdiff_t source_stride, int width, int height,
                                 int x_fraction, int y_fraction, uint8_t* destination,
                                 ptrdiff_t destination_stride);
void interpolate_chroma_uni_scalar(const uint8_t* source, ptrdiff_t source_stride, int width, int height,
                                   int x_fraction, int y_fraction, uint8_t* destination,
                                   ptrdiff_t destination_stride);

// The scalar references of PixelKernels::interpolate_luma and interpolate_chroma.
void interpolate_luma_block_scalar(const uint8_t* source, ptrdiff_t source_stride, int width, int height,
                                   int x_fraction, int y_fraction, int16_t* prediction,
                                   ptrdiff_t prediction_stride);
void interpolate_chroma_block_scalar(const uint8_t* source, ptrdiff_t source_stride, int width,
                                     int height, int x_fraction, int y_fraction, int16_t* prediction,
                                     ptrdiff_t prediction_stride);

}  // namespace tc
