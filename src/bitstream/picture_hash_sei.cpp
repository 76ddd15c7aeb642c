#include "bitstream/picture_hash_sei.h"

#include "bitstream/md5.h"

namespace tc {

void write_picture_hash_sei(BitWriter& out, const Picture& picture) {
    constexpr int kDecodedPictureHash = 132;
    constexpr int kPayloadSize = 1 + 3 * 16;  // hash_type + three MD5 digests
    out.put_bits(kDecodedPictureHash, 8);    // last_payload_type_byte
    out.put_bits(kPayloadSize, 8);           // last_payload_size_byte
    out.put_bits(0, 8);                      // hash_type: MD5
    for (const Plane& plane : picture.planes) {
        // D.3.19: pictureData is the plane row by row, one byte per 8-bit sample.
        Md5 md5;
        for (int y = 0; y < plane.height(); y++) md5.update(plane.row(y), static_cast<size_t>(plane.width()));
        for (uint8_t byte : md5.finish()) out.put_bits(byte, 8);
    }
    out.put_trailing_bits();
}

}  // namespace tc
