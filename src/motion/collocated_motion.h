// The motion a picture leaves for temporal motion vector prediction (H.265 8.5.3.2.8):
// per 16x16 block, the motion of the prediction block covering its top-left sample.
#pragma once
#include <array>
#include <cstdint>
#include <vector>

#include "common/ctu_decision.h"
#include "common/motion.h"

namespace tc {

struct CollocatedBlock {
    bool available = false;  // an inter block
    bool uses[2] = {false, false};  // predFlagLX
    Mv mv[2];
    int32_t ref_poc[2] = {0, 0};
    bool ref_long_term[2] = {false, false};
};

class CollocatedMotion {
public:
    void allocate(int luma_width, int luma_height);
    // Rebuilds the field from a picture's decisions; ref_poc[X] / ref_long_term[X]
    // describe that picture's RefPicListX.
    void store(const std::vector<CtuDecision>& decisions, const std::array<std::array<int, 8>, 2>& ref_poc,
               const std::array<std::array<bool, 8>, 2>& ref_long_term);
    void clear();  // an intra picture: nothing available
    const CollocatedBlock& at(int x, int y) const {
        return blocks_[static_cast<size_t>(y >> 4) * width16_ + static_cast<size_t>(x >> 4)];
    }

private:
    int width16_ = 0, height16_ = 0;
    std::vector<CollocatedBlock> blocks_;
};

}  // namespace tc
