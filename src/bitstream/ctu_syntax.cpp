#include "bitstream/ctu_syntax.h"

#include <algorithm>
#include <cstring>

#include "bitstream/cabac_bit_counter.h"
#include "bitstream/cabac_encoder.h"
#include "bitstream/residual_coding.h"
#include "predict/intra_mode_candidates.h"

namespace tc {

namespace {

template <class Coder>
void write_intra_modes(Coder& coder, CabacContexts& contexts, const SyntaxParameters& params,
                       const CodingUnit& cu) {
    // 7.3.8.5: all prev_intra_luma_pred_flag first, then mpm_idx / rem_intra_luma_pred_mode.
    const int partitions = cu.part_mode == PartMode::kNxN ? 4 : 1;
    const int half = (1 << cu.log2_size) >> 1;
    std::array<int, 3> candidates[4];
    int mpm_index[4];
    for (int p = 0; p < partitions; p++) {
        const int x = cu.x + ((partitions == 4) ? (p & 1) * half : 0);
        const int y = cu.y + ((partitions == 4) ? (p >> 1) * half : 0);
        candidates[p] = derive_most_probable_modes(*params.blocks, x, y);
        const auto& c = candidates[p];
        const int mode = cu.intra_luma_mode[p];
        mpm_index[p] = mode == c[0] ? 0 : mode == c[1] ? 1 : mode == c[2] ? 2 : -1;
        coder.encode_bin(contexts.prev_intra_luma_pred_flag[0], mpm_index[p] >= 0 ? 1 : 0);
    }
    for (int p = 0; p < partitions; p++) {
        if (mpm_index[p] >= 0) {
            // mpm_idx: truncated rice, cMax 2, bypass.
            if (mpm_index[p] == 0) {
                coder.encode_bypass(0);
            } else {
                coder.encode_bypass(1);
                coder.encode_bypass(mpm_index[p] == 2 ? 1 : 0);
            }
        } else {
            auto sorted = candidates[p];
            std::sort(sorted.begin(), sorted.end());
            int remaining = cu.intra_luma_mode[p];
            for (int i = 2; i >= 0; i--) {
                if (cu.intra_luma_mode[p] > sorted[i]) remaining--;
            }
            coder.encode_bypass_bits(static_cast<uint32_t>(remaining), 5);
        }
    }
    // intra_chroma_pred_mode: "0" for 4 (DM), else "1" + two bypass bits.
    if (cu.intra_chroma_syntax == 4) {
        coder.encode_bin(contexts.intra_chroma_pred_mode[0], 0);
    } else {
        coder.encode_bin(contexts.intra_chroma_pred_mode[0], 1);
        coder.encode_bypass_bits(cu.intra_chroma_syntax, 2);
    }
}

template <class Coder>
void write_merge_idx(Coder& coder, CabacContexts& contexts, const SyntaxParameters& params, int merge_idx) {
    // Truncated rice, cMax = MaxNumMergeCand - 1: first bin context coded, the rest bypass.
    if (params.max_merge_candidates <= 1) return;
    coder.encode_bin(contexts.merge_idx[0], merge_idx > 0 ? 1 : 0);
    for (int i = 1; i < params.max_merge_candidates - 1 && i <= merge_idx; i++) {
        coder.encode_bypass(merge_idx > i ? 1 : 0);
    }
}

template <class Coder>
void write_inter_pred_idc(Coder& coder, CabacContexts& contexts, bool small_block, int cu_depth,
                          const PuMotion& motion) {
    // inter_pred_idc (9.3.3.7): "1" PRED_BI (first bin, context CtDepth), else "0" then the
    // list ("0" L0, "1" L1, context 4). 8x4 and 4x8 blocks cannot be bi-predicted: one bin.
    const bool bi = motion.uses(0) && motion.uses(1);
    if (!small_block) {
        coder.encode_bin(contexts.inter_pred_idc[cu_depth], bi ? 1 : 0);
        if (bi) return;
    }
    coder.encode_bin(contexts.inter_pred_idc[4], motion.uses(1) ? 1 : 0);
}

template <class Coder>
void write_mvd(Coder& coder, CabacContexts& contexts, Mv mvd) {
    // mvd_coding() (7.3.8.9).
    const int abs_x = std::abs(mvd.x), abs_y = std::abs(mvd.y);
    coder.encode_bin(contexts.abs_mvd_greater0_flag[0], abs_x > 0 ? 1 : 0);
    coder.encode_bin(contexts.abs_mvd_greater0_flag[0], abs_y > 0 ? 1 : 0);
    if (abs_x > 0) coder.encode_bin(contexts.abs_mvd_greater1_flag[0], abs_x > 1 ? 1 : 0);
    if (abs_y > 0) coder.encode_bin(contexts.abs_mvd_greater1_flag[0], abs_y > 1 ? 1 : 0);
    auto write_component = [&](int magnitude, bool negative) {
        if (magnitude == 0) return;
        if (magnitude > 1) {
            // abs_mvd_minus2: first-order Exp-Golomb (9.3.3.3 with k = 1), bypass.
            uint32_t value = static_cast<uint32_t>(magnitude - 2);
            int k = 1;
            while (value >= (1u << k)) {
                coder.encode_bypass(1);
                value -= 1u << k;
                k++;
            }
            coder.encode_bypass(0);
            coder.encode_bypass_bits(value, k);
        }
        coder.encode_bypass(negative ? 1 : 0);
    };
    write_component(abs_x, mvd.x < 0);
    write_component(abs_y, mvd.y < 0);
}

template <class Coder>
void write_ref_idx(Coder& coder, CabacContexts& contexts, const SyntaxParameters& params, int list, int ref_idx) {
    // ref_idx_lX: truncated rice, cMax = num_ref_idx_lX_active - 1; bins 0 and 1 context coded.
    if (params.ref_count[list] <= 1) return;
    const int max = params.ref_count[list] - 1;
    for (int i = 0; i < max; i++) {
        const int bin = ref_idx > i ? 1 : 0;
        if (i < 2) {
            coder.encode_bin(contexts.ref_idx[i], bin);
        } else {
            coder.encode_bypass(bin);
        }
        if (!bin) break;
    }
}

// Whether any leaf in the square (x0, y0, size) carries a non-zero component c.
bool region_cbf(const TransformUnit* begin, const TransformUnit* end, int x0, int y0, int size, int component) {
    for (const TransformUnit* tu = begin; tu != end; tu++) {
        if (tu->x >= x0 && tu->x < x0 + size && tu->y >= y0 && tu->y < y0 + size &&
            (tu->cbf >> component & 1)) {
            return true;
        }
    }
    return false;
}

template <class Coder>
struct TransformTreeWriter {
    Coder& coder;
    CabacContexts& contexts;
    const SyntaxParameters& params;
    const CodingUnit& cu;
    const TransformUnit* next;  // next leaf to write
    const TransformUnit* end;
    const int16_t* levels;
    const LevelPlanes* planes;  // where set, the levels lie there (CtuDecision::level_planes)
    int max_depth;
    bool intra_split;

    void write_residual(const TransformUnit& tu, int component, int log2_size) {
        ResidualBlock block;
        int16_t gathered[(1 << kLog2MaxTbSize) * (1 << kLog2MaxTbSize)];
        if (planes != nullptr) {
            // The block's rows, from its plane, into one block as the residual coder reads it.
            const int size = 1 << log2_size;
            const ptrdiff_t stride = planes->stride[component];
            const int16_t* first = planes->planes[component] + tu.coeff_offset[component];
            for (int row = 0; row < size; row++) {
                std::memcpy(gathered + row * size, first + row * stride, sizeof(int16_t) * size);
            }
            block.levels = gathered;
        } else {
            block.levels = levels + tu.coeff_offset[component];
        }
        block.log2_size = log2_size;
        block.component = component;
        const int mode = component == 0 ? cu.intra_luma_mode[cu.part_mode == PartMode::kNxN
                                                                 ? (((tu.y - cu.y) ? 2 : 0) + ((tu.x - cu.x) ? 1 : 0))
                                                                 : 0]
                                        : cu.intra_chroma_mode;
        block.scan_idx = cu.pred_mode == PredMode::kIntra ? intra_scan_idx(log2_size, component, mode) : 0;
        block.sign_data_hiding = params.sign_data_hiding;
        write_residual_coding(coder, contexts, block);
    }

    void write(int x0, int y0, int log2_size, int depth, bool parent_cbf_cb, bool parent_cbf_cr) {
        const int size = 1 << log2_size;
        const bool split = next->log2_size < log2_size;
        if (log2_size <= kLog2MaxTbSize && log2_size > kLog2MinTbSize && depth < max_depth &&
            !(intra_split && depth == 0)) {
            coder.encode_bin(contexts.split_transform_flag[5 - log2_size], split ? 1 : 0);
        }
        bool cbf_cb = false, cbf_cr = false;
        if (log2_size > 2) {
            if (depth == 0 || parent_cbf_cb) {
                cbf_cb = region_cbf(next, end, x0, y0, size, 1);
                coder.encode_bin(contexts.cbf_chroma[depth], cbf_cb ? 1 : 0);
            }
            if (depth == 0 || parent_cbf_cr) {
                cbf_cr = region_cbf(next, end, x0, y0, size, 2);
                coder.encode_bin(contexts.cbf_chroma[depth], cbf_cr ? 1 : 0);
            }
        } else {
            // 4x4 luma leaves in 4:2:0: the chroma flags are the parent's (7.3.8.8).
            cbf_cb = parent_cbf_cb;
            cbf_cr = parent_cbf_cr;
        }
        if (split) {
            const int half = size >> 1;
            for (int i = 0; i < 4; i++) {
                write(x0 + (i & 1) * half, y0 + (i >> 1) * half, log2_size - 1, depth + 1, cbf_cb, cbf_cr);
            }
            return;
        }
        const TransformUnit& tu = *next++;
        const bool cbf_luma = tu.cbf & 1;
        if (cu.pred_mode == PredMode::kIntra || depth != 0 || cbf_cb || cbf_cr) {
            coder.encode_bin(contexts.cbf_luma[depth == 0 ? 1 : 0], cbf_luma ? 1 : 0);
        }
        // transform_unit() (7.3.8.10); cu_qp_delta is not enabled.
        if (cbf_luma) write_residual(tu, 0, log2_size);
        if (log2_size > 2) {
            if (tu.cbf & 2) write_residual(tu, 1, log2_size - 1);
            if (tu.cbf & 4) write_residual(tu, 2, log2_size - 1);
        } else if (tu.chroma_here) {
            if (tu.cbf & 2) write_residual(tu, 1, 2);
            if (tu.cbf & 4) write_residual(tu, 2, 2);
        }
    }
};

template <class Coder>
void write_quadtree(Coder& coder, CabacContexts& contexts, const SyntaxParameters& params,
                    const CtuDecision& ctu, size_t& cu_index, int x0, int y0, int log2_size, int depth) {
    const int size = 1 << log2_size;
    const CodingUnit& next = ctu.cus[cu_index];
    const bool split = next.log2_size < log2_size;
    if (x0 + size <= params.picture_width && y0 + size <= params.picture_height &&
        log2_size > kLog2MinCuSize) {
        write_split_cu_flag(coder, contexts, params, x0, y0, depth, split);
    }
    if (split) {
        const int half = size >> 1;
        for (int i = 0; i < 4; i++) {
            const int x1 = x0 + (i & 1) * half, y1 = y0 + (i >> 1) * half;
            if (x1 < params.picture_width && y1 < params.picture_height) {
                write_quadtree(coder, contexts, params, ctu, cu_index, x1, y1, log2_size - 1, depth + 1);
            }
        }
        return;
    }
    const CodingUnit& cu = ctu.cus[cu_index++];
    write_coding_unit(coder, contexts, params, cu, ctu.tus.data() + cu.first_tu, ctu.levels.data(),
                      ctu.level_planes.planes[0] != nullptr ? &ctu.level_planes : nullptr);
}

}  // namespace

template <class Coder>
void write_split_cu_flag(Coder& coder, CabacContexts& contexts, const SyntaxParameters& params,
                         int x, int y, int depth, bool split) {
    // 9.3.4.2.2: condL / condA compare the neighbours' CtDepth with the current depth.
    const BlockInfo* left = params.left(x, y);
    const BlockInfo* above = params.above(x, y);
    const int ctx = (left && left->cu_depth > depth ? 1 : 0) + (above && above->cu_depth > depth ? 1 : 0);
    coder.encode_bin(contexts.split_cu_flag[ctx], split ? 1 : 0);
}

template <class Coder>
void write_coding_unit(Coder& coder, CabacContexts& contexts, const SyntaxParameters& params,
                       const CodingUnit& cu, const TransformUnit* tus, const int16_t* levels,
                       const LevelPlanes* planes) {
    // coding_unit() (7.3.8.5); transquant bypass and PCM are off.
    if (params.slice_type != SliceType::kI) {
        // cu_skip_flag: context from the left and above neighbours' skip flags (9.3.4.2.2).
        const BlockInfo* left = params.left(cu.x, cu.y);
        const BlockInfo* above = params.above(cu.x, cu.y);
        const int ctx = (left && left->skip ? 1 : 0) + (above && above->skip ? 1 : 0);
        coder.encode_bin(contexts.cu_skip_flag[ctx], cu.skip ? 1 : 0);
        if (cu.skip) {
            write_merge_idx(coder, contexts, params, cu.pu[0].merge_idx);
            return;
        }
        coder.encode_bin(contexts.pred_mode_flag[0], cu.pred_mode == PredMode::kIntra ? 1 : 0);
    }
    if (cu.pred_mode == PredMode::kIntra) {
        if (cu.log2_size == kLog2MinCuSize) {
            coder.encode_bin(contexts.part_mode[0], cu.part_mode == PartMode::k2Nx2N ? 1 : 0);
        }
        write_intra_modes(coder, contexts, params, cu);
        const bool intra_split = cu.part_mode == PartMode::kNxN;
        TransformTreeWriter<Coder> tree{coder,  contexts, params, cu, tus, tus + cu.tu_count, levels, planes,
                                        params.max_transform_depth_intra + (intra_split ? 1 : 0), intra_split};
        tree.write(cu.x, cu.y, cu.log2_size, 0, false, false);
        return;
    }
    // Inter: part_mode (9.3.3.7, AMP off): "1" 2Nx2N, "01" 2NxN, "00" Nx2N.
    coder.encode_bin(contexts.part_mode[0], cu.part_mode == PartMode::k2Nx2N ? 1 : 0);
    if (cu.part_mode != PartMode::k2Nx2N) {
        coder.encode_bin(contexts.part_mode[1], cu.part_mode == PartMode::k2NxN ? 1 : 0);
    }
    for (int i = 0; i < cu.prediction_unit_count(); i++) {
        const PredictionUnit& pu = cu.pu[i];
        coder.encode_bin(contexts.merge_flag[0], pu.merge ? 1 : 0);
        if (pu.merge) {
            write_merge_idx(coder, contexts, params, pu.merge_idx);
        } else {
            if (params.slice_type == SliceType::kB) {
                const PredictionBlock block = cu.prediction_block(i);
                write_inter_pred_idc(coder, contexts, block.width + block.height == 12, kLog2CtuSize - cu.log2_size,
                                     pu.motion);
            }
            for (int list = 0; list < 2; list++) {
                if (!pu.motion.uses(list)) continue;
                write_ref_idx(coder, contexts, params, list, pu.motion.ref_idx[list]);
                write_mvd(coder, contexts, pu.mvd[list]);  // mvd_l1_zero_flag is 0
                coder.encode_bin(contexts.mvp_flag[0], pu.mvp_idx[list]);
            }
        }
    }
    // rqt_root_cbf, absent (inferred 1) for a 2Nx2N merge coding unit.
    const bool has_residual = cu.tu_count > 0;
    if (!(cu.part_mode == PartMode::k2Nx2N && cu.pu[0].merge)) {
        coder.encode_bin(contexts.rqt_root_cbf[0], has_residual ? 1 : 0);
    }
    if (!has_residual) return;
    // With max_transform_hierarchy_depth_inter 0 a 2NxN / Nx2N coding unit splits its
    // transform tree once (interSplitFlag): the leaves say so, nothing is coded.
    TransformTreeWriter<Coder> tree{coder, contexts, params, cu, tus, tus + cu.tu_count, levels, planes,
                                    params.max_transform_depth_inter, false};
    tree.write(cu.x, cu.y, cu.log2_size, 0, false, false);
}

template <class Coder>
void write_coding_tree_unit(Coder& coder, CabacContexts& contexts, const SyntaxParameters& params,
                            const CtuDecision& ctu) {
    size_t cu_index = 0;
    write_quadtree(coder, contexts, params, ctu, cu_index, ctu.ctu_x << kLog2CtuSize,
                   ctu.ctu_y << kLog2CtuSize, kLog2CtuSize, 0);
}

#define TC_INSTANTIATE_CTU_SYNTAX(Coder)                                                              \
    template void write_split_cu_flag<Coder>(Coder&, CabacContexts&, const SyntaxParameters&, int, int, \
                                             int, bool);                                              \
    template void write_coding_unit<Coder>(Coder&, CabacContexts&, const SyntaxParameters&,            \
                                           const CodingUnit&, const TransformUnit*, const int16_t*,    \
                                           const LevelPlanes*);                                        \
    template void write_coding_tree_unit<Coder>(Coder&, CabacContexts&, const SyntaxParameters&,       \
                                                const CtuDecision&);
TC_INSTANTIATE_CTU_SYNTAX(CabacEncoder)
TC_INSTANTIATE_CTU_SYNTAX(CabacBitCounter)
TC_INSTANTIATE_CTU_SYNTAX(CabacRateEstimator)
#undef TC_INSTANTIATE_CTU_SYNTAX

}  // namespace tc
