#include "gop/lookahead_analysis.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <cstring>

#include "picture/plane_border.h"
#include "threading/thread_pool.h"

namespace tc {

namespace {

constexpr int kBlockSize = 8;

// A block of the current plane, clipped to the plane.
struct Block {
    int x, y, width, height;
};

int block_mean(const Plane& plane, const Block& block) {
    int sum = 0;
    for (int y = 0; y < block.height; y++) {
        const uint8_t* row = plane.at(block.x, block.y + y);
        for (int x = 0; x < block.width; x++) sum += row[x];
    }
    const int count = block.width * block.height;
    return (sum + count / 2) / count;
}

uint64_t block_intra_cost(const Plane& plane, const Block& block) {
    const int mean = block_mean(plane, block);
    uint64_t cost = 0;
    for (int y = 0; y < block.height; y++) {
        const uint8_t* row = plane.at(block.x, block.y + y);
        for (int x = 0; x < block.width; x++)
            cost += static_cast<uint64_t>(std::abs(row[x] - mean));
    }
    return cost;
}

// The previous frame's samples mapped to predictions of the current one: the luma weight
// and offset of weighted prediction, as a table over the 256 sample values.
using LumaMap = std::array<uint8_t, 256>;

// The border LookaheadReference keeps around its planes: the search range plus what a SIMD
// SAD may read past a row's last sample.
constexpr int kReferenceBorder = kLookaheadSearchRange + kKernelOverread;

bool is_identity(const LumaMap& map) {
    for (int v = 0; v < 256; v++) {
        if (map[static_cast<size_t>(v)] != v) return false;
    }
    return true;
}

// destination = map(source) over the plane and the part of its border the search reads.
void map_plane(const Plane& source, const LumaMap& map, Plane& destination) {
    const int r = kLookaheadSearchRange;
    for (int y = -r; y < source.height() + r; y++) {
        const uint8_t* in = source.at(-r, y);
        uint8_t* out = destination.at(-r, y);
        for (int x = 0; x < source.width() + 2 * r; x++) out[x] = map[in[x]];
    }
}

struct BlockMotion {
    int cost;
    int dx, dy;
};

// The full search of +-kLookaheadSearchRange around the zero vector; `reference` has a border
// of replicated samples that every displaced block stays within, as if its coordinates were
// clamped to the plane.
BlockMotion search(const Plane& current, const Plane& reference, const Block& block,
                   const PixelKernels& kernels) {
    const uint8_t* source = current.at(block.x, block.y);
    auto sad = [&](int dx, int dy) {
        return static_cast<int>(kernels.sad(source, current.stride(),
                                            reference.at(block.x + dx, block.y + dy),
                                            reference.stride(), block.width, block.height));
    };
    BlockMotion best{sad(0, 0), 0, 0};
    for (int dy = -kLookaheadSearchRange; dy <= kLookaheadSearchRange; dy++) {
        for (int dx = -kLookaheadSearchRange; dx <= kLookaheadSearchRange; dx++) {
            const int penalty = kMotionVectorPenalty * (std::abs(dx) + std::abs(dy));
            if (penalty >= best.cost) continue;
            const int cost = sad(dx, dy) + penalty;
            if (cost < best.cost) best = {cost, dx, dy};
        }
    }
    return best;
}

struct PlaneStatistics {
    int64_t count = 0, sum = 0, sum_of_squares = 0;
};

PlaneStatistics statistics(const Plane& plane) {
    PlaneStatistics result;
    for (int y = 0; y < plane.height(); y++) {
        const uint8_t* row = plane.row(y);
        for (int x = 0; x < plane.width(); x++) {
            result.sum += row[x];
            result.sum_of_squares += row[x] * row[x];
        }
    }
    result.count = static_cast<int64_t>(plane.width()) * plane.height();
    return result;
}

// count^2 * variance, exact in integers.
int64_t scaled_variance(const PlaneStatistics& s) {
    return s.count * s.sum_of_squares - s.sum * s.sum;
}

// Maps sample v to round(v * weight / 64) + offset, clamped to 8 bits.
LumaMap weighted_map(int weight, int offset) {
    LumaMap map;
    for (int v = 0; v < 256; v++)
        map[static_cast<size_t>(v)] =
            static_cast<uint8_t>(std::clamp(((v * weight + 32) >> 6) + offset, 0, 255));
    return map;
}

int64_t frame_sad(const Plane& current, const Plane& reference, const LumaMap& map) {
    int64_t sad = 0;
    for (int y = 0; y < current.height(); y++) {
        const uint8_t* cur = current.row(y);
        const uint8_t* ref = reference.row(y);
        for (int x = 0; x < current.width(); x++) sad += std::abs(cur[x] - map[ref[x]]);
    }
    return sad;
}

int rounded_division(int64_t numerator, int64_t denominator) {
    const int64_t magnitude = (std::abs(numerator) + denominator / 2) / denominator;
    return static_cast<int>(numerator < 0 ? -magnitude : magnitude);
}

// How to map the previous frame's samples before the search, as weighted prediction would.
// Candidates: the samples as they are; the mean-luma offset alone (a brightness change); a
// weight from the ratio of the frames' standard deviations with the offset that keeps the
// mean (a fade, which scales contrast). The one with the smallest zero-vector SAD over the
// frame wins, earlier ones on ties, so that a weight fitted to a change of content (an
// object entering) cannot make ordinary prediction worse.
LumaMap fade_compensation(const Plane& current, const Plane& previous) {
    const PlaneStatistics cur = statistics(current);
    const PlaneStatistics prev = statistics(previous);
    LumaMap best = weighted_map(64, 0);
    int64_t best_sad = frame_sad(current, previous, best);
    const auto consider = [&](const LumaMap& candidate) {
        const int64_t sad = frame_sad(current, previous, candidate);
        if (sad < best_sad) {
            best = candidate;
            best_sad = sad;
        }
    };
    const int offset = rounded_division(cur.sum - prev.sum, cur.count);
    if (offset != 0) consider(weighted_map(64, offset));
    const int64_t cur_variance = scaled_variance(cur), prev_variance = scaled_variance(prev);
    if (prev_variance == 0) return best;
    // weight / 64 = sd(current) / sd(previous), at most 127 as HEVC's luma weights with
    // luma_log2_weight_denom 6 allow; a fade never flips the sign.
    const double ratio = static_cast<double>(cur_variance) / static_cast<double>(prev_variance);
    const int weight = static_cast<int>(std::min(127L, std::lround(64.0 * std::sqrt(ratio))));
    if (weight != 64)
        consider(weighted_map(weight,
                              rounded_division(64 * cur.sum - weight * prev.sum, 64 * cur.count)));
    return best;
}

}  // namespace

bool LookaheadReference::allocate(int width, int height) {
    return samples_.allocate(width, height, kReferenceBorder) &&
           mapped_.allocate(width, height, kReferenceBorder);
}

void LookaheadReference::assign(const Plane& plane) {
    for (int y = 0; y < plane.height(); y++) {
        std::memcpy(samples_.row(y), plane.row(y), static_cast<size_t>(plane.width()));
    }
    extend_plane_borders(samples_, kLookaheadSearchRange);
}

FrameComplexity measure_complexity(const Plane& current, LookaheadReference* previous,
                                   const PixelKernels& kernels, ThreadPool* pool) {
    const Plane* reference = nullptr;
    if (previous != nullptr) {
        const LumaMap map = fade_compensation(current, previous->samples_);
        reference = &previous->samples_;
        if (!is_identity(map)) {
            map_plane(previous->samples_, map, previous->mapped_);
            reference = &previous->mapped_;
        }
    }
    // The sums of a band of block rows; integer sums, so the bands add up to the same whatever
    // the split.
    struct Sums {
        uint64_t intra = 0, inter = 0, motion = 0, blocks = 0;  // motion: vector lengths * 16
    };
    const int block_rows = (current.height() + kBlockSize - 1) / kBlockSize;
    const int band_count = std::min(block_rows, kComplexityBands);
    std::array<Sums, kComplexityBands> bands{};
    auto measure_band = [&](int band, int) {
        // Summed locally and stored once: neighbouring bands share cache lines.
        Sums sums;
        const int first = band * block_rows / band_count,
                  end = (band + 1) * block_rows / band_count;
        for (int y = first * kBlockSize; y < end * kBlockSize; y += kBlockSize) {
            for (int x = 0; x < current.width(); x += kBlockSize) {
                const Block block{x, y, std::min(kBlockSize, current.width() - x),
                                  std::min(kBlockSize, current.height() - y)};
                const uint64_t intra = block_intra_cost(current, block);
                sums.intra += intra;
                sums.blocks++;
                if (reference == nullptr) continue;
                const BlockMotion best = search(current, *reference, block, kernels);
                sums.inter += std::min(intra, static_cast<uint64_t>(best.cost));
                sums.motion += static_cast<uint64_t>(std::lround(
                    16.0 * std::sqrt(static_cast<double>(best.dx * best.dx + best.dy * best.dy))));
            }
        }
        bands[static_cast<size_t>(band)] = sums;
    };
    if (pool != nullptr && pool->worker_count() > 1) {
        pool->run(band_count, measure_band);
    } else {
        for (int band = 0; band < band_count; band++) measure_band(band, 0);
    }
    FrameComplexity result;
    Sums total;
    for (int band = 0; band < band_count; band++) {
        const Sums& sums = bands[static_cast<size_t>(band)];
        total.intra += sums.intra;
        total.inter += sums.inter;
        total.motion += sums.motion;
        total.blocks += sums.blocks;
    }
    result.intra_cost = total.intra;
    if (previous == nullptr) {
        result.inter_cost = result.intra_cost;
    } else {
        result.inter_cost = total.inter;
        if (total.blocks > 0)
            result.motion = static_cast<int>((total.motion + total.blocks / 2) / total.blocks);
    }
    return result;
}

bool is_scene_cut(const FrameComplexity& frame, int scenecut_threshold) {
    const uint64_t threshold = static_cast<uint64_t>(std::clamp(scenecut_threshold, 0, 100));
    if (threshold == 0) return false;
    // inter / intra > 1 - threshold / 200, in integers.
    return frame.inter_cost * 200 > (200 - threshold) * frame.intra_cost;
}

int choose_b_frame_count(std::span<const FrameComplexity> upcoming, int max_b_frames,
                         int scenecut_threshold) {
    if (upcoming.empty() || is_scene_cut(upcoming[0], scenecut_threshold)) return 0;
    const int limit = std::min(max_b_frames, static_cast<int>(upcoming.size()) - 1);
    int span_motion = upcoming[0].motion;
    int b_frames = 0;
    while (b_frames < limit) {
        const FrameComplexity& new_b = upcoming[static_cast<size_t>(b_frames)];
        const FrameComplexity& new_anchor = upcoming[static_cast<size_t>(b_frames) + 1];
        if (is_scene_cut(new_anchor, scenecut_threshold)) break;
        if (new_b.inter_cost * 100 >
            static_cast<uint64_t>(kBFrameMaxInterPercent) * new_b.intra_cost)
            break;
        span_motion += new_anchor.motion;
        if (span_motion > kBFrameMaxSpanMotion) break;
        b_frames++;
    }
    return b_frames;
}

}  // namespace tc
