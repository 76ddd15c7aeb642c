// The slice data of a picture under WPP (entropy_coding_sync_enabled_flag = 1): one
// substream per CTU row (H.265 7.3.8.1), coded in parallel in wavefront order. Each row
// starts a new arithmetic codeword with the contexts stored after the second CTU of the
// row above (9.3.1, 9.3.2.4) and ends with end_of_subset_one_bit, a flush and
// byte_alignment(); the last row ends the slice segment instead.
#pragma once
#include <cstdint>
#include <span>
#include <vector>

#include "bitstream/bit_writer.h"
#include "bitstream/cabac_contexts.h"
#include "bitstream/cabac_encoder.h"
#include "bitstream/ctu_syntax.h"
#include "common/ctu_decision.h"
#include "encoder/wavefront.h"
#include "filter/sao.h"
#include "threading/thread_pool.h"

namespace tc {

// Bytes that `data` takes inside a NAL unit: its size plus the emulation_prevention_three_bytes
// write_nal_unit inserts (7.4.2). Counted on one substream alone, this is its share of the
// NAL unit whenever the byte before it is not zero, which holds after the slice header's and
// every substream's final alignment bit.
size_t escaped_size(const uint8_t* data, size_t size);

class WavefrontSubstreams {
  public:
    // `capacity`: bytes reserved per substream (steady-state coding allocates nothing).
    WavefrontSubstreams(int rows, size_t capacity);

    // Codes every CTU of `decisions` (raster order) with its SAO parameters (nullptr: SAO off),
    // running `side` on the pool at the same time.
    void code(ThreadPool& pool, Wavefront& wavefront, const CabacContexts& initial,
              const SyntaxParameters& syntax, const std::vector<CtuDecision>& decisions,
              const std::vector<CtuSaoParameters>* sao, SideTasks side = {});

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
    std::vector<Row> rows_;
    std::vector<uint32_t> entry_point_offsets_;  // per row (the last one is not signalled)
};

}  // namespace tc
