// Reference samples of intra sample prediction: gathering with substitution of the unavailable
// ones (H.265 clause 8.4.4.2.2) and their smoothing filter (H.265 clause 8.4.4.2.3).
#pragma once

#include <cstddef>
#include <cstdint>

#include "common/block_info_map.h"
#include "predict/zscan_availability.h"

namespace tc {

// The 4*N+1 reference samples p[x][y] of an N x N block (N = 4..32), stored as one line that runs
// up the left column and then along the top row:
//   samples[0]      = p[-1][2N-1]  (bottom-most left neighbour)
//   samples[2N-1]   = p[-1][0]
//   samples[2N]     = p[-1][-1]    (corner)
//   samples[2N+1]   = p[0][-1]
//   samples[4N]     = p[2N-1][-1]  (right-most top neighbour)
// This is the order in which clause 8.4.4.2.2 substitutes and in which the [1 2 1] filter of
// clause 8.4.4.2.3 runs.
struct IntraReferences {
    int size = 0;  // N
    uint8_t samples[4 * 32 + 1];
};

// Gathers the references of the size x size block at (x, y), in samples of this plane, from the
// reconstructed plane and substitutes the unavailable ones (H.265 clause 8.4.4.2.2). chroma_shift
// is 0 for luma and 1 for 4:2:0 chroma; availability is decided in luma coordinates. When no
// neighbour is available every sample is 1 << (BitDepth - 1) = 128.
// With `intra_only` (constrained_intra_pred_flag), samples of blocks that are not intra
// count as unavailable too. `above_row` (nullptr: the plane's row y - 1) holds the samples of
// row y - 1 from column 0 on (column -1 readable): the references above come from there.
void gather_intra_references(const uint8_t* plane, ptrdiff_t stride, int plane_width,
                             int plane_height, int x, int y, int size, int chroma_shift,
                             const ZscanAvailability& availability, IntraReferences& out,
                             const BlockInfoMap* intra_only = nullptr, const uint8_t* above_row = nullptr);

// The substitution step of H.265 clause 8.4.4.2.2 on its own: is_available[i] tells whether
// refs.samples[i] holds a reconstructed sample (4 * refs.size + 1 entries, in the order above).
// Unavailable samples take the value of their predecessor along the line; samples[0] takes the
// first available value. With nothing available every sample becomes 128.
void substitute_intra_references(const bool* is_available, IntraReferences& refs);

// H.265 clause 8.4.4.2.3, filterFlag for a luma block of size 1 << log2_size predicted with `mode`
// (0 planar, 1 DC, 2..34 angular). In 4:2:0 chroma references are never filtered.
bool intra_filter_applies(int log2_size, int mode);

// H.265 clause 8.4.4.2.3, the filtered references: the strong bi-linear interpolation for a 32x32
// block when strong_intra_smoothing is set and both edges are flat enough, otherwise [1 2 1].
void filter_intra_references(const IntraReferences& in, int log2_size, bool strong_intra_smoothing,
                             IntraReferences& out);

}  // namespace tc
