#include "bitstream/parameter_sets.h"

#include <algorithm>
#include <bit>
#include <cstdlib>

namespace tc {

namespace {

// profile_tier_level(1, 0) of 7.3.3: Main profile, Main tier, no sub-layers.
void write_profile_tier_level(BitWriter& out, const SequenceParameters& sequence) {
    out.put_bits(0, 2);  // general_profile_space
    out.put_flag(false);  // general_tier_flag: Main tier
    out.put_bits(1, 5);  // general_profile_idc: Main
    // general_profile_compatibility_flag[j]: Main (1) and Main 10 (2), which Main streams also satisfy.
    for (int j = 0; j < 32; j++) out.put_flag(j == 1 || j == 2);
    out.put_flag(true);   // general_progressive_source_flag
    out.put_flag(false);  // general_interlaced_source_flag
    out.put_flag(false);  // general_non_packed_constraint_flag
    out.put_flag(true);   // general_frame_only_constraint_flag
    out.put_bits(0, 32);  // general_reserved_zero_43bits (first 32)
    out.put_bits(0, 11);  // general_reserved_zero_43bits (last 11)
    out.put_flag(false);  // general_inbld_flag / reserved
    out.put_bits(static_cast<uint32_t>(sequence.level_idc), 8);
}

}  // namespace

void write_vps(BitWriter& out, const SequenceParameters& sequence) {
    out.put_bits(0, 4);       // vps_video_parameter_set_id
    out.put_flag(true);       // vps_base_layer_internal_flag
    out.put_flag(true);       // vps_base_layer_available_flag
    out.put_bits(0, 6);       // vps_max_layers_minus1
    out.put_bits(0, 3);       // vps_max_sub_layers_minus1
    out.put_flag(true);       // vps_temporal_id_nesting_flag
    out.put_bits(0xffff, 16);  // vps_reserved_0xffff_16bits
    write_profile_tier_level(out, sequence);
    out.put_flag(true);  // vps_sub_layer_ordering_info_present_flag
    out.put_ue(static_cast<uint32_t>(sequence.max_dec_pic_buffering - 1));
    out.put_ue(static_cast<uint32_t>(sequence.max_num_reorder));
    out.put_ue(0);        // vps_max_latency_increase_plus1
    out.put_bits(0, 6);   // vps_max_layer_id
    out.put_ue(0);        // vps_num_layer_sets_minus1
    out.put_flag(false);  // vps_timing_info_present_flag (the SPS VUI carries timing)
    out.put_flag(false);  // vps_extension_flag
    out.put_trailing_bits();
}

void write_sps(BitWriter& out, const SequenceParameters& sequence) {
    out.put_bits(0, 4);   // sps_video_parameter_set_id
    out.put_bits(0, 3);   // sps_max_sub_layers_minus1
    out.put_flag(true);   // sps_temporal_id_nesting_flag
    write_profile_tier_level(out, sequence);
    out.put_ue(0);  // sps_seq_parameter_set_id
    out.put_ue(1);  // chroma_format_idc: 4:2:0
    out.put_ue(static_cast<uint32_t>(sequence.coded_width));
    out.put_ue(static_cast<uint32_t>(sequence.coded_height));
    const int crop_right = sequence.coded_width - sequence.output_width;
    const int crop_bottom = sequence.coded_height - sequence.output_height;
    const bool cropped = crop_right != 0 || crop_bottom != 0;
    out.put_flag(cropped);  // conformance_window_flag
    if (cropped) {
        // Offsets in chroma sample units (SubWidthC = SubHeightC = 2).
        out.put_ue(0);
        out.put_ue(static_cast<uint32_t>(crop_right / 2));
        out.put_ue(0);
        out.put_ue(static_cast<uint32_t>(crop_bottom / 2));
    }
    out.put_ue(0);  // bit_depth_luma_minus8
    out.put_ue(0);  // bit_depth_chroma_minus8
    out.put_ue(static_cast<uint32_t>(sequence.log2_max_poc_lsb - 4));
    out.put_flag(true);  // sps_sub_layer_ordering_info_present_flag
    out.put_ue(static_cast<uint32_t>(sequence.max_dec_pic_buffering - 1));
    out.put_ue(static_cast<uint32_t>(sequence.max_num_reorder));
    out.put_ue(0);  // sps_max_latency_increase_plus1
    out.put_ue(kLog2MinCuSize - 3);              // log2_min_luma_coding_block_size_minus3
    out.put_ue(kLog2CtuSize - kLog2MinCuSize);   // log2_diff_max_min_luma_coding_block_size
    out.put_ue(kLog2MinTbSize - 2);              // log2_min_luma_transform_block_size_minus2
    out.put_ue(kLog2MaxTbSize - kLog2MinTbSize);  // log2_diff_max_min_luma_transform_block_size
    out.put_ue(static_cast<uint32_t>(sequence.max_transform_depth_inter));
    out.put_ue(static_cast<uint32_t>(sequence.max_transform_depth_intra));
    out.put_flag(false);  // scaling_list_enabled_flag
    out.put_flag(false);  // amp_enabled_flag
    out.put_flag(sequence.sample_adaptive_offset);
    out.put_flag(false);  // pcm_enabled_flag
    out.put_ue(0);        // num_short_term_ref_pic_sets
    out.put_flag(sequence.long_term_references);  // long_term_ref_pics_present_flag
    if (sequence.long_term_references) out.put_ue(0);  // num_long_term_ref_pics_sps
    out.put_flag(sequence.temporal_mvp);  // sps_temporal_mvp_enabled_flag
    out.put_flag(sequence.strong_intra_smoothing);
    out.put_flag(true);  // vui_parameters_present_flag
    // vui_parameters() (E.2.1)
    out.put_flag(false);  // aspect_ratio_info_present_flag
    out.put_flag(false);  // overscan_info_present_flag
    out.put_flag(true);   // video_signal_type_present_flag
    out.put_bits(5, 3);   // video_format: unspecified
    out.put_flag(sequence.full_range);  // video_full_range_flag
    out.put_flag(false);  // colour_description_present_flag
    out.put_flag(false);  // chroma_loc_info_present_flag
    out.put_flag(false);  // neutral_chroma_indication_flag
    out.put_flag(false);  // field_seq_flag
    out.put_flag(false);  // frame_field_info_present_flag
    out.put_flag(false);  // default_display_window_flag
    out.put_flag(true);   // vui_timing_info_present_flag
    out.put_bits(1, 32);  // vui_num_units_in_tick
    out.put_bits(static_cast<uint32_t>(sequence.fps), 32);  // vui_time_scale
    out.put_flag(false);  // vui_poc_proportional_to_timing_flag
    out.put_flag(false);  // vui_hrd_parameters_present_flag
    out.put_flag(false);  // bitstream_restriction_flag
    out.put_flag(false);  // sps_extension_present_flag
    out.put_trailing_bits();
}

void write_pps(BitWriter& out, const SequenceParameters& sequence) {
    out.put_ue(0);        // pps_pic_parameter_set_id
    out.put_ue(0);        // pps_seq_parameter_set_id
    out.put_flag(false);  // dependent_slice_segments_enabled_flag
    out.put_flag(sequence.output_flag_present);  // output_flag_present_flag
    out.put_bits(0, 3);   // num_extra_slice_header_bits
    out.put_flag(sequence.sign_data_hiding);
    out.put_flag(false);  // cabac_init_present_flag
    out.put_ue(0);        // num_ref_idx_l0_default_active_minus1
    out.put_ue(0);        // num_ref_idx_l1_default_active_minus1
    out.put_se(sequence.init_qp - 26);  // init_qp_minus26
    out.put_flag(sequence.constrained_intra_pred);  // constrained_intra_pred_flag
    out.put_flag(false);  // transform_skip_enabled_flag
    out.put_flag(false);  // cu_qp_delta_enabled_flag
    out.put_se(0);        // pps_cb_qp_offset
    out.put_se(0);        // pps_cr_qp_offset
    out.put_flag(false);  // pps_slice_chroma_qp_offsets_present_flag
    out.put_flag(false);  // weighted_pred_flag
    out.put_flag(false);  // weighted_bipred_flag
    out.put_flag(false);  // transquant_bypass_enabled_flag
    out.put_flag(false);  // tiles_enabled_flag
    out.put_flag(sequence.entropy_coding_sync);  // entropy_coding_sync_enabled_flag
    // pps_loop_filter_across_slices_enabled_flag: neither deblocking nor SAO crosses a slice
    // boundary (x265 does the same; ffmpeg 5.1's slice-threaded WPP decoding mis-decodes SAO
    // across slices).
    out.put_flag(false);
    out.put_flag(true);   // deblocking_filter_control_present_flag
    out.put_flag(false);  // deblocking_filter_override_enabled_flag
    out.put_flag(!sequence.deblocking);  // pps_deblocking_filter_disabled_flag
    if (sequence.deblocking) {
        out.put_se(0);  // pps_beta_offset_div2
        out.put_se(0);  // pps_tc_offset_div2
    }
    out.put_flag(false);  // pps_scaling_list_data_present_flag
    out.put_flag(false);  // lists_modification_present_flag
    out.put_ue(0);        // log2_parallel_merge_level_minus2
    out.put_flag(false);  // slice_segment_header_extension_present_flag
    out.put_flag(false);  // pps_extension_present_flag
    out.put_trailing_bits();
}

void write_slice_header(BitWriter& out, const SequenceParameters& sequence, const SliceHeader& header) {
    const bool irap = static_cast<int>(header.nal_type) >= static_cast<int>(NalUnitType::kBlaWLp) &&
                      static_cast<int>(header.nal_type) <= 23;
    const bool idr = header.nal_type == NalUnitType::kIdrWRadl || header.nal_type == NalUnitType::kIdrNLp;
    out.put_flag(header.segment_address == 0);  // first_slice_segment_in_pic_flag
    if (irap) out.put_flag(false);  // no_output_of_prior_pics_flag
    out.put_ue(0);                  // slice_pic_parameter_set_id
    if (header.segment_address != 0) {
        // dependent_slice_segments_enabled_flag is 0. slice_segment_address: Ceil(Log2(PicSizeInCtbsY)) bits.
        const uint32_t ctus = static_cast<uint32_t>(((sequence.coded_width + kCtuSize - 1) >> kLog2CtuSize) *
                                                    ((sequence.coded_height + kCtuSize - 1) >> kLog2CtuSize));
        out.put_bits(static_cast<uint32_t>(header.segment_address), static_cast<int>(std::bit_width(ctus - 1)));
    }
    out.put_ue(static_cast<uint32_t>(header.slice_type));
    if (sequence.output_flag_present) out.put_flag(header.output);  // pic_output_flag
    if (!idr) {
        out.put_bits(static_cast<uint32_t>(header.poc & ((1 << sequence.log2_max_poc_lsb) - 1)),
                     sequence.log2_max_poc_lsb);
        // short_term_ref_pic_set_sps_flag = 0, then st_ref_pic_set(0) (7.3.7): the kept
        // short-term pictures before the current one (closest first), then those after it.
        out.put_flag(false);
        int negative[16], positive[16];
        int negative_count = 0, positive_count = 0;
        for (int i = 0; i < header.short_term_count; i++) {
            if (header.short_term_poc[i] < header.poc) negative[negative_count++] = i;
            if (header.short_term_poc[i] > header.poc) positive[positive_count++] = i;
        }
        auto by_distance = [&](int a, int b) {
            return std::abs(header.short_term_poc[a] - header.poc) < std::abs(header.short_term_poc[b] - header.poc);
        };
        std::sort(negative, negative + negative_count, by_distance);
        std::sort(positive, positive + positive_count, by_distance);
        out.put_ue(static_cast<uint32_t>(negative_count));  // num_negative_pics
        out.put_ue(static_cast<uint32_t>(positive_count));  // num_positive_pics
        int previous_poc = header.poc;
        for (int k = 0; k < negative_count; k++) {
            const int i = negative[k];
            out.put_ue(static_cast<uint32_t>(previous_poc - header.short_term_poc[i] - 1));  // delta_poc_s0_minus1
            out.put_flag(header.short_term_used[i]);  // used_by_curr_pic_s0_flag
            previous_poc = header.short_term_poc[i];
        }
        previous_poc = header.poc;
        for (int k = 0; k < positive_count; k++) {
            const int i = positive[k];
            out.put_ue(static_cast<uint32_t>(header.short_term_poc[i] - previous_poc - 1));  // delta_poc_s1_minus1
            out.put_flag(header.short_term_used[i]);  // used_by_curr_pic_s1_flag
            previous_poc = header.short_term_poc[i];
        }
        if (sequence.long_term_references) {
            out.put_ue(header.long_term ? 1 : 0);  // num_long_term_pics
            if (header.long_term) {
                const int max_lsb = 1 << sequence.log2_max_poc_lsb;
                out.put_bits(static_cast<uint32_t>(header.long_term_poc & (max_lsb - 1)),
                             sequence.log2_max_poc_lsb);  // poc_lsb_lt
                out.put_flag(header.long_term_used);      // used_by_curr_pic_lt_flag
                // Always give the MSB cycle, so that no other picture's LSBs can be confused with it.
                out.put_flag(true);  // delta_poc_msb_present_flag
                const int cycle = (header.poc / max_lsb) - (header.long_term_poc / max_lsb);
                out.put_ue(static_cast<uint32_t>(cycle));  // delta_poc_msb_cycle_lt
            }
        }
        // slice_temporal_mvp_enabled_flag: always 1, also for intra pictures, so that later
        // pictures may still take collocated motion from pictures before them (7.4.7.1).
        if (sequence.temporal_mvp) out.put_flag(true);
    }
    if (sequence.sample_adaptive_offset) {
        out.put_flag(header.sao);  // slice_sao_luma_flag
        out.put_flag(header.sao);  // slice_sao_chroma_flag
    }
    if (header.slice_type != SliceType::kI) {
        const bool b_slice = header.slice_type == SliceType::kB;
        out.put_flag(true);  // num_ref_idx_active_override_flag
        out.put_ue(static_cast<uint32_t>(header.ref_count[0] - 1));  // num_ref_idx_l0_active_minus1
        if (b_slice) out.put_ue(static_cast<uint32_t>(header.ref_count[1] - 1));  // num_ref_idx_l1_active_minus1
        // lists_modification_present_flag and cabac_init_present_flag are 0.
        if (b_slice) out.put_flag(false);  // mvd_l1_zero_flag
        // The collocated picture is entry 0 of list 1 in B slices, of list 0 in P slices.
        if (sequence.temporal_mvp) {
            const int collocated_list = b_slice && !header.collocated_from_l0 ? 1 : 0;
            if (b_slice) out.put_flag(collocated_list == 0);  // collocated_from_l0_flag
            if (header.ref_count[collocated_list] > 1) out.put_ue(0);  // collocated_ref_idx
        }
        // Weighted prediction is off.
        out.put_ue(static_cast<uint32_t>(5 - header.max_merge_candidates));  // five_minus_max_num_merge_cand
    }
    out.put_se(header.slice_qp - sequence.init_qp);  // slice_qp_delta
    // pps_loop_filter_across_slices_enabled_flag is 0: no slice_loop_filter_across_slices flag.
    if (sequence.entropy_coding_sync) {
        const auto count = static_cast<uint32_t>(header.entry_point_offsets.size());
        out.put_ue(count);  // num_entry_point_offsets
        if (count > 0) {
            uint32_t largest = 1;
            for (const uint32_t offset : header.entry_point_offsets) largest = std::max(largest, offset - 1);
            const int length = static_cast<int>(std::bit_width(largest));
            out.put_ue(static_cast<uint32_t>(length - 1));  // offset_len_minus1
            for (const uint32_t offset : header.entry_point_offsets) {
                out.put_bits(offset - 1, length);  // entry_point_offset_minus1[i]
            }
        }
    }
    out.put_flag(true);  // byte_alignment(): alignment_bit_equal_to_one
    out.put_alignment_zeros();
}

}  // namespace tc
