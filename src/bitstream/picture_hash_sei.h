// Decoded picture hash SEI message (H.265 D.2.20 / D.3.19), MD5 of every plane.
#pragma once

#include <array>
#include <cstdint>

#include "bitstream/bit_writer.h"
#include "bitstream/md5.h"
#include "picture/plane.h"

namespace tc {

using PlaneDigest = std::array<uint8_t, 16>;

// D.3.19: the MD5 of one decoded sample array, row by row, one byte per 8-bit sample. The
// three planes are independent, so they may be hashed in parallel.
PlaneDigest plane_md5(const Plane& plane);
// The three planes' MD5s on the calling thread: luma beside Cb then Cr (two chains
// interleaved), about 1.5x as fast as plane_md5 three times; the same digests.
std::array<PlaneDigest, 3> picture_md5(const Picture& picture);

// The same digests fed band by band, as rows of a picture become final: add_rows for luma
// rows [first, end) (and chroma rows [first / 2, end / 2) of 4:2:0) in increasing order,
// the bands together covering the picture once, then finish(). Luma's chain is interleaved
// with Cb's and Cr's as in picture_md5. Allocates nothing.
class PictureMd5 {
  public:
    void add_rows(const Picture& picture, int luma_first, int luma_end);
    // The digests; the object is then ready for the next picture.
    std::array<PlaneDigest, 3> finish();

    // Bytes of a plane short of a whole 64-byte block, waiting for the next band.
    struct Carry {
        std::array<uint8_t, 64> bytes{};
        size_t size = 0;
    };

  private:
    std::array<Md5, 3> md5_;
    std::array<Carry, 3> carries_;
};

// Writes the sei_rbsp() of a suffix SEI NAL unit carrying decoded_picture_hash with
// hash_type 0 (MD5) of the three planes (Y, Cb, Cr) of the full coded picture.
void write_picture_hash_sei(BitWriter& out, const std::array<PlaneDigest, 3>& digests);
void write_picture_hash_sei(BitWriter& out, const Picture& picture);

}  // namespace tc
