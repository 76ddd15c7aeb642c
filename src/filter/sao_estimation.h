// The encoder's SAO decision: per CTU, the parameters (or a merge with the left / above CTU) that
// minimise distortion + lambda * rate against the source picture.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "filter/sao.h"
#include "kernels/pixel_kernels.h"

namespace tc {

// For one component of one CTB: per class of samples, how many there are and the sum of
// (source - deblocked). Adding offset o to n samples whose differences sum to E changes the SSE
// by n * o^2 - 2 * o * E (ignoring the clipping to [0, 255]).
struct SaoStatistics {
    int64_t band_count[kSaoBandCount] = {};
    int64_t band_sum[kSaoBandCount] = {};
    int64_t edge_count[4][kSaoEdgeCategories] = {};  // [sao_eo_class][edgeIdx after remapping]
    int64_t edge_sum[4][kSaoEdgeCategories] = {};
};
using CtuSaoStatistics = std::array<SaoStatistics, 3>;  // Y, Cb, Cr

// The statistics of the CTUs of one CTU row (ctu_columns entries). CTUs are independent, so
// rows may be collected in parallel.
void collect_sao_statistics(const PixelKernels& kernels, const Picture& source, const Picture& deblocked,
                            int ctu_columns, int ctu_row, CtuSaoStatistics* row_statistics);

// The decisions from every CTU's statistics, in coding order (the rate model's contexts and
// the merge candidates depend on the CTUs before); params as estimate_sao gives them.
void choose_sao(const std::vector<CtuSaoStatistics>& statistics, double lambda, int ctu_columns,
                int ctu_rows, std::vector<CtuSaoParameters>& params);

// Chooses every CTU's parameters by rate-distortion (lambda for SSE), from the source and the
// deblocked picture; considers merge left/up, band offsets (best 4-band window), the four edge
// classes, and off; offsets clipped to [-7, 7] (sao_offset_abs cMax = 7 for 8-bit); Cb/Cr share
// type and eo_class as the syntax requires. params gets ctu_columns * ctu_rows entries in raster
// order, each holding the effective parameters (a merged CTU holds a copy of its candidate's).
// The statistics come from the kernel table's sao_band_statistics / sao_edge_statistics.
void estimate_sao(const PixelKernels& kernels, const Picture& source, const Picture& deblocked, double lambda,
                  int ctu_columns, int ctu_rows, std::vector<CtuSaoParameters>& params);
// The same with the scalar kernels (tests, callers without a kernel table).
void estimate_sao(const Picture& source, const Picture& deblocked, double lambda, int ctu_columns,
                  int ctu_rows, std::vector<CtuSaoParameters>& params);

}  // namespace tc
