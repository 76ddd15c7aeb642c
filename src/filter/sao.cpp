#include "filter/sao.h"

#include <algorithm>
#include <cstddef>

namespace tc {

void apply_sao_block(const PixelKernels& kernels, Plane& output, const Plane& input,
                     const SaoComponentParameters& params, int x0, int y0, int width, int height,
                     int boundary_top, int boundary_bottom) {
    int x_begin = x0, x_end = std::min(x0 + width, input.width());
    int y_begin = y0, y_end = std::min(y0 + height, input.height());
    if (params.type == kSaoEdgeOffset) {
        // 8.7.3.2 with SaoTypeIdx 2: a sample whose neighbour lies outside the picture (or in
        // another slice) keeps its value, so the rows and columns next to the boundary on the
        // compared sides are left out of the block.
        const int top = std::max(boundary_top, 0), bottom = std::min(boundary_bottom, input.height());
        const SaoEdgeNeighbours& neighbours = kSaoEdgeNeighbours[params.eo_class & 3];
        for (int k = 0; k < 2; k++) {
            x_begin = std::max(x_begin, -neighbours.dx[k]);
            x_end = std::min(x_end, input.width() - neighbours.dx[k]);
            y_begin = std::max(y_begin, top - neighbours.dy[k]);
            y_end = std::min(y_end, bottom - neighbours.dy[k]);
        }
    } else if (params.type != kSaoBandOffset) {
        return;
    }
    if (x_end <= x_begin || y_end <= y_begin) return;
    const uint8_t* in = input.at(x_begin, y_begin);
    uint8_t* out = output.at(x_begin, y_begin);
    if (params.type == kSaoBandOffset) {
        kernels.sao_apply_band(in, input.stride(), out, output.stride(), x_end - x_begin,
                               y_end - y_begin, params.band_position, params.offsets);
    } else {
        kernels.sao_apply_edge(in, input.stride(), out, output.stride(), x_end - x_begin,
                               y_end - y_begin, params.eo_class & 3, params.offsets);
    }
}

void apply_sao(const PixelKernels& kernels, Picture& picture, const Picture& deblocked,
               const std::vector<CtuSaoParameters>& params, int ctu_columns) {
    if (ctu_columns <= 0) return;
    for (size_t index = 0; index < params.size(); index++) {
        const int ctu_x = static_cast<int>(index % static_cast<size_t>(ctu_columns));
        const int ctu_y = static_cast<int>(index / static_cast<size_t>(ctu_columns));
        for (int component = 0; component < 3; component++) {
            // 4:2:0: the chroma CTB is half the luma CTB in each direction.
            const int ctb_size = component == 0 ? kCtuSize : kCtuSize / 2;
            apply_sao_block(kernels, picture.planes[component], deblocked.planes[component],
                            params[index].component[component], ctu_x * ctb_size, ctu_y * ctb_size,
                            ctb_size, ctb_size);
        }
    }
}

}  // namespace tc
