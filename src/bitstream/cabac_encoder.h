// CABAC arithmetic encoder (the encoder counterpart of H.265 9.3.4.3; flushing per 9.3.4.3.5).
#pragma once

#include <cstdint>

#include "bitstream/bit_writer.h"
#include "bitstream/cabac_context.h"

namespace tc {

class CabacEncoder {
  public:
    // Starts a new arithmetic codeword (9.3.2.5 initialization: range 510, low 0). `out` must be
    // byte aligned and outlive the encoding.
    void start(BitWriter* out);
    // Codes one context-coded bin and advances the context's state (9.3.4.3.2).
    void encode_bin(ContextModel& context, int bin);
    // Codes one equiprobable bin (9.3.4.3.4).
    void encode_bypass(int bin);
    // Codes the low `count` bits of `value` (0..32) as bypass bins, most significant first.
    void encode_bypass_bits(uint32_t value, int count);
    // Codes a bin with the fixed terminating probability (9.3.4.3.5).
    void encode_terminate(int bin);
    // After encode_terminate(1): writes the remaining codeword bits, but not the final 1 bit
    // (rbsp_stop_one_bit or alignment_bit_equal_to_one), which the caller writes next.
    void finish();
    // The writer's bit_count() as if every bit still held inside the encoder had been written.
    uint64_t written_bits() const;

  private:
    void renormalize(int shift);
    void emit_ready_bytes();
    void release_held_bytes(int carry);

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
