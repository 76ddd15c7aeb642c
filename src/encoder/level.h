// general_level_idc from picture size and frame rate (H.265 Table A.8).
#pragma once

namespace tc {

// 30 * level (e.g. 186 for level 6.2), the smallest level whose MaxLumaPs and
// MaxLumaSr allow the size and rate; 0 when even level 6.2 does not.
int derive_level_idc(int width, int height, int fps);

}  // namespace tc
