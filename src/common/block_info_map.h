// Per-picture map of what was decided for each 4x4 luma block: the neighbour
// information that context selection (split_cu_flag, cu_skip_flag) and intra
// most-probable-mode derivation read.
#pragma once
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "common/block_types.h"
#include "common/motion.h"

namespace tc {

struct BlockInfo {
    uint8_t cu_depth = 0;  // CtDepth (0 = 64x64)
    PredMode pred_mode = PredMode::kIntra;
    uint8_t intra_mode = kIntraDc;  // IntraPredModeY (DC for non-intra blocks)
    bool skip = false;              // cu_skip_flag
    PuMotion motion;                // inter blocks: the prediction block's motion

    static BlockInfo intra(int cu_depth, int intra_mode) {
        BlockInfo info;
        info.cu_depth = static_cast<uint8_t>(cu_depth);
        info.pred_mode = PredMode::kIntra;
        info.intra_mode = static_cast<uint8_t>(intra_mode);
        return info;
    }
};

class BlockInfoMap {
public:
    void allocate(int luma_width, int luma_height) {
        width4_ = (luma_width + 3) / 4;
        height4_ = (luma_height + 3) / 4;
        blocks_.assign(static_cast<size_t>(width4_) * height4_, BlockInfo{});
    }
    // The block covering luma sample (x, y); nullptr outside the picture.
    const BlockInfo* find(int x, int y) const {
        if (x < 0 || y < 0 || (x >> 2) >= width4_ || (y >> 2) >= height4_) return nullptr;
        return &blocks_[static_cast<size_t>(y >> 2) * width4_ + (x >> 2)];
    }
    // Sets every 4x4 block of the luma rectangle (clipped to the picture).
    void fill(int x, int y, int width, int height, const BlockInfo& info) {
        const int x_begin = x >> 2, y_begin = y >> 2;
        const int x_end = std::min((x + width) >> 2, width4_), y_end = std::min((y + height) >> 2, height4_);
        if (x_begin >= x_end || y_begin >= y_end) return;
        // One assignment from `info`, the rest copied from the map: GCC rebuilt a caller's
        // freshly made `info` byte by byte through the stack for every block it stored.
        BlockInfo* first_row = &blocks_[static_cast<size_t>(y_begin) * width4_];
        first_row[x_begin] = info;
        for (int bx = x_begin + 1; bx < x_end; bx++) first_row[bx] = first_row[x_begin];
        const size_t row_bytes = static_cast<size_t>(x_end - x_begin) * sizeof(BlockInfo);
        for (int by = y_begin + 1; by < y_end; by++) {
            std::memcpy(&blocks_[static_cast<size_t>(by) * width4_ + x_begin], first_row + x_begin, row_bytes);
        }
    }

    // Sets the skip flag of every 4x4 block of the luma rectangle (clipped to the picture),
    // writing nothing else of them (other threads may read their other members meanwhile).
    void set_skip(int x, int y, int width, int height) {
        const int x_end = std::min((x + width) >> 2, width4_), y_end = std::min((y + height) >> 2, height4_);
        for (int by = y >> 2; by < y_end; by++) {
            for (int bx = x >> 2; bx < x_end; bx++) blocks_[static_cast<size_t>(by) * width4_ + bx].skip = true;
        }
    }

    // Copies the 4x4 blocks of a square luma region (inside the picture) out of / into
    // `saved` (row-major, (size/4)^2 entries), for undoing a rejected trial.
    void save_region(int x, int y, int size, BlockInfo* saved) const {
        for_region(x, y, size, [&](size_t map_index, size_t i) { saved[i] = blocks_[map_index]; });
    }
    void restore_region(int x, int y, int size, const BlockInfo* saved) {
        for_region(x, y, size, [&](size_t map_index, size_t i) { blocks_[map_index] = saved[i]; });
    }

private:
    template <class Visit>
    void for_region(int x, int y, int size, Visit visit) const {
        const int n = size >> 2;
        for (int j = 0; j < n; j++) {
            const int by = (y >> 2) + j;
            if (by >= height4_) break;
            for (int i = 0; i < n; i++) {
                const int bx = (x >> 2) + i;
                if (bx >= width4_) break;
                visit(static_cast<size_t>(by) * width4_ + bx, static_cast<size_t>(j) * n + i);
            }
        }
    }

    int width4_ = 0, height4_ = 0;
    std::vector<BlockInfo> blocks_;
};

}  // namespace tc
