// initValue of every HEVC version 1 CABAC context (plus the range-extension contexts that share
// cbf_cb/cbf_cr and sig_coeff_flag), indexed [initType][ctxInc]. H.265 9.3.2.2, Tables 9-5 to 9-32
// (table numbers of the 04/2013 edition; later editions renumber them but keep the values).
//
// Contexts a syntax element does not use in some initType (e.g. cu_skip_flag in I slices) get 154,
// which initializes to the equiprobable state; those contexts are never coded.
#pragma once

#include <cstdint>

namespace tc::cabac_init {

// Table 9-5: sao_merge_left_flag and sao_merge_up_flag.
constexpr uint8_t kSaoMergeFlag[3][1] = {{153}, {153}, {153}};

// Table 9-6: sao_type_idx_luma and sao_type_idx_chroma.
constexpr uint8_t kSaoTypeIdx[3][1] = {{200}, {185}, {160}};

// Table 9-7: split_cu_flag.
constexpr uint8_t kSplitCuFlag[3][3] = {{139, 141, 157}, {107, 139, 126}, {107, 139, 126}};

// Table 9-8: cu_transquant_bypass_flag.
constexpr uint8_t kCuTransquantBypassFlag[3][1] = {{154}, {154}, {154}};

// Table 9-9: cu_skip_flag (P and B only).
constexpr uint8_t kCuSkipFlag[3][3] = {{154, 154, 154}, {197, 185, 201}, {197, 185, 201}};

// Table 9-10: pred_mode_flag (P and B only).
constexpr uint8_t kPredModeFlag[3][1] = {{154}, {149}, {134}};

// Table 9-11: part_mode. initType 0 has one context (ctxIdx 0); initType 1 and 2 have four.
constexpr uint8_t kPartMode[3][4] = {
    {184, 154, 154, 154}, {154, 139, 154, 154}, {154, 139, 154, 154}};

// Table 9-12: prev_intra_luma_pred_flag.
constexpr uint8_t kPrevIntraLumaPredFlag[3][1] = {{184}, {154}, {183}};

// Table 9-13: intra_chroma_pred_mode.
constexpr uint8_t kIntraChromaPredMode[3][1] = {{63}, {152}, {152}};

// Table 9-14: rqt_root_cbf (P and B only).
constexpr uint8_t kRqtRootCbf[3][1] = {{154}, {79}, {79}};

// Table 9-15: merge_flag (P and B only).
constexpr uint8_t kMergeFlag[3][1] = {{154}, {110}, {154}};

// Table 9-16: merge_idx (P and B only).
constexpr uint8_t kMergeIdx[3][1] = {{154}, {122}, {137}};

// Table 9-17: inter_pred_idc (P and B only).
constexpr uint8_t kInterPredIdc[3][5] = {
    {154, 154, 154, 154, 154}, {95, 79, 63, 31, 31}, {95, 79, 63, 31, 31}};

// Table 9-18: ref_idx_l0 and ref_idx_l1 (P and B only).
constexpr uint8_t kRefIdx[3][2] = {{154, 154}, {153, 153}, {153, 153}};

// Table 9-19: mvp_l0_flag and mvp_l1_flag (P and B only).
constexpr uint8_t kMvpFlag[3][1] = {{154}, {168}, {168}};

// Table 9-20: split_transform_flag.
constexpr uint8_t kSplitTransformFlag[3][3] = {{153, 138, 138}, {124, 138, 94}, {224, 167, 122}};

// Table 9-21: cbf_luma.
constexpr uint8_t kCbfLuma[3][2] = {{111, 141}, {153, 111}, {153, 111}};

// Table 9-22: cbf_cb and cbf_cr. The fifth context per initType is the one the range extensions
// add (ChromaArrayType 3 chroma split depth 4), initValue 154.
constexpr uint8_t kCbfChroma[3][5] = {
    {94, 138, 182, 154, 154}, {149, 107, 167, 154, 154}, {149, 92, 167, 154, 154}};

// Table 9-23: abs_mvd_greater0_flag (P and B only).
constexpr uint8_t kAbsMvdGreater0Flag[3][1] = {{154}, {140}, {169}};

// Table 9-24: abs_mvd_greater1_flag (P and B only).
constexpr uint8_t kAbsMvdGreater1Flag[3][1] = {{154}, {198}, {198}};

// Table 9-25: cu_qp_delta_abs.
constexpr uint8_t kCuQpDeltaAbs[3][2] = {{154, 154}, {154, 154}, {154, 154}};

// Table 9-26: transform_skip_flag, [0] luma and [1] chroma.
constexpr uint8_t kTransformSkipFlag[3][2] = {{139, 139}, {139, 139}, {139, 139}};

// Tables 9-27 and 9-28: last_sig_coeff_x_prefix and last_sig_coeff_y_prefix (same values).
constexpr uint8_t kLastSigCoeffPrefix[3][18] = {
    {110, 110, 124, 125, 140, 153, 125, 127, 140, 109, 111, 143, 127, 111, 79, 108, 123, 63},
    {125, 110, 94, 110, 95, 79, 125, 111, 110, 78, 110, 111, 111, 95, 94, 108, 123, 108},
    {125, 110, 124, 110, 95, 94, 125, 111, 111, 79, 125, 126, 111, 111, 79, 108, 123, 93}};

// Table 9-29: coded_sub_block_flag.
constexpr uint8_t kCodedSubBlockFlag[3][4] = {
    {91, 171, 134, 141}, {121, 140, 61, 154}, {121, 140, 61, 154}};

// Table 9-30: sig_coeff_flag. ctxInc 0..41 are version 1; 42 (luma) and 43 (chroma) are the
// transform_skip_context_enabled_flag contexts of the range extensions.
constexpr uint8_t kSigCoeffFlag[3][44] = {
    {111, 111, 125, 110, 110, 94,  124, 108, 124, 107, 125, 141, 179, 153, 125,
     107, 125, 141, 179, 153, 125, 107, 125, 141, 179, 153, 125, 140, 139, 182,
     182, 152, 136, 152, 136, 153, 136, 139, 111, 136, 139, 111, 141, 111},
    {155, 154, 139, 153, 139, 123, 123, 63,  153, 166, 183, 140, 136, 153, 154,
     166, 183, 140, 136, 153, 154, 166, 183, 140, 136, 153, 154, 170, 153, 123,
     123, 107, 121, 107, 121, 167, 151, 183, 140, 151, 183, 140, 140, 140},
    {170, 154, 139, 153, 139, 123, 123, 63,  124, 166, 183, 140, 136, 153, 154,
     166, 183, 140, 136, 153, 154, 166, 183, 140, 136, 153, 154, 170, 153, 138,
     138, 122, 121, 122, 121, 167, 151, 183, 140, 151, 183, 140, 140, 140}};

// Table 9-31: coeff_abs_level_greater1_flag.
constexpr uint8_t kCoeffAbsLevelGreater1Flag[3][24] = {
    {140, 92,  137, 138, 140, 152, 138, 139, 153, 74,  149, 92,
     139, 107, 122, 152, 140, 179, 166, 182, 140, 227, 122, 197},
    {154, 196, 196, 167, 154, 152, 167, 182, 182, 134, 149, 136,
     153, 121, 136, 137, 169, 194, 166, 167, 154, 167, 137, 182},
    {154, 196, 167, 167, 154, 152, 167, 182, 182, 134, 149, 136,
     153, 121, 136, 122, 169, 208, 166, 167, 154, 152, 167, 182}};

// Table 9-32: coeff_abs_level_greater2_flag.
constexpr uint8_t kCoeffAbsLevelGreater2Flag[3][6] = {
    {138, 153, 136, 167, 152, 152}, {107, 167, 91, 122, 107, 167}, {107, 167, 91, 107, 107, 167}};

}  // namespace tc::cabac_init
