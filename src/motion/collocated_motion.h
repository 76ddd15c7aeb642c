// The motion a picture leaves for temporal motion vector prediction (H.265 8.5.3.2.8):
// per 16x16 block, the motion of the prediction block covering its top-left sample.
#pragma once
#include <cstdint>
#include <vector>

#include "common/ctu_decision.h"
#include "common/motion.h"

namespace tc {

struct CollocatedBlock {
    bool available = false;  // an inter block
    Mv mv;
    int32_t ref_poc = 0;
    bool ref_long_term = false;
};

class CollocatedMotion {
public:
    void allocate(int luma_width, int luma_height);
    // Rebuilds the field from a picture's decisions; ref_poc / ref_long_term describe
    // that picture's RefPicList0.
    void store(const std::vector<CtuDecision>& decisions, const int* ref_poc, const bool* ref_long_term);
    void clear();  // an intra picture: nothing available
    const CollocatedBlock& at(int x, int y) const {
        return blocks_[static_cast<size_t>(y >> 4) * width16_ + static_cast<size_t>(x >> 4)];
    }

private:
    int width16_ = 0, height16_ = 0;
    std::vector<CollocatedBlock> blocks_;
};

}  // namespace tc
