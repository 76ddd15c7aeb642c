// Motion-compensated prediction of a square coding unit (luma and both chroma planes)
// from one reference picture: uni-prediction with default weighting (8.5.3.3).
#pragma once
#include <cstdint>

#include "common/motion.h"
#include "picture/plane.h"

namespace tc {

struct InterPredictionBuffers {
    alignas(64) uint8_t luma[64 * 64];   // stride 64
    alignas(64) uint8_t cb[32 * 32];     // stride 32
    alignas(64) uint8_t cr[32 * 32];
};

// Predicts the luma rectangle (x, y, width, height) of the picture, and its chroma, into the
// buffers at the rectangle's offset (offset_x, offset_y) from the coding unit's corner.
void predict_inter_block(const Picture& reference, int x, int y, int width, int height, Mv mv, int offset_x,
                         int offset_y, InterPredictionBuffers& out);

}  // namespace tc
