// The steps of the accelerated block motion search, shared by the CPU mirror and the CUDA
// kernel (DESIGN.md §4, issue 7): for every 16x16 block of a picture's source luma, a vector
// into the source luma of a reference picture, searched once per picture pair and ahead of
// the CTU analysis, which then only chooses among a few ready vectors instead of searching.
//
// Per block: the cheapest of four start vectors (zero, the coarse vector of the block's CTU
// and of the CTUs left of and above it), an exhaustive full-sample search of +-6 around it,
// then the half- and the quarter-sample position among the 3x3 around the best so far.
// Costs: SAD (full samples) or SATD of the 8x8 Hadamard transform (fractional positions)
// plus lambda times the vector's mvd bits against the block's coarse CTU vector, all in
// integers so that both backends choose the same vector. Samples outside the picture repeat
// its edge (what the reconstruction's border holds). Ties go to the first candidate in scan
// order (dy outer, dx inner), as in the coarse search.
#pragma once
#include <cstdint>

#include "accel/host_device.h"
#include "common/motion.h"

namespace tc {

constexpr int kBlockSearchLog2 = 4;
constexpr int kBlockSearchSize = 1 << kBlockSearchLog2;
constexpr int kBlockSearchRadius = 6;                                  // full samples around the start
constexpr int kBlockSearchSide = 2 * kBlockSearchRadius + 1;           // 13
constexpr int kBlockSearchPositions = kBlockSearchSide * kBlockSearchSide;  // 169
constexpr int kBlockStartCandidates = 4;
constexpr int kBlockSubpelCandidates = 9;  // the 3x3 around the best, centre included
// The reference window a block's search reads: the block, the radius and the 8-tap filter's
// reach (3 left/above, 4 right/below of a sample; one more for a negative fraction).
constexpr int kBlockWindowMargin = kBlockSearchRadius + 4;
constexpr int kBlockWindowSide = kBlockSearchSize + 2 * kBlockWindowMargin;  // 36

TC_HOST_DEVICE constexpr int block_search_columns(int width) { return (width + kBlockSearchSize - 1) >> kBlockSearchLog2; }
TC_HOST_DEVICE constexpr int block_search_rows(int height) { return (height + kBlockSearchSize - 1) >> kBlockSearchLog2; }

// What the search of one picture pair needs besides the two planes.
struct BlockSearchParameters {
    int lambda_q8 = 256;  // sqrt(lambda) in 1/256: the weight of one mvd bit
    int margin = 64;      // how far (samples) a block may reach outside the picture
};

// One block of one picture: its position and size (16, or less at the right and bottom
// edge), the planes (tightly packed, width x height) and the coarse vectors per CTU.
struct BlockSearchSite {
    const uint8_t* source = nullptr;
    const uint8_t* reference = nullptr;
    int width = 0, height = 0;
    int x = 0, y = 0, block_width = 0, block_height = 0;
    Mv predictor;  // the coarse vector of the block's CTU: the rate's reference point
};

TC_HOST_DEVICE inline int clamp_index(int value, int size) { return value < 0 ? 0 : value >= size ? size - 1 : value; }

TC_HOST_DEVICE inline uint8_t edge_sample(const uint8_t* plane, int width, int height, int x, int y) {
    return plane[static_cast<long>(clamp_index(y, height)) * width + clamp_index(x, width)];
}

TC_HOST_DEVICE inline BlockSearchSite block_search_site(const uint8_t* source, const uint8_t* reference, int width,
                                                        int height, const Mv* coarse, int block_column, int block_row) {
    BlockSearchSite s;
    s.source = source;
    s.reference = reference;
    s.width = width;
    s.height = height;
    s.x = block_column * kBlockSearchSize;
    s.y = block_row * kBlockSearchSize;
    s.block_width = width - s.x < kBlockSearchSize ? width - s.x : kBlockSearchSize;
    s.block_height = height - s.y < kBlockSearchSize ? height - s.y : kBlockSearchSize;
    const int ctu_columns = (width + 63) / 64;
    s.predictor = coarse[(s.y >> 6) * ctu_columns + (s.x >> 6)];
    return s;
}

// Bits of one mvd component: 1 + 2 * bit_width(|d|) (mvd_component_bits).
TC_HOST_DEVICE inline int block_mvd_bits(int difference) {
    unsigned magnitude = static_cast<unsigned>(difference < 0 ? -difference : difference);
    int width = 0;
    while (magnitude != 0) {
        width++;
        magnitude >>= 1;
    }
    return 1 + 2 * width;
}

// Vector (quarter samples) rate term.
TC_HOST_DEVICE inline uint32_t block_rate_cost(int mv_x, int mv_y, Mv predictor, int lambda_q8) {
    const int bits = block_mvd_bits(mv_x - predictor.x) + block_mvd_bits(mv_y - predictor.y);
    return static_cast<uint32_t>((lambda_q8 * bits + 128) >> 8);
}

// Whether the vector (quarter samples) keeps the block, and the filter's reach, within the
// margin around the picture (vector_within_margin).
TC_HOST_DEVICE inline bool block_vector_allowed(const BlockSearchSite& s, int mv_x, int mv_y, int margin) {
    const int ix = s.x + (mv_x >> 2), iy = s.y + (mv_y >> 2);
    return ix >= -margin && iy >= -margin && ix + s.block_width + 1 <= s.width + margin &&
           iy + s.block_height + 1 <= s.height + margin;
}

// The smallest key wins: lowest cost, then lowest index.
constexpr uint64_t kNoBlockCandidate = ~uint64_t{0};
TC_HOST_DEVICE inline uint64_t block_key(uint32_t cost, int index) {
    return (static_cast<uint64_t>(cost) << 32) | static_cast<uint32_t>(index);
}
TC_HOST_DEVICE inline int block_key_index(uint64_t key) { return static_cast<int>(key & 0xffffffffu); }

// Start candidate `index` in full samples: zero, the coarse vector of the block's CTU, of
// the CTU to its left and of the one above (the block's own where there is none).
TC_HOST_DEVICE inline void block_start_candidate(const BlockSearchSite& s, const Mv* coarse, int index, int& vx,
                                                 int& vy) {
    const int ctu_columns = (s.width + 63) / 64;
    const int cx = s.x >> 6, cy = s.y >> 6;
    Mv v{};
    if (index == 1) v = coarse[cy * ctu_columns + cx];
    if (index == 2) v = coarse[cy * ctu_columns + (cx > 0 ? cx - 1 : cx)];
    if (index == 3) v = coarse[(cy > 0 ? cy - 1 : cy) * ctu_columns + cx];
    vx = (v.x + 2) >> 2;
    vy = (v.y + 2) >> 2;
}

// The absolute difference at block sample (x, y) displaced by (vx, vy) full samples, read
// from the whole planes.
TC_HOST_DEVICE inline uint32_t block_start_difference(const BlockSearchSite& s, int vx, int vy, int x, int y) {
    const int d = s.source[static_cast<long>(s.y + y) * s.width + s.x + x] -
                  edge_sample(s.reference, s.width, s.height, s.x + vx + x, s.y + vy + y);
    return static_cast<uint32_t>(d < 0 ? -d : d);
}

// SAD of one row of the block displaced by (vx, vy).
TC_HOST_DEVICE inline uint32_t block_start_row_sad(const BlockSearchSite& s, int vx, int vy, int row) {
    uint32_t sad = 0;
    for (int x = 0; x < s.block_width; x++) sad += block_start_difference(s, vx, vy, x, row);
    return sad;
}

// The window's sample (i, j) around the start (vx, vy): the reference at
// (x + vx - margin + i, y + vy - margin + j), edges repeated.
TC_HOST_DEVICE inline uint8_t block_window_sample(const BlockSearchSite& s, int vx, int vy, int i, int j) {
    return edge_sample(s.reference, s.width, s.height, s.x + vx - kBlockWindowMargin + i,
                       s.y + vy - kBlockWindowMargin + j);
}

// The source block, 16 x 16 with stride 16 (positions past an edge block repeat the edge).
TC_HOST_DEVICE inline uint8_t block_source_sample(const BlockSearchSite& s, int i, int j) {
    return edge_sample(s.source, s.width, s.height, s.x + i, s.y + j);
}

// Full-sample candidate `index` of the exhaustive search: displacement from the start.
TC_HOST_DEVICE inline void block_integer_offset(int index, int& dx, int& dy) {
    dy = index / kBlockSearchSide - kBlockSearchRadius;
    dx = index % kBlockSearchSide - kBlockSearchRadius;
}

// SAD of one row of the block at full-sample displacement (dx, dy) from the start, in the window.
// (Integer sums: how rows are grouped and added does not change the total.)
TC_HOST_DEVICE inline uint32_t block_window_row_sad(const uint8_t* window, const uint8_t* source_block,
                                                    int block_width, int dx, int dy, int row) {
    const uint8_t* w = window + (kBlockWindowMargin + dy + row) * kBlockWindowSide + kBlockWindowMargin + dx;
    const uint8_t* s = source_block + row * kBlockSearchSize;
    uint32_t sad = 0;
    for (int x = 0; x < block_width; x++) {
        const int d = s[x] - w[x];
        sad += static_cast<uint32_t>(d < 0 ? -d : d);
    }
    return sad;
}

// The HEVC luma filter (H.265 8.5.3.3.3, fL) of one fraction into `taps`; fraction 0 the
// identity. Constants, not a table, so that device code keeps them in registers; constexpr, so
// that packed forms of them (accel/packed_luma_filter.h) are made from them at compile time.
TC_HOST_DEVICE constexpr void block_luma_taps(int fraction, int* taps) {
    switch (fraction) {
        case 1: {
            const int t[8] = {-1, 4, -10, 58, 17, -5, 1, 0};
            for (int k = 0; k < 8; k++) taps[k] = t[k];
            break;
        }
        case 2: {
            const int t[8] = {-1, 4, -11, 40, 40, -11, 4, -1};
            for (int k = 0; k < 8; k++) taps[k] = t[k];
            break;
        }
        case 3: {
            const int t[8] = {0, 1, -5, 17, 58, -10, 4, -1};
            for (int k = 0; k < 8; k++) taps[k] = t[k];
            break;
        }
        default:
            for (int k = 0; k < 8; k++) taps[k] = k == 3 ? 64 : 0;
    }
}

// The uni-predicted 8-bit sample at block position (x, y) for the offset (qx, qy) quarter
// samples from the start, from the window (the spec's interpolation with shift1 = 0,
// shift2 = 6 and the uni-prediction rounding (v + 32) >> 6).
TC_HOST_DEVICE inline int block_predicted_sample(const uint8_t* window, int qx, int qy, int x, int y) {
    const int fx = qx & 3, fy = qy & 3;
    const int wx = kBlockWindowMargin + (qx >> 2) + x, wy = kBlockWindowMargin + (qy >> 2) + y;
    if (fx == 0 && fy == 0) return window[wy * kBlockWindowSide + wx];
    int horizontal_taps[8], vertical_taps[8];
    block_luma_taps(fx, horizontal_taps);
    block_luma_taps(fy, vertical_taps);
    int value = 0;
    if (fy == 0) {
        const uint8_t* row = window + wy * kBlockWindowSide + wx - 3;
        for (int k = 0; k < 8; k++) value += horizontal_taps[k] * row[k];
    } else if (fx == 0) {
        const uint8_t* column = window + (wy - 3) * kBlockWindowSide + wx;
        for (int k = 0; k < 8; k++) value += vertical_taps[k] * column[k * kBlockWindowSide];
    } else {
        for (int k = 0; k < 8; k++) {
            const uint8_t* row = window + (wy - 3 + k) * kBlockWindowSide + wx - 3;
            int horizontal = 0;
            for (int j = 0; j < 8; j++) horizontal += horizontal_taps[j] * row[j];
            value += vertical_taps[k] * horizontal;
        }
        value >>= 6;
    }
    value = (value + 32) >> 6;
    return value < 0 ? 0 : value > 255 ? 255 : value;
}

// The sum of the absolute 8x8 Hadamard coefficients of the differences `d` (overwritten),
// (sum + 2) >> 2.
TC_HOST_DEVICE inline uint32_t block_hadamard_8x8(int* d) {
    // Rows, then columns: three butterfly stages each.
    TC_UNROLL
    for (int pass = 0; pass < 2; pass++) {
        TC_UNROLL
        for (int line = 0; line < 8; line++) {
            const int step = pass == 0 ? 1 : 8;
            int* v = d + (pass == 0 ? line * 8 : line);
            TC_UNROLL
            for (int half = 1; half < 8; half <<= 1) {
                TC_UNROLL
                for (int i = 0; i < 8; i++) {
                    if ((i & half) != 0) continue;
                    const int a = v[i * step], b = v[(i + half) * step];
                    v[i * step] = a + b;
                    v[(i + half) * step] = a - b;
                }
            }
        }
    }
    uint32_t sum = 0;
    TC_UNROLL
    for (int i = 0; i < 64; i++) sum += static_cast<uint32_t>(d[i] < 0 ? -d[i] : d[i]);
    return (sum + 2) >> 2;
}

// SATD of the 8x8 tile (tile_x, tile_y in 8s) of `prediction` (16x16, stride 16) against
// the source block.
TC_HOST_DEVICE inline uint32_t block_tile_satd(const uint8_t* source_block, const uint8_t* prediction, int tile_x,
                                               int tile_y) {
    int d[64];
    TC_UNROLL
    for (int y = 0; y < 8; y++) {
        TC_UNROLL
        for (int x = 0; x < 8; x++) {
            const int i = (tile_y * 8 + y) * kBlockSearchSize + tile_x * 8 + x;
            d[y * 8 + x] = source_block[i] - prediction[i];
        }
    }
    return block_hadamard_8x8(d);
}

// Tiles of the block (8x8 each; coded sizes are multiples of 8).
TC_HOST_DEVICE inline int block_tile_columns(const BlockSearchSite& s) { return s.block_width >> 3; }
TC_HOST_DEVICE inline int block_tile_rows(const BlockSearchSite& s) { return s.block_height >> 3; }

// Sub-sample candidate `index` of the 3x3 around (cx, cy) quarter samples, `step` apart.
TC_HOST_DEVICE inline void block_subpel_offset(int index, int step, int cx, int cy, int& qx, int& qy) {
    qx = cx + (index % 3 - 1) * step;
    qy = cy + (index / 3 - 1) * step;
}

}  // namespace tc
