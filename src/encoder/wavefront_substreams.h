// The slice data of a picture under WPP (entropy_coding_sync_enabled_flag = 1): one
// substream per CTU row (H.265 7.3.8.1), coded in parallel, each row once the row above has
// coded its second CTU. Each row starts a new arithmetic codeword with the contexts stored
// after the second CTU of the row above (9.3.1, 9.3.2.4) and ends with end_of_subset_one_bit,
// a flush and byte_alignment(); the last row of a slice ends the slice segment instead. With
// several slices (SliceRows), each slice's first row starts from the initial contexts, and
// each slice's substreams form the data of its own slice segment NAL unit.
#pragma once
#include <cstdint>
#include <span>
#include <vector>

#include "bitstream/bit_writer.h"
#include "bitstream/cabac_contexts.h"
#include "bitstream/cabac_encoder.h"
#include "bitstream/ctu_syntax.h"
#include "common/ctu_decision.h"
#include "common/slice_rows.h"
#include "filter/sao.h"
#include "threading/row_progress.h"

namespace tc {

// Bytes that `data` takes inside a NAL unit: its size plus the emulation_prevention_three_bytes
// write_nal_unit inserts (7.4.2). Counted on one substream alone, this is its share of the
// NAL unit whenever the byte before it is not zero, which holds after the slice header's and
// every substream's final alignment bit.
size_t escaped_size(const uint8_t* data, size_t size);

class WavefrontSubstreams {
  public:
    // `columns` x `rows` CTUs; `capacity`: bytes reserved per substream (steady-state coding
    // allocates nothing); `slices` (nullptr: one slice) must outlive the object.
    WavefrontSubstreams(int columns, int rows, size_t capacity, const SliceRows* slices = nullptr);

    // A new picture: no row coded yet.
    void start();
    // Codes substream `row`: every CTU of the row in `decisions` (raster order) with its SAO
    // parameters (nullptr: SAO off), once they are final. Call once per row, on any thread;
    // the call waits for the row above's second CTU (9.3.1) unless it starts a slice, so the
    // row above's call must be running or bound to run without waiting for this one. Nothing
    // else ties rows together.
    void code_row(int row, const CabacContexts& initial, const SyntaxParameters& syntax,
                  const std::vector<CtuDecision>& decisions, const std::vector<CtuSaoParameters>* sao);

    // entry_point_offset_minus1[i] + 1 of slice `slice`'s header: the NAL-unit size of every
    // substream of the slice but its last.
    std::span<const uint32_t> entry_point_offsets(int slice = 0) const {
        const int first = first_row(slice), end = end_row(slice);
        return {entry_point_offsets_.data() + first, static_cast<size_t>(end - first - 1)};
    }
    // Appends slice `slice`'s substreams after its slice header (byte aligned).
    void append_to(BitWriter& out, int slice = 0) const;

  private:
    int first_row(int slice) const { return slices_ != nullptr ? slices_->first_row(slice) : 0; }
    int end_row(int slice) const { return slices_ != nullptr ? slices_->end_row(slice) : static_cast<int>(rows_.size()); }

    struct Row {
        BitWriter substream;
        CabacEncoder cabac;
        CabacContexts contexts;
        CabacContexts synchronised;  // after the row's second CTU
    };
    int columns_;
    const SliceRows* slices_;
    std::vector<Row> rows_;
    RowProgress synchronised_rows_;              // per row: 1 once `synchronised` is stored
    std::vector<uint32_t> entry_point_offsets_;  // per row (the last one is not signalled)
};

}  // namespace tc
