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

// One plane read as whole 64-byte blocks, row after row, as its rows become available: a run of
// blocks in place inside a row, or one block gathered across rows into the carry. Bytes short of
// a whole block wait in the carry for the next rows (at the plane's end, they are the message's
// last bytes).
class PlaneBlocks {
  public:
    // The whole blocks readable now of rows before `end_row`, at *blocks: a run inside the current
    // row, or one gathered into the carry; 0 where none (then nothing is pending to take).
    size_t ready(const Plane& plane, int end_row, const uint8_t** blocks);
    // After hashing `count` of the blocks ready() gave: moves past them.
    void take(const Plane& plane, size_t count);
    // ready() and take(1) together: the next block, or nullptr. A gathered block stays valid until
    // the next call.
    const uint8_t* next(const Plane& plane, int end_row);
    // Every row taken and every whole block hashed: the bytes short of a block are remainder().
    bool at_end(const Plane& plane) const { return row_ == plane.height() && carry_size_ < 64; }
    const uint8_t* remainder() const { return carry_.data(); }
    size_t remainder_size() const { return carry_size_; }

  private:
    int row_ = 0;
    size_t column_ = 0;
    std::array<uint8_t, 64> carry_{};
    size_t carry_size_ = 0;
    bool carried_ = false;  // the block ready() gave is the carry's
};

// The rows of a 4:2:0 chroma plane of `chroma_height` that luma rows [0, luma_end) cover.
inline int chroma_rows_of(int luma_end, int chroma_height) {
    return (luma_end + 1) / 2 < chroma_height ? (luma_end + 1) / 2 : chroma_height;
}

// The same digests fed band by band, as rows of a picture become final: add_rows_until for
// the luma rows from where the last call stopped up to `luma_end` (and the chroma rows they
// cover, chroma_rows_of), with `luma_end` growing to the picture's height, then finish().
// Luma's chain is interleaved with Cb's and Cr's as in picture_md5. Allocates nothing.
class PictureMd5 {
  public:
    void add_rows_until(const Picture& picture, int luma_end);
    // The digests; the object is then ready for the next picture.
    std::array<PlaneDigest, 3> finish();

  private:
    std::array<Md5, 3> md5_;
    std::array<PlaneBlocks, 3> blocks_;
};

// Writes the sei_rbsp() of a suffix SEI NAL unit carrying decoded_picture_hash with
// hash_type 0 (MD5) of the three planes (Y, Cb, Cr) of the full coded picture.
void write_picture_hash_sei(BitWriter& out, const std::array<PlaneDigest, 3>& digests);
void write_picture_hash_sei(BitWriter& out, const Picture& picture);

}  // namespace tc
