// Scalar references of the SAO application kernels (H.265 8.7.3.2, 8-bit): the contract is in
// kernels/pixel_kernels.h (sao_apply_band, sao_apply_edge).
#include <algorithm>

#include "filter/sao.h"

namespace tc {
namespace {

uint8_t clip_sample(int value) {
    return static_cast<uint8_t>(std::clamp(value, 0, 255));
}

}  // namespace

// bandTable maps bands band_position .. band_position + 3 (mod 32) to SaoOffsetVal[1..4]; the
// table here folds the offset and the clipping into one lookup per sample value.
void sao_apply_band_scalar(const uint8_t* input, ptrdiff_t input_stride, uint8_t* output,
                           ptrdiff_t output_stride, int width, int height, int band_position,
                           const int8_t offsets[4]) {
    int band_offset[kSaoBandCount] = {};
    for (int k = 0; k < 4; k++) band_offset[(band_position + k) & (kSaoBandCount - 1)] = offsets[k];
    uint8_t result[256];
    for (int value = 0; value < 256; value++)
        result[value] = clip_sample(value + band_offset[value >> kSaoBandShift]);
    for (int y = 0; y < height; y++, input += input_stride, output += output_stride) {
        for (int x = 0; x < width; x++) output[x] = result[input[x]];
    }
}

void sao_apply_edge_scalar(const uint8_t* input, ptrdiff_t input_stride, uint8_t* output,
                           ptrdiff_t output_stride, int width, int height, int eo_class,
                           const int8_t offsets[4]) {
    const SaoEdgeNeighbours& neighbours = kSaoEdgeNeighbours[eo_class];
    // SaoOffsetVal indexed directly by the raw 2 + Sign + Sign.
    int offset_by_raw_index[5];
    for (int raw = 0; raw < 5; raw++) {
        const int category = kSaoEdgeCategory[raw];
        offset_by_raw_index[raw] = category == 0 ? 0 : offsets[category - 1];
    }
    const ptrdiff_t first = neighbours.dy[0] * input_stride + neighbours.dx[0];
    const ptrdiff_t second = neighbours.dy[1] * input_stride + neighbours.dx[1];
    for (int y = 0; y < height; y++, input += input_stride, output += output_stride) {
        for (int x = 0; x < width; x++) {
            const int sample = input[x];
            const int raw = sao_raw_edge_index(sample, input[x + first], input[x + second]);
            output[x] = clip_sample(sample + offset_by_raw_index[raw]);
        }
    }
}

}  // namespace tc
