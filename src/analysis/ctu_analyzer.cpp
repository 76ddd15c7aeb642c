#include "analysis/ctu_analyzer.h"

#include <cstring>

#include "analysis/rd_cost.h"
#include "bitstream/cabac_bit_counter.h"
#include "predict/intra_mode_candidates.h"

namespace tc {

CtuAnalyzer::CtuAnalyzer(const AnalysisFrame& frame) : frame_(frame), intra_(std::make_unique<IntraSearch>(frame)) {
    for (int depth = 0; depth < 4; depth++) {
        const int size = kCtuSize >> depth;
        Snapshot& s = snapshots_[depth];
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
    record.clear();
    record.ctu_x = ctu_x;
    record.ctu_y = ctu_y;
    search(ctu_x << kLog2CtuSize, ctu_y << kLog2CtuSize, kLog2CtuSize, 0, contexts, record);
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
        for (int row = 0; row < n; row++) {
            std::memcpy(snapshot.samples[c].data() + static_cast<size_t>(row) * n,
                        plane.at(x >> shift, (y >> shift) + row), static_cast<size_t>(n));
        }
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
        for (int row = 0; row < n; row++) {
            std::memcpy(plane.at(x >> shift, (y >> shift) + row),
                        snapshot.samples[c].data() + static_cast<size_t>(row) * n, static_cast<size_t>(n));
        }
    }
    frame_.blocks->restore_region(x, y, size, snapshot.blocks.data());
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

    // Split first: the children's modes become candidates for the whole CU.
    CabacContexts split_contexts = contexts;
    double split_cost = 0;
    if (inside) {
        CabacBitCounter counter;
        write_split_cu_flag(counter, split_contexts, frame_.syntax, x, y, depth, true);
        split_cost += frame_.lambda * fractional_to_bits(counter.fractional_bits());
    }
    const int half = size >> 1;
    for (int i = 0; i < 4; i++) {
        const int x1 = x + (i & 1) * half, y1 = y + (i >> 1) * half;
        if (x1 < frame_.syntax.picture_width && y1 < frame_.syntax.picture_height) {
            split_cost += search(x1, y1, log2_size - 1, depth + 1, split_contexts, record);
        }
    }
    if (!inside) {
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
    CodingUnit cu;
    cu.x = static_cast<uint16_t>(x);
    cu.y = static_cast<uint16_t>(y);
    cu.log2_size = static_cast<uint8_t>(log2_size);
    cu.pred_mode = PredMode::kIntra;
    cu.part_mode = part_mode;

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
            frame_.blocks->fill(px, py, 4, 4, BlockInfo{static_cast<uint8_t>(depth), PredMode::kIntra,
                                                        static_cast<uint8_t>(mode)});
            const ComponentResult r = intra_->code_component(0, px, py, 4, 2, mode, nullptr, luma_levels + p * 16);
            luma_sse += r.sse;
            if (r.cbf_mask) luma_cbf |= static_cast<uint8_t>(1 << p);
        }
    } else {
        tb_log2 = std::min(log2_size, kLog2MaxTbSize);
        partitions = 1;
        const int mode = intra_->search_luma_mode(x, y, log2_size, tb_log2, contexts, hints);
        for (int p = 0; p < 4; p++) cu.intra_luma_mode[p] = static_cast<uint8_t>(mode);
        frame_.blocks->fill(x, y, size, size,
                            BlockInfo{static_cast<uint8_t>(depth), PredMode::kIntra, static_cast<uint8_t>(mode)});
        const ComponentResult r = intra_->code_component(0, x, y, size, tb_log2, mode, nullptr, luma_levels);
        luma_sse = r.sse;
        luma_cbf = r.cbf_mask;
    }

    // Chroma: one transform block per luma transform block, except that four 4x4 luma
    // blocks share one 4x4 chroma block.
    const int chroma_tb_log2 = std::max(tb_log2 - 1, 2);
    const int chroma_size = size >> 1;
    cu.intra_chroma_syntax = static_cast<uint8_t>(
        intra_->search_chroma_mode(x >> 1, y >> 1, chroma_size, chroma_tb_log2, cu.intra_luma_mode[0], contexts));
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
    CabacBitCounter counter;
    const bool inside = x + size <= frame_.syntax.picture_width && y + size <= frame_.syntax.picture_height;
    if (inside && log2_size > kLog2MinCuSize) {
        write_split_cu_flag(counter, contexts, frame_.syntax, x, y, depth, false);
    }
    write_coding_unit(counter, contexts, frame_.syntax, cu, record.tus.data() + cu.first_tu, record.levels.data());
    const double distortion =
        static_cast<double>(luma_sse) + frame_.chroma_weight * static_cast<double>(cb.sse + cr.sse);
    return distortion + frame_.lambda * fractional_to_bits(counter.fractional_bits());
}

}  // namespace tc
