#include "bitstream/nal_writer.h"

namespace tc {

void write_nal_unit(std::vector<uint8_t>& out, NalUnitType type, int temporal_id,
                    const uint8_t* rbsp, size_t rbsp_size) {
    // Worst case one inserted byte per two RBSP bytes, plus the final 0x03.
    out.reserve(out.size() + 6 + rbsp_size + rbsp_size / 2 + 1);

    // Four-byte start code (zero_byte + start_code_prefix_one_3bytes), B.2.
    out.insert(out.end(), {0x00, 0x00, 0x00, 0x01});

    // nal_unit_header(), 7.3.1.2: forbidden_zero_bit(1) nal_unit_type(6) nuh_layer_id(6)
    // nuh_temporal_id_plus1(3). nuh_layer_id is 0.
    const int type_value = static_cast<int>(type);
    out.push_back(static_cast<uint8_t>((type_value & 0x3F) << 1));
    out.push_back(static_cast<uint8_t>((temporal_id + 1) & 0x07));

    // 7.4.2: within the NAL unit, 0x000000..0x000003 must not occur at a byte-aligned position,
    // so an emulation_prevention_three_byte follows every 00 00 that precedes a byte <= 03.
    int zero_run = 0;
    for (size_t i = 0; i < rbsp_size; ++i) {
        const uint8_t byte = rbsp[i];
        if (zero_run >= 2 && byte <= 0x03) {
            out.push_back(0x03);
            zero_run = 0;
        }
        out.push_back(byte);
        zero_run = (byte == 0x00) ? zero_run + 1 : 0;
    }
    // 7.4.2: when the last RBSP byte is 0x00 (only after a cabac_zero_word), 0x03 is appended.
    if (rbsp_size > 0 && rbsp[rbsp_size - 1] == 0x00) out.push_back(0x03);
}

}  // namespace tc
