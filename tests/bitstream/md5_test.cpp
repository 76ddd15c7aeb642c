#include "bitstream/md5.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

namespace tc {
namespace {

std::string hex(const std::array<uint8_t, 16>& digest) {
    std::string text;
    char buffer[3];
    for (uint8_t byte : digest) {
        std::snprintf(buffer, sizeof buffer, "%02x", byte);
        text += buffer;
    }
    return text;
}

std::string md5_of(const std::string& message) {
    Md5 md5;
    md5.update(reinterpret_cast<const uint8_t*>(message.data()), message.size());
    return hex(md5.finish());
}

TEST(Md5, Rfc1321TestSuite) {
    EXPECT_EQ(md5_of(""), "d41d8cd98f00b204e9800998ecf8427e");
    EXPECT_EQ(md5_of("a"), "0cc175b9c0f1b6a831c399e269772661");
    EXPECT_EQ(md5_of("abc"), "900150983cd24fb0d6963f7d28e17f72");
    EXPECT_EQ(md5_of("message digest"), "f96b697d7cb7938d525a2f31aaf161d0");
    EXPECT_EQ(md5_of("abcdefghijklmnopqrstuvwxyz"), "c3fcd3d76192e4007dfb496cca67e13b");
    EXPECT_EQ(md5_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"),
              "d174ab98d277d9f5a5611c2c9f419d9f");
    EXPECT_EQ(md5_of("1234567890123456789012345678901234567890123456789012345678901234567890"
                     "1234567890"),
              "57edf4a22be3c955ac49da2e2107b67a");
}

TEST(Md5, SplitUpdatesGiveTheSameDigest) {
    std::string message;
    for (int i = 0; i < 1000; ++i) message += static_cast<char>('a' + i * 7 % 26);
    const std::string expected = md5_of(message);
    for (size_t piece : {1u, 3u, 55u, 56u, 63u, 64u, 65u, 129u}) {
        Md5 md5;
        for (size_t start = 0; start < message.size(); start += piece) {
            const size_t size = std::min(piece, message.size() - start);
            md5.update(reinterpret_cast<const uint8_t*>(message.data()) + start, size);
        }
        EXPECT_EQ(hex(md5.finish()), expected) << "piece " << piece;
    }
}

TEST(Md5, PaddingBoundaries) {
    // Lengths around the 56-byte padding boundary; checks finish() resets for reuse too.
    Md5 md5;
    const std::string message(56, 'x');
    md5.update(reinterpret_cast<const uint8_t*>(message.data()), 55);
    const std::string first = hex(md5.finish());
    md5.update(reinterpret_cast<const uint8_t*>(message.data()), 55);
    EXPECT_EQ(hex(md5.finish()), first);
    EXPECT_EQ(first, md5_of(std::string(55, 'x')));
    EXPECT_NE(md5_of(std::string(56, 'x')), md5_of(std::string(57, 'x')));
    EXPECT_EQ(md5_of(std::string(64, 'a')), "014842d480b571495a4a0363793f7367");
}

}  // namespace
}  // namespace tc
