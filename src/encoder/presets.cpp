#include "encoder/presets.h"

#include <array>

namespace tc {

namespace {

struct PresetRow {
    std::string_view name;
    SearchEffort effort;
    int refs;
    bool rect;
    bool sao;
    int max_merge;   // MaxNumMergeCand: 3 in superfast, 2 in ultrafast (each candidate is a
                     // prediction and a SATD per block; 5 -> 3: -6 % instructions, 0.2-1.3 BD
                     // points; 3 -> 2: 1-3 % faster for 0.2-0.9, docs/BENCHMARKS.md)
    int sign_hide;   // off in ultrafast only, as x265 ultrafast: 1-5 % faster for 1.7-3.1 BD points;
                     // -1 there: on where the GPU codes the P pictures, at no measurable cost
                     // (2.1-4.2 BD points of the GPU mode, docs/BENCHMARKS.md)
    bool b_adapt;    // off in ultrafast only, as x265 ultrafast (b-adapt 0): always the full
                     // mini-GOP; bikes 3 % faster and 0.5-0.6 BD points better, driving_pan
                     // within 0.03, five other clips unchanged (docs/BENCHMARKS.md)
};

// Fastest first. medium is the default (SearchEffort's defaults).
constexpr std::array<PresetRow, 7> kPresets = {{
    // ultrafast: SAO without band offsets and the quarter-sample step only after a half-sample
    // move: two threads 4-5 % faster for 0.7-1.8 BD points (docs/BENCHMARKS.md, twentieth session);
    // the fractional vector fitted, not searched: 6-7 % faster for 0.1-0.8 (twenty-second).
    {"ultrafast",
     {.max_cu_log2 = 5,
      .min_cu_log2 = 4,
      .subpel_steps = 2,
      .quarter_after_half = true,
      .subpel_fit = true,
      .full_rd_inter = false,
      .early_skip = true,
      .recursion_skip = true,
      .max_search_cu_log2 = 4,
      .max_intra_cu_log2 = 4,
      .scale_cu_limits = true,
      .estimate_residual_rate = true,
      .sao_non_reference = false,
      .sao_band_offsets = false,
      .intra_in_inter = false,
      .fast_intra = true,
      .chroma_mode_search = false,
      .intra_rd_candidates = {0, 0, 1, 1, 1, 1, 1}},
     /*refs=*/1,
     /*rect=*/false,
     /*sao=*/true,
     /*max_merge=*/2,
     /*sign_hide=*/-1,
     /*b_adapt=*/false},
    {"superfast",
     {.max_cu_log2 = 5,
      .min_cu_log2 = 3,
      .subpel_steps = 2,
      .full_rd_inter = false,
      .early_skip = true,
      .recursion_skip = true,
      .max_search_cu_log2 = 5,
      .max_intra_cu_log2 = 4,
      .scale_cu_limits = true,
      .estimate_residual_rate = true,
      .sao_non_reference = false,
      .intra_in_inter = true,
      .fast_intra = true,
      .chroma_mode_search = false,
      .intra_rd_candidates = {0, 0, 1, 1, 1, 1, 1}},
     /*refs=*/1,
     /*rect=*/false,
     /*sao=*/true,
     /*max_merge=*/3,
     /*sign_hide=*/1,
     /*b_adapt=*/true},
    {"veryfast",
     {.max_cu_log2 = 6,
      .min_cu_log2 = 3,
      .subpel_steps = 2,
      .full_rd_inter = false,
      .early_skip = true,
      .recursion_skip = true,
      .estimate_residual_rate = false,
      .intra_in_inter = true,
      .fast_intra = true,
      .chroma_mode_search = false,
      .intra_rd_candidates = {0, 0, 2, 2, 1, 1, 1}},
     /*refs=*/1,
     /*rect=*/false,
     /*sao=*/true,
     /*max_merge=*/5,
     /*sign_hide=*/1,
     /*b_adapt=*/true},
    {"faster",
     {.max_cu_log2 = 6,
      .min_cu_log2 = 3,
      .subpel_steps = 2,
      .full_rd_inter = false,
      .early_skip = true,
      .recursion_skip = false,
      .estimate_residual_rate = false,
      .intra_in_inter = true,
      .fast_intra = false,
      .chroma_mode_search = true,
      .intra_rd_candidates = {0, 0, 2, 2, 2, 1, 1}},
     /*refs=*/1,
     /*rect=*/false,
     /*sao=*/true,
     /*max_merge=*/5,
     /*sign_hide=*/1,
     /*b_adapt=*/true},
    {"fast",
     {.max_cu_log2 = 6,
      .min_cu_log2 = 3,
      .subpel_steps = 2,
      .full_rd_inter = false,
      .early_skip = true,
      .recursion_skip = false,
      .estimate_residual_rate = false,
      .intra_in_inter = true,
      .fast_intra = false,
      .chroma_mode_search = true,
      .intra_rd_candidates = {0, 0, 3, 3, 2, 2, 2}},
     /*refs=*/1,
     /*rect=*/true,
     /*sao=*/true,
     /*max_merge=*/5,
     /*sign_hide=*/1,
     /*b_adapt=*/true},
    {"medium",
     {.max_cu_log2 = 6,
      .min_cu_log2 = 3,
      .subpel_steps = 2,
      .full_rd_inter = true,
      .early_skip = false,
      .recursion_skip = false,
      .estimate_residual_rate = false,
      .intra_in_inter = true,
      .fast_intra = false,
      .chroma_mode_search = true,
      .intra_rd_candidates = {0, 0, 3, 3, 2, 2, 2}},
     /*refs=*/1,
     /*rect=*/true,
     /*sao=*/true,
     /*max_merge=*/5,
     /*sign_hide=*/1,
     /*b_adapt=*/true},
    {"slow",
     {.max_cu_log2 = 6,
      .min_cu_log2 = 3,
      .subpel_steps = 2,
      .full_rd_inter = true,
      .early_skip = false,
      .recursion_skip = false,
      .estimate_residual_rate = false,
      .intra_in_inter = true,
      .fast_intra = false,
      .chroma_mode_search = true,
      .intra_rd_candidates = {0, 0, 4, 4, 3, 3, 3}},
     /*refs=*/2,
     /*rect=*/true,
     /*sao=*/true,
     /*max_merge=*/5,
     /*sign_hide=*/1,
     /*b_adapt=*/true},
}};

}  // namespace

bool apply_preset(EncoderSettings& settings, std::string_view name, std::string& error) {
    for (const PresetRow& row : kPresets) {
        if (row.name != name) continue;
        settings.effort = row.effort;
        settings.refs = row.refs;
        settings.rect = row.rect;
        settings.sao = row.sao;
        settings.max_merge = row.max_merge;
        settings.sign_hide = row.sign_hide;
        settings.b_adapt = row.b_adapt;
        return true;
    }
    error = "setting 'preset': '";
    error.append(name).append("' is not one of");
    for (const PresetRow& row : kPresets) error.append(" ").append(row.name);
    return false;
}

}  // namespace tc
