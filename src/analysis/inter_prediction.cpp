#include "analysis/inter_prediction.h"

#include "predict/inter_interpolation.h"
#include "predict/inter_weighting.h"

namespace tc {

void predict_inter_block(const PixelKernels& kernels, const Picture& reference, int x, int y, int width, int height, Mv mv, int offset_x,
                         int offset_y, InterPredictionBuffers& out, PredictedPlanes planes) {
    if (planes != PredictedPlanes::kChroma) {
        interpolate_luma_uni(kernels, reference.planes[0], x, y, width, height, mv.x, mv.y,
                             out.luma + offset_y * 64 + offset_x, 64);
    }
    if (planes == PredictedPlanes::kLuma) return;
    const int chroma_width = width / 2, chroma_height = height / 2;
    uint8_t* chroma[2] = {out.cb, out.cr};
    for (int c = 0; c < 2; c++) {
        interpolate_chroma_uni(kernels, reference.planes[1 + c], x / 2, y / 2, chroma_width, chroma_height, mv.x,
                               mv.y, chroma[c] + (offset_y / 2) * 32 + offset_x / 2, 32);
    }
}

void predict_inter_motion(const PixelKernels& kernels, const Picture* const references[2], const PuMotion& motion, int x, int y, int width,
                          int height, int offset_x, int offset_y, InterPredictionBuffers& out,
                          PredictedPlanes planes) {
    if (!(motion.uses(0) && motion.uses(1))) {
        const int list = motion.uses(0) ? 0 : 1;
        predict_inter_block(kernels, *references[list], x, y, width, height, motion.mv[list], offset_x, offset_y, out,
                            planes);
        return;
    }
    alignas(64) int16_t first[64 * 64];
    alignas(64) int16_t second[64 * 64];
    if (planes != PredictedPlanes::kChroma) {
        interpolate_luma(kernels, references[0]->planes[0], x, y, width, height, motion.mv[0].x, motion.mv[0].y, first,
                         64);
        interpolate_luma(kernels, references[1]->planes[0], x, y, width, height, motion.mv[1].x, motion.mv[1].y, second,
                         64);
        kernels.weighted_bi(first, second, 64, out.luma + offset_y * 64 + offset_x, 64, width, height);
    }
    if (planes == PredictedPlanes::kLuma) return;
    const int chroma_width = width / 2, chroma_height = height / 2;
    uint8_t* chroma[2] = {out.cb, out.cr};
    for (int c = 0; c < 2; c++) {
        interpolate_chroma(kernels, references[0]->planes[1 + c], x / 2, y / 2, chroma_width, chroma_height, motion.mv[0].x,
                           motion.mv[0].y, first, 32);
        interpolate_chroma(kernels, references[1]->planes[1 + c], x / 2, y / 2, chroma_width, chroma_height, motion.mv[1].x,
                           motion.mv[1].y, second, 32);
        kernels.weighted_bi(first, second, 32, chroma[c] + (offset_y / 2) * 32 + offset_x / 2, 32, chroma_width,
                    chroma_height);
    }
}

}  // namespace tc
