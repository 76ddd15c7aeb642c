// The encoder's SAO decision: per CTU, the parameters (or a merge with the left / above CTU) that
// minimise distortion + lambda * rate against the source picture.
#pragma once

#include <vector>

#include "filter/sao.h"
#include "kernels/pixel_kernels.h"

namespace tc {

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
