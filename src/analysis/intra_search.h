// Intra mode decision for one coding unit: SATD pre-selection of luma modes, full
// rate-distortion checks of the survivors, then the chroma mode.
#pragma once
#include <cstdint>
#include <span>

#include "analysis/analysis_frame.h"
#include "bitstream/cabac_contexts.h"

namespace tc {

struct ComponentResult {
    uint64_t sse = 0;
    uint64_t rate = 0;     // fractional bits (1/32768) of cbf flags and residuals
    uint8_t cbf_mask = 0;  // bit i: transform block i has a non-zero level
};

class IntraSearch {
public:
    explicit IntraSearch(const AnalysisFrame& frame) : frame_(frame) {}

    // Codes one component of the square (x, y, size) (in that plane's samples) with
    // `mode` as transform blocks of 1 << tb_log2 in z-order, each predicted from the
    // reconstruction of the blocks before it. Writes the reconstruction and the blocks'
    // levels back to back into `levels`. Counts the rate when rate_contexts is given.
    ComponentResult code_component(int component, int x, int y, int size, int tb_log2, int mode,
                                   const CabacContexts* rate_contexts, int16_t* levels);

    // Best luma mode for the block at luma (x, y) of 1 << log2_size coded as transform
    // blocks of 1 << tb_log2. extra_candidates join the full RD check.
    int search_luma_mode(int x, int y, int log2_size, int tb_log2, const CabacContexts& contexts,
                         std::span<const int> extra_candidates);

    // After search_luma_mode, which leaves the best mode's reconstruction in the picture: that
    // coding's result, its levels (size * size values, transform blocks in z-order) copied to
    // `levels`; what code_component would give again for the same mode.
    ComponentResult take_best_luma(int16_t* levels, int size) const;

    // A cheap estimate of the best intra cost of the block (one transform block, log2 <= 5):
    // SATD + sqrt(lambda) * mode bits over planar, DC and every fourth angular mode.
    double estimate_luma_cost(int x, int y, int log2_size);

    // Best intra_chroma_pred_mode syntax value (0..4) for the chroma square (x, y, size).
    int search_chroma_mode(int x, int y, int size, int tb_log2, int luma_mode, const CabacContexts& contexts);

private:
    double mode_bits(int mode, const std::array<int, 3>& most_probable) const;
    // Saves the luma reconstruction and levels of the square (x, y, size) (save), or puts
    // them back: the best candidate's coding while later candidates are tried.
    void keep_luma(int x, int y, int size, bool save);

    const AnalysisFrame& frame_;
    alignas(64) int16_t scratch_levels_[64 * 64];
    // The best luma coding of the last search, and a copy of its reconstruction and levels
    // while later candidates are coded.
    ComponentResult best_luma_;
    alignas(64) uint8_t kept_reconstruction_[64 * 64];
    alignas(64) int16_t kept_levels_[64 * 64];
};

}  // namespace tc
