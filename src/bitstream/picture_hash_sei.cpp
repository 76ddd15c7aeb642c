#include "bitstream/picture_hash_sei.h"

#include "bitstream/md5.h"

#include <algorithm>
#include <cstring>

namespace tc {

size_t PlaneBlocks::ready(const Plane& plane, int end_row, const uint8_t** blocks) {
    const auto width = static_cast<size_t>(plane.width());
    if (carry_size_ == 0 && row_ < end_row && width - column_ >= 64) {
        *blocks = plane.row(row_) + column_;
        carried_ = false;
        return (width - column_) / 64;
    }
    // A block across rows (or the bytes short of one at a row's end, waiting for the next row).
    while (carry_size_ < 64 && row_ < end_row) {
        const size_t take = std::min<size_t>(64 - carry_size_, width - column_);
        std::memcpy(carry_.data() + carry_size_, plane.row(row_) + column_, take);
        carry_size_ += take;
        column_ += take;
        if (column_ == width) {
            column_ = 0;
            row_++;
        }
    }
    if (carry_size_ < 64) return 0;
    *blocks = carry_.data();
    carried_ = true;
    return 1;
}

void PlaneBlocks::take(const Plane& plane, size_t count) {
    if (carried_) {
        carry_size_ = 0;
        carried_ = false;
        return;
    }
    column_ += 64 * count;
    if (column_ == static_cast<size_t>(plane.width())) {
        column_ = 0;
        row_++;
    }
}

const uint8_t* PlaneBlocks::next(const Plane& plane, int end_row) {
    const uint8_t* blocks = nullptr;
    if (ready(plane, end_row, &blocks) == 0) return nullptr;
    take(plane, 1);
    return blocks;
}

void PictureMd5::add_rows_until(const Picture& picture, int luma_end) {
    const Plane& luma_plane = picture.planes[0];
    const int chroma_end = chroma_rows_of(luma_end, picture.planes[1].height());
    const uint8_t* luma_block = blocks_[0].next(luma_plane, luma_end);
    for (size_t plane = 1; plane < 3; plane++) {
        const Plane& chroma_plane = picture.planes[plane];
        Md5& chroma_md5 = md5_[plane];
        for (const uint8_t* block = blocks_[plane].next(chroma_plane, chroma_end); block != nullptr;
             block = blocks_[plane].next(chroma_plane, chroma_end)) {
            if (luma_block == nullptr) {
                chroma_md5.update_block(block);
                continue;
            }
            Md5::update_blocks(md5_[0], luma_block, chroma_md5, block);
            luma_block = blocks_[0].next(luma_plane, luma_end);
        }
    }
    // Luma has twice the bytes of Cb and Cr together: its second half goes on alone.
    for (; luma_block != nullptr; luma_block = blocks_[0].next(luma_plane, luma_end)) md5_[0].update_block(luma_block);
}

std::array<PlaneDigest, 3> PictureMd5::finish() {
    std::array<PlaneDigest, 3> digests;
    for (size_t plane = 0; plane < 3; plane++) {
        md5_[plane].update(blocks_[plane].remainder(), blocks_[plane].remainder_size());
        blocks_[plane] = PlaneBlocks{};
        digests[plane] = md5_[plane].finish();
    }
    return digests;
}

PlaneDigest plane_md5(const Plane& plane) {
    Md5 md5;
    PlaneBlocks blocks;
    while (const uint8_t* block = blocks.next(plane, plane.height())) md5.update_block(block);
    md5.update(blocks.remainder(), blocks.remainder_size());
    return md5.finish();
}

std::array<PlaneDigest, 3> picture_md5(const Picture& picture) {
    PictureMd5 md5;
    md5.add_rows_until(picture, picture.planes[0].height());
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
