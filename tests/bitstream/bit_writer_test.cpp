#include "bitstream/bit_writer.h"

#include <gtest/gtest.h>

#include <string>

namespace tc {
namespace {

// The written bits as a string of '0'/'1', including an unfinished last byte when `total_bits`
// says so (bits() only exposes whole bytes, so pad before calling).
std::string bit_string(const BitWriter& writer, uint64_t total_bits) {
    std::string bits;
    for (uint64_t i = 0; i < total_bits; ++i)
        bits += ((writer.bytes()[i / 8] >> (7 - i % 8)) & 1) ? '1' : '0';
    return bits;
}

std::string ue_code(uint32_t value) {
    BitWriter writer;
    writer.put_ue(value);
    const uint64_t count = writer.bit_count();
    writer.put_alignment_zeros();
    return bit_string(writer, count);
}

std::string se_code(int32_t value) {
    BitWriter writer;
    writer.put_se(value);
    const uint64_t count = writer.bit_count();
    writer.put_alignment_zeros();
    return bit_string(writer, count);
}

TEST(BitWriter, PutBitsIsMsbFirst) {
    BitWriter writer;
    writer.put_bits(0b101, 3);
    writer.put_bits(0b00110, 5);
    writer.put_bits(0xABCD, 16);
    ASSERT_EQ(writer.bytes().size(), 3u);
    EXPECT_EQ(writer.bytes()[0], 0b10100110);
    EXPECT_EQ(writer.bytes()[1], 0xAB);
    EXPECT_EQ(writer.bytes()[2], 0xCD);
}

TEST(BitWriter, PutBitsUsesOnlyLowBits) {
    BitWriter writer;
    writer.put_bits(0xFFFFFFF0u, 4);  // low four bits are 0000
    writer.put_bits(0xFFFFFFFFu, 4);
    ASSERT_EQ(writer.bytes().size(), 1u);
    EXPECT_EQ(writer.bytes()[0], 0x0F);
}

TEST(BitWriter, Put32BitsAtAnyOffset) {
    for (int offset = 0; offset < 8; ++offset) {
        BitWriter writer;
        writer.put_bits(0, offset);
        writer.put_bits(0xDEADBEEFu, 32);
        writer.put_bits(0, 8 - offset);
        ASSERT_EQ(writer.bytes().size(), 5u);
        uint64_t value = 0;
        for (uint8_t byte : writer.bytes()) value = (value << 8) | byte;
        EXPECT_EQ(value, uint64_t{0xDEADBEEFu} << (8 - offset)) << "offset " << offset;
    }
}

TEST(BitWriter, PutZeroBitsDoesNothing) {
    BitWriter writer;
    writer.put_bits(0xFFFF, 0);
    EXPECT_EQ(writer.bit_count(), 0u);
    EXPECT_TRUE(writer.byte_aligned());
}

TEST(BitWriter, UnsignedExpGolombCodes) {
    // H.265 Table 9-2 / 9-3 style examples.
    EXPECT_EQ(ue_code(0), "1");
    EXPECT_EQ(ue_code(1), "010");
    EXPECT_EQ(ue_code(2), "011");
    EXPECT_EQ(ue_code(3), "00100");
    EXPECT_EQ(ue_code(6), "00111");
    EXPECT_EQ(ue_code(7), "0001000");
    EXPECT_EQ(ue_code(14), "0001111");
    EXPECT_EQ(ue_code(255), "00000000100000000");
}

TEST(BitWriter, UnsignedExpGolombExtremes) {
    // 2^32 - 1 needs 32 leading zeros, a 1 and 32 info bits (all zero).
    const std::string code = ue_code(0xFFFFFFFFu);
    EXPECT_EQ(code, std::string(32, '0') + "1" + std::string(32, '0'));
    EXPECT_EQ(ue_code(0xFFFFFFFEu), std::string(31, '0') + std::string(32, '1'));
}

TEST(BitWriter, SignedExpGolombCodes) {
    // H.265 Table 9-3: codeNum 1 -> +1, 2 -> -1, 3 -> +2, 4 -> -2.
    EXPECT_EQ(se_code(0), "1");
    EXPECT_EQ(se_code(1), "010");
    EXPECT_EQ(se_code(-1), "011");
    EXPECT_EQ(se_code(2), "00100");
    EXPECT_EQ(se_code(-2), "00101");
    EXPECT_EQ(se_code(3), "00110");
    EXPECT_EQ(se_code(-3), "00111");
    // INT32_MIN maps to codeNum 2^32, so codeNum + 1 = 2^32 + 1.
    EXPECT_EQ(se_code(-2147483647 - 1), std::string(32, '0') + "1" + std::string(31, '0') + "1");
    EXPECT_EQ(se_code(2147483647), std::string(31, '0') + std::string(31, '1') + "0");
}

TEST(BitWriter, TrailingBitsAndAlignment) {
    BitWriter writer;
    writer.put_bits(0b11, 2);
    EXPECT_FALSE(writer.byte_aligned());
    writer.put_trailing_bits();
    EXPECT_TRUE(writer.byte_aligned());
    ASSERT_EQ(writer.bytes().size(), 1u);
    EXPECT_EQ(writer.bytes()[0], 0b11100000);

    // When aligned, trailing bits are a whole byte 0x80.
    writer.put_trailing_bits();
    ASSERT_EQ(writer.bytes().size(), 2u);
    EXPECT_EQ(writer.bytes()[1], 0x80);

    // Alignment zeros do nothing when aligned.
    writer.put_alignment_zeros();
    EXPECT_EQ(writer.bit_count(), 16u);
    writer.put_flag(true);
    writer.put_alignment_zeros();
    EXPECT_EQ(writer.bit_count(), 24u);
    EXPECT_EQ(writer.bytes()[2], 0x80);
}

TEST(BitWriter, BitCountIncludesUnfinishedByte) {
    BitWriter writer;
    writer.put_bits(0, 13);
    EXPECT_EQ(writer.bit_count(), 13u);
    EXPECT_EQ(writer.bytes().size(), 1u);
}

TEST(BitWriter, AppendBytesAndClear) {
    BitWriter writer;
    writer.put_bits(0x12, 8);
    const uint8_t data[] = {0x34, 0x56};
    writer.append_bytes(data, 2);
    ASSERT_EQ(writer.bytes().size(), 3u);
    EXPECT_EQ(writer.bytes()[2], 0x56);
    EXPECT_EQ(writer.bit_count(), 24u);

    // Unaligned append still keeps the bit order.
    writer.put_bits(0xF, 4);
    writer.append_bytes(data, 1);
    writer.put_bits(0, 4);
    ASSERT_EQ(writer.bytes().size(), 5u);
    EXPECT_EQ(writer.bytes()[3], 0xF3);
    EXPECT_EQ(writer.bytes()[4], 0x40);

    writer.reserve(100);
    writer.clear();
    EXPECT_EQ(writer.bit_count(), 0u);
    EXPECT_TRUE(writer.bytes().empty());
    EXPECT_GE(writer.bytes().capacity(), 100u);
    writer.put_bits(1, 1);
    writer.put_alignment_zeros();
    EXPECT_EQ(writer.bytes()[0], 0x80);
}

}  // namespace
}  // namespace tc
