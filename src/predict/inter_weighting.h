// Default weighted sample prediction (H.265 clause 8.5.3.3.4.2), 8-bit.
#pragma once

#include <cstddef>
#include <cstdint>

namespace tc {

// Uni-prediction: Clip1((predSamples + offset1) >> shift1), shift1 = 14 - 8 = 6, offset1 = 32.
// The prediction is interpolate_luma/interpolate_chroma output (read through prediction_value).
void weighted_uni(const int16_t* prediction, ptrdiff_t prediction_stride, uint8_t* destination,
                  ptrdiff_t destination_stride, int width, int height);

// Bi-prediction: Clip1((predSamplesL0 + predSamplesL1 + offset2) >> shift2), shift2 = 15 - 8 = 7,
// offset2 = 64. Both predictions share one stride.
void weighted_bi(const int16_t* prediction0, const int16_t* prediction1,
                 ptrdiff_t prediction_stride, uint8_t* destination, ptrdiff_t destination_stride,
                 int width, int height);

}  // namespace tc
