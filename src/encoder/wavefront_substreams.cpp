#include "encoder/wavefront_substreams.h"

#include "bitstream/sao_syntax.h"

namespace tc {

size_t escaped_size(const uint8_t* data, size_t size) {
    // The rule of write_nal_unit: a 0x03 goes before any byte <= 0x03 that follows 00 00.
    size_t inserted = 0;
    int zero_run = 0;
    for (size_t i = 0; i < size; i++) {
        if (zero_run >= 2 && data[i] <= 0x03) {
            inserted++;
            zero_run = 0;
        }
        zero_run = data[i] == 0x00 ? zero_run + 1 : 0;
    }
    return size + inserted;
}

WavefrontSubstreams::WavefrontSubstreams(int columns, int rows, size_t capacity, const SliceRows* slices)
    : columns_(columns),
      slices_(slices),
      rows_(static_cast<size_t>(rows)),
      synchronised_rows_(rows),
      entry_point_offsets_(static_cast<size_t>(rows)) {
    for (Row& row : rows_) row.substream.reserve(capacity);
}

void WavefrontSubstreams::start() { synchronised_rows_.reset(); }

void WavefrontSubstreams::code_row(int row, const CabacContexts& initial, const SyntaxParameters& syntax,
                                   const std::vector<CtuDecision>& decisions,
                                   const std::vector<CtuSaoParameters>* sao) {
    const int columns = columns_;
    const int slice = slices_ != nullptr ? slices_->slice_of(row) : 0;
    const int slice_first = first_row(slice), slice_end_row = end_row(slice);
    Row& state = rows_[static_cast<size_t>(row)];
    state.substream.clear();
    state.cabac.start(&state.substream);
    // 9.3.1: synchronise with the row above after its second CTU; without one (the first row
    // of a slice, a picture one CTU wide) start from the initial contexts.
    if (row > slice_first && columns > 1) {
        synchronised_rows_.wait_for(row - 1, 1);
        state.contexts = rows_[static_cast<size_t>(row - 1)].synchronised;
    } else {
        state.contexts = initial;
    }
    for (int column = 0; column < columns; column++) {
        const size_t index = static_cast<size_t>(row) * columns + column;
        if (sao != nullptr) write_sao_syntax(state.cabac, state.contexts, (*sao)[index], column > 0, row > slice_first);
        write_coding_tree_unit(state.cabac, state.contexts, syntax, decisions[index]);
        if (column == 1) {
            state.synchronised = state.contexts;
            synchronised_rows_.publish(row, 1);
        }
        const bool row_end = column + 1 == columns;
        const bool slice_end = row_end && row + 1 == slice_end_row;
        state.cabac.encode_terminate(slice_end ? 1 : 0);  // end_of_slice_segment_flag
    }
    if (row + 1 < slice_end_row) state.cabac.encode_terminate(1);  // end_of_subset_one_bit
    state.cabac.finish();
    // byte_alignment() after a subset, rbsp_slice_segment_trailing_bits() after the last: both
    // a one bit and zeros up to the byte boundary.
    state.substream.put_trailing_bits();
    const std::vector<uint8_t>& bytes = state.substream.bytes();
    entry_point_offsets_[static_cast<size_t>(row)] = static_cast<uint32_t>(escaped_size(bytes.data(), bytes.size()));
}

void WavefrontSubstreams::append_to(BitWriter& out, int slice) const {
    for (int r = first_row(slice); r < end_row(slice); r++) {
        const BitWriter& substream = rows_[static_cast<size_t>(r)].substream;
        out.append_bytes(substream.bytes().data(), substream.bytes().size());
    }
}

}  // namespace tc
