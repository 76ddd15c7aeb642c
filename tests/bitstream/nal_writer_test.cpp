#include "bitstream/nal_writer.h"

#include <gtest/gtest.h>

#include <vector>

namespace tc {
namespace {

using Bytes = std::vector<uint8_t>;

// The NAL unit payload after the start code and the two header bytes.
Bytes payload_of(const Bytes& rbsp) {
    Bytes out;
    write_nal_unit(out, NalUnitType::kTrailR, 0, rbsp.data(), rbsp.size());
    EXPECT_GE(out.size(), 6u);
    return Bytes(out.begin() + 6, out.end());
}

TEST(NalWriter, StartCodeAndHeader) {
    Bytes out;
    const uint8_t rbsp[] = {0x80};
    write_nal_unit(out, NalUnitType::kVps, 0, rbsp, 1);
    EXPECT_EQ(out, (Bytes{0x00, 0x00, 0x00, 0x01, 0x40, 0x01, 0x80}));

    out.clear();
    write_nal_unit(out, NalUnitType::kSps, 0, rbsp, 1);
    EXPECT_EQ(out[4], 0x42);
    EXPECT_EQ(out[5], 0x01);

    out.clear();
    write_nal_unit(out, NalUnitType::kIdrWRadl, 0, rbsp, 1);
    EXPECT_EQ(out[4], 0x26);  // 19 << 1

    out.clear();
    write_nal_unit(out, NalUnitType::kSuffixSei, 0, rbsp, 1);
    EXPECT_EQ(out[4], 0x50);  // 40 << 1

    out.clear();
    write_nal_unit(out, NalUnitType::kTrailN, 2, rbsp, 1);
    EXPECT_EQ(out[4], 0x00);
    EXPECT_EQ(out[5], 0x03);  // nuh_temporal_id_plus1 = 3
}

TEST(NalWriter, AppendsToExistingContent) {
    Bytes out = {0xAA};
    const uint8_t rbsp[] = {0x11};
    write_nal_unit(out, NalUnitType::kPps, 0, rbsp, 1);
    write_nal_unit(out, NalUnitType::kAud, 0, rbsp, 1);
    EXPECT_EQ(out, (Bytes{0xAA, 0, 0, 0, 1, 0x44, 0x01, 0x11, 0, 0, 0, 1, 0x46, 0x01, 0x11}));
}

TEST(NalWriter, EmulationPreventionForEachForbiddenPattern) {
    EXPECT_EQ(payload_of({0x00, 0x00, 0x00, 0x80}), (Bytes{0x00, 0x00, 0x03, 0x00, 0x80}));
    EXPECT_EQ(payload_of({0x00, 0x00, 0x01, 0x80}), (Bytes{0x00, 0x00, 0x03, 0x01, 0x80}));
    EXPECT_EQ(payload_of({0x00, 0x00, 0x02, 0x80}), (Bytes{0x00, 0x00, 0x03, 0x02, 0x80}));
    EXPECT_EQ(payload_of({0x00, 0x00, 0x03, 0x80}), (Bytes{0x00, 0x00, 0x03, 0x03, 0x80}));
}

TEST(NalWriter, NoEmulationPreventionWhenNotNeeded) {
    EXPECT_EQ(payload_of({0x00, 0x00, 0x04, 0x80}), (Bytes{0x00, 0x00, 0x04, 0x80}));
    EXPECT_EQ(payload_of({0x00, 0x01, 0x00, 0x01}), (Bytes{0x00, 0x01, 0x00, 0x01}));
    EXPECT_EQ(payload_of({0x12, 0x00, 0xFF, 0x00, 0x00, 0x80}),
              (Bytes{0x12, 0x00, 0xFF, 0x00, 0x00, 0x80}));
}

TEST(NalWriter, RunsOfZeros) {
    // After an inserted 03 the zero count restarts, so four zeros need one 03 and six need two.
    EXPECT_EQ(payload_of({0x00, 0x00, 0x00, 0x00, 0x80}),
              (Bytes{0x00, 0x00, 0x03, 0x00, 0x00, 0x80}));
    EXPECT_EQ(payload_of({0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x80}),
              (Bytes{0x00, 0x00, 0x03, 0x00, 0x00, 0x03, 0x00, 0x00, 0x80}));
    EXPECT_EQ(payload_of({0x00, 0x00, 0x00, 0x00, 0x01}),
              (Bytes{0x00, 0x00, 0x03, 0x00, 0x00, 0x03, 0x01}));
}

TEST(NalWriter, TrailingZeroGetsThreeByte) {
    // 7.4.2: a final 0x00 (cabac_zero_words) is followed by 0x03.
    EXPECT_EQ(payload_of({0x80, 0x00}), (Bytes{0x80, 0x00, 0x03}));
    // cabac_zero_word 0x0000 appended after the slice data becomes 00 00 03.
    EXPECT_EQ(payload_of({0x80, 0x00, 0x00}), (Bytes{0x80, 0x00, 0x00, 0x03}));
    EXPECT_EQ(payload_of({0x80, 0x00, 0x00, 0x00, 0x00}),
              (Bytes{0x80, 0x00, 0x00, 0x03, 0x00, 0x00, 0x03}));
}

TEST(NalWriter, OutputNeverContainsForbiddenSequences) {
    uint32_t seed = 12345;
    for (int trial = 0; trial < 200; ++trial) {
        Bytes rbsp(1 + trial % 50);
        for (uint8_t& byte : rbsp) {
            seed = seed * 1103515245u + 12345u;
            byte = ((seed >> 16) % 4 == 0) ? static_cast<uint8_t>((seed >> 8) & 3) : 0x00;
        }
        // A real RBSP ends in its stop bit, optionally followed by cabac_zero_words (0x0000).
        rbsp.push_back(0x80);
        for (int i = 0; i < trial % 3; ++i) rbsp.insert(rbsp.end(), {0x00, 0x00});
        const Bytes payload = payload_of(rbsp);
        for (size_t i = 2; i < payload.size(); ++i) {
            if (payload[i - 2] == 0 && payload[i - 1] == 0) {
                ASSERT_GT(payload[i], 0x02);
            }
        }
        ASSERT_NE(payload.back(), 0x00);
        // Removing every 03 that follows 00 00 restores the RBSP.
        Bytes restored;
        int zeros = 0;
        for (uint8_t byte : payload) {
            if (zeros >= 2 && byte == 0x03) {
                zeros = 0;
                continue;
            }
            restored.push_back(byte);
            zeros = byte == 0 ? zeros + 1 : 0;
        }
        ASSERT_EQ(restored, rbsp);
    }
}

}  // namespace
}  // namespace tc
