// The encoder's SAO decision: per CTU, the parameters (or a merge with the left / above CTU) that
// minimise distortion + lambda * rate against the source picture.
#pragma once
#include <climits>

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "bitstream/cabac_contexts.h"
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

// The statistics of the CTB of `size` samples at (x0, y0) of one component: `source` and
// `deblocked` are its planes (width x height, rows *_stride apart), the CTB's slice covers rows
// [top_limit, bottom_limit) of the plane (edge offsets compare no sample across them).
// band_offsets false: the band counts and sums stay zero.
SaoStatistics collect_sao_statistics(const PixelKernels& kernels, const uint8_t* source, ptrdiff_t source_stride,
                                     const uint8_t* deblocked, ptrdiff_t deblocked_stride, int width, int height,
                                     int x0, int y0, int size, int top_limit, int bottom_limit,
                                     bool band_offsets = true);

// The statistics of CTU (ctu_x, ctu_y), in the slice of CTU rows [slice_first_row,
// slice_end_row) (edge offsets compare no sample across its boundaries).
void collect_sao_ctu_statistics(const PixelKernels& kernels, const Picture& source, const Picture& deblocked,
                                int ctu_x, int ctu_y, CtuSaoStatistics& statistics, int slice_first_row = 0,
                                int slice_end_row = INT_MAX, bool band_offsets = true);

// The rate model of the decisions: context states that adapt through each CTU row from left to
// right and start a row from those of the row above after its second CTU, as WPP's CABAC
// does (equal probabilities in the first row and where the picture is one CTU wide). So a CTU's
// decision depends on its left neighbour and its row above up to the above-right CTU only, and
// rows may be decided in wavefront order on several threads with the same result.
struct SaoRateModel {
    std::vector<CabacContexts> row;     // per CTU row: its contexts so far
    std::vector<CabacContexts> synced;  // per CTU row: its contexts after its second CTU
    void allocate(int ctu_rows);
};

// The decision of CTU (ctu_x, ctu_y) from its statistics, once its left neighbour and the row
// above up to its above-right neighbour are decided; params holds ctu_columns * ctu_rows
// entries. `model` was allocated for the picture's rows.
// slice_first_row: the first CTU row of the CTU's slice (no merge with, and no contexts from,
// the rows above it). chroma_edge_offsets false: the chroma components take band offsets or
// none (see RowFinisher: a decoder's bug). band_offsets false: no component takes band offsets
// (SearchEffort::sao_band_offsets).
void choose_sao_ctu(const std::vector<CtuSaoStatistics>& statistics, double lambda, int ctu_columns,
                    int ctu_x, int ctu_y, SaoRateModel& model, std::vector<CtuSaoParameters>& params,
                    int slice_first_row = 0, bool chroma_edge_offsets = true, bool band_offsets = true);

// Every CTU's decision in raster order (one thread); params as estimate_sao gives them.
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
