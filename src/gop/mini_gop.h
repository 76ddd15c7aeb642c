// The coding order of a mini-GOP: the frames after the last anchor up to and including
// the next anchor (display order), coded as the anchor first, then the B-frames between
// by recursive halving (a hierarchical "pyramid" of B pictures).
//
// With 3 B-frames, display 1 2 3 4 is coded 4 (P) 2 (B, referenced) 1 3 (B, not
// referenced); with 7 B-frames 8 4 2 1 3 6 5 7.
#pragma once
#include <span>

#include "gop/picture_plan.h"

namespace tc {

// Fills `out` (room for b_frames + 1) with the coding order of b_frames B pictures
// followed in display order by an anchor of type `anchor_type`. first_frame / first_poc
// are the display index and POC of the first picture of the group. Returns the count.
int plan_mini_gop(int64_t first_frame, int first_poc, int b_frames, PictureType anchor_type,
                  std::span<PicturePlan> out);

// The largest number of pictures that precede a picture in decoding order and follow it
// in output order (sps_max_num_reorder_pics) for mini-GOPs of up to b_frames B pictures.
int reorder_depth(int b_frames);

}  // namespace tc
