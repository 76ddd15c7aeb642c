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

void predict_inter_cu(const Picture& reference, int x, int y, int size, Mv mv, InterPredictionBuffers& out);

}  // namespace tc
