// Intra sample prediction from reference samples (H.265 clauses 8.4.4.2.4 to 8.4.4.2.6), 8-bit.
#pragma once

#include <cstddef>
#include <cstdint>

#include "predict/intra_references.h"

namespace tc {

// Predicts the N x N block (N = 1 << log2_size, 4..32) for intra mode 0..34 (0 planar, 1 DC,
// 2..34 angular) from references that are already filtered when clause 8.4.4.2.3 says so.
// is_luma enables the DC edge filter and the edge filters of modes 10 and 26, which apply only
// when N < 32 (disableIntraBoundaryFilter is 0).
void predict_intra(const IntraReferences& refs, int log2_size, int mode, bool is_luma,
                   uint8_t* prediction, ptrdiff_t prediction_stride);

}  // namespace tc
