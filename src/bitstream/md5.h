// MD5 message digest (RFC 1321), used for the decoded picture hash SEI (H.265 D.3.19).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "kernels/pixel_kernels.h"

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
    // `count` whole blocks of each of up to kMd5Lanes messages at once, on the lanes of `kernel`
    // (PixelKernels::md5_lanes): md5[l] takes the blocks from blocks[l]; a lane whose md5[l] is
    // null is unused. Same precondition as update_block for each.
    static void update_lanes(Md5LanesKernel kernel, Md5* const* md5, const uint8_t* const* blocks,
                             size_t count);

  private:
    void process_block(const uint8_t* block);

    std::array<uint32_t, 4> state_ = {0x67452301u, 0xefcdab89u, 0x98badcfeu, 0x10325476u};
    std::array<uint8_t, 64> buffer_{};
    size_t buffered_ = 0;
    uint64_t total_bytes_ = 0;
};

// The 64 steps of one block on one message's state (RFC 1321 3.4): the scalar compression that
// Md5 and the lane kernels' scalar reference use.
void md5_compress(uint32_t (&state)[4], const uint8_t* block);
// The reference of PixelKernels::md5_lanes (kernels/scalar/md5_lanes_scalar.cpp).
void md5_lanes_scalar(uint32_t (*state)[kMd5Lanes], const uint8_t* const* blocks, size_t count);

}  // namespace tc
