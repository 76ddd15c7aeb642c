#include "motion/collocated_motion.h"

#include <algorithm>

namespace tc {

void CollocatedMotion::allocate(int luma_width, int luma_height) {
    width16_ = (luma_width + 15) / 16;
    height16_ = (luma_height + 15) / 16;
    blocks_.assign(static_cast<size_t>(width16_) * height16_, CollocatedBlock{});
}

void CollocatedMotion::clear() { std::fill(blocks_.begin(), blocks_.end(), CollocatedBlock{}); }

void CollocatedMotion::store(const std::vector<CtuDecision>& decisions, const int* ref_poc,
                             const bool* ref_long_term) {
    for (const CtuDecision& ctu : decisions) {
        for (const CodingUnit& cu : ctu.cus) {
            const int size = 1 << cu.log2_size;
            // The 16x16 blocks whose top-left sample lies in this CU.
            for (int y = (cu.y + 15) & ~15; y < cu.y + size; y += 16) {
                for (int x = (cu.x + 15) & ~15; x < cu.x + size; x += 16) {
                    if ((x >> 4) >= width16_ || (y >> 4) >= height16_) continue;
                    CollocatedBlock& block = blocks_[static_cast<size_t>(y >> 4) * width16_ + static_cast<size_t>(x >> 4)];
                    block = CollocatedBlock{};
                    if (cu.pred_mode == PredMode::kIntra) continue;
                    const PuMotion& motion = cu.motion_at(x, y);
                    if (!motion.uses(0)) continue;
                    block.available = true;
                    block.mv = motion.mv[0];
                    block.ref_poc = ref_poc[motion.ref_idx[0]];
                    block.ref_long_term = ref_long_term[motion.ref_idx[0]];
                }
            }
        }
    }
}

}  // namespace tc
