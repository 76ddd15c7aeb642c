// The slice data of a picture under WPP (entropy_coding_sync_enabled_flag = 1): one
// substream per CTU row (H.265 7.3.8.1), coded in parallel, each row once the row above has
// coded its second CTU. Each row starts a new arithmetic codeword with the contexts stored
// after the second CTU of the row above (9.3.1, 9.3.2.4) and ends with end_of_subset_one_bit,
// a flush and byte_alignment(); the last row ends the slice segment instead.
#pragma once
#include <cstdint>
#include <span>
#include <vector>

#include "bitstream/bit_writer.h"
#include "bitstream/cabac_contexts.h"
#include "bitstream/cabac_encoder.h"
#include "bitstream/ctu_syntax.h"
#include "common/ctu_decision.h"
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
    // allocates nothing).
    WavefrontSubstreams(int columns, int rows, size_t capacity);

    // A new picture: no row coded yet.
    void start();
    // Codes substream `row`: every CTU of the row in `decisions` (raster order) with its SAO
    // parameters (nullptr: SAO off), once they are final. Call once per row, on any thread;
    // the call waits for the row above's second CTU (9.3.1), so the row above's call must be
    // running or bound to run without waiting for this one. Nothing else ties rows together.
    void code_row(int row, const CabacContexts& initial, const SyntaxParameters& syntax,
                  const std::vector<CtuDecision>& decisions, const std::vector<CtuSaoParameters>* sao);

    // entry_point_offset_minus1[i] + 1 of the slice header: the NAL-unit size of every
    // substream but the last.
    std::span<const uint32_t> entry_point_offsets() const {
        return {entry_point_offsets_.data(), entry_point_offsets_.size() - 1};
    }
    // Appends the substreams after the slice header (byte aligned).
    void append_to(BitWriter& out) const;

  private:
    struct Row {
        BitWriter substream;
        CabacEncoder cabac;
        CabacContexts contexts;
        CabacContexts synchronised;  // after the row's second CTU
    };
    int columns_;
    std::vector<Row> rows_;
    RowProgress synchronised_rows_;              // per row: 1 once `synchronised` is stored
    std::vector<uint32_t> entry_point_offsets_;  // per row (the last one is not signalled)
};

}  // namespace tc
