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

// 8.5.3.2.8 / 8.5.3.2.9: the temporal candidate for reference ref_idx of list 0, from the
// bottom-right then the centre 16x16 block of the collocated picture.
bool temporal_candidate(const CandidateContext& context, const PredictionBlockPosition& pb, int ref_idx, Mv& out) {
    const int x = pb.x, y = pb.y, width = pb.width, height = pb.height;
    if (context.collocated == nullptr) return false;
    auto from_block = [&](const CollocatedBlock& col) {
        if (!col.available) return false;
        const bool target_long_term = context.ref_long_term[static_cast<size_t>(ref_idx)];
        if (target_long_term != col.ref_long_term) return false;
        const int col_distance = context.collocated_poc - col.ref_poc;
        const int current_distance = context.current_poc - context.ref_poc[static_cast<size_t>(ref_idx)];
        out = (target_long_term || col_distance == current_distance)
                  ? col.mv
                  : scale_mv(col.mv, current_distance, col_distance);
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
    // 8.5.3.2.2: the temporal candidate with reference index 0.
    Mv temporal;
    if (list.count < context.max_merge_candidates && temporal_candidate(context, pb, 0, temporal)) {
        PuMotion motion;
        motion.ref_idx[0] = 0;
        motion.mv[0] = temporal;
        list.candidates[list.count++] = motion;
    }
    // 8.5.3.2.5: zero candidates with increasing reference indices (P slice).
    for (int zero_index = 0; list.count < context.max_merge_candidates; zero_index++) {
        PuMotion zero;
        zero.ref_idx[0] = static_cast<int8_t>(zero_index < context.ref_count ? zero_index : 0);
        list.candidates[list.count++] = zero;
    }
}

std::array<Mv, 2> derive_amvp_predictors(const CandidateContext& context, const PredictionBlockPosition& pb,
                                         int ref_idx) {
    const int x = pb.x, y = pb.y, width = pb.width, height = pb.height;
    const int target_poc = context.ref_poc[ref_idx];
    auto ref_poc_of = [&](const BlockInfo* b) { return context.ref_poc[b->motion.ref_idx[0]]; };

    // Spatial candidate A from A0, A1: first one predicting from the same picture,
    // otherwise the first inter one, scaled.
    const BlockInfo* a_blocks[2] = {neighbour(context, pb, x - 1, y + height),
                                    neighbour(context, pb, x - 1, y + height - 1)};
    const bool is_scaled = a_blocks[0] != nullptr || a_blocks[1] != nullptr;
    bool available_a = false;
    Mv mv_a;
    for (const BlockInfo* b : a_blocks) {
        if (!available_a && b != nullptr && b->motion.uses(0) && ref_poc_of(b) == target_poc) {
            mv_a = b->motion.mv[0];
            available_a = true;
        }
    }
    // A long-term reference never mixes with a short-term one, and is never scaled (8.5.3.2.7).
    const bool target_long_term = context.ref_long_term[static_cast<size_t>(ref_idx)];
    auto long_term_of = [&](const BlockInfo* b) { return context.ref_long_term[static_cast<size_t>(b->motion.ref_idx[0])]; };
    auto scaled = [&](const BlockInfo* b) {
        if (target_long_term) return b->motion.mv[0];
        return scale_mv(b->motion.mv[0], context.current_poc - target_poc, context.current_poc - ref_poc_of(b));
    };
    for (const BlockInfo* b : a_blocks) {
        if (!available_a && b != nullptr && b->motion.uses(0) && long_term_of(b) == target_long_term) {
            mv_a = scaled(b);
            available_a = true;
        }
    }

    // Spatial candidate B from B0, B1, B2.
    const BlockInfo* b_blocks[3] = {neighbour(context, pb, x + width, y - 1),
                                    neighbour(context, pb, x + width - 1, y - 1),
                                    neighbour(context, pb, x - 1, y - 1)};
    bool available_b = false;
    Mv mv_b;
    for (const BlockInfo* b : b_blocks) {
        if (!available_b && b != nullptr && b->motion.uses(0) && ref_poc_of(b) == target_poc) {
            mv_b = b->motion.mv[0];
            available_b = true;
        }
    }
    if (!is_scaled && available_b) {
        mv_a = mv_b;
        available_a = true;
    }
    if (!is_scaled) {
        available_b = false;
        for (const BlockInfo* b : b_blocks) {
            if (!available_b && b != nullptr && b->motion.uses(0) && long_term_of(b) == target_long_term) {
                mv_b = scaled(b);
                available_b = true;
            }
        }
    }

    // 8.5.3.2.6: A, then B if different, then zero vectors.
    std::array<Mv, 2> list{};
    int count = 0;
    if (available_a) list[count++] = mv_a;
    if (available_b && !(available_a && mv_a == mv_b)) list[count++] = mv_b;
    // The temporal predictor only where the spatial ones do not give two different vectors.
    Mv temporal;
    if (count < 2 && temporal_candidate(context, pb, ref_idx, temporal)) list[count++] = temporal;
    while (count < 2) list[count++] = Mv{};
    return list;
}

}  // namespace tc
