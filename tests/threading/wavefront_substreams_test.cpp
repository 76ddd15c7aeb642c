// Entry points count NAL-unit bytes: escaped_size must agree with write_nal_unit, and
// escaping substreams one by one gives the escaped whole when each ends in a non-zero byte.
#include "encoder/wavefront_substreams.h"

#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "bitstream/nal_writer.h"

namespace tc {
namespace {

size_t nal_payload_size(const std::vector<uint8_t>& rbsp) {
    std::vector<uint8_t> nal;
    write_nal_unit(nal, NalUnitType::kTrailR, 0, rbsp.data(), rbsp.size());
    return nal.size() - 6;  // start code and NAL unit header
}

TEST(WavefrontSubstreams, EscapedSizeMatchesTheNalWriter) {
    std::mt19937 rng(7);
    for (int trial = 0; trial < 200; trial++) {
        std::vector<uint8_t> bytes(1 + rng() % 300);
        // Mostly zeros and small values, where emulation prevention happens.
        for (uint8_t& b : bytes) b = static_cast<uint8_t>(rng() % 3 == 0 ? rng() % 256 : rng() % 4);
        bytes.back() = static_cast<uint8_t>(1 + rng() % 255);  // an RBSP ends in its stop bit
        EXPECT_EQ(escaped_size(bytes.data(), bytes.size()), nal_payload_size(bytes));
    }
}

TEST(WavefrontSubstreams, EscapingAddsUpOverSubstreamsEndingInANonZeroByte) {
    std::mt19937 rng(11);
    for (int trial = 0; trial < 100; trial++) {
        std::vector<uint8_t> whole;
        size_t sum = 0;
        for (int part = 0; part < 4; part++) {
            std::vector<uint8_t> substream(1 + rng() % 50);
            for (uint8_t& b : substream) b = static_cast<uint8_t>(rng() % 2 == 0 ? 0 : rng() % 4);
            substream.back() = 0x80;  // alignment_bit_equal_to_one, then zeros
            sum += escaped_size(substream.data(), substream.size());
            whole.insert(whole.end(), substream.begin(), substream.end());
        }
        EXPECT_EQ(sum, nal_payload_size(whole));
    }
}

}  // namespace
}  // namespace tc
