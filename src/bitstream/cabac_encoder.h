// CABAC arithmetic encoder (the encoder counterpart of H.265 9.3.4.3; flushing per 9.3.4.3.5).
#pragma once

#include <bit>
#include <cstdint>

#include "bitstream/bit_writer.h"
#include "bitstream/cabac_bit_counter.h"
#include "bitstream/cabac_context.h"
#include "bitstream/cabac_tables.h"

namespace tc {

class CabacEncoder {
  public:
    // Starts a new arithmetic codeword (9.3.2.5 initialization: range 510, low 0). `out` must be
    // byte aligned and outlive the encoding.
    void start(BitWriter* out);
    // Codes one context-coded bin and advances the context's state (9.3.4.3.2). Inline and
    // without a branch on the bin (whether it is the LPS is unpredictable): the LPS and MPS
    // intervals are selected, and the renormalisation's shift is 9 minus the new range's bit
    // width for both (the MPS range never falls below 128). rangeTabLps comes from the state's
    // word (kRangeTabLpsWords), so the range-to-range chain has shifts and no load.
    [[gnu::always_inline]] void encode_bin(ContextModel& context, int bin) {
        code_bin(context, bin, low_, range_, pending_bits_);
        if (pending_bits_ >= 8) emit_ready_bytes();
    }
    // Bins n = from, from - 1, ..., to (bit n of `bins`), bin n with context models[ctx[n]]:
    // encode_bin in a loop of its own, whose coder state stays in registers (inside a large
    // caller the range would be spilled to the stack between bins, on the critical path).
    [[gnu::noinline]] void encode_bins_descending(ContextModel* models, const uint8_t* ctx, uint32_t bins, int from,
                                                  int to);
    // Codes one equiprobable bin (9.3.4.3.4).
    void encode_bypass(int bin) {
        low_ = (low_ << 1) + (bin != 0 ? range_ : 0);
        if (++pending_bits_ >= 8) emit_ready_bytes();
    }
    // Codes the low `count` bits of `value` (0..32) as bypass bins, most significant first.
    // Up to 8 bins at a time: shifting low by k and adding range * (k-bit chunk) is the same as
    // k single bypass steps.
    void encode_bypass_bits(uint32_t value, int count) {
        while (count > 0) {
            const int chunk_size = count < 8 ? count : 8;
            count -= chunk_size;
            const uint32_t chunk = (value >> count) & ((1u << chunk_size) - 1u);
            low_ = (low_ << chunk_size) + uint64_t{range_} * chunk;
            pending_bits_ += chunk_size;
            if (pending_bits_ >= 8) emit_ready_bytes();
        }
    }
    // Codes a bin with the fixed terminating probability (9.3.4.3.5).
    void encode_terminate(int bin);
    // After encode_terminate(1): writes the remaining codeword bits, but not the final 1 bit
    // (rbsp_stop_one_bit or alignment_bit_equal_to_one), which the caller writes next.
    void finish();
    // The writer's bit_count() as if every bit still held inside the encoder had been written.
    uint64_t written_bits() const;

    // Everything the encoder calls on a bin's path is inline and takes no pointer to the
    // encoder, so a caller's local copy (write_residual_coding) stays in registers.

  private:
    // encode_bin's arithmetic on a coder state (the members, or a caller's copies of them); the
    // caller emits the ready bytes.
    static void code_bin(ContextModel& context, int bin, uint64_t& low, uint32_t& range, int& pending_bits) {
        const int packed = context.packed;
        const int lps = ((bin != 0 ? 1 : 0) ^ packed) & 1;
        const uint32_t lps_range = (kRangeTabLpsWords[packed >> 1] >> ((range >> 3) & 24)) & 0xFF;
        const uint32_t mps_range = range - lps_range;
        context.packed = kBinTransitions[static_cast<size_t>(packed)][bin != 0 ? 1 : 0].next;
        low += lps ? mps_range : 0;
        const uint32_t coded_range = lps ? lps_range : mps_range;
        const int shift = 9 - std::bit_width(coded_range);
        low <<= shift;
        range = coded_range << shift;
        pending_bits += shift;
    }
    void renormalize(int shift);
    void emit_ready_bytes() {
        while (pending_bits_ >= 8) {
            pending_bits_ -= 8;
            const int byte_position = 9 + pending_bits_;
            // Eight codeword bits plus a possible carry in bit 8.
            const uint32_t byte_with_carry = static_cast<uint32_t>(low_ >> byte_position);
            low_ &= (uint64_t{1} << byte_position) - 1;
            if (byte_with_carry == 0xFF) {
                // A later carry would ripple through it, so it cannot be written yet.
                ++held_ff_count_;
                continue;
            }
            release_held_bytes(static_cast<int>(byte_with_carry >> 8));
            has_held_byte_ = true;
            held_byte_ = static_cast<uint8_t>(byte_with_carry);
        }
    }
    void release_held_bytes(int carry) {
        if (held_ff_count_ == 0) {
            // The usual case, inline: one held byte and no run of 0xFF after it.
            if (has_held_byte_) out_->put_byte(static_cast<uint8_t>(held_byte_ + carry));
        } else {
            write_held_bytes(*out_, has_held_byte_, held_byte_, held_ff_count_, carry);
        }
        has_held_byte_ = false;
        held_ff_count_ = 0;
    }
    // Writes the held byte (if any) and the run of 0xFF bytes after it, with the carry added.
    static void write_held_bytes(BitWriter& out, bool has_held_byte, uint8_t held_byte,
                                 uint64_t ff_count, int carry);

    BitWriter* out_ = nullptr;
    // Arithmetic coder low end. Bits 0..8 are the active window of the 9-bit range; bits
    // 9 .. 9 + pending_bits_ - 1 are finished codeword bits not yet moved out, and bit
    // 9 + pending_bits_ can receive a carry that belongs to the held bytes.
    uint64_t low_ = 0;
    uint32_t range_ = 510;
    int pending_bits_ = 0;
    // Bytes that a later carry could still change: one byte followed by a run of 0xFF bytes.
    bool has_held_byte_ = false;
    uint8_t held_byte_ = 0;
    uint64_t held_ff_count_ = 0;
};

}  // namespace tc
