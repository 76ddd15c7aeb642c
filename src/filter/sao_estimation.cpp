#include "filter/sao_estimation.h"

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdint>
#include <cstdlib>

#include "bitstream/cabac_bit_counter.h"
#include "bitstream/cabac_contexts.h"
#include "bitstream/sao_syntax.h"
#include "filter/sao_statistics_region.h"
#include "kernels/pixel_kernels.h"

namespace tc {
namespace {

int64_t offset_distortion(int64_t count, int64_t sum, int offset) {
    return count * offset * offset - 2 * offset * sum;
}

}  // namespace

SaoStatistics collect_sao_statistics(const PixelKernels& kernels, const uint8_t* source, ptrdiff_t source_stride,
                                     const uint8_t* deblocked, ptrdiff_t deblocked_stride, int width, int height,
                                     int x0, int y0, int size, int top_limit, int bottom_limit,
                                     bool band_offsets) {
    SaoStatistics stats;
    const int x_end = std::min(x0 + size, width);
    const int y_end = std::min(y0 + size, height);
    if (x_end <= x0 || y_end <= y0) return stats;
    if (band_offsets) {
        kernels.sao_band_statistics(source + y0 * source_stride + x0, source_stride,
                                    deblocked + y0 * deblocked_stride + x0, deblocked_stride, x_end - x0, y_end - y0,
                                    stats.band_count, stats.band_sum);
    }
    for (int eo_class = 0; eo_class < 4; eo_class++) {
        const SaoRegion r = sao_edge_region(eo_class, x0, y0, x_end, y_end, width, height, top_limit, bottom_limit);
        if (r.right <= r.left || r.bottom <= r.top) continue;
        kernels.sao_edge_statistics(source + r.top * source_stride + r.left, source_stride,
                                    deblocked + r.top * deblocked_stride + r.left, deblocked_stride, eo_class,
                                    r.right - r.left, r.bottom - r.top, stats.edge_count[eo_class],
                                    stats.edge_sum[eo_class]);
    }
    return stats;
}

namespace {

// The SSE change of applying `params` to the CTB the statistics describe.
int64_t distortion_change(const SaoStatistics& stats, const SaoComponentParameters& params) {
    int64_t change = 0;
    if (params.type == kSaoBandOffset) {
        for (int k = 0; k < 4; k++) {
            const int band = (params.band_position + k) & (kSaoBandCount - 1);
            change +=
                offset_distortion(stats.band_count[band], stats.band_sum[band], params.offsets[k]);
        }
    } else if (params.type == kSaoEdgeOffset) {
        for (int k = 0; k < 4; k++) {
            change += offset_distortion(stats.edge_count[params.eo_class][k + 1],
                                        stats.edge_sum[params.eo_class][k + 1], params.offsets[k]);
        }
    }
    return change;
}

struct OffsetChoice {
    int offset = 0;
    double cost = 0;  // distortion change + lambda * offset bits
};

// The offset in [low, high] for n samples with difference sum E: from the rounded mean towards 0,
// the one of least cost, counting sao_offset_abs bins (TR, cMax 7) and the sign bin if signed.
OffsetChoice choose_offset(int64_t count, int64_t sum, int low, int high, bool has_sign,
                           double lambda) {
    auto bits = [&](int offset) {
        const int magnitude = std::abs(offset);
        return std::min(magnitude + 1, kSaoMaxOffsetAbs) + (has_sign && offset != 0 ? 1 : 0);
    };
    OffsetChoice best{0, lambda * bits(0)};
    if (count == 0) return best;
    const int mean =
        static_cast<int>(std::lround(static_cast<double>(sum) / static_cast<double>(count)));
    const int start = std::clamp(mean, low, high);
    const int step = start > 0 ? -1 : 1;
    for (int offset = start; offset != 0; offset += step) {
        const double cost =
            static_cast<double>(offset_distortion(count, sum, offset)) + lambda * bits(offset);
        if (cost < best.cost) best = {offset, cost};
    }
    return best;
}

// The band offset parameters of least cost: every band's best offset, then the best window of 4
// consecutive bands (band_position + k wraps modulo 32, as bandTable does).
SaoComponentParameters best_band_parameters(const SaoStatistics& stats, double lambda) {
    OffsetChoice per_band[kSaoBandCount];
    for (int band = 0; band < kSaoBandCount; band++) {
        per_band[band] = choose_offset(stats.band_count[band], stats.band_sum[band],
                                       -kSaoMaxOffsetAbs, kSaoMaxOffsetAbs, true, lambda);
    }
    SaoComponentParameters best;
    best.type = kSaoBandOffset;
    double best_cost = 0;
    for (int position = 0; position < kSaoBandCount; position++) {
        double cost = 0;
        for (int k = 0; k < 4; k++) cost += per_band[(position + k) & (kSaoBandCount - 1)].cost;
        if (position == 0 || cost < best_cost) {
            best_cost = cost;
            best.band_position = static_cast<uint8_t>(position);
        }
    }
    for (int k = 0; k < 4; k++) {
        best.offsets[k] =
            static_cast<int8_t>(per_band[(best.band_position + k) & (kSaoBandCount - 1)].offset);
    }
    return best;
}

// Edge offsets of one class: categories 1 and 2 take offsets >= 0, 3 and 4 offsets <= 0
// (7.4.9.3.2).
SaoComponentParameters best_edge_parameters(const SaoStatistics& stats, int eo_class,
                                            double lambda) {
    SaoComponentParameters params;
    params.type = kSaoEdgeOffset;
    params.eo_class = static_cast<uint8_t>(eo_class);
    for (int k = 0; k < 4; k++) {
        const int low = k < 2 ? 0 : -kSaoMaxOffsetAbs;
        const int high = k < 2 ? kSaoMaxOffsetAbs : 0;
        params.offsets[k] = static_cast<int8_t>(choose_offset(stats.edge_count[eo_class][k + 1],
                                                              stats.edge_sum[eo_class][k + 1], low,
                                                              high, false, lambda)
                                                    .offset);
    }
    return params;
}

// Estimated bits of what `write` codes, from a copy of the contexts (the originals stay as they
// are).
template <class Write>
double estimate_bits(const CabacContexts& contexts, Write write) {
    CabacContexts scratch = contexts;
    CabacBitCounter counter;
    write(counter, scratch);
    return static_cast<double>(counter.fractional_bits()) /
           static_cast<double>(1 << CabacBitCounter::kFracBits);
}

// Luma: off, the best band window (band_offsets), or one of the four edge classes.
SaoComponentParameters choose_luma(const SaoStatistics& stats, const CabacContexts& contexts,
                                   double lambda, bool band_offsets) {
    SaoComponentParameters candidates[6];
    if (band_offsets) candidates[1] = best_band_parameters(stats, lambda);
    for (int eo_class = 0; eo_class < 4; eo_class++)
        candidates[2 + eo_class] = best_edge_parameters(stats, eo_class, lambda);
    SaoComponentParameters best;
    double best_cost = 0;
    for (int i = 0; i < 6; i++) {
        if (i == 1 && !band_offsets) continue;
        const double bits =
            estimate_bits(contexts, [&](CabacBitCounter& counter, CabacContexts& scratch) {
                write_sao_component_syntax(counter, scratch, candidates[i], 0);
            });
        const double cost =
            static_cast<double>(distortion_change(stats, candidates[i])) + lambda * bits;
        if (i == 0 || cost < best_cost) {
            best_cost = cost;
            best = candidates[i];
        }
    }
    return best;
}

// Cb and Cr together: they share SaoTypeIdx and sao_eo_class; band positions and offsets are
// their own. Edge classes: the first `edge_classes` (0: band offsets only, or none without
// band_offsets).
void choose_chroma(const SaoStatistics& cb_stats, const SaoStatistics& cr_stats,
                   const CabacContexts& contexts, double lambda, int edge_classes, bool band_offsets,
                   SaoComponentParameters& cb, SaoComponentParameters& cr) {
    struct Pair {
        SaoComponentParameters cb, cr;
    };
    Pair candidates[6];
    if (band_offsets) {
        candidates[1] = {best_band_parameters(cb_stats, lambda), best_band_parameters(cr_stats, lambda)};
    }
    for (int eo_class = 0; eo_class < edge_classes; eo_class++) {
        candidates[2 + eo_class] = {best_edge_parameters(cb_stats, eo_class, lambda),
                                    best_edge_parameters(cr_stats, eo_class, lambda)};
    }
    double best_cost = 0;
    for (int i = 0; i < 2 + edge_classes; i++) {
        if (i == 1 && !band_offsets) continue;
        const double bits =
            estimate_bits(contexts, [&](CabacBitCounter& counter, CabacContexts& scratch) {
                write_sao_component_syntax(counter, scratch, candidates[i].cb, 1);
                write_sao_component_syntax(counter, scratch, candidates[i].cr, 2);
            });
        const double cost = static_cast<double>(distortion_change(cb_stats, candidates[i].cb) +
                                                distortion_change(cr_stats, candidates[i].cr)) +
                            lambda * bits;
        if (i == 0 || cost < best_cost) {
            best_cost = cost;
            cb = candidates[i].cb;
            cr = candidates[i].cr;
        }
    }
}

double ctu_cost(const CtuSaoStatistics& stats, const CtuSaoParameters& params,
                const CabacContexts& contexts, bool left_available, bool up_available,
                double lambda) {
    int64_t distortion = 0;
    for (int component = 0; component < 3; component++) {
        distortion += distortion_change(stats[static_cast<size_t>(component)], params.component[component]);
    }
    const double bits =
        estimate_bits(contexts, [&](CabacBitCounter& counter, CabacContexts& scratch) {
            write_sao_syntax(counter, scratch, params, left_available, up_available);
        });
    return static_cast<double>(distortion) + lambda * bits;
}

}  // namespace

void collect_sao_ctu_statistics(const PixelKernels& kernels, const Picture& source, const Picture& deblocked,
                                int ctu_x, int ctu_y, CtuSaoStatistics& statistics, int slice_first_row,
                                int slice_end_row, bool band_offsets) {
    for (int component = 0; component < 3; component++) {
        const int ctb_size = component == 0 ? kCtuSize : kCtuSize / 2;
        const int bottom = slice_end_row < INT_MAX / kCtuSize ? slice_end_row * ctb_size : INT_MAX;
        const Plane& from = source.planes[component];
        const Plane& plane = deblocked.planes[component];
        statistics[static_cast<size_t>(component)] =
            collect_sao_statistics(kernels, from.data(), from.stride(), plane.data(), plane.stride(), plane.width(),
                                   plane.height(), ctu_x * ctb_size, ctu_y * ctb_size, ctb_size,
                                   slice_first_row * ctb_size, bottom, band_offsets);
    }
}

void SaoRateModel::allocate(int ctu_rows) {
    row.assign(static_cast<size_t>(std::max(ctu_rows, 0)), CabacContexts{});
    synced.assign(static_cast<size_t>(std::max(ctu_rows, 0)), CabacContexts{});
}

void choose_sao_ctu(const std::vector<CtuSaoStatistics>& statistics, double lambda, int ctu_columns,
                    int ctu_x, int ctu_y, SaoRateModel& model, std::vector<CtuSaoParameters>& params,
                    int slice_first_row, bool chroma_edge_offsets, bool band_offsets) {
    CabacContexts& contexts = model.row[static_cast<size_t>(ctu_y)];
    if (ctu_x == 0) {
        // Equal probabilities where nothing is inherited: the slice QP is not known here.
        contexts = ctu_y > slice_first_row && ctu_columns > 1 ? model.synced[static_cast<size_t>(ctu_y - 1)]
                                                              : CabacContexts{};
    }
    const bool left_available = ctu_x > 0;
    const bool up_available = ctu_y > slice_first_row;
    const size_t index = static_cast<size_t>(ctu_y) * static_cast<size_t>(ctu_columns) + static_cast<size_t>(ctu_x);
    const CtuSaoStatistics& stats = statistics[index];

    CtuSaoParameters best;
    best.component[0] = choose_luma(stats[0], contexts, lambda, band_offsets);
    choose_chroma(stats[1], stats[2], contexts, lambda, chroma_edge_offsets ? 4 : 0, band_offsets,
                  best.component[1], best.component[2]);
    double best_cost = ctu_cost(stats, best, contexts, left_available, up_available, lambda);
    // A merge copies the left (or above) CTU's parameters.
    auto try_merge = [&](size_t candidate, bool left) {
        CtuSaoParameters merged = params[candidate];
        if (!chroma_edge_offsets && merged.component[1].type == kSaoEdgeOffset) return;
        merged.merge_left = left;
        merged.merge_up = !left;
        const double cost = ctu_cost(stats, merged, contexts, left_available, up_available, lambda);
        if (cost < best_cost) {
            best_cost = cost;
            best = merged;
        }
    };
    if (left_available) try_merge(index - 1, true);
    if (up_available) try_merge(index - static_cast<size_t>(ctu_columns), false);
    params[index] = best;
    // Advance the rate model's contexts as the slice writer will.
    CabacBitCounter counter;
    write_sao_syntax(counter, contexts, best, left_available, up_available);
    if (ctu_x == 1) model.synced[static_cast<size_t>(ctu_y)] = contexts;
}

void choose_sao(const std::vector<CtuSaoStatistics>& statistics, double lambda, int ctu_columns,
                int ctu_rows, std::vector<CtuSaoParameters>& params) {
    params.assign(
        static_cast<size_t>(std::max(ctu_columns, 0)) * static_cast<size_t>(std::max(ctu_rows, 0)),
        {});
    SaoRateModel model;
    model.allocate(ctu_rows);
    for (int ctu_y = 0; ctu_y < ctu_rows; ctu_y++) {
        for (int ctu_x = 0; ctu_x < ctu_columns; ctu_x++) {
            choose_sao_ctu(statistics, lambda, ctu_columns, ctu_x, ctu_y, model, params);
        }
    }
}

void estimate_sao(const PixelKernels& kernels, const Picture& source, const Picture& deblocked,
                  double lambda, int ctu_columns, int ctu_rows,
                  std::vector<CtuSaoParameters>& params) {
    std::vector<CtuSaoStatistics> statistics(
        static_cast<size_t>(std::max(ctu_columns, 0)) * static_cast<size_t>(std::max(ctu_rows, 0)));
    for (int ctu_y = 0; ctu_y < ctu_rows; ctu_y++) {
        for (int ctu_x = 0; ctu_x < ctu_columns; ctu_x++) {
            collect_sao_ctu_statistics(kernels, source, deblocked, ctu_x, ctu_y,
                                       statistics[static_cast<size_t>(ctu_y) * ctu_columns + ctu_x]);
        }
    }
    choose_sao(statistics, lambda, ctu_columns, ctu_rows, params);
}

// The same with the scalar statistics kernels, for callers without a kernel table.
void estimate_sao(const Picture& source, const Picture& deblocked, double lambda, int ctu_columns,
                  int ctu_rows, std::vector<CtuSaoParameters>& params) {
    PixelKernels scalar{};
    init_scalar_pixel_kernels(scalar);
    estimate_sao(scalar, source, deblocked, lambda, ctu_columns, ctu_rows, params);
}

}  // namespace tc
