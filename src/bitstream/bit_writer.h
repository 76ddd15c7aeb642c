// MSB-first bit writer for RBSP content (H.265 clause 7.2 syntax, 9.2 Exp-Golomb codes).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace tc {

class BitWriter {
  public:
    // Writes the low `count` bits of `value`, most significant first; count is 0..32.
    void put_bits(uint32_t value, int count);
    void put_flag(bool flag) { put_bits(flag ? 1u : 0u, 1); }
    // Eight bits; a plain append when the writer is byte aligned (the CABAC's output).
    void put_byte(uint8_t value) {
        if (pending_count_ == 0) {
            bytes_.push_back(value);
        } else {
            put_bits(value, 8);
        }
    }
    // ue(v), H.265 9.2: leading zeros, a 1, then the info bits of value + 1.
    void put_ue(uint32_t value);
    // se(v), H.265 9.2.2: k > 0 maps to 2k - 1, k <= 0 maps to -2k.
    void put_se(int32_t value);
    // rbsp_trailing_bits(), H.265 7.3.2.11: rbsp_stop_one_bit then alignment zeros.
    void put_trailing_bits();
    // Zero bits up to the next byte boundary; nothing when already aligned.
    void put_alignment_zeros();

    bool byte_aligned() const { return pending_count_ == 0; }
    uint64_t bit_count() const { return uint64_t{bytes_.size()} * 8 + pending_count_; }
    // The complete bytes written so far; bits of an unfinished byte are not included.
    const std::vector<uint8_t>& bytes() const { return bytes_; }
    // Appends raw bytes; the writer must be byte aligned.
    void append_bytes(const uint8_t* data, size_t size);
    // Forgets the content but keeps the allocated capacity.
    void clear();
    void reserve(size_t bytes) { bytes_.reserve(bytes); }

  private:
    std::vector<uint8_t> bytes_;
    // Bits not yet forming a whole byte, right-aligned; fewer than 8 of them.
    uint32_t pending_ = 0;
    int pending_count_ = 0;
};

}  // namespace tc
