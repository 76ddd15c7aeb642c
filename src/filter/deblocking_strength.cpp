#include "filter/deblocking_strength.h"

#include <cstdlib>

namespace tc {

namespace {

struct MotionVector {
    int x = 0, y = 0;
};

// The motion of one prediction block as the list of pictures it references, in list order,
// unused lists left out.
struct BlockMotion {
    int count = 0;
    int32_t picture[2] = {-1, -1};
    MotionVector mv[2];
};

BlockMotion motion_of(const DeblockBlockInfo& block) {
    BlockMotion motion;
    for (int list = 0; list < 2; list++) {
        if (block.ref_id[list] < 0) continue;
        motion.picture[motion.count] = block.ref_id[list];
        motion.mv[motion.count] = {block.mv[list][0], block.mv[list][1]};
        motion.count++;
    }
    return motion;
}

// 8.7.2.4: a difference of one integer luma sample or more in either component.
bool vectors_differ(const MotionVector& a, const MotionVector& b) {
    return std::abs(a.x - b.x) >= 4 || std::abs(a.y - b.y) >= 4;
}

// The motion conditions of 8.7.2.4 for bS 1: true when the two prediction blocks use different
// reference pictures, a different number of motion vectors, or vectors that differ by a luma
// sample or more for the same picture.
bool motion_discontinuity(const DeblockBlockInfo& p_block, const DeblockBlockInfo& q_block) {
    const BlockMotion p = motion_of(p_block);
    const BlockMotion q = motion_of(q_block);
    if (p.count != q.count) return true;
    if (p.count == 0) return false;
    if (p.count == 1) {
        return p.picture[0] != q.picture[0] || vectors_differ(p.mv[0], q.mv[0]);
    }
    const bool same_order = p.picture[0] == q.picture[0] && p.picture[1] == q.picture[1];
    const bool swapped_order = p.picture[0] == q.picture[1] && p.picture[1] == q.picture[0];
    if (!same_order && !swapped_order) return true;
    const bool differ_same_order =
        vectors_differ(p.mv[0], q.mv[0]) || vectors_differ(p.mv[1], q.mv[1]);
    const bool differ_swapped_order =
        vectors_differ(p.mv[0], q.mv[1]) || vectors_differ(p.mv[1], q.mv[0]);
    if (p.picture[0] != p.picture[1]) {
        // Two different pictures: compare the vectors that refer to the same picture.
        return same_order ? differ_same_order : differ_swapped_order;
    }
    // Both vectors of each block refer to one picture: either pairing may match.
    return differ_same_order && differ_swapped_order;
}

}  // namespace

int boundary_strength(const DeblockBlockInfo& p, const DeblockBlockInfo& q, bool transform_edge) {
    if (p.intra || q.intra) return 2;
    if (transform_edge && (p.nonzero_luma || q.nonzero_luma)) return 1;
    return motion_discontinuity(p, q) ? 1 : 0;
}

int edge_segment_strength(const DeblockingMap& map, int x4, int y4, EdgeDirection direction) {
    const DeblockBlockInfo& q = map.at(x4, y4);
    if (direction == EdgeDirection::kVertical) {
        // 8.7.2.4: vertical edges at xD = i << 3, and none on the left picture boundary.
        if (x4 == 0 || (x4 & 1) != 0) return 0;
        if (!q.transform_edge_left && !q.prediction_edge_left) return 0;
        return boundary_strength(map.at(x4 - 1, y4), q, q.transform_edge_left);
    }
    if (y4 == 0 || (y4 & 1) != 0) return 0;
    if (!q.transform_edge_top && !q.prediction_edge_top) return 0;
    return boundary_strength(map.at(x4, y4 - 1), q, q.transform_edge_top);
}

}  // namespace tc
