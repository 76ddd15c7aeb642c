#include "analysis/ctu_analyzer.h"

#include <cmath>
#include <cstring>

#include "accel/block_search_steps.h"
#include "analysis/rd_cost.h"
#include "analysis/transform_block_coder.h"
#include "bitstream/cabac_bit_counter.h"
#include "common/block_copy.h"
#include "motion/motion_search.h"
#include "predict/intra_mode_candidates.h"

namespace tc {

namespace {

CodingUnit coding_unit(int x, int y, int log2_size, PredMode pred_mode, PartMode part_mode) {
    CodingUnit cu;
    cu.x = static_cast<uint16_t>(x);
    cu.y = static_cast<uint16_t>(y);
    cu.log2_size = static_cast<uint8_t>(log2_size);
    cu.pred_mode = pred_mode;
    cu.part_mode = part_mode;
    return cu;
}

}  // namespace

CtuAnalyzer::CtuAnalyzer(const AnalysisFrame& frame) : frame_(frame), intra_(std::make_unique<IntraSearch>(frame)) {
    for (int i = 0; i < 8; i++) {
        const int depth = i & 3;
        const int size = kCtuSize >> depth;
        Snapshot& s = i < 4 ? snapshots_[depth] : alt_snapshots_[depth];
        s.cus.reserve(64);
        s.tus.reserve(256);
        s.levels.reserve(static_cast<size_t>(size) * size * 3 / 2);
        s.samples[0].resize(static_cast<size_t>(size) * size);
        s.samples[1].resize(static_cast<size_t>(size) * size / 4);
        s.samples[2].resize(static_cast<size_t>(size) * size / 4);
        s.blocks.resize(static_cast<size_t>(size / 4) * (size / 4));
    }
}

void CtuAnalyzer::analyze(int ctu_x, int ctu_y, CabacContexts& contexts, CtuDecision& record) {
    if (frame_.coded_by_accelerator()) {
        accelerated_.code(ctu_x, ctu_y, *frame_.accelerated_coding, record);
        return;
    }
    record.clear();
    interpolations_->clear();
    record.ctu_x = ctu_x;
    record.ctu_y = ctu_y;
    const bool refresh_column = ctu_x >= frame_.refresh_column_begin && ctu_x < frame_.refresh_column_end;
    if (frame_.syntax.slice_type == SliceType::kI || refresh_column) {
        search(ctu_x << kLog2CtuSize, ctu_y << kLog2CtuSize, kLog2CtuSize, 0, contexts, record);
    } else {
        search_inter_picture(ctu_x << kLog2CtuSize, ctu_y << kLog2CtuSize, kLog2CtuSize, 0, contexts, record);
    }
    if (frame_.ctu_row_bottoms != nullptr) keep_bottom_line(ctu_x, ctu_y);
}

void CtuAnalyzer::keep_bottom_line(int ctu_x, int ctu_y) {
    for (size_t c = 0; c < 3; c++) {
        const int shift = c == 0 ? 0 : 1;
        const Plane& plane = frame_.reconstruction->planes[c];
        const int line = ((ctu_y + 1) << (kLog2CtuSize - shift)) - 1;
        if (line >= plane.height()) return;  // the last CTU row: nothing below reads it
        const int x = ctu_x << (kLog2CtuSize - shift);
        const int width = std::min(kCtuSize >> shift, plane.width() - x);
        std::memcpy((*frame_.ctu_row_bottoms)[c].at(x, ctu_y), plane.at(x, line), static_cast<size_t>(width));
    }
}

double CtuAnalyzer::search_inter_picture(int x, int y, int log2_size, int depth, CabacContexts& contexts,
                                         CtuDecision& record) {
    const int size = 1 << log2_size;
    const bool inside = x + size <= frame_.syntax.picture_width && y + size <= frame_.syntax.picture_height;
    const RecordMark start = mark(record);
    double whole_cost = 0;
    CabacContexts whole_contexts = contexts;
    const bool try_whole = inside && log2_size <= frame_.effort.max_cu_log2;
    if (try_whole && log2_size > frame_.effort.max_search_cu_log2 && log2_size > frame_.min_cu_log2) {
        return search_skip_or_split(x, y, log2_size, depth, contexts, record);
    }
    if (try_whole) {
        double inter_prediction_cost = 0;
        whole_cost = code_best_inter_cu(x, y, log2_size, depth, whole_contexts, record, &inter_prediction_cost);
        const bool skipped = record.cus.back().skip;
        // Intra only where inter prediction left a residual and a quick intra estimate
        // predicts better (64x64 intra CUs are rare in inter pictures: not tried).
        if (!skipped && frame_.effort.intra_in_inter && log2_size <= kLog2MaxTbSize &&
            log2_size <= frame_.effort.max_intra_cu_log2 &&
            intra_->estimate_luma_cost(x, y, log2_size) < inter_prediction_cost) {
            Snapshot& inter = alt_snapshots_[depth];
            save(inter, record, start, x, y, size, whole_contexts);
            truncate(record, start);
            CabacContexts intra_contexts = contexts;
            const double intra_cost =
                code_intra_cu(x, y, log2_size, depth, PartMode::k2Nx2N, intra_contexts, record, {});
            if (intra_cost < whole_cost) {
                whole_cost = intra_cost;
                whole_contexts = intra_contexts;
            } else {
                truncate(record, start);
                restore(inter, record, x, y, size);
            }
        }
        // Early termination: a skipped CU, the smallest CU size, or (fast presets) an inter
        // CU that needs no residual.
        const CodingUnit& best = record.cus.back();
        const bool no_residual = best.pred_mode == PredMode::kInter && best.tu_count == 0;
        if (skipped || log2_size <= frame_.min_cu_log2 || (frame_.effort.recursion_skip && no_residual)) {
            contexts = whole_contexts;
            return whole_cost;
        }
        save(snapshots_[depth], record, start, x, y, size, whole_contexts);
        truncate(record, start);
    }

    CabacContexts split_contexts = contexts;
    const double split_cost = code_split(&CtuAnalyzer::search_inter_picture, x, y, log2_size, depth, inside,
                                         try_whole ? whole_cost : 1e300, split_contexts, record);
    if (!try_whole || split_cost < whole_cost) {
        contexts = split_contexts;
        return split_cost;
    }
    truncate(record, start);
    restore(snapshots_[depth], record, x, y, size);
    contexts = whole_contexts;
    return whole_cost;
}

double CtuAnalyzer::search_skip_or_split(int x, int y, int log2_size, int depth, CabacContexts& contexts,
                                         CtuDecision& record) {
    const RecordMark start = mark(record);
    CabacContexts whole_contexts = contexts;
    double whole_cost = 0;
    if (code_skipped_merge_cu(x, y, log2_size, depth, whole_contexts, record, whole_cost)) {
        contexts = whole_contexts;
        return whole_cost;
    }
    // Split; the whole CU is searched and coded only where the four children moved alike.
    CabacContexts split_contexts = contexts;
    const double split_cost =
        code_split(&CtuAnalyzer::search_inter_picture, x, y, log2_size, depth, true, 1e300, split_contexts, record);
    if (!children_share_motion(record, start, log2_size - 1)) {
        contexts = split_contexts;
        return split_cost;
    }
    const int size = 1 << log2_size;
    save(snapshots_[depth], record, start, x, y, size, split_contexts);
    truncate(record, start);
    whole_contexts = contexts;
    double inter_prediction_cost = 0;
    whole_cost = code_best_inter_cu(x, y, log2_size, depth, whole_contexts, record, &inter_prediction_cost);
    if (whole_cost < split_cost) {
        contexts = whole_contexts;
        return whole_cost;
    }
    truncate(record, start);
    restore(snapshots_[depth], record, x, y, size);
    contexts = split_contexts;
    return split_cost;
}

const uint8_t* CtuAnalyzer::predict_luma(const Picture* const pictures[2], const PuMotion& motion,
                                         const PredictionBlockPosition& block, InterPredictionBuffers& out) {
    const int offset_x = block.x - block.cu_x, offset_y = block.y - block.cu_y;
    uint8_t* destination = out.luma + offset_y * 64 + offset_x;
    if (!(motion.uses(0) && motion.uses(1))) {
        const int list = motion.uses(0) ? 0 : 1;
        const Mv mv = motion.mv[list];
        if (((mv.x | mv.y) & 3) == 0) {  // whole samples: the prediction is a copy, nothing to keep
            predict_inter_motion(*frame_.kernels, pictures, motion, block.x, block.y, block.width, block.height,
                                 offset_x, offset_y, out, PredictedPlanes::kLuma);
            return destination;
        }
        return interpolations_->uni(*frame_.kernels, block.x, block.y, block.width, block.height,
                                    pictures[list]->planes[0], mv);
    }
    // Bi-prediction (8.5.3.3.4.2) from the kept per-list interpolations where they cover the block.
    const int16_t* first = nullptr;
    const int16_t* second = nullptr;
    interpolations_->pair(*frame_.kernels, block.x, block.y, block.width, block.height, pictures[0]->planes[0],
                          motion.mv[0], pictures[1]->planes[0], motion.mv[1], first, second);
    frame_.kernels->weighted_bi(first, second, 64, destination, 64, block.width, block.height);
    return destination;
}

CtuAnalyzer::BlockSearch CtuAnalyzer::search_prediction_block(const PredictionBlockPosition& block) {
    MergeList merges;
    BlockSearch result;
    search_prediction_block(block, SearchStage::kMergeAndMotion, merges, result);
    return result;
}

void CtuAnalyzer::search_prediction_block(const PredictionBlockPosition& block, SearchStage stage, MergeList& merges,
                                          BlockSearch& result) {
    const int picture_width = frame_.syntax.picture_width, picture_height = frame_.syntax.picture_height;
    const Plane& source_luma = frame_.source->planes[0];
    const int offset_x = block.x - block.cu_x, offset_y = block.y - block.cu_y;
    const bool b_slice = frame_.syntax.slice_type == SliceType::kB;
    // SATD of a luma prediction of the block (stride 64).
    auto prediction_satd = [&](const uint8_t* luma) {
        return frame_.kernels->satd(source_luma.at(block.x, block.y), source_luma.stride(), luma, 64, block.width,
                                    block.height);
    };
    auto copy_luma = [&](const uint8_t* luma, InterPredictionBuffers& to) {
        uint8_t* destination = to.luma + offset_y * 64 + offset_x;
        copy_block(destination, 64, luma, 64, block.width, block.height);
    };
    // Intra refresh: left of the refresh column only the references' clean areas.
    const bool constrained = block.x < (frame_.refresh_column_begin << kLog2CtuSize);
    auto clean_limit = [&](int list, int ref_idx) {
        const AnalysisFrame::Reference& r = frame_.references[static_cast<size_t>(list)][static_cast<size_t>(ref_idx)];
        return constrained ? r.clean_width : r.free_width;
    };
    auto within_margin = [&](const PuMotion& m) {
        for (int list = 0; list < 2; list++) {
            if (!m.uses(list)) continue;
            if (!vector_within_margin(m.mv[list], block.x, block.y, block.width, block.height, picture_width,
                                      picture_height, frame_.motion_margin) ||
                !vector_within_clean_area(m.mv[list], block.x, block.width, clean_limit(list, m.ref_idx[list]))) {
                return false;
            }
        }
        return true;
    };
    // Merge candidates by prediction SATD plus index bits. The best one's luma prediction ends
    // in prediction_: the candidates alternate between the two buffers, the best one kept; one
    // read from the kept interpolations is copied there only when it becomes the best.
    if (stage != SearchStage::kMotion) derive_merge_list(frame_.candidates, block, merges);
    const InterPredictionBuffers* best_merge_luma = nullptr;
    for (int i = 0; i < merges.count && stage != SearchStage::kMotion; i++) {
        const PuMotion& m = merges.candidates[i];
        bool repeated = false;  // the same motion earlier in the list costs fewer bits
        for (int j = 0; j < i; j++) repeated |= merges.candidates[j] == m;
        if (repeated || !within_margin(m)) continue;
        const Picture* pictures[2];
        frame_.reference_pictures(m, pictures);
        InterPredictionBuffers& trial = best_merge_luma == &prediction_ ? search_prediction_ : prediction_;
        const uint8_t* luma = predict_luma(pictures, m, block, trial);
        const double cost = prediction_satd(luma) + frame_.sqrt_lambda * (i + 1);
        if (!result.has_merge || cost < result.merge_cost) {
            if (luma == trial.luma + offset_y * 64 + offset_x) {
                best_merge_luma = &trial;
            } else {
                copy_luma(luma, prediction_);
                best_merge_luma = &prediction_;
            }
            result.has_merge = true;
            result.merge_cost = cost;
            result.merge.merge = true;
            result.merge.merge_idx = static_cast<uint8_t>(i);
            result.merge.motion = m;
        }
    }
    if (best_merge_luma == &search_prediction_) copy_luma(search_prediction_.luma + offset_y * 64 + offset_x, prediction_);
    if (stage == SearchStage::kMerge) return;

    // AMVP: motion search on every reference of each list; the best vector per list.
    struct ListBest {
        bool found = false;
        int ref_idx = 0, mvp_idx = 0;
        Mv mv, mvd;
        double cost = 0, side_bits = 0;  // SATD + sqrt_lambda * bits; the bits of ref_idx and mvd
    };
    std::array<ListBest, 2> best_of_list;
    // inter_pred_idc: about one bin for bi-prediction, two for one list (B slices).
    const bool small_block = block.width + block.height == 12;
    const double uni_idc_bits = b_slice ? (small_block ? 1 : 2) : 0;
    for (int list = 0; list < (b_slice ? 2 : 1); list++) {
        const auto l = static_cast<size_t>(list);
        for (int ref = 0; ref < frame_.ref_count[list]; ref++) {
            if (clean_limit(list, ref) <= 0) continue;  // intra refresh: nothing usable there
            const auto predictors = derive_amvp_predictors(frame_.candidates, block, list, ref);
            const AnalysisFrame::Reference& reference = frame_.references[l][static_cast<size_t>(ref)];
            std::array<Mv, 10> candidates;
            int count = 0;
            candidates[count++] = predictors[0];
            candidates[count++] = predictors[1];
            candidates[count++] = reference.coarse_vectors[static_cast<size_t>(block.y >> kLog2CtuSize) *
                                                               frame_.ctu_columns +
                                                           (block.x >> kLog2CtuSize)];
            candidates[count++] = reference.global_vector;
            for (int i = 0; i < merges.count && count < 10; i++) {
                if (merges.candidates[i].ref_idx[list] == ref) candidates[count++] = merges.candidates[i].mv[list];
            }
            MotionSearchInput input;
            input.source = &source_luma;
            input.reference = &reference.picture->planes[0];
            input.x = block.x;
            input.y = block.y;
            input.width = block.width;
            input.height = block.height;
            input.predictors = predictors;
            input.candidates = std::span<const Mv>(candidates.data(), static_cast<size_t>(count));
            input.range = frame_.search_range;
            input.sqrt_lambda = frame_.sqrt_lambda;
            input.margin = frame_.motion_margin;
            input.subpel_steps = frame_.effort.subpel_steps;
            input.quarter_after_half = frame_.effort.quarter_after_half;
            input.subpel_fit = frame_.effort.subpel_fit;
            MotionSearchResult found;
            if (reference.has_block_vectors) {
                // The block search's vectors of the 16x16 blocks this block covers (at most
                // 2x2 of them, spread over it) and the two predictors.
                count = 0;
                candidates[count++] = predictors[0];
                candidates[count++] = predictors[1];
                const int columns = (frame_.syntax.picture_width + kBlockSearchSize - 1) >> kBlockSearchLog2;
                const int step_x = std::max(kBlockSearchSize, block.width / 2);
                const int step_y = std::max(kBlockSearchSize, block.height / 2);
                for (int y = block.y; y < block.y + block.height; y += step_y) {
                    for (int x = block.x; x < block.x + block.width; x += step_x) {
                        candidates[count++] = reference.block_vectors[static_cast<size_t>(y >> kBlockSearchLog2) *
                                                                          columns +
                                                                      (x >> kBlockSearchLog2)];
                    }
                }
                input.candidates = std::span<const Mv>(candidates.data(), static_cast<size_t>(count));
                found = choose_motion(input, *frame_.kernels);
            } else {
                found = search_motion(input, *frame_.kernels);
            }
            found.mv = clamp_to_clean_area(found.mv, block.x, block.width, clean_limit(list, ref));
            const int ref_bits = frame_.ref_count[list] > 1 ? std::min(ref + 1, frame_.ref_count[list] - 1) : 0;
            const double cost = found.cost + frame_.sqrt_lambda * (ref_bits + uni_idc_bits);
            ListBest& best = best_of_list[l];
            if (!best.found || cost < best.cost) {
                const Mv p = predictors[found.predictor_index];
                best.found = true;
                best.ref_idx = ref;
                best.mvp_idx = found.predictor_index;
                best.mv = found.mv;
                best.mvd = Mv{static_cast<int16_t>(found.mv.x - p.x), static_cast<int16_t>(found.mv.y - p.y)};
                best.cost = cost;
                best.side_bits = ref_bits + mvd_component_bits(best.mvd.x) + mvd_component_bits(best.mvd.y);
            }
        }
    }
    auto set_amvp = [&](const ListBest* lists[2], double cost) {
        result.has_amvp = true;
        result.amvp_cost = cost;
        result.amvp = PredictionUnit{};
        for (int list = 0; list < 2; list++) {
            if (lists[list] == nullptr) continue;
            result.amvp.motion.ref_idx[list] = static_cast<int8_t>(lists[list]->ref_idx);
            result.amvp.motion.mv[list] = lists[list]->mv;
            result.amvp.mvp_idx[list] = static_cast<uint8_t>(lists[list]->mvp_idx);
            result.amvp.mvd[list] = lists[list]->mvd;
        }
    };
    const int uni_list = b_slice && best_of_list[1].cost < best_of_list[0].cost ? 1 : 0;
    const ListBest* uni[2] = {uni_list == 0 ? &best_of_list[0] : nullptr, uni_list == 1 ? &best_of_list[1] : nullptr};
    set_amvp(uni, best_of_list[static_cast<size_t>(uni_list)].cost);
    // Bi-prediction: the two lists' best vectors averaged.
    if (b_slice && !small_block) {
        const ListBest* both[2] = {&best_of_list[0], &best_of_list[1]};
        PuMotion motion;
        for (int list = 0; list < 2; list++) {
            motion.ref_idx[list] = static_cast<int8_t>(both[list]->ref_idx);
            motion.mv[list] = both[list]->mv;
        }
        const Picture* pictures[2];
        frame_.reference_pictures(motion, pictures);
        const uint8_t* luma = predict_luma(pictures, motion, block, search_prediction_);
        const double cost = prediction_satd(luma) +
                            frame_.sqrt_lambda * (1 + best_of_list[0].side_bits + best_of_list[1].side_bits);
        if (cost < result.amvp_cost) set_amvp(both, cost);
    }
}

double CtuAnalyzer::code_best_inter_cu(int x, int y, int log2_size, int depth, CabacContexts& contexts,
                                       CtuDecision& record, double* prediction_cost) {
    const int size = 1 << log2_size;
    const SearchEffort& effort = frame_.effort;
    const PredictionBlockPosition position = PredictionBlockPosition::whole(x, y, size);

    // Full RD of the alternatives; the best one is coded last (again if needed).
    struct Alternative {
        PartMode part_mode;
        PredictionUnit pus[2];
    };
    std::array<Alternative, 4> alternatives;
    int count = 0;

    const RecordMark start = mark(record);
    int best = -1;
    int last_coded = -1;  // the alternative whose record, reconstruction and block map are in place
    bool best_skipped = false;
    double best_cost = 0;
    CabacContexts best_contexts;
    // predicted: what prediction_ holds of alternative i's prediction; known_skip: all of it,
    // and its residual quantises to zero.
    auto evaluate = [&](int i, bool known_skip = false, Predicted predicted = Predicted::kNothing) {
        truncate(record, start);
        CabacContexts trial = contexts;
        const double cost = known_skip ? code_skipped_cu(alternatives[i].pus[0], x, y, log2_size, depth, trial, record)
                                       : code_inter_cu(alternatives[i].part_mode, alternatives[i].pus, x, y, log2_size,
                                                       depth, trial, record, predicted);
        last_coded = i;
        if (best < 0 || cost < best_cost) {
            best = i;
            best_cost = cost;
            best_contexts = trial;
            best_skipped = record.cus.back().skip;
        }
    };

    MergeList merges;
    BlockSearch whole;
    // What prediction_ holds of the best merge candidate's prediction: the merge search leaves
    // its luma there (the motion search below uses other buffers), the zero test its chroma.
    Predicted merge_predicted = Predicted::kNothing;
    if (effort.early_skip) {
        // The best merge candidate first: a skipped CU needs no motion search.
        search_prediction_block(position, SearchStage::kMerge, merges, whole);
        if (whole.has_merge) merge_predicted = Predicted::kLuma;
        // Without full RD of both, only a merge candidate that would be skipped is coded here.
        bool chroma_predicted = false;
        const bool known_skip = whole.has_merge && !effort.full_rd_inter &&
                                merge_residual_may_be_zero(whole, log2_size) &&
                                merge_residual_is_zero(x, y, log2_size, whole.merge.motion, chroma_predicted);
        if (chroma_predicted) merge_predicted = Predicted::kAllPlanes;
        if (whole.has_merge && (effort.full_rd_inter || known_skip)) {
            alternatives[count] = {PartMode::k2Nx2N, {whole.merge, {}}};
            evaluate(count++, known_skip, merge_predicted);
            if (best_skipped) {
                *prediction_cost = whole.merge_cost;
                contexts = best_contexts;
                return best_cost;
            }
        }
        search_prediction_block(position, SearchStage::kMotion, merges, whole);
    } else {
        search_prediction_block(position, SearchStage::kMergeAndMotion, merges, whole);
        if (whole.has_merge) merge_predicted = Predicted::kLuma;
    }
    *prediction_cost = whole.best_cost();

    const bool amvp_predicts_better = !whole.has_merge || whole.amvp_cost < whole.merge_cost;
    const int coded_already = count;
    if (effort.full_rd_inter) {
        // The coded vector costs more bits than a merge index: try it only where it predicts better.
        if (whole.has_merge && count == 0) alternatives[count++] = {PartMode::k2Nx2N, {whole.merge, {}}};
        if (amvp_predicts_better) alternatives[count++] = {PartMode::k2Nx2N, {whole.amvp, {}}};
    } else if (count == 0) {
        const bool merge_is_best = whole.has_merge && (!whole.has_amvp || whole.merge_cost <= whole.amvp_cost);
        alternatives[count++] = {PartMode::k2Nx2N, {whole.best(), {}}};
        evaluate(count - 1, false, merge_is_best ? merge_predicted : Predicted::kNothing);
    } else if (amvp_predicts_better) {
        // Early skip coded the merge candidate already; the vector only where it predicts better.
        alternatives[count++] = {PartMode::k2Nx2N, {whole.amvp, {}}};
    }
    for (int i = coded_already; i < count; i++) {
        if (last_coded != i) evaluate(i);
    }

    // Two prediction units (2NxN, Nx2N) where the whole CU kept a residual.
    // Without full RD of both, only the one whose halves predict better is coded.
    if (frame_.rectangular_partitions && !best_skipped && log2_size <= kLog2MaxTbSize) {
        const int first_rect = count;
        std::array<double, 2> rect_prediction{};
        for (int k = 0; k < 2; k++) {
            const PartMode part_mode = k == 0 ? PartMode::k2NxN : PartMode::kNx2N;
            Alternative& alternative = alternatives[first_rect + k];
            alternative.part_mode = part_mode;
            double prediction = 0;
            for (int i = 0; i < 2; i++) {
                PredictionBlockPosition block = PredictionBlockPosition::whole(x, y, size);
                block.part_mode = part_mode;
                block.part_idx = i;
                const bool horizontal = part_mode == PartMode::k2NxN;
                block.x = x + (horizontal ? 0 : i * size / 2);
                block.y = y + (horizontal ? i * size / 2 : 0);
                block.width = horizontal ? size : size / 2;
                block.height = horizontal ? size / 2 : size;
                const BlockSearch found = search_prediction_block(block);
                alternative.pus[i] = found.best();
                prediction += found.best_cost();
                // The second block's candidates see the first one's motion.
                BlockInfo info;
                info.cu_depth = static_cast<uint8_t>(depth);
                info.pred_mode = PredMode::kInter;
                info.motion = alternative.pus[i].motion;
                frame_.blocks->fill(block.x, block.y, block.width, block.height, info);
                last_coded = -1;  // the block map now holds this search's motion
            }
            // Only where two vectors predict clearly better than one.
            rect_prediction[k] = prediction;
            if (effort.full_rd_inter && prediction < whole.best_cost()) evaluate(first_rect + k);
        }
        const int better = rect_prediction[1] < rect_prediction[0] ? 1 : 0;
        if (!effort.full_rd_inter && rect_prediction[better] < whole.best_cost()) evaluate(first_rect + better);
        count = first_rect + 2;
    }
    if (best != last_coded) {
        truncate(record, start);
        CabacContexts trial = contexts;
        code_inter_cu(alternatives[best].part_mode, alternatives[best].pus, x, y, log2_size, depth, trial, record);
    }
    contexts = best_contexts;
    return best_cost;
}

bool CtuAnalyzer::children_share_motion(const CtuDecision& record, const RecordMark& start, int child_log2_size) {
    if (record.cus.size() != start.cus + 4) return false;
    const CodingUnit& first = record.cus[start.cus];
    for (size_t i = start.cus; i < record.cus.size(); i++) {
        const CodingUnit& cu = record.cus[i];
        if (cu.log2_size != child_log2_size || cu.pred_mode != PredMode::kInter || cu.part_mode != PartMode::k2Nx2N ||
            !(cu.pu[0].motion == first.pu[0].motion)) {
            return false;
        }
    }
    return true;
}

bool CtuAnalyzer::code_skipped_merge_cu(int x, int y, int log2_size, int depth, CabacContexts& contexts,
                                        CtuDecision& record, double& cost) {
    MergeList merges;
    BlockSearch whole;
    search_prediction_block(PredictionBlockPosition::whole(x, y, 1 << log2_size), SearchStage::kMerge, merges, whole);
    bool chroma_predicted = false;
    if (!whole.has_merge || !merge_residual_may_be_zero(whole, log2_size) ||
        !merge_residual_is_zero(x, y, log2_size, whole.merge.motion, chroma_predicted)) {
        return false;
    }
    cost = code_skipped_cu(whole.merge, x, y, log2_size, depth, contexts, record);
    return true;
}

bool CtuAnalyzer::merge_residual_may_be_zero(const BlockSearch& whole, int log2_size) const {
    // Measured on crowd_run, foreman and bikes at QP 22..39 (ultrafast, 32x32 CUs, 92 000
    // tests): no residual that quantised to zero had a prediction SATD above 0.46 Qstep per
    // sample, while 1-59 % of those that did not were above 0.5 Qstep (the most at low QP).
    constexpr double kMaxSatdPerSampleInQsteps = 0.5;
    const double satd = whole.merge_cost - frame_.sqrt_lambda * (whole.merge.merge_idx + 1);
    const double qstep = std::exp2((frame_.qp - 4) / 6.0);
    return satd <= kMaxSatdPerSampleInQsteps * qstep * static_cast<double>(1 << (2 * log2_size));
}

bool CtuAnalyzer::merge_residual_is_zero(int x, int y, int log2_size, const PuMotion& motion,
                                         bool& chroma_predicted) {
    const int size = 1 << log2_size;
    chroma_predicted = false;
    // The transform blocks of a 2Nx2N CU, as code_inter_cu lays them out (CUs of 8x8 and up).
    const int tb_log2 = std::min(log2_size, kLog2MaxTbSize);
    const int blocks_per_side = size >> tb_log2;
    for (int c = 0; c < 3; c++) {
        if (c == 1) {
            // The merge search left this candidate's luma in prediction_; chroma once luma
            // passed.
            const Picture* pictures[2];
            frame_.reference_pictures(motion, pictures);
            predict_inter_motion(*frame_.kernels, pictures, motion, x, y, size, size, 0, 0, prediction_,
                                 PredictedPlanes::kChroma);
            chroma_predicted = true;
        }
        const Plane& source = frame_.source->planes[c];
        const uint8_t* prediction = prediction_.plane(c);
        const int stride = InterPredictionBuffers::stride(c);
        const int n = c == 0 ? 1 << tb_log2 : 1 << (tb_log2 - 1);
        const int px = c == 0 ? x : x / 2, py = c == 0 ? y : y / 2;
        for (int i = 0; i < blocks_per_side * blocks_per_side; i++) {
            const int ox = (i % blocks_per_side) * n, oy = (i / blocks_per_side) * n;
            TransformBlockInput input;
            input.source = source.at(px + ox, py + oy);
            input.source_stride = source.stride();
            input.prediction = prediction + oy * stride + ox;
            input.prediction_stride = stride;
            input.log2_size = c == 0 ? tb_log2 : tb_log2 - 1;
            input.use_dst = false;
            input.qp = c == 0 ? frame_.qp : frame_.chroma_qp;
            input.intra = false;
            input.scan_idx = 0;
            input.sign_data_hiding = false;
            if (!transform_block_quantizes_to_zero(*frame_.kernels, input)) return false;
        }
    }
    return true;
}

double CtuAnalyzer::code_inter_cu(PartMode part_mode, const PredictionUnit* pus, int x, int y, int log2_size,
                                  int depth, CabacContexts& contexts, CtuDecision& record, Predicted predicted) {
    const int size = 1 << log2_size;
    CodingUnit cu = coding_unit(x, y, log2_size, PredMode::kInter, part_mode);
    for (int i = 0; i < cu.prediction_unit_count(); i++) {
        cu.pu[i] = pus[i];
        if (predicted == Predicted::kAllPlanes) continue;
        const PredictionBlock block = cu.prediction_block(i);
        const PuMotion& motion = pus[i].motion;
        const Picture* pictures[2];
        frame_.reference_pictures(motion, pictures);
        predict_inter_motion(*frame_.kernels, pictures, motion, block.x, block.y, block.width, block.height, block.x - x,
                             block.y - y, prediction_,
                             predicted == Predicted::kLuma ? PredictedPlanes::kChroma : PredictedPlanes::kAll);
    }

    // Residual: transform blocks of up to 32x32 in z-order, chroma at half size. Two
    // prediction units split the transform tree once (interSplitFlag), and four 4x4 luma
    // blocks share one 4x4 chroma block.
    const int tb_log2 = part_mode == PartMode::k2Nx2N ? std::min(log2_size, kLog2MaxTbSize) : log2_size - 1;
    const int tb_size = 1 << tb_log2;
    const int blocks = (size / tb_size) * (size / tb_size);
    const int chroma_tb_log2 = std::max(tb_log2 - 1, 2);
    const int chroma_tb = 1 << chroma_tb_log2;
    const int chroma_blocks = tb_log2 == 2 ? 1 : blocks;
    uint8_t cbf[4] = {0, 0, 0, 0};  // per luma block; chroma flags on the block that carries chroma
    uint64_t sse[3] = {0, 0, 0};
    uint64_t prediction_sse[3] = {0, 0, 0};  // the distortion without the residual
    // In B slices, the same coding unit without its residual (a skipped CU for a 2Nx2N merge,
    // else rqt_root_cbf 0) where the levels cost more than the distortion they remove. Not in
    // P slices: their pictures are the references of everything after them, and dropping a
    // residual for this CU's cost alone loses more in the pictures predicted from it (bikes
    // QP 27: 2.7 % fewer bits at 0.15 dB less).
    const bool try_bare = frame_.syntax.slice_type == SliceType::kB;
    for (int c = 0; c < 3; c++) {
        const Plane& source = frame_.source->planes[c];
        Plane& reconstruction = frame_.reconstruction->planes[c];
        const uint8_t* prediction = prediction_.plane(c);
        const int stride = InterPredictionBuffers::stride(c);
        const int n = c == 0 ? tb_size : chroma_tb;
        const int log2_n = c == 0 ? tb_log2 : chroma_tb_log2;
        const int count = c == 0 ? blocks : chroma_blocks;
        const int px = c == 0 ? x : x / 2, py = c == 0 ? y : y / 2;
        if (try_bare) {
            prediction_sse[c] = frame_.kernels->sse(source.at(px, py), source.stride(), prediction, stride,
                                                    size >> (c == 0 ? 0 : 1), size >> (c == 0 ? 0 : 1));
        }
        for (int i = 0; i < count; i++) {
            const int ox = (i & 1) * n, oy = (i >> 1) * n;
            TransformBlockInput input;
            input.source = source.at(px + ox, py + oy);
            input.source_stride = source.stride();
            input.prediction = prediction + oy * stride + ox;
            input.prediction_stride = stride;
            input.log2_size = log2_n;
            input.use_dst = false;
            input.qp = c == 0 ? frame_.qp : frame_.chroma_qp;
            input.intra = false;
            input.scan_idx = 0;
            input.sign_data_hiding = frame_.syntax.sign_data_hiding;
            int16_t* levels = component_levels_[c] + i * n * n;
            if (code_transform_block(*frame_.kernels, input, levels, reconstruction.at(px + ox, py + oy),
                                     reconstruction.stride())) {
                const int carrier = c == 0 || chroma_blocks == blocks ? i : 3;
                cbf[carrier] |= static_cast<uint8_t>(1 << c);
            }
            sse[c] += frame_.kernels->sse(source.at(px + ox, py + oy), source.stride(),
                                          reconstruction.at(px + ox, py + oy), reconstruction.stride(), n, n);
        }
    }
    const bool residual = (cbf[0] | cbf[1] | cbf[2] | cbf[3]) != 0;
    // A 2Nx2N merge without residual is a skipped CU.
    if (!residual && part_mode == PartMode::k2Nx2N && cu.pu[0].merge) cu.skip = true;

    cu.first_tu = static_cast<uint16_t>(record.tus.size());
    if (!residual) return finish_inter_cu(cu, sse, depth, contexts, record);

    // The alternative without the residual: its cost (rate counted on a copy of the contexts),
    // then the record back as it was.
    const RecordMark before = mark(record);
    CodingUnit bare = cu;
    bare.skip = part_mode == PartMode::k2Nx2N && cu.pu[0].merge;
    double bare_cost = HUGE_VAL;
    if (try_bare) {
        CabacContexts bare_contexts = contexts;
        bare_cost = finish_inter_cu(bare, prediction_sse, depth, bare_contexts, record);
        truncate(record, before);
    }
    const int luma_samples = tb_size * tb_size, chroma_samples = chroma_tb * chroma_tb;
    for (int i = 0; i < blocks; i++) {
        TransformUnit tu;
        tu.x = static_cast<uint16_t>(x + (i & 1) * tb_size);
        tu.y = static_cast<uint16_t>(y + (i >> 1) * tb_size);
        tu.log2_size = static_cast<uint8_t>(tb_log2);
        tu.depth = static_cast<uint8_t>(tb_log2 < log2_size ? 1 : 0);
        tu.chroma_here = chroma_blocks == blocks || i == 3;
        tu.cbf = cbf[i];
        tu.coeff_offset[0] = static_cast<uint32_t>(record.levels.size());
        record.levels.insert(record.levels.end(), component_levels_[0] + i * luma_samples,
                             component_levels_[0] + (i + 1) * luma_samples);
        if (tu.chroma_here) {
            const int chroma_index = chroma_blocks == blocks ? i : 0;
            for (int c = 1; c < 3; c++) {
                tu.coeff_offset[c] = static_cast<uint32_t>(record.levels.size());
                record.levels.insert(record.levels.end(), component_levels_[c] + chroma_index * chroma_samples,
                                     component_levels_[c] + (chroma_index + 1) * chroma_samples);
            }
        }
        record.tus.push_back(tu);
    }
    cu.tu_count = static_cast<uint16_t>(blocks);
    if (!try_bare) return finish_inter_cu(cu, sse, depth, contexts, record);
    CabacContexts residual_contexts = contexts;
    const double residual_cost = finish_inter_cu(cu, sse, depth, residual_contexts, record);
    if (residual_cost <= bare_cost) {
        contexts = residual_contexts;
        return residual_cost;
    }
    truncate(record, before);
    reconstruct_from_prediction(x, y, log2_size);
    return finish_inter_cu(bare, prediction_sse, depth, contexts, record);
}

double CtuAnalyzer::code_skipped_cu(const PredictionUnit& pu, int x, int y, int log2_size, int depth,
                                    CabacContexts& contexts, CtuDecision& record) {
    // What code_inter_cu gives for a residual that quantises to zero: the prediction is the
    // reconstruction, without predicting and transforming again.
    CodingUnit cu = coding_unit(x, y, log2_size, PredMode::kInter, PartMode::k2Nx2N);
    cu.pu[0] = pu;
    cu.skip = true;
    cu.first_tu = static_cast<uint16_t>(record.tus.size());
    reconstruct_from_prediction(x, y, log2_size);
    uint64_t sse[3] = {0, 0, 0};
    for (int c = 0; c < 3; c++) {
        const Plane& source = frame_.source->planes[c];
        const Plane& reconstruction = frame_.reconstruction->planes[c];
        const int n = (1 << log2_size) >> (c == 0 ? 0 : 1);
        const int px = c == 0 ? x : x / 2, py = c == 0 ? y : y / 2;
        sse[c] = frame_.kernels->sse(source.at(px, py), source.stride(), reconstruction.at(px, py),
                                     reconstruction.stride(), n, n);
    }
    return finish_inter_cu(cu, sse, depth, contexts, record);
}

void CtuAnalyzer::reconstruct_from_prediction(int x, int y, int log2_size) {
    for (int c = 0; c < 3; c++) {
        Plane& reconstruction = frame_.reconstruction->planes[c];
        const uint8_t* prediction = prediction_.plane(c);
        const int stride = InterPredictionBuffers::stride(c);
        const int n = (1 << log2_size) >> (c == 0 ? 0 : 1);
        const int px = c == 0 ? x : x / 2, py = c == 0 ? y : y / 2;
        copy_block(reconstruction.at(px, py), reconstruction.stride(), prediction, stride, n, n);
    }
}

double CtuAnalyzer::finish_inter_cu(const CodingUnit& cu, const uint64_t sse[3], int depth, CabacContexts& contexts,
                                    CtuDecision& record) {
    record.cus.push_back(cu);
    for (int i = 0; i < cu.prediction_unit_count(); i++) {
        const PredictionBlock block = cu.prediction_block(i);
        BlockInfo info;
        info.cu_depth = static_cast<uint8_t>(depth);
        info.pred_mode = PredMode::kInter;
        info.intra_mode = kIntraDc;
        info.skip = cu.skip;
        info.motion = cu.pu[i].motion;
        frame_.blocks->fill(block.x, block.y, block.width, block.height, info);
    }

    const uint64_t bits = coding_unit_rate(record, cu.x, cu.y, cu.log2_size, depth, contexts);
    const double distortion = static_cast<double>(sse[0]) + frame_.chroma_weight * static_cast<double>(sse[1] + sse[2]);
    const double cost = distortion + frame_.lambda * fractional_to_bits(bits);
    record.cus.back().cost = static_cast<uint32_t>(std::min(cost, 4e9));
    return cost;
}

uint64_t CtuAnalyzer::coding_unit_rate(const CtuDecision& record, int x, int y, int log2_size, int depth,
                                       CabacContexts& contexts) const {
    const CodingUnit& cu = record.cus.back();
    const int size = 1 << log2_size;
    const bool inside = x + size <= frame_.syntax.picture_width && y + size <= frame_.syntax.picture_height;
    auto rate = [&](auto counter) {
        if (inside && log2_size > kLog2MinCuSize) {
            write_split_cu_flag(counter, contexts, frame_.syntax, x, y, depth, false);
        }
        write_coding_unit(counter, contexts, frame_.syntax, cu, record.tus.data() + cu.first_tu,
                          record.levels.data());
        return counter.fractional_bits();
    };
    return frame_.effort.estimate_residual_rate ? rate(CabacRateEstimator{frame_.kernels->estimate_residual_rate})
                                                 : rate(CabacBitCounter{});
}

CtuAnalyzer::RecordMark CtuAnalyzer::mark(const CtuDecision& record) const {
    return {record.cus.size(), record.tus.size(), record.levels.size()};
}

void CtuAnalyzer::truncate(CtuDecision& record, const RecordMark& at) const {
    record.cus.resize(at.cus);
    record.tus.resize(at.tus);
    record.levels.resize(at.levels);
}

void CtuAnalyzer::save(Snapshot& snapshot, const CtuDecision& record, const RecordMark& from, int x, int y,
                       int size, const CabacContexts& contexts) const {
    snapshot.cus.assign(record.cus.begin() + static_cast<ptrdiff_t>(from.cus), record.cus.end());
    snapshot.tus.assign(record.tus.begin() + static_cast<ptrdiff_t>(from.tus), record.tus.end());
    snapshot.levels.assign(record.levels.begin() + static_cast<ptrdiff_t>(from.levels), record.levels.end());
    for (int c = 0; c < 3; c++) {
        const Plane& plane = frame_.reconstruction->planes[c];
        const int shift = c == 0 ? 0 : 1;
        const int n = size >> shift;
        copy_block(snapshot.samples[c].data(), n, plane.at(x >> shift, y >> shift), plane.stride(), n, n);
    }
    frame_.blocks->save_region(x, y, size, snapshot.blocks.data());
    snapshot.contexts = contexts;
}

void CtuAnalyzer::restore(const Snapshot& snapshot, CtuDecision& record, int x, int y, int size) const {
    record.cus.insert(record.cus.end(), snapshot.cus.begin(), snapshot.cus.end());
    record.tus.insert(record.tus.end(), snapshot.tus.begin(), snapshot.tus.end());
    record.levels.insert(record.levels.end(), snapshot.levels.begin(), snapshot.levels.end());
    for (int c = 0; c < 3; c++) {
        Plane& plane = frame_.reconstruction->planes[c];
        const int shift = c == 0 ? 0 : 1;
        const int n = size >> shift;
        copy_block(plane.at(x >> shift, y >> shift), plane.stride(), snapshot.samples[c].data(), n, n, n);
    }
    frame_.blocks->restore_region(x, y, size, snapshot.blocks.data());
}

double CtuAnalyzer::code_split(ChildSearch child_search, int x, int y, int log2_size, int depth, bool inside,
                               double limit, CabacContexts& contexts, CtuDecision& record) {
    double cost = 0;
    if (inside) {
        CabacBitCounter counter;
        write_split_cu_flag(counter, contexts, frame_.syntax, x, y, depth, true);
        cost += frame_.lambda * fractional_to_bits(counter.fractional_bits());
    }
    const int half = (1 << log2_size) >> 1;
    for (int i = 0; i < 4 && cost < limit; i++) {
        const int x1 = x + (i & 1) * half, y1 = y + (i >> 1) * half;
        if (x1 < frame_.syntax.picture_width && y1 < frame_.syntax.picture_height) {
            cost += (this->*child_search)(x1, y1, log2_size - 1, depth + 1, contexts, record);
        }
    }
    return cost;
}

double CtuAnalyzer::search(int x, int y, int log2_size, int depth, CabacContexts& contexts, CtuDecision& record) {
    const int size = 1 << log2_size;
    const bool inside = x + size <= frame_.syntax.picture_width && y + size <= frame_.syntax.picture_height;
    const RecordMark start = mark(record);

    if (log2_size == kLog2MinCuSize) {
        // 2Nx2N against NxN.
        CabacContexts whole_contexts = contexts;
        const double whole_cost = code_intra_cu(x, y, log2_size, depth, PartMode::k2Nx2N, whole_contexts, record, {});
        // Four 4x4 blocks rarely beat an 8x8 block that predicts well enough to need no
        // luma residual: only then skip the NxN check.
        if ((record.tus[start.tus].cbf & 1) == 0) {
            contexts = whole_contexts;
            return whole_cost;
        }
        Snapshot& whole = snapshots_[depth];
        save(whole, record, start, x, y, size, whole_contexts);
        truncate(record, start);
        CabacContexts split_contexts = contexts;
        const double split_cost = code_intra_cu(x, y, log2_size, depth, PartMode::kNxN, split_contexts, record, {});
        if (split_cost < whole_cost) {
            contexts = split_contexts;
            return split_cost;
        }
        truncate(record, start);
        restore(whole, record, x, y, size);
        contexts = whole.contexts;
        return whole_cost;
    }

    // The smallest CU the preset allows: the whole CU only.
    if (inside && log2_size <= frame_.effort.min_cu_log2) {
        return code_intra_cu(x, y, log2_size, depth, PartMode::k2Nx2N, contexts, record, {});
    }
    // Split first: the children's modes become candidates for the whole CU.
    CabacContexts split_contexts = contexts;
    const double split_cost =
        code_split(&CtuAnalyzer::search, x, y, log2_size, depth, inside, 1e300, split_contexts, record);
    if (!inside || log2_size > std::min(frame_.effort.max_cu_log2, frame_.effort.max_intra_cu_log2)) {
        contexts = split_contexts;
        return split_cost;
    }
    // Large CUs rarely win where a child split further: then keep the split (32x32 and
    // 64x64 levels only; 16x16 is always checked).
    if (log2_size >= 5) {
        for (size_t i = start.cus; i < record.cus.size(); i++) {
            if (record.cus[i].log2_size < log2_size - 1) {
                contexts = split_contexts;
                return split_cost;
            }
        }
    }
    std::array<int, 4> hints{};
    int hint_count = 0;
    for (size_t i = start.cus; i < record.cus.size() && hint_count < 4; i++) {
        hints[hint_count++] = record.cus[i].intra_luma_mode[0];
    }

    Snapshot& split = snapshots_[depth];
    save(split, record, start, x, y, size, split_contexts);
    truncate(record, start);
    CabacContexts whole_contexts = contexts;
    const double whole_cost = code_intra_cu(x, y, log2_size, depth, PartMode::k2Nx2N, whole_contexts, record,
                                            std::span<const int>(hints.data(), static_cast<size_t>(hint_count)));
    if (whole_cost <= split_cost) {
        contexts = whole_contexts;
        return whole_cost;
    }
    truncate(record, start);
    restore(split, record, x, y, size);
    contexts = split.contexts;
    return split_cost;
}

double CtuAnalyzer::code_intra_cu(int x, int y, int log2_size, int depth, PartMode part_mode,
                                  CabacContexts& contexts, CtuDecision& record, std::span<const int> hints) {
    const int size = 1 << log2_size;
    CodingUnit cu = coding_unit(x, y, log2_size, PredMode::kIntra, part_mode);

    int16_t* luma_levels = component_levels_[0];
    uint64_t luma_sse = 0;
    uint8_t luma_cbf = 0;
    int tb_log2;
    int partitions;
    if (part_mode == PartMode::kNxN) {
        // Four 4x4 luma blocks, each decided and reconstructed before the next one,
        // whose most probable modes depend on it.
        tb_log2 = 2;
        partitions = 4;
        for (int p = 0; p < 4; p++) {
            const int px = x + (p & 1) * 4, py = y + (p >> 1) * 4;
            const int mode = intra_->search_luma_mode(px, py, 2, 2, contexts, {});
            cu.intra_luma_mode[p] = static_cast<uint8_t>(mode);
            frame_.blocks->fill(px, py, 4, 4, BlockInfo::intra(depth, mode));
            const ComponentResult r = intra_->take_best_luma(luma_levels + p * 16, 4);
            luma_sse += r.sse;
            if (r.cbf_mask) luma_cbf |= static_cast<uint8_t>(1 << p);
        }
    } else {
        tb_log2 = std::min(log2_size, kLog2MaxTbSize);
        partitions = 1;
        // The coding unit is intra from here on (constrained intra prediction reads the map).
        frame_.blocks->fill(x, y, size, size, BlockInfo::intra(depth, kIntraDc));
        const int mode = intra_->search_luma_mode(x, y, log2_size, tb_log2, contexts, hints);
        for (int p = 0; p < 4; p++) cu.intra_luma_mode[p] = static_cast<uint8_t>(mode);
        frame_.blocks->fill(x, y, size, size, BlockInfo::intra(depth, mode));
        // The search left the winner's reconstruction in place.
        const ComponentResult r = intra_->take_best_luma(luma_levels, size);
        luma_sse = r.sse;
        luma_cbf = r.cbf_mask;
    }

    // Chroma: one transform block per luma transform block, except that four 4x4 luma
    // blocks share one 4x4 chroma block.
    const int chroma_tb_log2 = std::max(tb_log2 - 1, 2);
    const int chroma_size = size >> 1;
    constexpr int kChromaDerived = 4;  // intra_chroma_pred_mode 4: the luma mode (DM)
    cu.intra_chroma_syntax = static_cast<uint8_t>(
        frame_.effort.chroma_mode_search
            ? intra_->search_chroma_mode(x >> 1, y >> 1, chroma_size, chroma_tb_log2, cu.intra_luma_mode[0], contexts)
            : kChromaDerived);
    cu.intra_chroma_mode = static_cast<uint8_t>(chroma_mode_from_syntax(cu.intra_chroma_syntax, cu.intra_luma_mode[0]));
    const ComponentResult cb = intra_->code_component(1, x >> 1, y >> 1, chroma_size, chroma_tb_log2,
                                                      cu.intra_chroma_mode, nullptr, component_levels_[1]);
    const ComponentResult cr = intra_->code_component(2, x >> 1, y >> 1, chroma_size, chroma_tb_log2,
                                                      cu.intra_chroma_mode, nullptr, component_levels_[2]);

    // The record: transform units in z-order with their levels.
    cu.first_tu = static_cast<uint16_t>(record.tus.size());
    const int tb_size = 1 << tb_log2;
    const int tu_count = partitions == 4 ? 4 : (size / tb_size) * (size / tb_size);
    const int chroma_tb_count = partitions == 4 ? 1 : tu_count;
    const int chroma_tb_samples = (1 << chroma_tb_log2) * (1 << chroma_tb_log2);
    for (int i = 0; i < tu_count; i++) {
        TransformUnit tu;
        tu.x = static_cast<uint16_t>(x + (i & 1) * tb_size);
        tu.y = static_cast<uint16_t>(y + (i >> 1) * tb_size);
        tu.log2_size = static_cast<uint8_t>(tb_log2);
        tu.depth = static_cast<uint8_t>(tb_log2 < log2_size ? 1 : 0);
        tu.chroma_here = partitions == 1 || i == 3;
        if (luma_cbf >> i & 1) tu.cbf |= 1;
        tu.coeff_offset[0] = static_cast<uint32_t>(record.levels.size());
        record.levels.insert(record.levels.end(), luma_levels + i * tb_size * tb_size,
                             luma_levels + (i + 1) * tb_size * tb_size);
        if (tu.chroma_here) {
            const int chroma_index = chroma_tb_count == 1 ? 0 : i;
            const int16_t* cb_levels = component_levels_[1] + chroma_index * chroma_tb_samples;
            const int16_t* cr_levels = component_levels_[2] + chroma_index * chroma_tb_samples;
            if (cb.cbf_mask >> chroma_index & 1) tu.cbf |= 2;
            if (cr.cbf_mask >> chroma_index & 1) tu.cbf |= 4;
            tu.coeff_offset[1] = static_cast<uint32_t>(record.levels.size());
            record.levels.insert(record.levels.end(), cb_levels, cb_levels + chroma_tb_samples);
            tu.coeff_offset[2] = static_cast<uint32_t>(record.levels.size());
            record.levels.insert(record.levels.end(), cr_levels, cr_levels + chroma_tb_samples);
        }
        record.tus.push_back(tu);
    }
    cu.tu_count = static_cast<uint16_t>(tu_count);
    record.cus.push_back(cu);

    // Exact rate of the CU from the contexts before it.
    const uint64_t bits = coding_unit_rate(record, x, y, log2_size, depth, contexts);
    const double distortion =
        static_cast<double>(luma_sse) + frame_.chroma_weight * static_cast<double>(cb.sse + cr.sse);
    const double cost = distortion + frame_.lambda * fractional_to_bits(bits);
    record.cus.back().cost = static_cast<uint32_t>(std::min(cost, 4e9));
    return cost;
}

}  // namespace tc
