#include "encoder/tile_substreams.h"

#include "bitstream/sao_syntax.h"
#include "encoder/wavefront_substreams.h"

namespace tc {

TileSubstreams::TileSubstreams(const TileGrid& tiles, int ctu_columns, size_t capacity)
    : tiles_(&tiles),
      ctu_columns_(ctu_columns),
      tiles_state_(static_cast<size_t>(tiles.count())),
      entry_point_offsets_(static_cast<size_t>(tiles.count())) {
    for (Tile& tile : tiles_state_) tile.substream.reserve(capacity);
}

void TileSubstreams::code_tile(int tile, const CabacContexts& initial, const SyntaxParameters& syntax,
                               const std::vector<CtuDecision>& decisions,
                               const std::vector<CtuSaoParameters>* sao) {
    Tile& state = tiles_state_[static_cast<size_t>(tile)];
    state.substream.clear();
    state.cabac.start(&state.substream);
    CabacContexts contexts = initial;  // 9.3.1: every tile starts afresh
    const int first_column = tiles_->first_column_of_tile(tile), end_column = tiles_->end_column_of_tile(tile);
    const int first_row = tiles_->first_row_of_tile(tile), end_row = tiles_->end_row_of_tile(tile);
    const bool last_tile = tile + 1 == tiles_->count();
    for (int row = first_row; row < end_row; row++) {
        for (int column = first_column; column < end_column; column++) {
            const size_t index = static_cast<size_t>(row) * static_cast<size_t>(ctu_columns_) + static_cast<size_t>(column);
            // SAO merges only with CTUs of the tile (7.3.8.3).
            if (sao != nullptr) {
                write_sao_syntax(state.cabac, contexts, (*sao)[index], column > first_column, row > first_row);
            }
            write_coding_tree_unit(state.cabac, contexts, syntax, decisions[index]);
            const bool tile_end = row + 1 == end_row && column + 1 == end_column;
            state.cabac.encode_terminate(tile_end && last_tile ? 1 : 0);  // end_of_slice_segment_flag
        }
    }
    if (!last_tile) state.cabac.encode_terminate(1);  // end_of_subset_one_bit
    state.cabac.finish();
    // byte_alignment() after a subset, rbsp_slice_segment_trailing_bits() after the last.
    state.substream.put_trailing_bits();
    const std::vector<uint8_t>& bytes = state.substream.bytes();
    entry_point_offsets_[static_cast<size_t>(tile)] = static_cast<uint32_t>(escaped_size(bytes.data(), bytes.size()));
}

void TileSubstreams::append_to(BitWriter& out) const {
    for (const Tile& tile : tiles_state_) out.append_bytes(tile.substream.bytes().data(), tile.substream.bytes().size());
}

}  // namespace tc
