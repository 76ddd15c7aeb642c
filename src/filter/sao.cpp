#include "filter/sao.h"

#include <algorithm>
#include <cstddef>

namespace tc {
namespace {

uint8_t clip_sample(int value) {
    return static_cast<uint8_t>(std::clamp(value, 0, 255));
}

// 8.7.3.2 with SaoTypeIdx 1: bandTable maps bands band_position .. band_position + 3 (mod 32) to
// SaoOffsetVal[1..4]; the table here folds the offset and the clipping into one lookup per value.
void apply_band_offset(Plane& output, const Plane& input, const SaoComponentParameters& params,
                       int x0, int y0, int width, int height) {
    int band_offset[kSaoBandCount] = {};
    for (int k = 0; k < 4; k++)
        band_offset[(params.band_position + k) & (kSaoBandCount - 1)] = params.offsets[k];
    uint8_t result[256];
    for (int value = 0; value < 256; value++) {
        result[value] = clip_sample(value + band_offset[value >> kSaoBandShift]);
    }
    for (int y = y0; y < y0 + height; y++) {
        const uint8_t* in = input.row(y);
        uint8_t* out = output.row(y);
        for (int x = x0; x < x0 + width; x++) out[x] = result[in[x]];
    }
}

// 8.7.3.2 with SaoTypeIdx 2. A sample whose neighbour lies outside the picture keeps its value,
// so the rows and columns next to the picture boundary on the compared sides are skipped.
void apply_edge_offset(Plane& output, const Plane& input, const SaoComponentParameters& params,
                       int x0, int y0, int width, int height) {
    const SaoEdgeNeighbours& neighbours = kSaoEdgeNeighbours[params.eo_class & 3];
    int x_begin = x0, x_end = x0 + width, y_begin = y0, y_end = y0 + height;
    for (int k = 0; k < 2; k++) {
        x_begin = std::max(x_begin, -neighbours.dx[k]);
        x_end = std::min(x_end, input.width() - neighbours.dx[k]);
        y_begin = std::max(y_begin, -neighbours.dy[k]);
        y_end = std::min(y_end, input.height() - neighbours.dy[k]);
    }
    // SaoOffsetVal indexed directly by the raw 2 + Sign + Sign.
    int offset_by_raw_index[5];
    for (int raw = 0; raw < 5; raw++) {
        const int category = kSaoEdgeCategory[raw];
        offset_by_raw_index[raw] = category == 0 ? 0 : params.offsets[category - 1];
    }
    const ptrdiff_t first = neighbours.dy[0] * input.stride() + neighbours.dx[0];
    const ptrdiff_t second = neighbours.dy[1] * input.stride() + neighbours.dx[1];
    for (int y = y_begin; y < y_end; y++) {
        const uint8_t* in = input.row(y);
        uint8_t* out = output.row(y);
        for (int x = x_begin; x < x_end; x++) {
            const int sample = in[x];
            const int raw = sao_raw_edge_index(sample, in[x + first], in[x + second]);
            out[x] = clip_sample(sample + offset_by_raw_index[raw]);
        }
    }
}

}  // namespace

void apply_sao_block(Plane& output, const Plane& input, const SaoComponentParameters& params,
                     int x0, int y0, int width, int height) {
    width = std::min(width, input.width() - x0);
    height = std::min(height, input.height() - y0);
    if (width <= 0 || height <= 0) return;
    if (params.type == kSaoBandOffset) {
        apply_band_offset(output, input, params, x0, y0, width, height);
    } else if (params.type == kSaoEdgeOffset) {
        apply_edge_offset(output, input, params, x0, y0, width, height);
    }
}

void apply_sao(Picture& picture, const Picture& deblocked,
               const std::vector<CtuSaoParameters>& params, int ctu_columns) {
    if (ctu_columns <= 0) return;
    for (size_t index = 0; index < params.size(); index++) {
        const int ctu_x = static_cast<int>(index % static_cast<size_t>(ctu_columns));
        const int ctu_y = static_cast<int>(index / static_cast<size_t>(ctu_columns));
        for (int component = 0; component < 3; component++) {
            // 4:2:0: the chroma CTB is half the luma CTB in each direction.
            const int ctb_size = component == 0 ? kCtuSize : kCtuSize / 2;
            apply_sao_block(picture.planes[component], deblocked.planes[component],
                            params[index].component[component], ctu_x * ctb_size, ctu_y * ctb_size,
                            ctb_size, ctb_size);
        }
    }
}

}  // namespace tc
