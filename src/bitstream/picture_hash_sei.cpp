#include "bitstream/picture_hash_sei.h"

#include "bitstream/md5.h"

#include <algorithm>
#include <cstring>

namespace tc {

namespace {

// A plane's samples, row after row, as whole 64-byte blocks: in place where a block lies
// inside one row, else gathered across rows into a scratch block.
class PlaneBlocks {
  public:
    explicit PlaneBlocks(const Plane& plane) : plane_(&plane) {}

    // The next whole block, or nullptr when fewer than 64 bytes are left.
    const uint8_t* next() {
        const auto width = static_cast<size_t>(plane_->width());
        if (row_ < plane_->height() && width - column_ >= 64) {
            const uint8_t* block = plane_->row(row_) + column_;
            advance(64);
            return block;
        }
        size_t gathered = 0;
        while (gathered < 64 && row_ < plane_->height()) {
            const size_t take = std::min<size_t>(64 - gathered, width - column_);
            std::memcpy(scratch_.data() + gathered, plane_->row(row_) + column_, take);
            gathered += take;
            advance(take);
        }
        tail_ = gathered;
        return gathered == 64 ? scratch_.data() : nullptr;
    }
    // After next() returned nullptr: the last bytes (fewer than 64).
    const uint8_t* tail() const { return scratch_.data(); }
    size_t tail_size() const { return tail_; }

  private:
    void advance(size_t bytes) {
        column_ += bytes;
        if (column_ == static_cast<size_t>(plane_->width())) {
            column_ = 0;
            row_++;
        }
    }

    const Plane* plane_;
    int row_ = 0;
    size_t column_ = 0;
    size_t tail_ = 0;
    std::array<uint8_t, 64> scratch_{};
};

PlaneDigest finish(Md5& md5, const PlaneBlocks& blocks) {
    md5.update(blocks.tail(), blocks.tail_size());
    return md5.finish();
}

}  // namespace

PlaneDigest plane_md5(const Plane& plane) {
    Md5 md5;
    PlaneBlocks blocks(plane);
    while (const uint8_t* block = blocks.next()) md5.update_block(block);
    return finish(md5, blocks);
}

std::array<PlaneDigest, 3> picture_md5(const Picture& picture) {
    std::array<PlaneDigest, 3> digests;
    Md5 luma, chroma;
    PlaneBlocks luma_blocks(picture.planes[0]);
    PlaneBlocks chroma_blocks[2] = {PlaneBlocks(picture.planes[1]), PlaneBlocks(picture.planes[2])};
    int chroma_plane = 0;  // 0: Cb, 1: Cr, 2: both done
    const uint8_t* luma_block = luma_blocks.next();
    const uint8_t* chroma_block = chroma_blocks[0].next();
    for (;;) {
        // A chroma plane ran out of blocks: finish it, go on with the next.
        while (chroma_block == nullptr && chroma_plane < 2) {
            digests[static_cast<size_t>(1 + chroma_plane)] = finish(chroma, chroma_blocks[chroma_plane]);
            chroma_plane++;
            if (chroma_plane < 2) chroma_block = chroma_blocks[chroma_plane].next();
        }
        if (luma_block == nullptr || chroma_block == nullptr) break;
        Md5::update_blocks(luma, luma_block, chroma, chroma_block);
        luma_block = luma_blocks.next();
        chroma_block = chroma_blocks[chroma_plane].next();
    }
    // One of the two chains is done; the other goes on alone.
    for (; luma_block != nullptr; luma_block = luma_blocks.next()) luma.update_block(luma_block);
    digests[0] = finish(luma, luma_blocks);
    for (; chroma_plane < 2; chroma_plane++) {
        for (; chroma_block != nullptr; chroma_block = chroma_blocks[chroma_plane].next()) chroma.update_block(chroma_block);
        digests[static_cast<size_t>(1 + chroma_plane)] = finish(chroma, chroma_blocks[chroma_plane]);
        if (chroma_plane + 1 < 2) chroma_block = chroma_blocks[chroma_plane + 1].next();
    }
    return digests;
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
