// Most probable modes for intra luma mode coding (H.265 8.4.2).
#pragma once
#include <array>

#include "common/block_info_map.h"

namespace tc {

// candModeList[0..2] for the prediction block whose top-left luma sample is (x, y).
std::array<int, 3> derive_most_probable_modes(const BlockInfoMap& map, int x, int y);

// intra_chroma_pred_mode 0..3 map to these modes, unless equal to the luma mode
// (then 34); 4 means "same as luma" (H.265 Table 8-2, 4:2:0).
int chroma_mode_from_syntax(int chroma_syntax, int luma_mode);

}  // namespace tc
