// coding_quadtree(), coding_unit() and transform_tree() of H.265 7.3.8.4 - 7.3.8.10,
// written from the CTU decision record. Templates over the coder: CabacEncoder writes
// the slice data, CabacBitCounter estimates rates for mode decision.
#pragma once

#include "bitstream/cabac_contexts.h"
#include "common/block_info_map.h"
#include "common/ctu_decision.h"
#include "common/slice_rows.h"

namespace tc {

// What the syntax depends on beyond the record: picture and parameter-set facts,
// and the map of decisions of the blocks decoded before (and including) the current CU.
struct SyntaxParameters {
    int picture_width = 0;   // pic_width_in_luma_samples
    int picture_height = 0;  // pic_height_in_luma_samples
    SliceType slice_type = SliceType::kI;
    bool sign_data_hiding = true;
    int max_transform_depth_intra = 0;  // max_transform_hierarchy_depth_intra
    int max_transform_depth_inter = 0;  // max_transform_hierarchy_depth_inter
    int ref_count[2] = {1, 0};          // num_ref_idx_l0_active, num_ref_idx_l1_active
    int max_merge_candidates = 5;       // MaxNumMergeCand
    const BlockInfoMap* blocks = nullptr;
    const SliceRows* slices = nullptr;  // nullptr: the picture is one slice

    // The block left of / above luma sample (x, y) where 9.3.4.2.2 may use it (6.4.1: inside
    // the picture and the slice; slices are whole CTU rows, so only "above" can leave one).
    const BlockInfo* left(int x, int y) const { return blocks->find(x - 1, y); }
    const BlockInfo* above(int x, int y) const {
        if (slices != nullptr && ((y - 1) >> kLog2CtuSize) < slices->first_row_of(y >> kLog2CtuSize)) return nullptr;
        return blocks->find(x, y - 1);
    }
};

template <class Coder>
void write_split_cu_flag(Coder& coder, CabacContexts& contexts, const SyntaxParameters& params,
                         int x, int y, int depth, bool split);

// One coding unit with its transform tree. `tus` are the CU's leaves in z-order and
// `levels` the base the leaves' coeff_offset values index; with `planes` (a record of the
// accelerator's, CtuDecision::level_planes) they index those planes instead.
template <class Coder>
void write_coding_unit(Coder& coder, CabacContexts& contexts, const SyntaxParameters& params,
                       const CodingUnit& cu, const TransformUnit* tus, const int16_t* levels,
                       const LevelPlanes* planes = nullptr);

// The whole CTU: coding_quadtree() from the CTU's top-left corner (SAO syntax and
// end_of_slice_segment_flag are the slice writer's).
template <class Coder>
void write_coding_tree_unit(Coder& coder, CabacContexts& contexts, const SyntaxParameters& params,
                            const CtuDecision& ctu);

}  // namespace tc
