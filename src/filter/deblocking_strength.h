#pragma once
// Boundary filtering strength bS of H.265 8.7.2.4, from the per-4x4 deblocking map.

#include "filter/deblocking.h"

namespace tc {

// bS (0, 1 or 2) of the edge between the blocks p and q, where transform_edge says whether the
// edge is a transform block edge (otherwise it is only a prediction block edge).
int boundary_strength(const DeblockBlockInfo& p, const DeblockBlockInfo& q, bool transform_edge);

// bS of the 4-sample edge segment on the left (kVertical) or top (kHorizontal) side of the 4x4
// block (x4, y4). 0 where the segment is on the picture boundary, off the 8x8 luma grid, or
// neither a transform nor a prediction block edge.
int edge_segment_strength(const DeblockingMap& map, int x4, int y4, EdgeDirection direction);

}  // namespace tc
