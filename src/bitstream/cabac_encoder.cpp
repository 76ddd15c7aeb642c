#include "bitstream/cabac_encoder.h"

#include <bit>

#include "bitstream/cabac_tables.h"

namespace tc {

void CabacEncoder::start(BitWriter* out) {
    out_ = out;
    low_ = 0;
    range_ = 510;
    pending_bits_ = 0;
    has_held_byte_ = false;
    held_byte_ = 0;
    held_ff_count_ = 0;
}

void CabacEncoder::encode_bin(ContextModel& context, int bin) {
    const uint32_t lps_range = kRangeTabLps[context.state][(range_ >> 6) & 3];
    range_ -= lps_range;
    if ((bin != 0) != (context.mps != 0)) {
        // LPS: the interval becomes the upper part [low + rMPS, low + rMPS + rLPS).
        low_ += range_;
        range_ = lps_range;
        if (context.state == 0) context.mps = static_cast<uint8_t>(1 - context.mps);
        context.state = kTransIdxLps[context.state];
        renormalize(9 - std::bit_width(lps_range));
    } else {
        context.state = trans_idx_mps(context.state);
        if (range_ < 256) renormalize(1);
    }
}

void CabacEncoder::encode_bypass(int bin) {
    low_ <<= 1;
    if (bin != 0) low_ += range_;
    ++pending_bits_;
    emit_ready_bytes();
}

void CabacEncoder::encode_bypass_bits(uint32_t value, int count) {
    // Up to 8 bins at a time: shifting low by k and adding range * (k-bit chunk) is the same as
    // k single bypass steps.
    while (count > 0) {
        const int chunk_size = count < 8 ? count : 8;
        count -= chunk_size;
        const uint32_t chunk = (value >> count) & ((1u << chunk_size) - 1u);
        low_ = (low_ << chunk_size) + uint64_t{range_} * chunk;
        pending_bits_ += chunk_size;
        emit_ready_bytes();
    }
}

void CabacEncoder::encode_terminate(int bin) {
    range_ -= 2;
    if (bin != 0) {
        low_ += range_;
        range_ = 2;
        renormalize(7);
    } else if (range_ < 256) {
        renormalize(1);
    }
}

void CabacEncoder::finish() {
    // 9.3.4.3.5 EncodeFlush writes bit 9 (with its carry) and bits 8 and 7 of the low register,
    // bit 7 forced to 1; that last bit is the caller's stop bit, so the codeword ends at bit 8.
    const int bit_count = pending_bits_ + 1;
    const uint64_t codeword_tail = low_ >> 8;
    release_held_bytes(static_cast<int>(codeword_tail >> bit_count));
    out_->put_bits(static_cast<uint32_t>(codeword_tail & ((1u << bit_count) - 1u)), bit_count);
    low_ = 0;
    range_ = 510;
    pending_bits_ = 0;
}

uint64_t CabacEncoder::written_bits() const {
    const uint64_t held_bytes = (has_held_byte_ ? 1 : 0) + held_ff_count_;
    return (out_ ? out_->bit_count() : 0) + held_bytes * 8 + static_cast<uint64_t>(pending_bits_);
}

void CabacEncoder::renormalize(int shift) {
    low_ <<= shift;
    range_ <<= shift;
    pending_bits_ += shift;
    emit_ready_bytes();
}

void CabacEncoder::emit_ready_bytes() {
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

void CabacEncoder::release_held_bytes(int carry) {
    if (has_held_byte_) out_->put_bits(static_cast<uint32_t>(held_byte_ + carry) & 0xFF, 8);
    const uint32_t run_byte = (0xFFu + static_cast<uint32_t>(carry)) & 0xFF;
    for (; held_ff_count_ > 0; --held_ff_count_) out_->put_bits(run_byte, 8);
    has_held_byte_ = false;
}

}  // namespace tc
