// One picture of the coding plan: which input frame, its POC, its type and whether later
// pictures predict from it.
#pragma once
#include <cstdint>

namespace tc {

enum class PictureType : uint8_t { kIdr, kCra, kP, kB };

struct PicturePlan {
    int64_t frame = 0;   // input (display) order, from 0
    int poc = 0;         // picture order count (display order since the last IDR)
    PictureType type = PictureType::kIdr;
    bool reference = true;  // kept for later pictures (TRAIL_R) or not (TRAIL_N)
    int layer = 0;          // 0 for I and P anchors, 1.. for the B pyramid levels

    bool intra() const { return type == PictureType::kIdr || type == PictureType::kCra; }
};

}  // namespace tc
