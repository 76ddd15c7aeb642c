// Video, sequence and picture parameter sets (H.265 7.3.2.1 - 7.3.2.3, VUI E.2.1)
// and the slice segment header (7.3.6.1).
#pragma once
#include <cstdint>
#include <span>

#include "bitstream/bit_writer.h"
#include "bitstream/nal_writer.h"
#include "common/block_types.h"

namespace tc {

// Everything the parameter sets say, decided once at tc_init.
struct SequenceParameters {
    int coded_width = 0, coded_height = 0;  // multiples of the minimum CU size (8)
    int output_width = 0, output_height = 0;  // the conformance window
    int level_idc = 0;                        // general_level_idc = 30 * level
    int fps = 0;
    bool full_range = false;
    int log2_max_poc_lsb = 8;
    int max_dec_pic_buffering = 1;  // sps_max_dec_pic_buffering_minus1 + 1
    int max_num_reorder = 0;
    int max_transform_depth_intra = 0;
    int max_transform_depth_inter = 0;
    bool strong_intra_smoothing = true;
    bool sample_adaptive_offset = false;
    bool sign_data_hiding = true;
    bool deblocking = false;
    int init_qp = 26;
    bool long_term_references = true;  // long_term_ref_pics_present_flag
    bool output_flag_present = true;   // output_flag_present_flag
    bool temporal_mvp = true;          // sps_temporal_mvp_enabled_flag
    bool constrained_intra_pred = false;  // constrained_intra_pred_flag
    bool entropy_coding_sync = false;     // entropy_coding_sync_enabled_flag (WPP)
};

void write_vps(BitWriter& out, const SequenceParameters& sequence);
void write_sps(BitWriter& out, const SequenceParameters& sequence);
void write_pps(BitWriter& out, const SequenceParameters& sequence);

struct SliceHeader {
    NalUnitType nal_type = NalUnitType::kIdrNLp;
    SliceType slice_type = SliceType::kI;
    int poc = 0;
    // slice_segment_address: the raster address of the slice's first CTU (0: the first slice
    // of the picture, first_slice_segment_in_pic_flag = 1).
    int segment_address = 0;
    int slice_qp = 26;
    // num_ref_idx_lX_active (short-term used pictures plus the long-term one in list 0).
    int ref_count[2] = {0, 0};
    int max_merge_candidates = 5;
    bool output = true;            // pic_output_flag
    bool collocated_from_l0 = true;  // B slices: the collocated picture is RefPicList0[0] (else RefPicList1[0])
    bool sao = true;  // slice_sao_luma_flag and slice_sao_chroma_flag (where the SPS enables SAO)
    // The short-term reference picture set: the kept pictures (any order; the writer
    // splits them into those before and after the current one) and whether the current
    // picture predicts from each. An intra picture lists them unused to keep them.
    int short_term_count = 0;
    int short_term_poc[16] = {};
    bool short_term_used[16] = {};
    // At most one long-term reference picture (an external reference).
    bool long_term = false;
    int long_term_poc = 0;
    bool long_term_used = true;
    // WPP: entry_point_offset_minus1[i] + 1, the bytes (emulation prevention included) of
    // every substream but the last; one substream per CTU row.
    std::span<const uint32_t> entry_point_offsets;
};

// Writes slice_segment_header() up to and including byte_alignment().
void write_slice_header(BitWriter& out, const SequenceParameters& sequence, const SliceHeader& header);

}  // namespace tc
