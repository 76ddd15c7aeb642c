#include "motion/collocated_motion.h"

#include <algorithm>

namespace tc {

void CollocatedMotion::allocate(int luma_width, int luma_height) {
    width16_ = (luma_width + 15) / 16;
    height16_ = (luma_height + 15) / 16;
    blocks_.assign(static_cast<size_t>(width16_) * height16_, CollocatedBlock{});
}

void CollocatedMotion::clear() { std::fill(blocks_.begin(), blocks_.end(), CollocatedBlock{}); }

void CollocatedMotion::store(const std::vector<CtuDecision>& decisions,
                             const std::array<std::array<int, 8>, 2>& ref_poc,
                             const std::array<std::array<bool, 8>, 2>& ref_long_term) {
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
                    block.available = true;
                    for (int list = 0; list < 2; list++) {
                        if (!motion.uses(list)) continue;
                        const auto index = static_cast<size_t>(motion.ref_idx[list]);
                        block.uses[list] = true;
                        block.mv[list] = motion.mv[list];
                        block.ref_poc[list] = ref_poc[static_cast<size_t>(list)][index];
                        block.ref_long_term[list] = ref_long_term[static_cast<size_t>(list)][index];
                    }
                }
            }
        }
    }
}

}  // namespace tc
