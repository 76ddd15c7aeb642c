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

    // The next whole block, or nullptr when fewer than 64 bytes are left (and from then on).
    const uint8_t* next() {
        if (ended_) return nullptr;
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
        if (gathered == 64) return scratch_.data();
        tail_ = gathered;
        ended_ = true;
        return nullptr;
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
    bool ended_ = false;
    std::array<uint8_t, 64> scratch_{};
};

PlaneDigest finish(Md5& md5, const PlaneBlocks& blocks) {
    md5.update(blocks.tail(), blocks.tail_size());
    return md5.finish();
}

// Cb's blocks, then Cr's, through one MD5 object: each plane's digest is taken when its
// blocks run out.
class ChromaChain {
  public:
    ChromaChain(const Picture& picture, std::array<PlaneDigest, 3>& digests)
        : blocks_{PlaneBlocks(picture.planes[1]), PlaneBlocks(picture.planes[2])}, digests_(digests) {}

    const uint8_t* next() {
        for (; plane_ < 2; plane_++) {
            if (const uint8_t* block = blocks_[plane_].next()) return block;
            digests_[static_cast<size_t>(1 + plane_)] = finish(md5_, blocks_[plane_]);
        }
        return nullptr;
    }
    Md5& md5() { return md5_; }

  private:
    PlaneBlocks blocks_[2];
    std::array<PlaneDigest, 3>& digests_;
    Md5 md5_;
    int plane_ = 0;
};

}  // namespace

PlaneDigest plane_md5(const Plane& plane) {
    Md5 md5;
    PlaneBlocks blocks(plane);
    while (const uint8_t* block = blocks.next()) md5.update_block(block);
    return finish(md5, blocks);
}

std::array<PlaneDigest, 3> picture_md5(const Picture& picture) {
    std::array<PlaneDigest, 3> digests;
    Md5 luma;
    PlaneBlocks luma_blocks(picture.planes[0]);
    ChromaChain chroma(picture, digests);
    const uint8_t* luma_block = luma_blocks.next();
    const uint8_t* chroma_block = chroma.next();
    for (; luma_block != nullptr && chroma_block != nullptr;
         luma_block = luma_blocks.next(), chroma_block = chroma.next()) {
        Md5::update_blocks(luma, luma_block, chroma.md5(), chroma_block);
    }
    // One of the two chains is done; the other goes on alone.
    for (; luma_block != nullptr; luma_block = luma_blocks.next()) luma.update_block(luma_block);
    for (; chroma_block != nullptr; chroma_block = chroma.next()) chroma.md5().update_block(chroma_block);
    digests[0] = finish(luma, luma_blocks);
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
