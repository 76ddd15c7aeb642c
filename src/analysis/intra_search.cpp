#include "analysis/intra_search.h"

#include <algorithm>
#include <array>

#include "analysis/rd_cost.h"
#include "analysis/transform_block_coder.h"
#include "bitstream/cabac_bit_counter.h"
#include "bitstream/residual_coding.h"
#include "predict/intra_mode_candidates.h"
#include "predict/intra_predict.h"
#include "predict/intra_references.h"

namespace tc {

namespace {

// The reference samples of one transform block, unfiltered and (luma) filtered.
struct BlockReferences {
    IntraReferences plain, filtered;

    void gather(const AnalysisFrame& frame, int component, int x, int y, int log2_size) {
        const Plane& plane = frame.reconstruction->planes[component];
        // At the top of a CTU row the line above comes from the kept unfiltered lines.
        const int ctu_lines = kCtuSize >> (component == 0 ? 0 : 1);
        const uint8_t* above = frame.ctu_row_bottoms != nullptr && y > 0 && y % ctu_lines == 0
                                   ? (*frame.ctu_row_bottoms)[static_cast<size_t>(component)].row(y / ctu_lines - 1)
                                   : nullptr;
        gather_intra_references(plane.data(), plane.stride(), plane.width(), plane.height(), x, y,
                                1 << log2_size, component == 0 ? 0 : 1, *frame.availability, plain,
                                frame.constrained_intra_pred ? frame.blocks : nullptr, above);
        if (component == 0 && log2_size > 2) {
            filter_intra_references(plain, log2_size, frame.strong_intra_smoothing, filtered);
        }
    }
    // Predicts the block with `mode` into `prediction` (stride 32).
    void predict(const PixelKernels& kernels, int component, int log2_size, int mode, uint8_t* prediction) const {
        const bool use_filtered = component == 0 && intra_filter_applies(log2_size, mode);
        predict_intra(kernels, use_filtered ? filtered : plain, log2_size, mode, component == 0, prediction, 32);
    }
};

}  // namespace

double IntraSearch::mode_bits(int mode, const std::array<int, 3>& most_probable) const {
    if (mode == most_probable[0]) return 2.0;
    if (mode == most_probable[1] || mode == most_probable[2]) return 3.0;
    return 6.0;
}

ComponentResult IntraSearch::code_component(int component, int x, int y, int size, int tb_log2, int mode,
                                            const CabacContexts* rate_contexts, int16_t* levels) {
    ComponentResult result;
    const Plane& source = frame_.source->planes[component];
    Plane& reconstruction = frame_.reconstruction->planes[component];
    const int tb_size = 1 << tb_log2;
    const int blocks_per_side = size / tb_size;
    CabacContexts contexts;
    CabacBitCounter counter;
    if (rate_contexts != nullptr) contexts = *rate_contexts;
    alignas(64) uint8_t prediction[32 * 32];
    for (int i = 0; i < blocks_per_side * blocks_per_side; i++) {
        const int tx = x + (i & 1) * tb_size, ty = y + (i >> 1) * tb_size;
        BlockReferences references;
        references.gather(frame_, component, tx, ty, tb_log2);
        references.predict(*frame_.kernels, component, tb_log2, mode, prediction);
        TransformBlockInput input;
        input.source = source.at(tx, ty);
        input.source_stride = source.stride();
        input.prediction = prediction;
        input.prediction_stride = 32;
        input.log2_size = tb_log2;
        input.use_dst = component == 0 && tb_log2 == 2;
        input.qp = component == 0 ? frame_.qp : frame_.chroma_qp;
        input.intra = true;
        input.scan_idx = intra_scan_idx(tb_log2, component, mode);
        input.sign_data_hiding = frame_.syntax.sign_data_hiding;
        int16_t* block_levels = levels + i * tb_size * tb_size;
        const bool nonzero = code_transform_block(*frame_.kernels, input, block_levels,
                                                  reconstruction.at(tx, ty), reconstruction.stride());
        result.sse += frame_.kernels->sse(source.at(tx, ty), source.stride(), reconstruction.at(tx, ty),
                                          reconstruction.stride(), tb_size, tb_size);
        if (nonzero) result.cbf_mask |= static_cast<uint8_t>(1 << i);
        if (rate_contexts != nullptr) {
            ContextModel& cbf_context = component == 0 ? contexts.cbf_luma[1] : contexts.cbf_chroma[0];
            counter.encode_bin(cbf_context, nonzero ? 1 : 0);
            if (nonzero) {
                ResidualBlock block{block_levels, tb_log2, component, input.scan_idx,
                                    frame_.syntax.sign_data_hiding};
                if (frame_.effort.estimate_residual_rate) {
                    counter.add_fractional_bits(frame_.kernels->estimate_residual_rate(block_levels, tb_log2));
                } else {
                    write_residual_coding(counter, contexts, block);
                }
            }
        }
    }
    result.rate = counter.fractional_bits();
    return result;
}

int IntraSearch::search_luma_mode(int x, int y, int log2_size, int tb_log2, const CabacContexts& contexts,
                                  std::span<const int> extra_candidates) {
    const int size = 1 << log2_size;
    const auto most_probable = derive_most_probable_modes(*frame_.blocks, x, y);
    std::array<int, kIntraModeCount> candidates{};
    int candidate_count = 0;
    auto add_candidate = [&](int mode) {
        if (std::find(candidates.begin(), candidates.begin() + candidate_count, mode) ==
            candidates.begin() + candidate_count) {
            candidates[candidate_count++] = mode;
        }
    };

    if (log2_size == tb_log2) {
        // SATD pre-selection, coarse to fine: planar, DC and every fourth angular mode,
        // then the neighbours (+-2, then +-1) of the best angular ones.
        const Plane& source = frame_.source->planes[0];
        alignas(64) uint8_t prediction[32 * 32];
        BlockReferences references;
        references.gather(frame_, 0, x, y, log2_size);
        std::array<double, kIntraModeCount> satd_cost;
        satd_cost.fill(-1.0);
        auto evaluate = [&](int mode) {
            if (mode < 0 || mode >= kIntraModeCount || satd_cost[mode] >= 0) return;
            references.predict(*frame_.kernels, 0, log2_size, mode, prediction);
            const uint32_t satd = frame_.kernels->satd(source.at(x, y), source.stride(), prediction, 32, size, size);
            satd_cost[mode] = satd + frame_.sqrt_lambda * mode_bits(mode, most_probable);
        };
        auto best_angular = [&](int count, std::array<int, 3>& out) {
            std::array<std::pair<double, int>, kIntraModeCount> ranked;
            int n = 0;
            for (int mode = 2; mode < kIntraModeCount; mode++) {
                if (satd_cost[mode] >= 0) ranked[n++] = {satd_cost[mode], mode};
            }
            count = std::min(count, n);
            std::partial_sort(ranked.begin(), ranked.begin() + count, ranked.begin() + n);
            for (int i = 0; i < count; i++) out[i] = ranked[i].second;
            return count;
        };
        evaluate(kIntraPlanar);
        evaluate(kIntraDc);
        for (int mode = 2; mode < kIntraModeCount; mode += 4) evaluate(mode);
        for (int step : {2, 1}) {
            std::array<int, 3> best{};
            const int n = best_angular(2, best);
            for (int i = 0; i < n; i++) {
                evaluate(std::max(2, best[i] - step));
                evaluate(best[i] + step);
            }
        }
        std::array<std::pair<double, int>, kIntraModeCount> ranked;
        int evaluated = 0;
        for (int mode = 0; mode < kIntraModeCount; mode++) {
            if (satd_cost[mode] >= 0) ranked[evaluated++] = {satd_cost[mode], mode};
        }
        const int keep = std::min(frame_.effort.intra_rd_candidates[log2_size], evaluated);
        std::partial_sort(ranked.begin(), ranked.begin() + keep, ranked.begin() + evaluated);
        for (int i = 0; i < keep; i++) add_candidate(ranked[i].second);
        // The first most probable mode is cheap to signal: always give it a full check.
        add_candidate(most_probable[0]);
    } else {
        add_candidate(kIntraPlanar);
        add_candidate(kIntraDc);
    }
    if (log2_size != tb_log2) {
        for (int mode : most_probable) add_candidate(mode);
    }
    // The children's modes (split-first search): not for a single RD candidate (fast presets).
    if (frame_.effort.intra_rd_candidates[log2_size] > 1) {
        for (int mode : extra_candidates) add_candidate(mode);
    }

    int best_mode = candidates[0];
    double best_cost = 0;
    for (int i = 0; i < candidate_count; i++) {
        const int mode = candidates[i];
        const ComponentResult r = code_component(0, x, y, size, tb_log2, mode, &contexts, scratch_levels_);
        const double cost = static_cast<double>(r.sse) +
                            frame_.lambda * (fractional_to_bits(r.rate) + mode_bits(mode, most_probable));
        if (i == 0 || cost < best_cost) {
            best_cost = cost;
            best_mode = mode;
            best_luma_ = r;
            // A later candidate overwrites the reconstruction and the levels: keep the best's.
            if (i + 1 < candidate_count) keep_luma(x, y, size, true);
        }
    }
    // Leave the winner's coding in place, for take_best_luma.
    if (best_mode != candidates[candidate_count - 1]) keep_luma(x, y, size, false);
    return best_mode;
}

void IntraSearch::keep_luma(int x, int y, int size, bool save) {
    Plane& plane = frame_.reconstruction->planes[0];
    for (int row = 0; row < size; row++) {
        uint8_t* picture_row = plane.at(x, y + row);
        uint8_t* kept_row = kept_reconstruction_ + row * size;
        if (save) {
            std::copy(picture_row, picture_row + size, kept_row);
        } else {
            std::copy(kept_row, kept_row + size, picture_row);
        }
    }
    if (save) {
        std::copy(scratch_levels_, scratch_levels_ + size * size, kept_levels_);
    } else {
        std::copy(kept_levels_, kept_levels_ + size * size, scratch_levels_);
    }
}

ComponentResult IntraSearch::take_best_luma(int16_t* levels, int size) const {
    std::copy(scratch_levels_, scratch_levels_ + size * size, levels);
    ComponentResult result = best_luma_;
    result.rate = 0;  // as code_component without rate contexts
    return result;
}

double IntraSearch::estimate_luma_cost(int x, int y, int log2_size) {
    const int size = 1 << log2_size;
    const auto most_probable = derive_most_probable_modes(*frame_.blocks, x, y);
    const Plane& source = frame_.source->planes[0];
    alignas(64) uint8_t prediction[32 * 32];
    BlockReferences references;
    references.gather(frame_, 0, x, y, log2_size);
    double best = 0;
    bool first = true;
    auto evaluate = [&](int mode) {
        references.predict(*frame_.kernels, 0, log2_size, mode, prediction);
        const double cost = frame_.kernels->satd(source.at(x, y), source.stride(), prediction, 32, size, size) +
                            frame_.sqrt_lambda * mode_bits(mode, most_probable);
        if (first || cost < best) best = cost;
        first = false;
    };
    evaluate(kIntraPlanar);
    evaluate(kIntraDc);
    if (frame_.effort.fast_intra) {
        evaluate(kIntraHorizontal);
        evaluate(kIntraVertical);
    } else {
        for (int mode = 2; mode < kIntraModeCount; mode += 4) evaluate(mode);
    }
    return best;
}

int IntraSearch::search_chroma_mode(int x, int y, int size, int tb_log2, int luma_mode,
                                    const CabacContexts& contexts) {
    static constexpr int kSyntaxOrder[5] = {4, 0, 1, 2, 3};
    int best_syntax = 4;
    double best_cost = 0;
    for (int i = 0; i < 5; i++) {
        const int syntax = kSyntaxOrder[i];
        const int mode = chroma_mode_from_syntax(syntax, luma_mode);
        const ComponentResult cb = code_component(1, x, y, size, tb_log2, mode, &contexts, scratch_levels_);
        const ComponentResult cr = code_component(2, x, y, size, tb_log2, mode, &contexts, scratch_levels_);
        const double bits = fractional_to_bits(cb.rate + cr.rate) + (syntax == 4 ? 1.0 : 3.0);
        const double cost = frame_.chroma_weight * static_cast<double>(cb.sse + cr.sse) + frame_.lambda * bits;
        if (i == 0 || cost < best_cost) {
            best_cost = cost;
            best_syntax = syntax;
        }
    }
    return best_syntax;
}

}  // namespace tc
