// Intra sample prediction from reference samples (H.265 clauses 8.4.4.2.4 to 8.4.4.2.6), 8-bit.
#pragma once

#include <cstddef>
#include <cstdint>

#include "kernels/pixel_kernels.h"
#include "predict/intra_references.h"

namespace tc {

// H.265 clause 8.4.4.2.6, the table specifying intraPredAngle, indexed by predModeIntra (2..34).
inline constexpr int kIntraPredAngle[35] = {
    0,   0,                                                   // planar, DC: unused
    32,  26,  21,  17,  13,  9,   5,   2,   0,   -2, -5, -9,  // modes 2..13
    -13, -17, -21, -26, -32, -26, -21, -17, -13, -9, -5, -2,  // modes 14..25
    0,   2,   5,   9,   13,  17,  21,  26,  32};              // modes 26..34

// H.265 clause 8.4.4.2.6, the table specifying invAngle, indexed by predModeIntra - 11 (11..25):
// round(256 * 32 / intraPredAngle), used only for the negative angles.
inline constexpr int kIntraInverseAngle[15] = {-4096, -1638, -910, -630, -482, -390,  -315, -256,
                                               -315,  -390,  -482, -630, -910, -1638, -4096};

// Predicts the N x N block (N = 1 << log2_size, 4..32) for intra mode 0..34 (0 planar, 1 DC,
// 2..34 angular) from references that are already filtered when clause 8.4.4.2.3 says so.
// is_luma enables the DC edge filter and the edge filters of modes 10 and 26, which apply only
// when N < 32 (disableIntraBoundaryFilter is 0). Through the kernels' predict_intra entry.
void predict_intra(const PixelKernels& kernels, const IntraReferences& refs, int log2_size, int mode,
                   bool is_luma, uint8_t* prediction, ptrdiff_t prediction_stride);

// The same with the scalar reference.
void predict_intra(const IntraReferences& refs, int log2_size, int mode, bool is_luma,
                   uint8_t* prediction, ptrdiff_t prediction_stride);

// The scalar references of PixelKernels::predict_intra (see there), one per block size.
void predict_intra_4x4_scalar(const uint8_t* references, int mode, bool boundary_filters,
                              uint8_t* prediction, ptrdiff_t stride);
void predict_intra_8x8_scalar(const uint8_t* references, int mode, bool boundary_filters,
                              uint8_t* prediction, ptrdiff_t stride);
void predict_intra_16x16_scalar(const uint8_t* references, int mode, bool boundary_filters,
                                uint8_t* prediction, ptrdiff_t stride);
void predict_intra_32x32_scalar(const uint8_t* references, int mode, bool boundary_filters,
                                uint8_t* prediction, ptrdiff_t stride);

}  // namespace tc
