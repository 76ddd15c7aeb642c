// The slice data of a picture cut into tiles (tiles_enabled_flag = 1, entropy_coding_sync 0):
// one substream per tile (H.265 7.3.8.1), in tile order, each coded on its own once the SAO
// parameters of its CTUs are decided: a tile starts a new arithmetic codeword from the initial
// contexts (9.3.1) and ends with end_of_subset_one_bit, a flush and byte_alignment(); the last
// tile ends the slice segment instead. The picture is one slice.
#pragma once
#include <cstdint>
#include <span>
#include <vector>

#include "bitstream/bit_writer.h"
#include "bitstream/cabac_contexts.h"
#include "bitstream/cabac_encoder.h"
#include "bitstream/ctu_syntax.h"
#include "common/ctu_decision.h"
#include "common/tile_grid.h"
#include "filter/sao.h"

namespace tc {

class TileSubstreams {
  public:
    // `tiles` must outlive the object; `capacity`: bytes reserved per substream.
    TileSubstreams(const TileGrid& tiles, int ctu_columns, size_t capacity);

    // Codes substream `tile` from `decisions` (raster order) with its SAO parameters
    // (nullptr: SAO off). Tiles may be coded at the same time, in any order.
    void code_tile(int tile, const CabacContexts& initial, const SyntaxParameters& syntax,
                   const std::vector<CtuDecision>& decisions, const std::vector<CtuSaoParameters>* sao);

    // entry_point_offset_minus1[i] + 1: the NAL-unit size of every substream but the last.
    std::span<const uint32_t> entry_point_offsets() const {
        return {entry_point_offsets_.data(), entry_point_offsets_.size() - 1};
    }
    // Appends the substreams after the slice header (byte aligned).
    void append_to(BitWriter& out) const;

  private:
    struct Tile {
        BitWriter substream;
        CabacEncoder cabac;
    };
    const TileGrid* tiles_;
    int ctu_columns_;
    std::vector<Tile> tiles_state_;
    std::vector<uint32_t> entry_point_offsets_;  // per tile (the last one is not signalled)
};

}  // namespace tc
