// The CABAC context variables of one slice (H.265 9.3.2.2, Table 9-4), one array per syntax element
// indexed by ctxInc.
#pragma once

#include "bitstream/cabac_context.h"

namespace tc {

struct CabacContexts {
    ContextModel sao_merge_flag[1];  // sao_merge_left_flag and sao_merge_up_flag share it
    ContextModel sao_type_idx[1];    // luma and chroma share it
    ContextModel split_cu_flag[3];
    ContextModel cu_transquant_bypass_flag[1];
    ContextModel cu_skip_flag[3];
    ContextModel pred_mode_flag[1];
    ContextModel part_mode[4];
    ContextModel prev_intra_luma_pred_flag[1];
    ContextModel intra_chroma_pred_mode[1];
    ContextModel rqt_root_cbf[1];
    ContextModel merge_flag[1];
    ContextModel merge_idx[1];
    ContextModel inter_pred_idc[5];
    ContextModel ref_idx[2];
    ContextModel mvp_flag[1];
    ContextModel split_transform_flag[3];
    ContextModel cbf_luma[2];
    ContextModel cbf_chroma[5];  // 4 of version 1 plus the range extensions' fifth
    ContextModel abs_mvd_greater0_flag[1];
    ContextModel abs_mvd_greater1_flag[1];
    ContextModel cu_qp_delta_abs[2];
    ContextModel transform_skip_flag[2];  // [0] luma, [1] chroma
    ContextModel last_sig_coeff_x_prefix[18];
    ContextModel last_sig_coeff_y_prefix[18];
    ContextModel coded_sub_block_flag[4];
    ContextModel sig_coeff_flag[44];  // 42 of version 1 + 2 for transform_skip_context_enabled_flag
    ContextModel coeff_abs_level_greater1_flag[24];
    ContextModel coeff_abs_level_greater2_flag[6];
};

// Initializes every context per 9.3.2.2. init_type is 0 for I slices; for P and B slices it is 1
// or 2 as derived in 9.3.2.2 from slice_type and cabac_init_flag (the caller does that swap).
void init_cabac_contexts(CabacContexts& contexts, int init_type, int slice_qp);

}  // namespace tc
