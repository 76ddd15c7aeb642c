#include "motion/motion_candidates.h"

#include <algorithm>
#include <cstdlib>

#include "common/block_types.h"

namespace tc {

namespace {

// 6.4.2: a neighbour inside the same coding unit (the other half of a 2NxN / Nx2N CU) is
// available; one outside it when decoded before the block in z-scan order. Either way not
// an intra block. Returns its info or nullptr.
const BlockInfo* neighbour(const CandidateContext& context, const PredictionBlockPosition& pb, int x_nb, int y_nb) {
    const bool same_cu = x_nb >= pb.cu_x && x_nb < pb.cu_x + pb.cu_size && y_nb >= pb.cu_y &&
                         y_nb < pb.cu_y + pb.cu_size;
    if (!same_cu && !context.availability->available(pb.x, pb.y, x_nb, y_nb)) return nullptr;
    const BlockInfo* info = context.blocks->find(x_nb, y_nb);
    if (info == nullptr || info->pred_mode == PredMode::kIntra) return nullptr;
    return info;
}

// 8.5.3.2.7 (8-179 .. 8-183): scales a vector by the ratio of POC distances.
Mv scale_mv(Mv mv, int current_to_target, int current_to_neighbour_ref) {
    const int td = std::clamp(current_to_neighbour_ref, -128, 127);
    const int tb = std::clamp(current_to_target, -128, 127);
    if (td == 0) return mv;  // a reference is never the current picture
    const int tx = (16384 + (std::abs(td) >> 1)) / td;
    const int scale = std::clamp((tb * tx + 32) >> 6, -4096, 4095);
    auto scale_component = [scale](int v) {
        const int product = scale * v;
        const int sign = product < 0 ? -1 : 1;
        return static_cast<int16_t>(std::clamp(sign * ((std::abs(product) + 127) >> 8), -32768, 32767));
    };
    return {scale_component(mv.x), scale_component(mv.y)};
}

// 8.5.3.2.8 / 8.5.3.2.9: the temporal candidate for reference ref_idx of list `list`, from
// the bottom-right then the centre 16x16 block of the collocated picture.
bool temporal_candidate(const CandidateContext& context, const PredictionBlockPosition& pb, int list, int ref_idx,
                        Mv& out) {
    const int x = pb.x, y = pb.y, width = pb.width, height = pb.height;
    if (context.collocated == nullptr) return false;
    const auto l = static_cast<size_t>(list);
    auto from_block = [&](const CollocatedBlock& col) {
        if (!col.available) return false;
        // Which of the collocated block's lists: the only one it uses, else the one of the
        // same name when nothing is predicted from the future, else collocated_from_l0's other.
        int col_list = 0;
        if (!col.uses[0]) {
            col_list = 1;
        } else if (col.uses[1]) {
            col_list = context.no_backward_prediction ? list : (context.collocated_from_l0 ? 1 : 0);
        }
        const auto c = static_cast<size_t>(col_list);
        const bool target_long_term = context.ref_long_term[l][static_cast<size_t>(ref_idx)];
        if (target_long_term != col.ref_long_term[c]) return false;
        const int col_distance = context.collocated_poc - col.ref_poc[c];
        const int current_distance = context.current_poc - context.ref_poc[l][static_cast<size_t>(ref_idx)];
        out = (target_long_term || col_distance == current_distance)
                  ? col.mv[c]
                  : scale_mv(col.mv[c], current_distance, col_distance);
        return true;
    };
    const int x_br = x + width, y_br = y + height;
    // The bottom-right block only inside the picture and the coding unit's CTU row.
    if ((pb.cu_y >> kLog2CtuSize) == (y_br >> kLog2CtuSize) && y_br < context.picture_height &&
        x_br < context.picture_width) {
        if (from_block(context.collocated->at(x_br & ~15, y_br & ~15))) return true;
    }
    const int x_center = x + width / 2, y_center = y + height / 2;
    return from_block(context.collocated->at(x_center & ~15, y_center & ~15));
}

}  // namespace

void derive_merge_list(const CandidateContext& context, const PredictionBlockPosition& pb, MergeList& list) {
    list.count = 0;
    const int x = pb.x, y = pb.y, width = pb.width, height = pb.height;
    // 8.5.3.2.3: the second half of an Nx2N CU does not merge with the first (A1), nor the
    // second half of a 2NxN CU (B1): that would be the 2Nx2N CU.
    const bool second = pb.part_idx == 1;
    const BlockInfo* a1 = second && pb.part_mode == PartMode::kNx2N ? nullptr
                                                                    : neighbour(context, pb, x - 1, y + height - 1);
    const BlockInfo* b1 = second && pb.part_mode == PartMode::k2NxN ? nullptr
                                                                    : neighbour(context, pb, x + width - 1, y - 1);
    const BlockInfo* b0 = neighbour(context, pb, x + width, y - 1);
    const BlockInfo* a0 = neighbour(context, pb, x - 1, y + height);
    const BlockInfo* b2 = neighbour(context, pb, x - 1, y - 1);
    auto same = [](const BlockInfo* p, const BlockInfo* q) { return p && q && p->motion == q->motion; };
    // 8.5.3.2.3: order A1, B1, B0, A0, B2 with the spec's pairwise pruning.
    const bool use_a1 = a1 != nullptr;
    const bool use_b1 = b1 != nullptr && !same(a1, b1);
    const bool use_b0 = b0 != nullptr && !same(b1, b0);
    const bool use_a0 = a0 != nullptr && !same(a1, a0);
    const bool use_b2 = b2 != nullptr && !same(a1, b2) && !same(b1, b2) &&
                        (use_a1 + use_b1 + use_b0 + use_a0) != 4;
    const BlockInfo* ordered[5] = {use_a1 ? a1 : nullptr, use_b1 ? b1 : nullptr, use_b0 ? b0 : nullptr,
                                   use_a0 ? a0 : nullptr, use_b2 ? b2 : nullptr};
    for (const BlockInfo* candidate : ordered) {
        if (candidate != nullptr && list.count < context.max_merge_candidates) {
            list.candidates[list.count++] = candidate->motion;
        }
    }
    // 8.5.3.2.2: the temporal candidate with reference index 0 (both lists in B slices).
    if (list.count < context.max_merge_candidates) {
        PuMotion motion;
        for (int l = 0; l < (context.b_slice ? 2 : 1); l++) {
            Mv temporal;
            if (temporal_candidate(context, pb, l, 0, temporal)) {
                motion.ref_idx[l] = 0;
                motion.mv[l] = temporal;
            }
        }
        if (motion.uses(0) || motion.uses(1)) list.candidates[list.count++] = motion;
    }
    // 8.5.3.2.4: combined bi-predictive candidates (B slices), pairs in the spec's order.
    const int original = list.count;
    if (context.b_slice && original > 1 && original < context.max_merge_candidates) {
        static constexpr int kL0Index[12] = {0, 1, 0, 2, 1, 2, 0, 3, 1, 3, 2, 3};
        static constexpr int kL1Index[12] = {1, 0, 2, 0, 2, 1, 3, 0, 3, 1, 3, 2};
        for (int comb = 0; comb < original * (original - 1) && list.count < context.max_merge_candidates; comb++) {
            const PuMotion& l0 = list.candidates[static_cast<size_t>(kL0Index[comb])];
            const PuMotion& l1 = list.candidates[static_cast<size_t>(kL1Index[comb])];
            if (!l0.uses(0) || !l1.uses(1)) continue;
            const bool same_picture = context.ref_poc[0][static_cast<size_t>(l0.ref_idx[0])] ==
                                          context.ref_poc[1][static_cast<size_t>(l1.ref_idx[1])] &&
                                      context.ref_long_term[0][static_cast<size_t>(l0.ref_idx[0])] ==
                                          context.ref_long_term[1][static_cast<size_t>(l1.ref_idx[1])];
            if (same_picture && l0.mv[0] == l1.mv[1]) continue;
            PuMotion combined;
            combined.ref_idx[0] = l0.ref_idx[0];
            combined.mv[0] = l0.mv[0];
            combined.ref_idx[1] = l1.ref_idx[1];
            combined.mv[1] = l1.mv[1];
            list.candidates[list.count++] = combined;
        }
    }
    // 8.5.3.2.5: zero candidates with increasing reference indices.
    const int ref_limit = context.b_slice ? std::min(context.ref_count[0], context.ref_count[1]) : context.ref_count[0];
    for (int zero_index = 0; list.count < context.max_merge_candidates; zero_index++) {
        PuMotion zero;
        const auto index = static_cast<int8_t>(zero_index < ref_limit ? zero_index : 0);
        zero.ref_idx[0] = index;
        if (context.b_slice) zero.ref_idx[1] = index;
        list.candidates[list.count++] = zero;
    }
    // 8.5.3.2.2: 8x4 and 4x8 blocks are never bi-predicted: such a candidate keeps list 0.
    if (pb.width + pb.height == 12) {
        for (int i = 0; i < list.count; i++) {
            PuMotion& m = list.candidates[static_cast<size_t>(i)];
            if (m.uses(0) && m.uses(1)) {
                m.ref_idx[1] = -1;
                m.mv[1] = Mv{};
            }
        }
    }
}

std::array<Mv, 2> derive_amvp_predictors(const CandidateContext& context, const PredictionBlockPosition& pb,
                                         int list, int ref_idx) {
    const int x = pb.x, y = pb.y, width = pb.width, height = pb.height;
    const auto lx = static_cast<size_t>(list);
    const int target_poc = context.ref_poc[lx][static_cast<size_t>(ref_idx)];
    const bool target_long_term = context.ref_long_term[lx][static_cast<size_t>(ref_idx)];
    const int other = 1 - list;
    auto poc_of = [&](const BlockInfo* b, int l) {
        return context.ref_poc[static_cast<size_t>(l)][static_cast<size_t>(b->motion.ref_idx[l])];
    };
    auto long_term_of = [&](const BlockInfo* b, int l) {
        return context.ref_long_term[static_cast<size_t>(l)][static_cast<size_t>(b->motion.ref_idx[l])];
    };
    // A neighbour's vector that points to the target picture itself: its list X, then list Y.
    auto same_picture = [&](const BlockInfo* b, Mv& out) {
        for (int l : {list, other}) {
            if (b->motion.uses(l) && poc_of(b, l) == target_poc && long_term_of(b, l) == target_long_term) {
                out = b->motion.mv[l];
                return true;
            }
        }
        return false;
    };
    // Otherwise a vector to another picture of the same kind (short/long-term), scaled by
    // the POC distances unless long-term (8.5.3.2.7).
    auto scaled = [&](const BlockInfo* b, Mv& out) {
        for (int l : {list, other}) {
            if (b->motion.uses(l) && long_term_of(b, l) == target_long_term) {
                out = target_long_term ? b->motion.mv[l]
                                       : scale_mv(b->motion.mv[l], context.current_poc - target_poc,
                                                  context.current_poc - poc_of(b, l));
                return true;
            }
        }
        return false;
    };

    // Spatial candidate A from A0, A1.
    const BlockInfo* a_blocks[2] = {neighbour(context, pb, x - 1, y + height),
                                    neighbour(context, pb, x - 1, y + height - 1)};
    const bool is_scaled = a_blocks[0] != nullptr || a_blocks[1] != nullptr;
    bool available_a = false;
    Mv mv_a;
    for (const BlockInfo* b : a_blocks) {
        if (!available_a && b != nullptr) available_a = same_picture(b, mv_a);
    }
    for (const BlockInfo* b : a_blocks) {
        if (!available_a && b != nullptr) available_a = scaled(b, mv_a);
    }

    // Spatial candidate B from B0, B1, B2.
    const BlockInfo* b_blocks[3] = {neighbour(context, pb, x + width, y - 1),
                                    neighbour(context, pb, x + width - 1, y - 1),
                                    neighbour(context, pb, x - 1, y - 1)};
    bool available_b = false;
    Mv mv_b;
    for (const BlockInfo* b : b_blocks) {
        if (!available_b && b != nullptr) available_b = same_picture(b, mv_b);
    }
    if (!is_scaled && available_b) {
        mv_a = mv_b;
        available_a = true;
    }
    if (!is_scaled) {
        available_b = false;
        for (const BlockInfo* b : b_blocks) {
            if (!available_b && b != nullptr) available_b = scaled(b, mv_b);
        }
    }

    // 8.5.3.2.6: A, then B if different, then the temporal one, then zero vectors.
    std::array<Mv, 2> predictors{};
    int count = 0;
    if (available_a) predictors[count++] = mv_a;
    if (available_b && !(available_a && mv_a == mv_b)) predictors[count++] = mv_b;
    // The temporal predictor only where the spatial ones do not give two different vectors.
    Mv temporal;
    if (count < 2 && temporal_candidate(context, pb, list, ref_idx, temporal)) predictors[count++] = temporal;
    while (count < 2) predictors[count++] = Mv{};
    return predictors;
}

}  // namespace tc
