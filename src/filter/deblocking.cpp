#include "filter/deblocking.h"

#include <algorithm>

#include "filter/deblocking_edge_filters.h"
#include "filter/deblocking_strength.h"
#include "filter/deblocking_tables.h"

namespace tc {

void DeblockingMap::allocate(int luma_width, int luma_height) {
    width4_ = (luma_width + 3) / 4;
    height4_ = (luma_height + 3) / 4;
    blocks_.assign(static_cast<size_t>(width4_) * static_cast<size_t>(height4_),
                   DeblockBlockInfo{});
}

namespace {

// Where one 4-sample luma edge segment lies: the 4x4 block on its q side and the one on its p side.
struct SegmentBlocks {
    int x4, y4;      // q side
    int p_x4, p_y4;  // p side
};

SegmentBlocks segment_blocks(int x4, int y4, EdgeDirection direction) {
    if (direction == EdgeDirection::kVertical) return {x4, y4, x4 - 1, y4};
    return {x4, y4, x4, y4 - 1};
}

int average_qp(const DeblockingMap& map, const SegmentBlocks& blocks) {
    return (map.at(blocks.x4, blocks.y4).qp + map.at(blocks.p_x4, blocks.p_y4).qp + 1) >> 1;
}

// Luma samples step by `across` over the edge and by `along` beside it.
struct EdgeSteps {
    ptrdiff_t across, along;
};

EdgeSteps edge_steps(const Plane& plane, EdgeDirection direction) {
    if (direction == EdgeDirection::kVertical) return {1, plane.stride()};
    return {plane.stride(), 1};
}

// 8.7.2.5.2 for luma: every 4-sample segment of every edge of one direction. Edges lie at
// multiples of 8 samples, which edge_segment_strength checks.
void filter_luma_edges(Plane& luma, const DeblockingMap& map,
                       const DeblockingParameters& parameters, EdgeDirection direction,
                       int first_row, int end_row) {
    const EdgeSteps steps = edge_steps(luma, direction);
    for (int y4 = first_row / 4; y4 < std::min(end_row, luma.height()) / 4; y4++) {
        for (int x4 = 0; x4 < luma.width() / 4; x4++) {
            const int strength = edge_segment_strength(map, x4, y4, direction);
            if (strength == 0) continue;
            const int qp = average_qp(map, segment_blocks(x4, y4, direction));
            filter_luma_edge_segment(luma.at(4 * x4, 4 * y4), steps.across, steps.along,
                                     luma_beta(qp, parameters.beta_offset_div2),
                                     luma_tc(qp, strength, parameters.tc_offset_div2));
        }
    }
}

// 8.7.2.5.2 for 4:2:0 chroma: edges on the 8x8 chroma grid, in segments of 4 chroma lines whose
// bS and QPs are those of the luma segment at twice their position.
void filter_chroma_edges(Plane& chroma, const DeblockingMap& map,
                         const DeblockingParameters& parameters, EdgeDirection direction,
                         int first_row, int end_row) {
    const EdgeSteps steps = edge_steps(chroma, direction);
    const bool vertical = direction == EdgeDirection::kVertical;
    const int x_step = vertical ? 8 : 4;
    const int y_step = vertical ? 4 : 8;
    // Chroma rows at half the luma rows; the picture's top edge is not filtered.
    const int first = std::max(first_row / 2, vertical ? 0 : 8);
    for (int y = first; y < std::min(end_row / 2, chroma.height()); y += y_step) {
        for (int x = vertical ? 8 : 0; x < chroma.width(); x += x_step) {
            const int x4 = x / 2, y4 = y / 2;  // 2 * chroma position / 4
            if (edge_segment_strength(map, x4, y4, direction) != 2) continue;
            const int qp = average_qp(map, segment_blocks(x4, y4, direction));
            filter_chroma_edge_segment(chroma.at(x, y), steps.across, steps.along, 4,
                                       chroma_tc(qp, parameters.tc_offset_div2));
        }
    }
}

}  // namespace

void deblock_rows(Picture& picture, const DeblockingMap& map, const DeblockingParameters& parameters,
                  EdgeDirection direction, int first_row, int end_row) {
    const Plane& luma = picture.planes[0];
    if (map.width4() * 4 < luma.width() || map.height4() * 4 < luma.height()) return;
    filter_luma_edges(picture.planes[0], map, parameters, direction, first_row, end_row);
    filter_chroma_edges(picture.planes[1], map, parameters, direction, first_row, end_row);
    filter_chroma_edges(picture.planes[2], map, parameters, direction, first_row, end_row);
}

void deblock_picture(Picture& picture, const DeblockingMap& map,
                     const DeblockingParameters& parameters) {
    // 8.7.2: all vertical edges of the picture first, then the horizontal edges on their output.
    const int height = picture.planes[0].height();
    deblock_rows(picture, map, parameters, EdgeDirection::kVertical, 0, height);
    deblock_rows(picture, map, parameters, EdgeDirection::kHorizontal, 0, height);
}

}  // namespace tc
