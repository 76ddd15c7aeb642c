// NAL unit encapsulation in Annex B byte stream form (H.265 7.3.1, 7.4.2, B.2).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace tc {

// nal_unit_type values, H.265 Table 7-1.
enum class NalUnitType : uint8_t {
    kTrailN = 0,
    kTrailR = 1,
    kTsaN = 2,
    kTsaR = 3,
    kStsaN = 4,
    kStsaR = 5,
    kRadlN = 6,
    kRadlR = 7,
    kRaslN = 8,
    kRaslR = 9,
    kBlaWLp = 16,
    kBlaWRadl = 17,
    kBlaNLp = 18,
    kIdrWRadl = 19,
    kIdrNLp = 20,
    kCra = 21,
    kVps = 32,
    kSps = 33,
    kPps = 34,
    kAud = 35,
    kEos = 36,
    kEob = 37,
    kFd = 38,
    kPrefixSei = 39,
    kSuffixSei = 40,
};

// Appends one NAL unit to `out`: the start code 00 00 00 01, the two-byte nal_unit_header()
// (forbidden_zero_bit 0, nuh_layer_id 0, nuh_temporal_id_plus1 = temporal_id + 1) and the RBSP
// with emulation_prevention_three_byte inserted per 7.4.2. A valid RBSP ends in its stop bit,
// possibly followed by cabac_zero_words (pairs of zero bytes); then a final 0x03 is appended.
void write_nal_unit(std::vector<uint8_t>& out, NalUnitType type, int temporal_id,
                    const uint8_t* rbsp, size_t rbsp_size);

}  // namespace tc
