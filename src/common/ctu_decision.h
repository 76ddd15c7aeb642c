// The CTU decision record (DESIGN.md §3): what the analysis decided for one CTU.
// Reconstruction, the in-loop filters and the entropy coder read it; none of them
// depends on how it was decided.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "common/block_types.h"
#include "common/motion.h"

namespace tc {

// One leaf of a CU's residual quadtree, in z-order. For 4x4 luma leaves in 4:2:0
// the chroma residual of the parent 8x8 area travels with the fourth leaf
// (blkIdx 3), as in H.265 7.3.8.10; chroma_here marks the leaf that carries it.
struct TransformUnit {
    uint16_t x = 0, y = 0;    // luma position in the picture
    uint8_t log2_size = 0;    // luma size
    uint8_t depth = 0;        // trafoDepth within the CU
    uint8_t cbf = 0;          // bit c set: component c has non-zero levels
    bool chroma_here = false;
    uint32_t coeff_offset[3] = {0, 0, 0};  // into CtuDecision::levels (or its level_planes)
};

// Where a picture's levels lie when the accelerator coded it: one plane a component (luma, then
// the half-size chroma), a transform block's rows `stride` apart. A record that points at them
// (CtuDecision::level_planes) keeps no levels of its own: its coeff_offset values are
// y * stride + x in the planes, and the CABAC reads each block there (copying them into the
// record took a third of the signalling, 2.8 ms of a core a 4K picture, thirty-third session).
struct LevelPlanes {
    const int16_t* planes[3] = {nullptr, nullptr, nullptr};
    ptrdiff_t stride[3] = {0, 0, 0};
};

// An inter prediction unit: merged with a candidate, or an AMVP vector difference.
struct PredictionUnit {
    bool merge = false;      // merge_flag
    uint8_t merge_idx = 0;
    uint8_t mvp_idx[2] = {0, 0};  // mvp_l0_flag, mvp_l1_flag
    Mv mvd[2];                    // coded differences to the predictors, per list used
    PuMotion motion;              // the resulting motion (inter_pred_idc: the lists it uses)
};

struct PredictionBlock {
    int x, y, width, height;
};

struct CodingUnit {
    uint16_t x = 0, y = 0;  // luma position in the picture
    uint8_t log2_size = 0;
    PredMode pred_mode = PredMode::kIntra;
    PartMode part_mode = PartMode::k2Nx2N;
    uint8_t intra_luma_mode[4] = {1, 1, 1, 1};  // IntraPredModeY per partition (z-order)
    uint8_t intra_chroma_mode = 1;              // IntraPredModeC
    uint8_t intra_chroma_syntax = 4;            // intra_chroma_pred_mode (0..4, 4 = DM)
    uint16_t first_tu = 0, tu_count = 0;        // into CtuDecision::tus
    // Inter coding units: skipped (merge, no residual), or one or two prediction units.
    bool skip = false;       // cu_skip_flag
    PredictionUnit pu[2];
    uint32_t cost = 0;       // the analysis's D + lambda * R of the chosen mode (statistics)

    int prediction_unit_count() const {
        return pred_mode != PredMode::kIntra && part_mode != PartMode::k2Nx2N ? 2 : 1;
    }
    // The luma rectangle of prediction unit `index` (2Nx2N, 2NxN or Nx2N).
    PredictionBlock prediction_block(int index) const {
        const int size = 1 << log2_size;
        if (part_mode == PartMode::k2NxN) return {x, y + index * size / 2, size, size / 2};
        if (part_mode == PartMode::kNx2N) return {x + index * size / 2, y, size / 2, size};
        return {x, y, size, size};
    }
    // The motion at luma sample (sample_x, sample_y) inside the coding unit.
    const PuMotion& motion_at(int sample_x, int sample_y) const {
        const int half = (1 << log2_size) / 2;
        if (part_mode == PartMode::k2NxN) return pu[sample_y >= y + half ? 1 : 0].motion;
        if (part_mode == PartMode::kNx2N) return pu[sample_x >= x + half ? 1 : 0].motion;
        return pu[0].motion;
    }
};

struct CtuDecision {
    int ctu_x = 0, ctu_y = 0;  // in CTU units
    std::vector<CodingUnit> cus;      // in decoding (z) order
    std::vector<TransformUnit> tus;   // in decoding order
    std::vector<int16_t> levels;      // TransCoeffLevel, row-major per block
    LevelPlanes level_planes;         // the accelerator's planes instead of `levels`, where set

    void reserve() {
        cus.reserve(64 * 64 / 64);
        tus.reserve(64 * 64 / 16);
        levels.reserve(64 * 64 * 3 / 2);
    }
    void clear() {
        cus.clear();
        tus.clear();
        levels.clear();
        level_planes = LevelPlanes{};
    }
};

}  // namespace tc
