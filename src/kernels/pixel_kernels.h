// Per-encoder table of pixel kernels (DESIGN.md §4, STYLE.md "kernel tables per instance").
// Filled with the scalar references first; SIMD versions override entries by CPU features.
#pragma once
#include <cstddef>
#include <cstdint>

namespace tc {

struct PixelKernels {
    // Sum of squared differences of a w x h block.
    uint64_t (*sse)(const uint8_t* a, ptrdiff_t a_stride, const uint8_t* b, ptrdiff_t b_stride,
                    int width, int height);
    // Sum of absolute differences of a w x h block.
    uint32_t (*sad)(const uint8_t* a, ptrdiff_t a_stride, const uint8_t* b, ptrdiff_t b_stride, int width,
                    int height);
    // Sum of absolute Hadamard-transformed differences, 8x8 transforms where the block
    // allows, 4x4 otherwise (w, h multiples of 4).
    uint32_t (*satd)(const uint8_t* a, ptrdiff_t a_stride, const uint8_t* b, ptrdiff_t b_stride,
                     int width, int height);
    // residual = source - prediction, n x n.
    void (*subtract)(const uint8_t* source, ptrdiff_t source_stride, const uint8_t* prediction,
                     ptrdiff_t prediction_stride, int16_t* residual, ptrdiff_t residual_stride,
                     int size);
    // reconstruction = clip(prediction + residual), n x n.
    void (*add_clip)(const uint8_t* prediction, ptrdiff_t prediction_stride,
                     const int16_t* residual, ptrdiff_t residual_stride, uint8_t* destination,
                     ptrdiff_t destination_stride, int size);
};

void init_scalar_pixel_kernels(PixelKernels& kernels);

}  // namespace tc
