#include "bitstream/cabac_contexts.h"

#include <cstddef>
#include <cstdint>

#include "bitstream/cabac_context_init_values.h"

namespace tc {
namespace {

template <size_t N>
void init_array(ContextModel (&contexts)[N], const uint8_t (&init_values)[3][N], int init_type,
                int slice_qp) {
    for (size_t i = 0; i < N; ++i) init_context(contexts[i], init_values[init_type][i], slice_qp);
}

}  // namespace

void init_cabac_contexts(CabacContexts& contexts, int init_type, int slice_qp) {
    if (init_type < 0 || init_type > 2) init_type = 0;
    const int t = init_type;
    const int qp = slice_qp;
    init_array(contexts.sao_merge_flag, cabac_init::kSaoMergeFlag, t, qp);
    init_array(contexts.sao_type_idx, cabac_init::kSaoTypeIdx, t, qp);
    init_array(contexts.split_cu_flag, cabac_init::kSplitCuFlag, t, qp);
    init_array(contexts.cu_transquant_bypass_flag, cabac_init::kCuTransquantBypassFlag, t, qp);
    init_array(contexts.cu_skip_flag, cabac_init::kCuSkipFlag, t, qp);
    init_array(contexts.pred_mode_flag, cabac_init::kPredModeFlag, t, qp);
    init_array(contexts.part_mode, cabac_init::kPartMode, t, qp);
    init_array(contexts.prev_intra_luma_pred_flag, cabac_init::kPrevIntraLumaPredFlag, t, qp);
    init_array(contexts.intra_chroma_pred_mode, cabac_init::kIntraChromaPredMode, t, qp);
    init_array(contexts.rqt_root_cbf, cabac_init::kRqtRootCbf, t, qp);
    init_array(contexts.merge_flag, cabac_init::kMergeFlag, t, qp);
    init_array(contexts.merge_idx, cabac_init::kMergeIdx, t, qp);
    init_array(contexts.inter_pred_idc, cabac_init::kInterPredIdc, t, qp);
    init_array(contexts.ref_idx, cabac_init::kRefIdx, t, qp);
    init_array(contexts.mvp_flag, cabac_init::kMvpFlag, t, qp);
    init_array(contexts.split_transform_flag, cabac_init::kSplitTransformFlag, t, qp);
    init_array(contexts.cbf_luma, cabac_init::kCbfLuma, t, qp);
    init_array(contexts.cbf_chroma, cabac_init::kCbfChroma, t, qp);
    init_array(contexts.abs_mvd_greater0_flag, cabac_init::kAbsMvdGreater0Flag, t, qp);
    init_array(contexts.abs_mvd_greater1_flag, cabac_init::kAbsMvdGreater1Flag, t, qp);
    init_array(contexts.cu_qp_delta_abs, cabac_init::kCuQpDeltaAbs, t, qp);
    init_array(contexts.transform_skip_flag, cabac_init::kTransformSkipFlag, t, qp);
    init_array(contexts.last_sig_coeff_x_prefix, cabac_init::kLastSigCoeffPrefix, t, qp);
    init_array(contexts.last_sig_coeff_y_prefix, cabac_init::kLastSigCoeffPrefix, t, qp);
    init_array(contexts.coded_sub_block_flag, cabac_init::kCodedSubBlockFlag, t, qp);
    init_array(contexts.sig_coeff_flag, cabac_init::kSigCoeffFlag, t, qp);
    init_array(contexts.coeff_abs_level_greater1_flag, cabac_init::kCoeffAbsLevelGreater1Flag, t,
               qp);
    init_array(contexts.coeff_abs_level_greater2_flag, cabac_init::kCoeffAbsLevelGreater2Flag, t,
               qp);
}

}  // namespace tc
