// Decoded picture hash SEI message (H.265 D.2.20 / D.3.19), MD5 of every plane.
#pragma once

#include "bitstream/bit_writer.h"
#include "picture/plane.h"

namespace tc {

// Writes the sei_rbsp() of a suffix SEI NAL unit carrying decoded_picture_hash with
// hash_type 0 (MD5) over the decoded sample arrays (the full coded picture).
void write_picture_hash_sei(BitWriter& out, const Picture& picture);

}  // namespace tc
