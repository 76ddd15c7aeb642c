// CABAC rate estimator: the same interface as CabacEncoder, so syntax writers can be templates
// over the coder, but it only sums the estimated cost while updating the contexts exactly as the
// encoder does.
#pragma once

#include <cstdint>

#include "bitstream/cabac_context.h"

namespace tc {

class CabacBitCounter {
  public:
    static constexpr int kFracBits = 15;  // costs in 1/32768 bit

    void encode_bin(ContextModel& context, int bin);
    void encode_bypass(int bin);
    void encode_bypass_bits(uint32_t value, int count);
    void encode_terminate(int bin);
    uint64_t fractional_bits() const { return fractional_bits_; }
    void reset() { fractional_bits_ = 0; }

  private:
    uint64_t fractional_bits_ = 0;
};

}  // namespace tc
