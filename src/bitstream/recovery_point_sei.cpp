#include "bitstream/recovery_point_sei.h"

namespace tc {

void write_recovery_point_sei(BitWriter& out, int recovery_poc_cnt) {
    constexpr int kRecoveryPoint = 6;
    // The payload: se(v) recovery_poc_cnt, two flags, then payload byte alignment.
    BitWriter payload;
    payload.put_se(recovery_poc_cnt);
    payload.put_flag(true);   // exact_match_flag
    payload.put_flag(false);  // broken_link_flag
    payload.put_trailing_bits();  // payload_bit_equal_to_one + alignment zeros (D.3.1 / 7.3.5)
    out.put_bits(kRecoveryPoint, 8);                                // last_payload_type_byte
    out.put_bits(static_cast<uint32_t>(payload.bytes().size()), 8);  // last_payload_size_byte
    for (uint8_t byte : payload.bytes()) out.put_bits(byte, 8);
    out.put_trailing_bits();
}

}  // namespace tc
