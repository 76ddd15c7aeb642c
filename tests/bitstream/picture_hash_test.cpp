// The picture hash: plane_md5 (whole 64-byte blocks taken from the rows in place or gathered
// across rows) and picture_md5 (luma's chain interleaved with Cb's then Cr's) both equal the
// MD5 of the plane's rows fed to Md5::update one by one, for sizes around 64 bytes per row
// and planes smaller than one block; so does PictureMd5 fed in bands of any height (the
// encoder's CTU rows as they become final).
#include "bitstream/picture_hash_sei.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <utility>

#include "bitstream/md5.h"

namespace tc {
namespace {

PlaneDigest rows_md5(const Plane& plane) {
    Md5 md5;
    for (int y = 0; y < plane.height(); y++) md5.update(plane.row(y), static_cast<size_t>(plane.width()));
    return md5.finish();
}

void fill_randomly(Picture& picture, std::mt19937& random) {
    for (Plane& plane : picture.planes) {
        for (int y = 0; y < plane.height(); y++) {
            for (int x = 0; x < plane.width(); x++) plane.at(x, y)[0] = static_cast<uint8_t>(random());
        }
    }
}

TEST(PictureHash, BlockwiseAndInterleavedDigestsEqualRowByRow) {
    std::mt19937 random(7);
    const std::pair<int, int> sizes[] = {{8, 8},    {16, 2},   {98, 74},  {64, 64},  {128, 4},
                                         {130, 66}, {126, 30}, {200, 10}, {352, 288}, {2, 200}};
    for (const auto& [width, height] : sizes) {
        Picture picture;
        ASSERT_TRUE(picture.allocate(width, height, 16));
        fill_randomly(picture, random);
        const std::array<PlaneDigest, 3> together = picture_md5(picture);
        for (int i = 0; i < 3; i++) {
            const PlaneDigest expected = rows_md5(picture.planes[i]);
            EXPECT_EQ(plane_md5(picture.planes[i]), expected) << width << "x" << height << " plane " << i;
            EXPECT_EQ(together[static_cast<size_t>(i)], expected) << width << "x" << height << " plane " << i;
        }
    }
}

TEST(PictureHash, DigestsFedInBandsEqualTheWholePicture) {
    std::mt19937 random(9);
    const std::pair<int, int> sizes[] = {{8, 8}, {98, 74}, {130, 136}, {200, 64}, {352, 288}, {64, 200}};
    PictureMd5 progressive;  // reused: finish() leaves it ready for the next picture
    for (const auto& [width, height] : sizes) {
        Picture picture;
        ASSERT_TRUE(picture.allocate(width, height, 16));
        fill_randomly(picture, random);
        for (const int band : {2, 8, 14, 64}) {
            for (int first = 0; first < height; first += band) progressive.add_rows_until(picture, std::min(first + band, height));
            const std::array<PlaneDigest, 3> digests = progressive.finish();
            for (int i = 0; i < 3; i++) {
                EXPECT_EQ(digests[static_cast<size_t>(i)], rows_md5(picture.planes[i]))
                    << width << "x" << height << " bands of " << band << " plane " << i;
            }
        }
    }
}

TEST(Md5, TwoMessagesSideBySideEqualEachAlone) {
    std::mt19937 random(11);
    std::vector<uint8_t> a(64 * 5), b(64 * 5);
    for (auto& byte : a) byte = static_cast<uint8_t>(random());
    for (auto& byte : b) byte = static_cast<uint8_t>(random());
    Md5 alone_a, alone_b, paired_a, paired_b;
    alone_a.update(a.data(), a.size());
    alone_b.update(b.data(), b.size());
    for (size_t at = 0; at < a.size(); at += 64) Md5::update_blocks(paired_a, a.data() + at, paired_b, b.data() + at);
    EXPECT_EQ(paired_a.finish(), alone_a.finish());
    EXPECT_EQ(paired_b.finish(), alone_b.finish());
}

}  // namespace
}  // namespace tc
