// The steps of the per-CTU coarse search (coarse_ctu_vector) that the CPU mirror and the
// CUDA kernel share: where the block of a level lies, which candidate an index names and
// whether it stays inside the plane, the SAD of one block row, and the ordering key that
// picks the lowest cost and, among equal costs, the first candidate in scan order.
#pragma once
#include <cstdint>

#include "accel/host_device.h"
#include "accel/pyramid_geometry.h"

namespace tc {

// One level of the search for one CTU: planes tightly packed (stride = width).
struct CoarseLevel {
    const uint8_t* source = nullptr;
    const uint8_t* reference = nullptr;
    int width = 0, height = 0;
    int block_x = 0, block_y = 0, block_width = 0, block_height = 0;
    int radius = 0, side = 0;  // candidates: side * side, side = 2 * radius + 1
    TC_HOST_DEVICE bool empty() const { return block_width <= 0 || block_height <= 0; }
    TC_HOST_DEVICE int candidate_count() const { return side * side; }
};

TC_HOST_DEVICE inline CoarseLevel coarse_level(const PyramidGeometry& geometry, const uint8_t* source_pyramid,
                                               const uint8_t* reference_pyramid, int level, int ctu_x, int ctu_y,
                                               int range) {
    CoarseLevel l;
    const long offset = geometry.level_offset(level);
    l.source = source_pyramid + offset;
    l.reference = reference_pyramid + offset;
    l.width = geometry.level_width(level);
    l.height = geometry.level_height(level);
    const int block = 64 >> level;
    l.block_x = (ctu_x * 64) >> level;
    l.block_y = (ctu_y * 64) >> level;
    l.block_width = block < l.width - l.block_x ? block : l.width - l.block_x;
    l.block_height = block < l.height - l.block_y ? block : l.height - l.block_y;
    l.radius = coarse_search_radius(level, range);
    l.side = 2 * l.radius + 1;
    return l;
}

// The candidate `index` around the level's start vector (vx, vy): its displacement (dx, dy)
// and vector (cx, cy). False when its block would leave the plane (levels have no border).
struct CoarseCandidate {
    int dx, dy, cx, cy;
};
TC_HOST_DEVICE inline bool coarse_candidate(const CoarseLevel& l, int vx, int vy, int index, CoarseCandidate& c) {
    c.dy = index / l.side - l.radius;
    c.dx = index % l.side - l.radius;
    c.cx = vx + c.dx;
    c.cy = vy + c.dy;
    return l.block_x + c.cx >= 0 && l.block_y + c.cy >= 0 && l.block_x + c.cx + l.block_width <= l.width &&
           l.block_y + c.cy + l.block_height <= l.height;
}

TC_HOST_DEVICE inline uint32_t coarse_row_sad(const CoarseLevel& l, const CoarseCandidate& c, int row) {
    const uint8_t* source_row = l.source + static_cast<long>(l.block_y + row) * l.width + l.block_x;
    const uint8_t* reference_row = l.reference + static_cast<long>(l.block_y + c.cy + row) * l.width + l.block_x + c.cx;
    uint32_t sad = 0;
    for (int x = 0; x < l.block_width; x++) {
        const int difference = source_row[x] - reference_row[x];
        sad += static_cast<uint32_t>(difference < 0 ? -difference : difference);
    }
    return sad;
}

// SAD plus the displacement's length, as coarse_ctu_vector charges it.
TC_HOST_DEVICE inline uint32_t coarse_cost(uint32_t sad, const CoarseCandidate& c) {
    return sad + static_cast<uint32_t>((c.dx < 0 ? -c.dx : c.dx) + (c.dy < 0 ? -c.dy : c.dy));
}

// The smallest key wins: lowest cost, then lowest scan index. No candidate: kNoCandidate.
constexpr uint64_t kNoCandidate = ~uint64_t{0};
TC_HOST_DEVICE inline uint64_t coarse_key(uint32_t cost, int index) {
    return (static_cast<uint64_t>(cost) << 32) | static_cast<uint32_t>(index);
}

// The start vector of the next finer level (in its samples) after the winner `key`; without
// a candidate the search stays where it was, as in the scalar loop.
TC_HOST_DEVICE inline void coarse_next_start(const CoarseLevel& l, uint64_t key, int& vx, int& vy) {
    if (key != kNoCandidate) {
        const int index = static_cast<int>(key & 0xffffffffu);
        vx += index % l.side - l.radius;
        vy += index / l.side - l.radius;
    }
    vx *= 2;
    vy *= 2;
}

// 2:1 downscale of one sample (downscale_2x_scalar): the rounded average of a 2x2 square.
TC_HOST_DEVICE inline uint8_t downscale_sample(const uint8_t* row0, const uint8_t* row1, int x) {
    return static_cast<uint8_t>((row0[2 * x] + row0[2 * x + 1] + row1[2 * x] + row1[2 * x + 1] + 2) >> 2);
}

}  // namespace tc
