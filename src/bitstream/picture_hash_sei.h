// Decoded picture hash SEI message (H.265 D.2.20 / D.3.19), MD5 of every plane.
#pragma once

#include <array>
#include <cstdint>

#include "bitstream/bit_writer.h"
#include "picture/plane.h"

namespace tc {

using PlaneDigest = std::array<uint8_t, 16>;

// D.3.19: the MD5 of one decoded sample array, row by row, one byte per 8-bit sample. The
// three planes are independent, so they may be hashed in parallel.
PlaneDigest plane_md5(const Plane& plane);
// The three planes' MD5s on the calling thread: luma beside Cb then Cr (two chains
// interleaved), about 1.5x as fast as plane_md5 three times; the same digests.
std::array<PlaneDigest, 3> picture_md5(const Picture& picture);

// Writes the sei_rbsp() of a suffix SEI NAL unit carrying decoded_picture_hash with
// hash_type 0 (MD5) of the three planes (Y, Cb, Cr) of the full coded picture.
void write_picture_hash_sei(BitWriter& out, const std::array<PlaneDigest, 3>& digests);
void write_picture_hash_sei(BitWriter& out, const Picture& picture);

}  // namespace tc
