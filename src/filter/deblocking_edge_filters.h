#pragma once
// The sample filters of one deblocking edge segment (H.265 8.7.2.5.3 and 8.7.2.5.5 to 8.7.2.5.8),
// 8-bit. An edge segment is addressed by q0 of its first line: `across` steps from q0 to q1
// (away from the edge, p side at negative multiples), `along` steps to the next line.

#include <cstddef>
#include <cstdint>

namespace tc {

// Decides (8.7.2.5.3) and filters (8.7.2.5.7) the 4 lines of a luma edge segment with bS > 0.
void filter_luma_edge_segment(uint8_t* q0, ptrdiff_t across, ptrdiff_t along, int beta, int tc);

// Filters (8.7.2.5.8) `lines` lines of a chroma edge segment with bS == 2.
void filter_chroma_edge_segment(uint8_t* q0, ptrdiff_t across, ptrdiff_t along, int lines, int tc);

// The scalar references of the PixelKernels deblocking entries (src/kernels/pixel_kernels.h):
// the segment filters above, segment after segment, skipping those with tc 0.
void deblock_luma_horizontal_scalar(uint8_t* q0, ptrdiff_t stride, const uint8_t* beta,
                                    const uint8_t* tc, int segments);
void deblock_luma_vertical_scalar(uint8_t* q0, ptrdiff_t stride, const uint8_t* beta,
                                  const uint8_t* tc, int segments);
void deblock_chroma_horizontal_scalar(uint8_t* q0, ptrdiff_t stride, const uint8_t* tc,
                                      int segments);
void deblock_chroma_vertical_scalar(uint8_t* q0, ptrdiff_t stride, const uint8_t* tc, int segments);

}  // namespace tc
