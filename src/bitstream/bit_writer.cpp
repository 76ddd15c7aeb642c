#include "bitstream/bit_writer.h"

#include <bit>

namespace tc {

void BitWriter::put_bits(uint32_t value, int count) {
    if (count <= 0) return;
    // At most 7 pending bits plus 32 new ones fit in 64 bits.
    uint64_t accumulator = (uint64_t{pending_} << count);
    accumulator |= (count == 32) ? uint64_t{value} : uint64_t{value & ((1u << count) - 1u)};
    int total = pending_count_ + count;
    while (total >= 8) {
        total -= 8;
        bytes_.push_back(static_cast<uint8_t>(accumulator >> total));
    }
    pending_count_ = total;
    pending_ = static_cast<uint32_t>(accumulator & ((1u << total) - 1u));
}

namespace {

// Exp-Golomb code of codeNum, H.265 9.2; codeNum may reach 2^32 (se(v) of INT32_MIN).
void put_exp_golomb(BitWriter& writer, uint64_t code_num) {
    const uint64_t code = code_num + 1;
    const int leading_zeros = std::bit_width(code) - 1;
    if (leading_zeros < 32) {
        writer.put_bits(0, leading_zeros);
        writer.put_bits(static_cast<uint32_t>(code), leading_zeros + 1);
    } else {
        writer.put_bits(0, 32);
        writer.put_bits(1, 1);
        writer.put_bits(static_cast<uint32_t>(code), 32);
    }
}

}  // namespace

void BitWriter::put_ue(uint32_t value) {
    put_exp_golomb(*this, value);
}

void BitWriter::put_se(int32_t value) {
    const int64_t wide = value;
    put_exp_golomb(
        *this, wide > 0 ? static_cast<uint64_t>(2 * wide - 1) : static_cast<uint64_t>(-2 * wide));
}

void BitWriter::put_trailing_bits() {
    put_bits(1, 1);
    put_alignment_zeros();
}

void BitWriter::put_alignment_zeros() {
    if (pending_count_ != 0) put_bits(0, 8 - pending_count_);
}

void BitWriter::append_bytes(const uint8_t* data, size_t size) {
    if (byte_aligned()) {
        bytes_.insert(bytes_.end(), data, data + size);
        return;
    }
    // Not meant to be called unaligned, but stay correct if it is.
    for (size_t i = 0; i < size; ++i) put_bits(data[i], 8);
}

void BitWriter::clear() {
    bytes_.clear();
    pending_ = 0;
    pending_count_ = 0;
}

}  // namespace tc
