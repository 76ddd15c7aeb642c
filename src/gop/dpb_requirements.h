// What the sequence parameter set promises decoders about the decoded picture buffer
// (sps_max_dec_pic_buffering_minus1 + 1 and sps_max_num_reorder_pics), found by running
// the GOP structure through the reference rules and the output process of C.5.2.
#pragma once

namespace tc {

struct DpbRequirements {
    int max_dec_pic_buffering = 1;  // pictures, the current one included
    int max_num_reorder = 0;
};

// For mini-GOPs of 0..b_frames B pictures (the encoder may shorten them), `refs` active
// references, and an extra long-term picture when `long_term` is set.
DpbRequirements dpb_requirements(int b_frames, int refs, bool long_term);

}  // namespace tc
