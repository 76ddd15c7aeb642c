#include "bitstream/picture_hash_sei.h"

#include "bitstream/md5.h"

#include <algorithm>
#include <cstring>

namespace tc {

namespace {

// Rows [first_row, end_row) of a plane, row after row, as whole 64-byte blocks: in place
// where a block lies inside one row, else gathered (across rows, and across calls through
// the carry) into the carry's block. Bytes short of a whole block at the end stay in the
// carry for the next range of the same plane.
class RowBlocks {
  public:
    RowBlocks(const Plane& plane, int first_row, int end_row, PictureMd5::Carry& carry)
        : plane_(&plane), row_(first_row), end_row_(end_row), carry_(&carry) {}

    // The next whole block, or nullptr when fewer than 64 bytes are left (and from then on).
    const uint8_t* next() {
        const auto width = static_cast<size_t>(plane_->width());
        if (carry_->size == 0 && row_ < end_row_ && width - column_ >= 64) {
            const uint8_t* block = plane_->row(row_) + column_;
            advance(64);
            return block;
        }
        while (carry_->size < 64 && row_ < end_row_) {
            const size_t take = std::min<size_t>(64 - carry_->size, width - column_);
            std::memcpy(carry_->bytes.data() + carry_->size, plane_->row(row_) + column_, take);
            carry_->size += take;
            advance(take);
        }
        if (carry_->size < 64) return nullptr;
        carry_->size = 0;  // the caller hashes the block before asking for the next one
        return carry_->bytes.data();
    }

  private:
    void advance(size_t bytes) {
        column_ += bytes;
        if (column_ == static_cast<size_t>(plane_->width())) {
            column_ = 0;
            row_++;
        }
    }

    const Plane* plane_;
    int row_, end_row_;
    size_t column_ = 0;
    PictureMd5::Carry* carry_;
};

}  // namespace

void PictureMd5::add_rows(const Picture& picture, int luma_first, int luma_end) {
    const int chroma_first = luma_first / 2, chroma_end = std::min((luma_end + 1) / 2, picture.planes[1].height());
    RowBlocks luma(picture.planes[0], luma_first, luma_end, carries_[0]);
    const uint8_t* luma_block = luma.next();
    for (int plane = 1; plane < 3; plane++) {
        RowBlocks chroma(picture.planes[plane], chroma_first, chroma_end, carries_[static_cast<size_t>(plane)]);
        Md5& chroma_md5 = md5_[static_cast<size_t>(plane)];
        for (const uint8_t* block = chroma.next(); block != nullptr; block = chroma.next()) {
            if (luma_block == nullptr) {
                chroma_md5.update_block(block);
                continue;
            }
            Md5::update_blocks(md5_[0], luma_block, chroma_md5, block);
            luma_block = luma.next();
        }
    }
    // Luma has twice the bytes of Cb and Cr together: its second half goes on alone.
    for (; luma_block != nullptr; luma_block = luma.next()) md5_[0].update_block(luma_block);
}

std::array<PlaneDigest, 3> PictureMd5::finish() {
    std::array<PlaneDigest, 3> digests;
    for (size_t plane = 0; plane < 3; plane++) {
        md5_[plane].update(carries_[plane].bytes.data(), carries_[plane].size);
        carries_[plane].size = 0;
        digests[plane] = md5_[plane].finish();
    }
    return digests;
}

PlaneDigest plane_md5(const Plane& plane) {
    Md5 md5;
    PictureMd5::Carry carry;
    RowBlocks blocks(plane, 0, plane.height(), carry);
    while (const uint8_t* block = blocks.next()) md5.update_block(block);
    md5.update(carry.bytes.data(), carry.size);
    return md5.finish();
}

std::array<PlaneDigest, 3> picture_md5(const Picture& picture) {
    PictureMd5 md5;
    md5.add_rows(picture, 0, picture.planes[0].height());
    return md5.finish();
}

void write_picture_hash_sei(BitWriter& out, const std::array<PlaneDigest, 3>& digests) {
    constexpr int kDecodedPictureHash = 132;
    constexpr int kPayloadSize = 1 + 3 * 16;  // hash_type + three MD5 digests
    out.put_bits(kDecodedPictureHash, 8);    // last_payload_type_byte
    out.put_bits(kPayloadSize, 8);           // last_payload_size_byte
    out.put_bits(0, 8);                      // hash_type: MD5
    for (const PlaneDigest& digest : digests) {
        for (uint8_t byte : digest) out.put_bits(byte, 8);
    }
    out.put_trailing_bits();
}

void write_picture_hash_sei(BitWriter& out, const Picture& picture) {
    write_picture_hash_sei(out, {plane_md5(picture.planes[0]), plane_md5(picture.planes[1]),
                                 plane_md5(picture.planes[2])});
}

}  // namespace tc
