// CABAC rate estimator: the same interface as CabacEncoder, so syntax writers can be templates
// over the coder, but it only sums the estimated cost while updating the contexts exactly as the
// encoder does.
#pragma once

#include <cstdint>

#include "bitstream/cabac_context.h"
#include "bitstream/cabac_tables.h"

namespace tc {

class CabacBitCounter {
  public:
    static constexpr int kFracBits = 15;  // costs in 1/32768 bit

    // Inline: the rate estimation of every RD decision calls it for each bin.
    void encode_bin(ContextModel& context, int bin) {
        const bool is_lps = (bin != 0) != (context.mps != 0);
        fractional_bits_ += kCabacBinCost[context.state][is_lps ? 1 : 0];
        if (is_lps) {
            if (context.state == 0) context.mps = static_cast<uint8_t>(1 - context.mps);
            context.state = kTransIdxLps[context.state];
        } else {
            context.state = trans_idx_mps(context.state);
        }
    }
    void encode_bypass(int bin);
    void encode_bypass_bits(uint32_t value, int count);
    void encode_terminate(int bin);
    uint64_t fractional_bits() const { return fractional_bits_; }
    void reset() { fractional_bits_ = 0; }
    void add_fractional_bits(uint64_t bits) { fractional_bits_ += bits; }

  private:
    uint64_t fractional_bits_ = 0;
};

}  // namespace tc
