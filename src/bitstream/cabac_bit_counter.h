// CABAC rate estimator: the same interface as CabacEncoder, so syntax writers can be templates
// over the coder, but it only sums the estimated cost while updating the contexts exactly as the
// encoder does.
#pragma once

#include <array>
#include <cstdint>

#include "bitstream/cabac_context.h"
#include "bitstream/cabac_tables.h"

namespace tc {

// What coding a bin does to a context: [ContextModel::packed][bin], its cost and the context's
// next packed state.
struct BinTransition {
    uint32_t cost;
    uint8_t next;
};

constexpr std::array<std::array<BinTransition, 2>, 128> make_bin_transitions() {
    std::array<std::array<BinTransition, 2>, 128> table{};
    for (int packed = 0; packed < 128; packed++) {
        const int state = packed >> 1, mps = packed & 1;
        for (int bin = 0; bin < 2; bin++) {
            const int lps = bin != mps ? 1 : 0;
            const int next_state = lps ? kTransIdxLps[state] : trans_idx_mps(state);
            const int next_mps = lps && state == 0 ? 1 - mps : mps;  // the LPS in state 0 swaps valMps
            table[static_cast<size_t>(packed)][static_cast<size_t>(bin)] = {
                kCabacBinCost[state][lps], static_cast<uint8_t>(next_state << 1 | next_mps)};
        }
    }
    return table;
}

inline constexpr std::array<std::array<BinTransition, 2>, 128> kBinTransitions = make_bin_transitions();

class CabacBitCounter {
  public:
    static constexpr int kFracBits = 15;  // costs in 1/32768 bit

    // Inline and branch-free (whether a bin is the LPS is unpredictable): the rate estimation
    // of every RD decision calls it for each bin.
    void encode_bin(ContextModel& context, int bin) {
        const BinTransition& t = kBinTransitions[context.packed][bin != 0 ? 1 : 0];
        fractional_bits_ += t.cost;
        context.packed = t.next;
    }
    // Bins n = from, from - 1, ..., to (bit n of `bins`), bin n with context models[ctx[n]].
    void encode_bins_descending(ContextModel* models, const uint8_t* ctx, uint32_t bins, int from, int to) {
        for (int n = from; n >= to; n--) encode_bin(models[ctx[n]], static_cast<int>((bins >> n) & 1u));
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

// The bit counter with residuals estimated from their levels instead of counted bin by bin
// (write_residual_coding's specialisation, through the kernel table's estimate_residual_rate):
// the fast presets' rate for their decisions.
class CabacRateEstimator : public CabacBitCounter {
  public:
    using ResidualRate = uint64_t (*)(const int16_t* levels, int log2_size);
    explicit CabacRateEstimator(ResidualRate residual_rate) : residual_rate_(residual_rate) {}
    void add_residual(const int16_t* levels, int log2_size) { add_fractional_bits(residual_rate_(levels, log2_size)); }

  private:
    ResidualRate residual_rate_;
};

}  // namespace tc
