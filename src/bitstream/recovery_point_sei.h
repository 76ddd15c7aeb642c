// Recovery point SEI message (H.265 D.2.8 / D.3.8): decoding may start at this picture
// (without the earlier ones) and the output is exact from recovery_poc_cnt pictures on.
// Sent at the start of each periodic intra refresh cycle.
#pragma once

#include "bitstream/bit_writer.h"

namespace tc {

// Writes the sei_rbsp() of a prefix SEI NAL unit carrying recovery_point with
// exact_match_flag 1 and broken_link_flag 0.
void write_recovery_point_sei(BitWriter& out, int recovery_poc_cnt);

}  // namespace tc
