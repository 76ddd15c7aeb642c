#pragma once
// The HEVC deblocking filter (H.265 8.7.2) for 8-bit 4:2:0 pictures coded as one slice without
// tiles, PCM or transquant bypass, with pps_cb_qp_offset = pps_cr_qp_offset = 0.

#include <cstdint>
#include <vector>

#include "picture/plane.h"

namespace tc {

struct PixelKernels;

// What the filter needs to know about each 4x4 luma block of the picture, filled by the encoder
// from its decisions.
struct DeblockBlockInfo {
    uint8_t qp = 0;             // QpY of the coding unit
    bool intra = false;         // CuPredMode == MODE_INTRA
    bool nonzero_luma = false;  // the luma transform block containing this 4x4 has non-zero
                                // coefficients
    bool transform_edge_left = false, transform_edge_top = false;  // left/top side of this 4x4
                                                                   // is a transform block boundary
    bool prediction_edge_left = false, prediction_edge_top = false;  // left/top side is a
                                                                     // prediction block (PU/CU)
                                                                     // boundary
    // Motion of the prediction block (inter only). ref_id < 0 = list unused. ref_id identifies
    // the reference PICTURE (not the index), so two lists pointing at the same picture compare
    // equal.
    int32_t ref_id[2] = {-1, -1};
    int16_t mv[2][2] = {{0, 0}, {0, 0}};  // [list][x/y], quarter luma samples
};

// width4 x height4 blocks, row-major; allocate once, reuse per picture.
class DeblockingMap {
  public:
    // Sizes the map for a luma picture (rounded up to whole 4x4 blocks) and resets every block.
    void allocate(int luma_width, int luma_height);
    DeblockBlockInfo& at(int x4, int y4) { return blocks_[index(x4, y4)]; }
    const DeblockBlockInfo& at(int x4, int y4) const { return blocks_[index(x4, y4)]; }
    int width4() const { return width4_; }
    int height4() const { return height4_; }

  private:
    size_t index(int x4, int y4) const {
        return static_cast<size_t>(y4) * static_cast<size_t>(width4_) + static_cast<size_t>(x4);
    }
    std::vector<DeblockBlockInfo> blocks_;
    int width4_ = 0, height4_ = 0;
};

struct DeblockingParameters {
    int beta_offset_div2 = 0;  // slice_beta_offset_div2, -6..6
    int tc_offset_div2 = 0;    // slice_tc_offset_div2, -6..6
};

enum class EdgeDirection : uint8_t { kVertical, kHorizontal };

// The edges of one direction in luma rows [first_row, end_row) (multiples of 8) and in the
// chroma rows at half those. Row ranges touch disjoint samples: vertical edges stay within
// their rows, and horizontal edges 8 rows apart read 4 and change at most 3 samples on each
// side. So ranges may be filtered in parallel, every vertical edge before any horizontal one.
// The edge filters are those of `kernels`; the overload without takes the scalar references.
void deblock_rows(const PixelKernels& kernels, Picture& picture, const DeblockingMap& map,
                  const DeblockingParameters& parameters, EdgeDirection direction, int first_row,
                  int end_row);
void deblock_rows(Picture& picture, const DeblockingMap& map,
                  const DeblockingParameters& parameters, EdgeDirection direction, int first_row,
                  int end_row);

// Deblocks the whole picture in place (8.7.2): boundary strengths (8.7.2.4), then all vertical
// edges of the picture (horizontal filtering) on the 8x8 grid, then all horizontal edges using
// the output of the first stage; luma decisions and strong/normal filters (8.7.2.5.3,
// 8.7.2.5.6/7), chroma filtering only where bS == 2 on the 8x8 chroma-sample grid (i.e. 16 luma
// samples) with QpC from the chroma QP mapping table (cQpPicOffset 0). Edges on the picture
// boundary are not filtered. `picture` planes have the coded size (multiples of 8). A map smaller
// than the picture leaves the picture untouched.
void deblock_picture(const PixelKernels& kernels, Picture& picture, const DeblockingMap& map,
                     const DeblockingParameters& parameters);
void deblock_picture(Picture& picture, const DeblockingMap& map,
                     const DeblockingParameters& parameters);

}  // namespace tc
