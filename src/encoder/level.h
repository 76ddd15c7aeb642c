// general_level_idc from picture size and frame rate (H.265 Table A.8).
#pragma once

namespace tc {

// 30 * level (e.g. 186 for level 6.2), the smallest level whose MaxLumaPs and
// MaxLumaSr allow the size and rate; 0 when even level 6.2 does not.
int derive_level_idc(int width, int height, int fps);

// MaxDpbSize of a level for a picture size (A.4.2): 6 pictures for the largest pictures
// of the level, up to 16 for small ones.
int max_dpb_size(int level_idc, int width, int height);

}  // namespace tc
