// Sample adaptive offset (H.265 8.7.3) for 8-bit 4:2:0 pictures coded as one slice without tiles,
// PCM or transquant bypass, with 64x64 CTUs: the per-CTU parameters and their application.
#pragma once
#include <climits>

#include <cstddef>
#include <cstdint>
#include <vector>

#include "common/block_types.h"
#include "kernels/pixel_kernels.h"
#include "picture/plane.h"

namespace tc {

// 7.4.9.3.2: cMax of sao_offset_abs is (1 << (Min(bitDepth, 10) - 5)) - 1.
constexpr int kSaoMaxOffsetAbs = 7;
// 8.7.3.2: bandShift = bitDepth - 5, so 32 bands of 8 values.
constexpr int kSaoBandShift = 3;
constexpr int kSaoBandCount = 32;
// edgeIdx 0..4 after the remapping of 8.7.3.2.
constexpr int kSaoEdgeCategories = 5;

// SaoTypeIdx (7.4.9.3.2).
enum SaoType : uint8_t { kSaoNotApplied = 0, kSaoBandOffset = 1, kSaoEdgeOffset = 2 };

struct SaoComponentParameters {
    uint8_t type = 0;           // SaoTypeIdx: 0 not applied, 1 band offset, 2 edge offset
    uint8_t band_position = 0;  // sao_band_position (type 1)
    uint8_t eo_class = 0;       // sao_eo_class 0..3 (type 2); Cb and Cr share it
    // SaoOffsetVal[1..4] with their signs (edge: 1,2 >= 0, 3,4 <= 0).
    int8_t offsets[4] = {0, 0, 0, 0};
};

struct CtuSaoParameters {
    bool merge_left = false, merge_up = false;  // sao_merge_left_flag / sao_merge_up_flag
    SaoComponentParameters component[3];        // the effective parameters (after merging)
};

// H.265 8.7.3.2, the hPos/vPos table: the two neighbours (dx, dy) compared with each sample for
// sao_eo_class 0 (horizontal), 1 (vertical), 2 (135 degrees) and 3 (45 degrees).
struct SaoEdgeNeighbours {
    int dx[2];
    int dy[2];
};
constexpr SaoEdgeNeighbours kSaoEdgeNeighbours[4] = {
    {{-1, 1}, {0, 0}},
    {{0, 0}, {-1, 1}},
    {{-1, 1}, {-1, 1}},
    {{1, -1}, {-1, 1}},
};

// H.265 8.7.3.2: edgeIdx = 2 + Sign(s - a) + Sign(s - b), then 0, 1, 2 become 1, 2, 0; the result
// indexes SaoOffsetVal (0 = no offset). Indexed by the raw 2 + sign + sign.
constexpr uint8_t kSaoEdgeCategory[5] = {1, 2, 0, 3, 4};

constexpr int sao_sign(int value) {
    return (value > 0) - (value < 0);
}

// The raw 2 + Sign(s - a) + Sign(s - b) of 8.7.3.2, 0..4, before the remapping.
constexpr int sao_raw_edge_index(int sample, int first_neighbour, int second_neighbour) {
    return 2 + sao_sign(sample - first_neighbour) + sao_sign(sample - second_neighbour);
}

// Applies SAO (8.7.3) to every CTU of `picture` in place, classifying from `deblocked` (a copy of
// the picture before SAO, same size). params: one per CTU, raster order. Picture planes have the
// coded size. Samples of components with type 0 are left as they are in `picture`. The samples
// are computed by the table's sao_apply_band / sao_apply_edge.
void apply_sao(const PixelKernels& kernels, Picture& picture, const Picture& deblocked,
               const std::vector<CtuSaoParameters>& params, int ctu_columns);

// One component of one CTB (8.7.3.2): the block of `width` x `height` samples at (x0, y0) of
// `output` gets SAO applied from `input` (same plane size). Sample neighbours outside the plane
// leave the sample unchanged.
// boundary_top / boundary_bottom: the rows [top, bottom) of the block's slice, whose samples
// alone edge offsets compare with (none crosses a slice boundary: 8.7.3.2 with
// slice_loop_filter_across_slices_enabled_flag 0); by default the whole plane.
void apply_sao_block(const PixelKernels& kernels, Plane& output, const Plane& input,
                     const SaoComponentParameters& params, int x0, int y0, int width, int height,
                     int boundary_top = 0, int boundary_bottom = INT_MAX);

// The scalar references of PixelKernels::sao_apply_band and sao_apply_edge (contract there).
void sao_apply_band_scalar(const uint8_t* input, ptrdiff_t input_stride, uint8_t* output,
                           ptrdiff_t output_stride, int width, int height, int band_position,
                           const int8_t offsets[4]);
void sao_apply_edge_scalar(const uint8_t* input, ptrdiff_t input_stride, uint8_t* output,
                           ptrdiff_t output_stride, int width, int height, int eo_class,
                           const int8_t offsets[4]);

}  // namespace tc
