#include "analysis/accelerated_ctu_coder.h"

#include <algorithm>
#include <cstring>

#include "motion/motion_search.h"

namespace tc {
namespace {

const InterCodedUnit& unit_at(const InterCodingView& coded, int x, int y) {
    return coded.units[static_cast<size_t>(y >> kInterUnitLog2) * coded.unit_columns +
                       (x >> kInterUnitLog2)];
}

// Where the levels of every component of transform unit `tu` whose cbf bit is set lie in
// `coded`'s planes (the record points at the planes: CtuDecision::level_planes).
void locate_levels(const InterCodingView& coded, TransformUnit& tu) {
    for (int c = 0; c < 3; c++) {
        if (!((tu.cbf >> c) & 1)) continue;
        const int x0 = c == 0 ? tu.x : tu.x / 2, y0 = c == 0 ? tu.y : tu.y / 2;
        tu.coeff_offset[c] = static_cast<uint32_t>(y0 * coded.stride[c] + x0);
    }
}

}  // namespace

void AcceleratedCtuCoder::code(int ctu_x, int ctu_y, const InterCodingView& coded, CtuDecision& record,
                               bool prefilled) {
    record.clear();
    record.ctu_x = ctu_x;
    record.ctu_y = ctu_y;
    for (int c = 0; c < 3; c++) {
        record.level_planes.planes[c] = coded.levels[c];
        record.level_planes.stride[c] = coded.stride[c];
    }
    auto visit = [&](int x, int y, int log2_size, const InterCodedUnit& unit) {
        code_cu(x, y, log2_size, unit, coded, record, prefilled);
    };
    for_each_cu(ctu_x << kLog2CtuSize, ctu_y << kLog2CtuSize, kLog2CtuSize, coded, visit);
}

void AcceleratedCtuCoder::prefill_row(int ctu_y, const InterCodingView& coded) {
    auto visit = [&](int x, int y, int log2_size, const InterCodedUnit& unit) {
        BlockInfo info;
        info.cu_depth = static_cast<uint8_t>(kLog2CtuSize - log2_size);
        if (unit.intra != 0) {
            info.pred_mode = PredMode::kIntra;
            info.intra_mode = static_cast<uint8_t>(unit.intra - 1);
        } else {
            info.pred_mode = PredMode::kInter;
            info.intra_mode = kIntraDc;
            info.motion.ref_idx[0] = 0;
            info.motion.mv[0] = unit.mv;
        }
        frame_.blocks->fill(x, y, 1 << log2_size, 1 << log2_size, info);
    };
    for (int ctu_x = 0; ctu_x < frame_.ctu_columns; ctu_x++) {
        for_each_cu(ctu_x << kLog2CtuSize, ctu_y << kLog2CtuSize, kLog2CtuSize, coded, visit);
    }
}

template <class Visit>
void AcceleratedCtuCoder::for_each_cu(int x, int y, int log2_size, const InterCodingView& coded, Visit& visit) const {
    if (x >= frame_.syntax.picture_width || y >= frame_.syntax.picture_height) return;
    const InterCodedUnit& unit = unit_at(coded, x, y);
    if (log2_size == kLog2CtuSize && x + kCtuSize <= frame_.syntax.picture_width &&
        y + kCtuSize <= frame_.syntax.picture_height) {
        // Four 32x32 CUs with one vector are one 64x64 CU whose four 32x32 transform units are
        // the same blocks: the same prediction and reconstruction, fewer CU headers.
        bool whole = true;
        for (int i = 0; i < 4; i++) {
            const InterCodedUnit& quarter = unit_at(coded, x + (i & 1) * 32, y + (i >> 1) * 32);
            whole = whole && quarter.cu_log2 == 5 && quarter.mv == unit.mv;
        }
        if (whole) {
            visit(x, y, log2_size, unit);
            return;
        }
    }
    if (unit.cu_log2 < log2_size) {
        const int half = 1 << (log2_size - 1);
        for (int i = 0; i < 4; i++) for_each_cu(x + (i & 1) * half, y + (i >> 1) * half, log2_size - 1, coded, visit);
        return;
    }
    visit(x, y, log2_size, unit);
}

void AcceleratedCtuCoder::code_intra_cu(int x, int y, int log2_size, const InterCodedUnit& unit,
                                        const InterCodingView& coded, CtuDecision& record, bool prefilled) {
    const int size = 1 << log2_size;
    CodingUnit cu;
    cu.x = static_cast<uint16_t>(x);
    cu.y = static_cast<uint16_t>(y);
    cu.log2_size = static_cast<uint8_t>(log2_size);
    cu.pred_mode = PredMode::kIntra;
    cu.part_mode = PartMode::k2Nx2N;
    const auto mode = static_cast<uint8_t>(unit.intra - 1);
    std::fill(std::begin(cu.intra_luma_mode), std::end(cu.intra_luma_mode), mode);
    cu.intra_chroma_mode = mode;  // intra_chroma_pred_mode 4: the luma mode
    cu.intra_chroma_syntax = 4;
    // An intra CU always has its transform tree: one transform unit of its size.
    cu.first_tu = static_cast<uint16_t>(record.tus.size());
    TransformUnit tu;
    tu.x = static_cast<uint16_t>(x);
    tu.y = static_cast<uint16_t>(y);
    tu.log2_size = static_cast<uint8_t>(log2_size);
    tu.cbf = unit.cbf;
    tu.chroma_here = true;
    locate_levels(coded, tu);
    record.tus.push_back(tu);
    cu.tu_count = 1;
    record.cus.push_back(cu);
    if (prefilled) return;  // prefill_row put it there, and it is never skipped
    BlockInfo info;
    info.cu_depth = static_cast<uint8_t>(kLog2CtuSize - log2_size);
    info.pred_mode = PredMode::kIntra;
    info.intra_mode = mode;
    frame_.blocks->fill(x, y, size, size, info);
}

void AcceleratedCtuCoder::code_cu(int x, int y, int log2_size, const InterCodedUnit& unit,
                                  const InterCodingView& coded, CtuDecision& record, bool prefilled) {
    if (unit.intra != 0) {
        code_intra_cu(x, y, log2_size, unit, coded, record, prefilled);
        return;
    }
    const int size = 1 << log2_size;
    const int depth = kLog2CtuSize - log2_size;
    CodingUnit cu;
    cu.x = static_cast<uint16_t>(x);
    cu.y = static_cast<uint16_t>(y);
    cu.log2_size = static_cast<uint8_t>(log2_size);
    cu.pred_mode = PredMode::kInter;
    cu.part_mode = PartMode::k2Nx2N;
    PredictionUnit& pu = cu.pu[0];
    pu.motion.ref_idx[0] = 0;
    pu.motion.mv[0] = unit.mv;

    // The same motion as a merge candidate: signal the candidate's index instead of a vector.
    const PredictionBlockPosition block = PredictionBlockPosition::whole(x, y, size);
    MergeList merges;
    derive_merge_list(frame_.candidates, block, merges);
    for (int i = 0; i < merges.count; i++) {
        if (merges.candidates[static_cast<size_t>(i)] == pu.motion) {
            pu.merge = true;
            pu.merge_idx = static_cast<uint8_t>(i);
            break;
        }
    }
    if (!pu.merge) {
        // The predictor whose difference costs fewer bits (the first on a tie).
        const std::array<Mv, 2> predictors = derive_amvp_predictors(frame_.candidates, block, 0, 0);
        const int best = best_predictor(unit.mv, predictors);
        const Mv& p = predictors[static_cast<size_t>(best)];
        pu.mvp_idx[0] = static_cast<uint8_t>(best);
        pu.mvd[0] =
            Mv{static_cast<int16_t>(unit.mv.x - p.x), static_cast<int16_t>(unit.mv.y - p.y)};
    }
    // One transform unit of the CU's size, or four 32x32 ones in a 64x64 CU (the largest
    // transform), each with the levels of the components that have any.
    const int tu_log2 = std::min(log2_size, kLog2MaxTbSize);
    const int tu_size = 1 << tu_log2;
    const int tu_count = 1 << (2 * (log2_size - tu_log2));
    uint8_t any_cbf = 0;
    for (int i = 0; i < tu_count; i++) {
        any_cbf |= unit_at(coded, x + (i & 1) * tu_size, y + (i >> 1) * tu_size).cbf;
    }
    cu.skip = pu.merge && any_cbf == 0;
    cu.first_tu = static_cast<uint16_t>(record.tus.size());
    if (any_cbf != 0) {
        for (int i = 0; i < tu_count; i++) {
            TransformUnit tu;
            tu.x = static_cast<uint16_t>(x + (i & 1) * tu_size);
            tu.y = static_cast<uint16_t>(y + (i >> 1) * tu_size);
            tu.log2_size = static_cast<uint8_t>(tu_log2);
            tu.depth = static_cast<uint8_t>(log2_size - tu_log2);
            tu.cbf = unit_at(coded, tu.x, tu.y).cbf;
            tu.chroma_here = true;
            locate_levels(coded, tu);
            record.tus.push_back(tu);
        }
        cu.tu_count = static_cast<uint16_t>(tu_count);
    }
    record.cus.push_back(cu);

    if (prefilled) {
        // Only the skip flag: the rows below may be reading this CU's motion meanwhile.
        if (cu.skip) frame_.blocks->set_skip(x, y, size, size);
        return;
    }
    BlockInfo info;
    info.cu_depth = static_cast<uint8_t>(depth);
    info.pred_mode = PredMode::kInter;
    info.intra_mode = kIntraDc;
    info.skip = cu.skip;
    info.motion = pu.motion;
    frame_.blocks->fill(x, y, size, size, info);
}

void copy_accelerated_reconstruction_row(const InterCodingView& coded, int ctu_y, Picture& reconstruction) {
    for (int c = 0; c < 3; c++) {
        const int shift = c == 0 ? 0 : 1;
        const int y0 = (ctu_y << kLog2CtuSize) >> shift;
        Plane& plane = reconstruction.planes[c];
        const int height = std::min(kCtuSize >> shift, plane.height() - y0);
        for (int row = 0; row < height; row++) {
            std::memcpy(plane.at(0, y0 + row), coded.reconstruction[c] + (y0 + row) * coded.stride[c],
                        static_cast<size_t>(plane.width()));
        }
    }
}

}  // namespace tc
