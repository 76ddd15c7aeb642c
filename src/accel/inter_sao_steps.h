// SAO (H.265 8.7.3) of a P picture the accelerator coded, decided and applied by the
// accelerator (InterCodingParameters::sao), in steps that the CPU mirror and the CUDA kernels
// share.
//
// The decision differs from the CPU path's (filter/sao_estimation.h), so that CTBs are decided
// side by side: every CTB's own parameters at once (decide_inter_sao, a thread each), then per
// CTU row from left to right whether each CTB merges with its left neighbour (takes its
// effective parameters: merge_inter_sao_row, a thread a row), never with the one above; and the
// rate is a fixed count of bins (sao_merge_left_flag and sao_merge_up_flag 1 each, sao_type_idx
// 1 or 2, sao_offset_abs's truncated unary bins, the signs of band offsets, 5 for
// sao_band_position, 2 for sao_eo_class) instead of the adaptive contexts' estimate. Costs are
// integers, 256 * (the SSE change) + lambda_q8 * bins, so both backends choose alike. The
// offsets are chosen as on the CPU path: each class's from its rounded mean difference towards
// 0; the band window of least cost; Cb and Cr share the type and the edge class.
//
// The application reads the deblocked picture (a copy) and writes each sample once: band
// offsets by the sample's band, edge offsets by the two neighbours of the CTB's class, a sample
// whose neighbour lies outside the picture left as it is. One slice: no slice boundary to stop
// at (the encoder asks for this only then).
#pragma once
#include <cstddef>
#include <cstdint>

#include "accel/host_device.h"
#include "accel/inter_coding.h"

namespace tc {

// sao_offset_abs's bins (TR, cMax 7) and, where coded, its sign's.
TC_HOST_DEVICE inline int inter_sao_offset_bins(int offset, bool has_sign) {
    const int magnitude = offset < 0 ? -offset : offset;
    return (magnitude + 1 < 7 ? magnitude + 1 : 7) + (has_sign && offset != 0 ? 1 : 0);
}

struct InterSaoOffsetChoice {
    int offset;
    int64_t cost;  // 256 * SSE change + lambda_q8 * bins
};

// The offset in [low, high] for `count` samples whose differences (source - deblocked) sum to
// `sum`: from the rounded mean (halves away from 0) towards 0, the first of least cost.
TC_HOST_DEVICE inline InterSaoOffsetChoice inter_sao_choose_offset(int64_t count, int64_t sum, int low, int high,
                                                                   bool has_sign, int64_t lambda_q8) {
    InterSaoOffsetChoice best{0, lambda_q8 * inter_sao_offset_bins(0, has_sign)};
    if (count == 0) return best;
    const int64_t magnitude = sum < 0 ? -sum : sum;
    int64_t mean = (2 * magnitude + count) / (2 * count);
    if (sum < 0) mean = -mean;
    const int start = mean < low ? low : mean > high ? high : static_cast<int>(mean);
    const int step = start > 0 ? -1 : 1;
    for (int offset = start; offset != 0; offset += step) {
        const int64_t change = count * offset * offset - 2 * offset * sum;
        const int64_t cost = 256 * change + lambda_q8 * inter_sao_offset_bins(offset, has_sign);
        if (cost < best.cost) best = {offset, cost};
    }
    return best;
}

// Band offsets of least cost into `d` (each band's offset, then the window of 4 bands, which
// wraps modulo 32); returns its cost with sao_band_position's 5 bins.
TC_HOST_DEVICE inline int64_t inter_sao_best_band(const InterSaoStatistics& s, int64_t lambda_q8,
                                                  InterSaoDecision& d) {
    InterSaoOffsetChoice per_band[32];
    for (int band = 0; band < 32; band++) {
        per_band[band] = inter_sao_choose_offset(s.band_count[band], s.band_sum[band], -7, 7, true, lambda_q8);
    }
    int best_position = 0;
    int64_t best_cost = 0;
    for (int position = 0; position < 32; position++) {
        int64_t cost = 0;
        for (int k = 0; k < 4; k++) cost += per_band[(position + k) & 31].cost;
        if (position == 0 || cost < best_cost) {
            best_cost = cost;
            best_position = position;
        }
    }
    d.type = 1;
    d.band_position = static_cast<uint8_t>(best_position);
    d.eo_class = 0;
    for (int k = 0; k < 4; k++) d.offsets[k] = static_cast<int8_t>(per_band[(best_position + k) & 31].offset);
    return best_cost + lambda_q8 * 5;
}

// Edge offsets of class `eo_class` into `d` (categories 1, 2 take offsets >= 0, 3, 4 <= 0; no
// signs coded); returns their cost (without the class's bins).
TC_HOST_DEVICE inline int64_t inter_sao_best_edge(const InterSaoStatistics& s, int eo_class, int64_t lambda_q8,
                                                  InterSaoDecision& d) {
    d.type = 2;
    d.band_position = 0;
    d.eo_class = static_cast<uint8_t>(eo_class);
    int64_t cost = 0;
    for (int k = 0; k < 4; k++) {
        const InterSaoOffsetChoice choice = inter_sao_choose_offset(
            s.edge_count[eo_class][k + 1], s.edge_sum[eo_class][k + 1], k < 2 ? 0 : -7, k < 2 ? 7 : 0, false, lambda_q8);
        d.offsets[k] = static_cast<int8_t>(choice.offset);
        cost += choice.cost;
    }
    return cost;
}

// The SSE change (not scaled) of applying `d` to the CTB `s` describes.
TC_HOST_DEVICE inline int64_t inter_sao_distortion(const InterSaoStatistics& s, const InterSaoDecision& d) {
    int64_t change = 0;
    for (int k = 0; k < 4 && d.type != 0; k++) {
        const int64_t count = d.type == 1 ? s.band_count[(d.band_position + k) & 31] : s.edge_count[d.eo_class][k + 1];
        const int64_t sum = d.type == 1 ? s.band_sum[(d.band_position + k) & 31] : s.edge_sum[d.eo_class][k + 1];
        change += count * d.offsets[k] * d.offsets[k] - 2 * d.offsets[k] * sum;
    }
    return change;
}

// The bins of a component's parameters after the merge flags: sao_type_idx and sao_eo_class
// where `coded_type` (luma, Cb), the offsets and, of band offsets, their signs and position.
TC_HOST_DEVICE inline int inter_sao_bins(const InterSaoDecision& d, bool coded_type) {
    int bins = coded_type ? (d.type == 0 ? 1 : 2) : 0;
    if (d.type == 0) return bins;
    for (int k = 0; k < 4; k++) bins += inter_sao_offset_bins(d.offsets[k], d.type == 1);
    return bins + (d.type == 1 ? 5 : coded_type ? 2 : 0);
}

// One CTB's own decision for Y, Cb and Cr from its statistics (`stats` and `out`: 3 each).
TC_HOST_DEVICE inline void decide_inter_sao(const InterSaoStatistics* stats, int64_t lambda_q8, InterSaoDecision* out) {
    // Luma: off ("0"), band ("10" and the window), or an edge class ("11", offsets, 2 bins).
    InterSaoDecision best{};
    int64_t best_cost = lambda_q8;
    InterSaoDecision candidate{};
    int64_t cost = 2 * lambda_q8 + inter_sao_best_band(stats[0], lambda_q8, candidate);
    if (cost < best_cost) {
        best = candidate;
        best_cost = cost;
    }
    for (int eo_class = 0; eo_class < 4; eo_class++) {
        cost = 4 * lambda_q8 + inter_sao_best_edge(stats[0], eo_class, lambda_q8, candidate);
        if (cost < best_cost) {
            best = candidate;
            best_cost = cost;
        }
    }
    out[0] = best;
    // Cb and Cr: one type for both (coded once), each its own band window; one edge class.
    InterSaoDecision best_cb{}, best_cr{};
    best_cost = lambda_q8;
    InterSaoDecision cb{}, cr{};
    cost = 2 * lambda_q8 + inter_sao_best_band(stats[1], lambda_q8, cb) + inter_sao_best_band(stats[2], lambda_q8, cr);
    if (cost < best_cost) {
        best_cb = cb;
        best_cr = cr;
        best_cost = cost;
    }
    for (int eo_class = 0; eo_class < 4; eo_class++) {
        cost = 4 * lambda_q8 + inter_sao_best_edge(stats[1], eo_class, lambda_q8, cb) +
               inter_sao_best_edge(stats[2], eo_class, lambda_q8, cr);
        if (cost < best_cost) {
            best_cb = cb;
            best_cr = cr;
            best_cost = cost;
        }
    }
    out[1] = best_cb;
    out[2] = best_cr;
}

// The merges of one CTU row of ctu_columns CTBs, whose statistics and own decisions
// `row_statistics` and `row_decisions` hold (3 per CTB, left to right): from left to right, a CTB
// takes its left neighbour's effective parameters (merge_left 1) where that costs less than its
// own parameters with the flags they need (sao_merge_left_flag 0, then sao_merge_up_flag 0 where
// `below_first_row`).
TC_HOST_DEVICE inline void merge_inter_sao_row(const InterSaoStatistics* row_statistics, InterSaoDecision* row_decisions,
                                               int ctu_columns, bool below_first_row, int64_t lambda_q8) {
    for (int x = 1; x < ctu_columns; x++) {
        const InterSaoStatistics* stats = row_statistics + 3 * x;
        InterSaoDecision* own = row_decisions + 3 * x;
        const InterSaoDecision* left = own - 3;
        int64_t own_cost = lambda_q8 * (1 + (below_first_row ? 1 : 0));
        int64_t merged_cost = lambda_q8;
        for (int c = 0; c < 3; c++) {
            own_cost += 256 * inter_sao_distortion(stats[c], own[c]) + lambda_q8 * inter_sao_bins(own[c], c < 2);
            merged_cost += 256 * inter_sao_distortion(stats[c], left[c]);
        }
        if (merged_cost < own_cost) {
            for (int c = 0; c < 3; c++) {
                own[c] = left[c];
                own[c].merge_left = 1;
            }
        }
    }
}

// The sample at (x, y) of a width x height plane after SAO with decision `d`, from the
// deblocked plane `in`.
TC_HOST_DEVICE inline uint8_t inter_sao_sample(const uint8_t* in, ptrdiff_t stride, int width, int height, int x,
                                               int y, const InterSaoDecision& d) {
    const int sample = in[y * stride + x];
    int offset = 0;
    if (d.type == 1) {
        const int k = ((sample >> 3) - d.band_position) & 31;
        if (k >= 4) return static_cast<uint8_t>(sample);
        offset = d.offsets[k];
    } else if (d.type == 2) {
        // hPos / vPos of 8.7.3.2 for classes 0 (horizontal), 1 (vertical), 2 (135), 3 (45 degrees).
        const int dx = d.eo_class == 1 ? 0 : d.eo_class == 3 ? 1 : -1;
        const int dy = d.eo_class == 0 ? 0 : -1;
        const int xa = x + dx, ya = y + dy, xb = x - dx, yb = y - dy;
        if (xa < 0 || xa >= width || ya < 0 || ya >= height || xb < 0 || xb >= width || yb < 0 || yb >= height) {
            return static_cast<uint8_t>(sample);
        }
        const int a = in[ya * stride + xa], b = in[yb * stride + xb];
        const int edge = 2 + (sample > a) - (sample < a) + (sample > b) - (sample < b);
        // edgeIdx 0, 1, 2 become 1, 2, 0 (8.7.3.2); 0 takes no offset.
        const int category = edge == 0 ? 1 : edge == 1 ? 2 : edge == 2 ? 0 : edge;
        if (category == 0) return static_cast<uint8_t>(sample);
        offset = d.offsets[category - 1];
    } else {
        return static_cast<uint8_t>(sample);
    }
    const int value = sample + offset;
    return static_cast<uint8_t>(value < 0 ? 0 : value > 255 ? 255 : value);
}

}  // namespace tc
