// Motion-compensated prediction of a block (luma and both chroma planes) from one or two
// reference pictures: uni- or bi-prediction with default weighting (8.5.3.3).
#pragma once
#include <cstdint>

#include "common/motion.h"
#include "kernels/pixel_kernels.h"
#include "picture/plane.h"

namespace tc {

struct InterPredictionBuffers {
    alignas(64) uint8_t luma[64 * 64];   // stride 64
    alignas(64) uint8_t cb[32 * 32];     // stride 32
    alignas(64) uint8_t cr[32 * 32];

    // Component c's buffer (0 luma, 1 Cb, 2 Cr) and its stride.
    const uint8_t* plane(int c) const { return c == 0 ? luma : c == 1 ? cb : cr; }
    static constexpr int stride(int c) { return c == 0 ? 64 : 32; }
};

// Which planes a prediction fills: the search compares luma only; kChroma completes a
// prediction whose luma is in place already.
enum class PredictedPlanes { kAll, kLuma, kChroma };

// Predicts the luma rectangle (x, y, width, height) of the picture, and its chroma, into the
// buffers at the rectangle's offset (offset_x, offset_y) from the coding unit's corner.
void predict_inter_block(const PixelKernels& kernels, const Picture& reference, int x, int y, int width, int height, Mv mv, int offset_x,
                         int offset_y, InterPredictionBuffers& out, PredictedPlanes planes = PredictedPlanes::kAll);

// The same for a prediction block's motion: `references[list]` is the picture its
// ref_idx[list] names (unused lists are ignored); two lists are averaged (8.5.3.3.4.2).
void predict_inter_motion(const PixelKernels& kernels, const Picture* const references[2], const PuMotion& motion, int x, int y, int width,
                          int height, int offset_x, int offset_y, InterPredictionBuffers& out,
                          PredictedPlanes planes = PredictedPlanes::kAll);

}  // namespace tc
