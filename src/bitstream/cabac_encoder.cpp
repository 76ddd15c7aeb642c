#include "bitstream/cabac_encoder.h"

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

void CabacEncoder::write_held_bytes(BitWriter& out, bool has_held_byte, uint8_t held_byte,
                                    uint64_t ff_count, int carry) {
    if (has_held_byte) out.put_byte(static_cast<uint8_t>(held_byte + carry));
    const uint8_t run_byte = static_cast<uint8_t>(0xFFu + static_cast<uint32_t>(carry));
    for (; ff_count > 0; --ff_count) out.put_byte(run_byte);
}

void CabacEncoder::encode_bins_descending(ContextModel* models, const uint8_t* ctx, uint32_t bins, int from, int to) {
    uint64_t low = low_;
    uint32_t range = range_;
    int pending_bits = pending_bits_;
    for (int n = from; n >= to; n--) {
        code_bin(models[ctx[n]], static_cast<int>((bins >> n) & 1u), low, range, pending_bits);
        if (pending_bits >= 8) {
            low_ = low;
            pending_bits_ = pending_bits;
            emit_ready_bytes();
            low = low_;
            pending_bits = pending_bits_;
        }
    }
    low_ = low;
    range_ = range;
    pending_bits_ = pending_bits;
}

}  // namespace tc
