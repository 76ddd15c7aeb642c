#include "bitstream/picture_hash_sei.h"

#include "bitstream/md5.h"

namespace tc {

PlaneDigest plane_md5(const Plane& plane) {
    Md5 md5;
    for (int y = 0; y < plane.height(); y++) md5.update(plane.row(y), static_cast<size_t>(plane.width()));
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
