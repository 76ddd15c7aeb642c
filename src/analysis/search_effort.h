// How much of the rate-distortion search the analysis does: the knobs that the presets
// (encoder/presets.h) set. The defaults are the full search (preset medium).
#pragma once

namespace tc {

struct SearchEffort {
    int max_cu_log2 = 6;  // largest CU tried; larger blocks are split without trying them whole
    int min_cu_log2 = 3;  // smallest CU inside the picture (3: 8x8 CUs and 4x4 intra partitions)
    int subpel_steps =
        2;  // fractional motion refinement: 0 none, 1 half samples, 2 half and quarter
    // With subpel_steps 2: the quarter-sample step only where the half-sample step moved the
    // vector off the full sample it started from.
    bool quarter_after_half = false;
    // The fractional vector fitted instead of searched step by step: from the SATD of the four
    // full-sample neighbours of the integer search's result, one V-shaped (equiangular) line
    // per axis gives the fractional offset, and only that vector (with each axis's part alone)
    // is interpolated and costed: at most 3 interpolations instead of 5 to 10.
    bool subpel_fit = false;
    // Inter CUs: code both the best merge candidate and the searched vector and keep the cheaper
    // (true), or code only the one whose prediction SATD is lower (false).
    bool full_rd_inter = true;
    // Code the best merge candidate before any motion search; when it needs no residual (a
    // skipped CU) the search of this CU ends there.
    bool early_skip = false;
    // Inter pictures: no split of a CU whose best inter coding needs no residual.
    bool recursion_skip = false;
    // Inter pictures: CUs larger than this are tried whole only as a skipped merge CU (its
    // residual quantises to zero); otherwise they split without a motion search of their own.
    int max_search_cu_log2 = 6;
    // The largest CU coded as intra (in intra pictures, intra-refresh columns and as intra in
    // inter pictures); larger intra CUs split. CUs of min_cu_log2 are always tried.
    int max_intra_cu_log2 = 6;
    // Pictures of more than 1920x1088 samples take max_search_cu_log2 and max_intra_cu_log2 one
    // size up (the presets that lower them; setting either knob turns this off).
    bool scale_cu_limits = false;
    // The residual rate of the decisions estimated from the levels instead of counted bin by bin.
    bool estimate_residual_rate = false;
    // SAO in pictures that no other picture predicts from (the top pyramid level of B
    // pictures); off, their slices carry no SAO and skip its statistics, decisions and filter.
    bool sao_non_reference = true;
    // SAO band offsets among the candidates (their statistics counted); off, luma and chroma
    // take edge offsets or none.
    bool sao_band_offsets = true;
    bool intra_in_inter = true;  // try intra CUs in inter pictures where a SATD estimate says so
    bool fast_intra = false;     // that estimate from planar, DC, horizontal and vertical only
    bool chroma_mode_search =
        true;  // all five chroma modes by rate-distortion, else the luma mode only
    // How many luma modes survive the SATD pre-selection into full RD, by log2 size 2..6
    // (the first most probable mode is always added).
    int intra_rd_candidates[7] = {0, 0, 3, 3, 2, 2, 2};
};

}  // namespace tc
