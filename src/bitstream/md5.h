// MD5 message digest (RFC 1321), used for the decoded picture hash SEI (H.265 D.3.19).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace tc {

class Md5 {
  public:
    void update(const uint8_t* data, size_t size);
    // Pads, returns the 16-byte digest and leaves the object ready for a new message.
    std::array<uint8_t, 16> finish();

    // One whole 64-byte block; only between blocks (no partial block buffered by update()).
    void update_block(const uint8_t* block);
    // A whole block of each of two messages at once: MD5 is one long chain of dependent
    // steps, so a thread that interleaves two chains gets nearly twice the throughput.
    // Same precondition as update_block for both.
    static void update_blocks(Md5& a, const uint8_t* block_a, Md5& b, const uint8_t* block_b);

  private:
    void process_block(const uint8_t* block);

    std::array<uint32_t, 4> state_ = {0x67452301u, 0xefcdab89u, 0x98badcfeu, 0x10325476u};
    std::array<uint8_t, 64> buffer_{};
    size_t buffered_ = 0;
    uint64_t total_bytes_ = 0;
};

}  // namespace tc
