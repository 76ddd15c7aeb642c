#include "filter/deblocking.h"

#include <algorithm>

#include "filter/deblocking_edge_filters.h"
#include "filter/deblocking_strength.h"
#include "filter/deblocking_tables.h"
#include "kernels/pixel_kernels.h"

namespace tc {

void DeblockingMap::allocate(int luma_width, int luma_height) {
    width4_ = (luma_width + 3) / 4;
    height4_ = (luma_height + 3) / 4;
    blocks_.assign(static_cast<size_t>(width4_) * static_cast<size_t>(height4_),
                   DeblockBlockInfo{});
}

namespace {

// Segments per kernel call: 128 luma samples along a horizontal edge, 128 rows of a vertical one.
constexpr int kSegmentsPerCall = 32;

// The thresholds of up to kSegmentsPerCall consecutive luma segments of one edge, and of the
// chroma segments at half their position (one per two luma segments, the even ones). tc 0
// marks a segment the kernels leave.
struct EdgeThresholds {
    uint8_t luma_betas[kSegmentsPerCall];
    uint8_t luma_tcs[kSegmentsPerCall];
    uint8_t chroma_tcs[kSegmentsPerCall / 2];
    bool any_luma = false, any_chroma = false;

    // Segment i (from 0) of the run starting at (x4, y4); with_chroma where chroma edges lie at
    // the even segments (the 8x8 chroma grid).
    void fill(const DeblockingMap& map, const DeblockingParameters& parameters, int x4, int y4,
              bool vertical, int count, bool with_chroma) {
        any_luma = any_chroma = false;
        for (int i = 0; i < count; i++) {
            const int qx4 = vertical ? x4 : x4 + i, qy4 = vertical ? y4 + i : y4;
            const int strength =
                edge_segment_strength(map, qx4, qy4, vertical ? EdgeDirection::kVertical : EdgeDirection::kHorizontal);
            const bool chroma_segment = with_chroma && (i & 1) == 0;
            if (chroma_segment) chroma_tcs[i / 2] = 0;
            if (strength == 0) {
                luma_betas[i] = luma_tcs[i] = 0;
                continue;
            }
            // QpL: the mean of the QPs of the two blocks at the edge.
            const int p_qp = vertical ? map.at(qx4 - 1, qy4).qp : map.at(qx4, qy4 - 1).qp;
            const int qp = (p_qp + map.at(qx4, qy4).qp + 1) >> 1;
            luma_betas[i] = static_cast<uint8_t>(luma_beta(qp, parameters.beta_offset_div2));
            luma_tcs[i] = static_cast<uint8_t>(luma_tc(qp, strength, parameters.tc_offset_div2));
            any_luma |= luma_tcs[i] != 0;
            // 8.7.2.5.5: chroma edges are filtered where bS == 2 only.
            if (chroma_segment && strength == 2) {
                chroma_tcs[i / 2] = static_cast<uint8_t>(chroma_tc(qp, parameters.tc_offset_div2));
                any_chroma |= chroma_tcs[i / 2] != 0;
            }
        }
    }
};

// Filters a run of `count` luma segments of one vertical or horizontal edge, from the 4x4 block
// (x4, y4) on, with the thresholds filled for it, and the chroma segments at half their position
// that start before chroma_end (in chroma samples along the edge): chroma segment i / 2 starts at
// chroma row (vertical) or column (horizontal) 2 * (y4 + i) or 2 * (x4 + i).
void filter_segments(const PixelKernels& kernels, Picture& picture,
                     const EdgeThresholds& thresholds, bool vertical, int x4, int y4, int count,
                     int chroma_end) {
    if (thresholds.any_luma) {
        Plane& luma = picture.planes[0];
        const auto filter_luma =
            vertical ? kernels.deblock_luma_vertical : kernels.deblock_luma_horizontal;
        filter_luma(luma.at(4 * x4, 4 * y4), luma.stride(), thresholds.luma_betas,
                    thresholds.luma_tcs, count);
    }
    if (!thresholds.any_chroma) return;
    const int first = vertical ? y4 : x4;
    const int chroma_count = std::min((count + 1) / 2, (chroma_end - 2 * first + 3) / 4);
    const auto filter_chroma =
        vertical ? kernels.deblock_chroma_vertical : kernels.deblock_chroma_horizontal;
    for (int c = 1; c < 3; c++) {
        Plane& chroma = picture.planes[c];
        filter_chroma(chroma.at(2 * x4, 2 * y4), chroma.stride(), thresholds.chroma_tcs,
                      chroma_count);
    }
}

// 8.7.2.5.2 for the vertical edges of luma rows [first_row, end_row) and of the chroma rows at
// half those: the luma edges at multiples of 8 samples, the 4:2:0 chroma edges on the 8x8
// chroma grid (every other luma edge) in segments of 4 chroma lines whose bS and QPs are those
// of the luma segment at twice their position.
void filter_vertical_edges(const PixelKernels& kernels, Picture& picture, const DeblockingMap& map,
                           const DeblockingParameters& parameters, int first_row, int end_row) {
    const Plane& luma = picture.planes[0];
    const int first4 = first_row / 4;
    const int end4 = std::min(end_row, luma.height()) / 4;
    const int chroma_end = std::min(end_row / 2, picture.planes[1].height());
    EdgeThresholds thresholds;
    // No edge on the picture's left boundary.
    for (int x4 = 2; x4 < luma.width() / 4; x4 += 2) {
        const bool with_chroma = (x4 & 3) == 0;
        for (int y4 = first4; y4 < end4; y4 += kSegmentsPerCall) {
            const int count = std::min(kSegmentsPerCall, end4 - y4);
            thresholds.fill(map, parameters, x4, y4, true, count, with_chroma);
            filter_segments(kernels, picture, thresholds, true, x4, y4, count, chroma_end);
        }
    }
}

// The same for the horizontal edges: luma edges at rows that are multiples of 8, chroma edges
// at chroma rows that are multiples of 8; none on the picture's top boundary.
void filter_horizontal_edges(const PixelKernels& kernels, Picture& picture,
                             const DeblockingMap& map, const DeblockingParameters& parameters,
                             int first_row, int end_row) {
    const int width4 = picture.planes[0].width() / 4;
    const int chroma_width = picture.planes[1].width();
    const int end4 = std::min(end_row, picture.planes[0].height()) / 4;
    EdgeThresholds thresholds;
    for (int y4 = std::max(first_row / 4, 2); y4 < end4; y4 += 2) {
        const bool with_chroma = (y4 & 3) == 0 && 2 * y4 < picture.planes[1].height();
        for (int x4 = 0; x4 < width4; x4 += kSegmentsPerCall) {
            const int count = std::min(kSegmentsPerCall, width4 - x4);
            thresholds.fill(map, parameters, x4, y4, false, count, with_chroma);
            filter_segments(kernels, picture, thresholds, false, x4, y4, count, chroma_width);
        }
    }
}

PixelKernels scalar_kernels() {
    PixelKernels kernels{};
    init_scalar_pixel_kernels(kernels);
    return kernels;
}

}  // namespace

void deblock_rows(const PixelKernels& kernels, Picture& picture, const DeblockingMap& map,
                  const DeblockingParameters& parameters, EdgeDirection direction, int first_row,
                  int end_row) {
    const Plane& luma = picture.planes[0];
    if (map.width4() * 4 < luma.width() || map.height4() * 4 < luma.height()) return;
    if (direction == EdgeDirection::kVertical) {
        filter_vertical_edges(kernels, picture, map, parameters, first_row, end_row);
    } else {
        filter_horizontal_edges(kernels, picture, map, parameters, first_row, end_row);
    }
}

void deblock_rows(Picture& picture, const DeblockingMap& map,
                  const DeblockingParameters& parameters, EdgeDirection direction, int first_row,
                  int end_row) {
    deblock_rows(scalar_kernels(), picture, map, parameters, direction, first_row, end_row);
}

void deblock_picture(const PixelKernels& kernels, Picture& picture, const DeblockingMap& map,
                     const DeblockingParameters& parameters) {
    // 8.7.2: all vertical edges of the picture first, then the horizontal edges on their output.
    const int height = picture.planes[0].height();
    deblock_rows(kernels, picture, map, parameters, EdgeDirection::kVertical, 0, height);
    deblock_rows(kernels, picture, map, parameters, EdgeDirection::kHorizontal, 0, height);
}

void deblock_picture(Picture& picture, const DeblockingMap& map,
                     const DeblockingParameters& parameters) {
    deblock_picture(scalar_kernels(), picture, map, parameters);
}

}  // namespace tc
