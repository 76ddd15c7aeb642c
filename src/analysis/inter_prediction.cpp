#include "analysis/inter_prediction.h"

#include "predict/inter_interpolation.h"
#include "predict/inter_weighting.h"

namespace tc {

void predict_inter_cu(const Picture& reference, int x, int y, int size, Mv mv, InterPredictionBuffers& out) {
    alignas(64) int16_t intermediate[64 * 64];
    interpolate_luma(reference.planes[0], x, y, size, size, mv.x, mv.y, intermediate, 64);
    weighted_uni(intermediate, 64, out.luma, 64, size, size);
    const int chroma_size = size / 2;
    interpolate_chroma(reference.planes[1], x / 2, y / 2, chroma_size, chroma_size, mv.x, mv.y, intermediate, 32);
    weighted_uni(intermediate, 32, out.cb, 32, chroma_size, chroma_size);
    interpolate_chroma(reference.planes[2], x / 2, y / 2, chroma_size, chroma_size, mv.x, mv.y, intermediate, 32);
    weighted_uni(intermediate, 32, out.cr, 32, chroma_size, chroma_size);
}

}  // namespace tc
