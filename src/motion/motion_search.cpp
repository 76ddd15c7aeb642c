#include "motion/motion_search.h"

#include <algorithm>
#include <bit>
#include <climits>
#include <cmath>
#include <cstdlib>

#include "predict/inter_interpolation.h"
#include "predict/inter_weighting.h"

namespace tc {

namespace {

int vector_bits(Mv mv, Mv predictor) {
    return mvd_component_bits(mv.x - predictor.x) + mvd_component_bits(mv.y - predictor.y);
}

}  // namespace

int best_predictor(Mv mv, const std::array<Mv, 2>& predictors) {
    return vector_bits(mv, predictors[1]) < vector_bits(mv, predictors[0]) ? 1 : 0;
}

namespace {

// The vector's rate term with its cheaper predictor.
double mv_cost(Mv mv, const std::array<Mv, 2>& predictors, double sqrt_lambda) {
    return sqrt_lambda * std::min(vector_bits(mv, predictors[0]), vector_bits(mv, predictors[1]));
}

// The fractional offset (quarter samples, a multiple of `step`, within half a sample) of the
// minimum of the V-shaped cost curve through the costs one full sample before, at and one full
// sample after a minimum (equiangular line fitting: two lines of opposite slopes, the steeper
// side's slope). Block-matching costs (SAD, SATD) grow about linearly away from a match, which
// a parabola fits worse (0.5-1.3 BD points more on four clips, docs/BENCHMARKS.md).
int fitted_offset(double before, double at, double after, int step) {
    const double rise = std::max(before, after) - at;
    if (rise <= 0) return 0;
    const double offset = std::clamp((before - after) / (2 * rise), -0.5, 0.5);  // full samples
    return static_cast<int>(std::lround(offset * 4 / step)) * step;
}

struct IntegerSearch {
    const MotionSearchInput& in;
    const PixelKernels& kernels;
    int min_x, max_x, min_y, max_y;  // allowed integer vectors
    const uint8_t* source;
    ptrdiff_t source_stride;

    double cost(int mx, int my) const {
        const uint8_t* ref = in.reference->at(in.x + mx, in.y + my);
        return cost_from_sad(kernels.sad(source, source_stride, ref, in.reference->stride(), in.width, in.height), mx,
                             my);
    }
    double cost_from_sad(uint32_t sad, int mx, int my) const {
        const Mv mv{static_cast<int16_t>(mx * 4), static_cast<int16_t>(my * 4)};
        return sad + mv_cost(mv, in.predictors, in.sqrt_lambda);
    }
    bool allowed(int mx, int my) const { return mx >= min_x && mx <= max_x && my >= min_y && my <= max_y; }
};

}  // namespace

int mvd_component_bits(int difference) {
    // 0: one bin (abs_mvd_greater0_flag); 1: three (greater0, greater1, sign); from 2 on,
    // abs_mvd_minus2 as EG1 (2k bits for values in [2^k - 2, 2^(k+1) - 2), k = floor(log2)),
    // so 3 + 2 * (bit_width - 1): all three cases are 1 + 2 * bit_width(magnitude).
    const unsigned magnitude = static_cast<unsigned>(std::abs(difference));
    return 1 + 2 * static_cast<int>(std::bit_width(magnitude));
}

bool vector_within_clean_area(Mv mv, int x, int width, int clean_width) {
    // Luma: 4 more samples to the right for a fractional position (8-tap filter). Chroma at
    // half resolution: 2 more chroma samples (4-tap) for a fractional eighth position, which
    // with a whole luma position (mv.x = 4 mod 8) starts half a chroma sample further left:
    // x/2 + (mv.x - 4)/8 + width/2 + 2 <= clean_width/2, that is x + mv.x/4 + width + 3.
    // Without a clean area even the left border (a copy of column 0) is unusable.
    if (clean_width <= 0) return false;
    const int integer_x = mv.x >> 2;
    const int reach = (mv.x & 3) != 0 ? 4 : (mv.x & 7) != 0 ? 3 : 0;
    return x + integer_x + width + reach <= clean_width;
}

Mv clamp_to_clean_area(Mv mv, int x, int width, int clean_width) {
    if (vector_within_clean_area(mv, x, width, clean_width)) return mv;
    const int largest = ((clean_width - x - width) * 4) & ~7;  // whole luma and chroma samples
    return Mv{static_cast<int16_t>(std::min<int>(mv.x & ~7, largest)), mv.y};
}

bool vector_within_margin(Mv mv, int x, int y, int width, int height, int picture_width, int picture_height,
                          int margin) {
    // Quarter-sample vectors: the integer part floors, the filter reaches 3 left and 4 right.
    const int ix = x + (mv.x >> 2), iy = y + (mv.y >> 2);
    return ix >= -margin && iy >= -margin && ix + width + 1 <= picture_width + margin &&
           iy + height + 1 <= picture_height + margin;
}

Mv coarse_ctu_vector(const Pyramid& source, const Pyramid& reference, int ctu_x, int ctu_y, int range,
                     const PixelKernels& kernels) {
    // Level 3 (1/8): 8x8 block, exhaustive; then +-1 refinements at 1/4 and 1/2.
    int vx = 0, vy = 0;
    for (int level = 3; level >= 1; level--) {
        const Plane& src = source.level(level);
        const Plane& ref = reference.level(level);
        const int block = 64 >> level;
        const int bx = (ctu_x * 64) >> level, by = (ctu_y * 64) >> level;
        const int bw = std::min(block, src.width() - bx), bh = std::min(block, src.height() - by);
        if (bw <= 0 || bh <= 0) return Mv{};
        const int radius = level == 3 ? std::max(2, range >> 3) : 1;
        int best_x = vx, best_y = vy;
        uint32_t best = UINT32_MAX;
        auto consider = [&](uint32_t sad, int dx, int dy) {
            const uint32_t cost = sad + static_cast<uint32_t>(std::abs(dx) + std::abs(dy));
            if (cost < best) {
                best = cost;
                best_x = vx + dx;
                best_y = vy + dy;
            }
        };
        if (bw == 8 && bh == 8) {
            // Whole 8x8 blocks (the 1/8 level inside the picture): a row of positions per
            // kernel call, considered in the same order as the general loop.
            constexpr int kChunk = 64;
            uint32_t sads[kChunk];
            for (int dy = -radius; dy <= radius; dy++) {
                const int cy = vy + dy;
                if (by + cy < 0 || by + cy + bh > ref.height()) continue;
                const int first = std::max(-radius, -(bx + vx)), last = std::min(radius, ref.width() - bw - bx - vx);
                for (int dx = first; dx <= last; dx += kChunk) {
                    const int count = std::min(kChunk, last - dx + 1);
                    kernels.sad_8x8_row(src.at(bx, by), src.stride(), ref.at(bx + vx + dx, by + cy), ref.stride(),
                                        count, sads);
                    for (int i = 0; i < count; i++) consider(sads[i], dx + i, dy);
                }
            }
        } else {
            for (int dy = -radius; dy <= radius; dy++) {
                for (int dx = -radius; dx <= radius; dx++) {
                    const int cx = vx + dx, cy = vy + dy;
                    // Coarse levels have no border: stay inside the plane.
                    if (bx + cx < 0 || by + cy < 0 || bx + cx + bw > ref.width() || by + cy + bh > ref.height()) {
                        continue;
                    }
                    consider(kernels.sad(src.at(bx, by), src.stride(), ref.at(bx + cx, by + cy), ref.stride(), bw, bh),
                             dx, dy);
                }
            }
        }
        vx = best_x * 2;
        vy = best_y * 2;
    }
    return Mv{static_cast<int16_t>(vx * 4), static_cast<int16_t>(vy * 4)};
}

MotionSearchResult search_motion(const MotionSearchInput& in, const PixelKernels& kernels) {
    const int picture_width = in.source->width(), picture_height = in.source->height();
    IntegerSearch search{in,
                         kernels,
                         -in.x - in.margin,
                         picture_width + in.margin - in.x - in.width - 1,
                         -in.y - in.margin,
                         picture_height + in.margin - in.y - in.height - 1,
                         in.source->at(in.x, in.y),
                         in.source->stride()};

    // Best starting point among the candidates (rounded to full samples).
    int best_x = 0, best_y = 0;
    double best = search.allowed(0, 0) ? search.cost(0, 0) : 1e30;
    for (Mv c : in.candidates) {
        const int mx = (c.x + 2) >> 2, my = (c.y + 2) >> 2;
        if (!search.allowed(mx, my) || (mx == best_x && my == best_y)) continue;
        const double cost = search.cost(mx, my);
        if (cost < best) {
            best = cost;
            best_x = mx;
            best_y = my;
        }
    }
    // Diamond search with shrinking steps, bounded by the range around the start.
    const int start_x = best_x, start_y = best_y;
    for (int step : {8, 4, 2, 1}) {
        for (int iteration = 0; iteration < 16; iteration++) {
            static constexpr int kDirections[4][2] = {{1, 0}, {-1, 0}, {0, 1}, {0, -1}};
            int next_x = best_x, next_y = best_y;
            // The four points' SADs in one call where all four may be searched.
            bool usable[4];
            bool all_usable = true;
            const uint8_t* points[4];
            for (int k = 0; k < 4; k++) {
                const int mx = best_x + kDirections[k][0] * step, my = best_y + kDirections[k][1] * step;
                usable[k] = search.allowed(mx, my) && std::abs(mx - start_x) <= in.range &&
                            std::abs(my - start_y) <= in.range;
                all_usable &= usable[k];
                points[k] = usable[k] ? in.reference->at(in.x + mx, in.y + my) : nullptr;
            }
            uint32_t sads[4] = {0, 0, 0, 0};
            if (all_usable) {
                kernels.sad_x4(search.source, search.source_stride, points, in.reference->stride(), in.width,
                               in.height, sads);
            }
            for (int k = 0; k < 4; k++) {
                if (!usable[k]) continue;
                const int mx = best_x + kDirections[k][0] * step, my = best_y + kDirections[k][1] * step;
                const double cost = all_usable ? search.cost_from_sad(sads[k], mx, my) : search.cost(mx, my);
                if (cost < best) {
                    best = cost;
                    next_x = mx;
                    next_y = my;
                }
            }
            if (next_x == best_x && next_y == best_y) break;
            best_x = next_x;
            best_y = next_y;
        }
    }

    // Half- then quarter-sample refinement with SATD of the interpolated prediction.
    alignas(64) uint8_t prediction[64 * 64];
    const uint8_t* source = in.source->at(in.x, in.y);
    auto subpel_cost = [&](Mv mv) {
        interpolate_luma_uni(kernels, *in.reference, in.x, in.y, in.width, in.height, mv.x, mv.y, prediction, 64);
        const uint32_t satd = kernels.satd(source, in.source->stride(), prediction, 64, in.width, in.height);
        return satd + mv_cost(mv, in.predictors, in.sqrt_lambda);
    };
    Mv best_mv{static_cast<int16_t>(best_x * 4), static_cast<int16_t>(best_y * 4)};
    // A full-sample vector's prediction is the reference block itself (a full-sample position
    // interpolates to sample << 6, which the uni-prediction rounding turns back into sample).
    auto full_sample_cost = [&](int mx, int my) {
        const Mv mv{static_cast<int16_t>(mx * 4), static_cast<int16_t>(my * 4)};
        return kernels.satd(source, in.source->stride(), in.reference->at(in.x + mx, in.y + my),
                            in.reference->stride(), in.width, in.height) +
               mv_cost(mv, in.predictors, in.sqrt_lambda);
    };
    double best_cost = full_sample_cost(best_x, best_y);
    // At each precision: the four neighbours of a cross, then the one diagonal between the
    // better horizontal and the better vertical neighbour.
    auto try_vector = [&](Mv mv) {
        if (!vector_within_margin(mv, in.x, in.y, in.width, in.height, picture_width, picture_height, in.margin)) {
            return 1e30;
        }
        const double cost = subpel_cost(mv);
        if (cost < best_cost) {
            best_cost = cost;
            best_mv = mv;
        }
        return cost;
    };
    if (in.subpel_fit && in.subpel_steps > 0 && search.allowed(best_x - 1, best_y - 1) &&
        search.allowed(best_x + 1, best_y + 1)) {
        // The four full-sample neighbours' SATD costs (no interpolation), one fit per axis.
        const int step = 4 >> in.subpel_steps;
        const int fx = fitted_offset(full_sample_cost(best_x - 1, best_y), best_cost,
                                     full_sample_cost(best_x + 1, best_y), step);
        const int fy = fitted_offset(full_sample_cost(best_x, best_y - 1), best_cost,
                                     full_sample_cost(best_x, best_y + 1), step);
        // The fitted vector, and where it moves on both axes, each axis's move alone (the fits
        // are independent, and one of them is often the wrong one).
        const Mv center = best_mv;
        auto offset = [&](int dx, int dy) {
            return Mv{static_cast<int16_t>(center.x + dx), static_cast<int16_t>(center.y + dy)};
        };
        if (fx != 0 || fy != 0) try_vector(offset(fx, fy));
        if (fx != 0 && fy != 0) {
            try_vector(offset(fx, 0));
            try_vector(offset(0, fy));
        }
        return {best_mv, best_predictor(best_mv, in.predictors), best_cost};
    }
    for (int step : {2, 1}) {
        if (step < (4 >> in.subpel_steps)) break;  // 1 step: half samples only; 0: none
        const Mv center = best_mv;
        auto offset = [&](int dx, int dy) {
            return Mv{static_cast<int16_t>(center.x + dx), static_cast<int16_t>(center.y + dy)};
        };
        const double left = try_vector(offset(-step, 0)), right = try_vector(offset(step, 0));
        const double up = try_vector(offset(0, -step)), down = try_vector(offset(0, step));
        try_vector(offset(left < right ? -step : step, up < down ? -step : step));
        if (in.quarter_after_half && best_mv == center) break;
    }
    return {best_mv, best_predictor(best_mv, in.predictors), best_cost};
}

MotionSearchResult choose_motion(const MotionSearchInput& in, const PixelKernels& kernels) {
    const int picture_width = in.source->width(), picture_height = in.source->height();
    const uint8_t* source = in.source->at(in.x, in.y);
    alignas(64) uint8_t prediction[64 * 64];
    Mv best_mv{};
    double best_cost = -1;
    auto try_vector = [&](Mv mv) {
        if (!vector_within_margin(mv, in.x, in.y, in.width, in.height, picture_width, picture_height, in.margin)) {
            return;
        }
        interpolate_luma_uni(kernels, *in.reference, in.x, in.y, in.width, in.height, mv.x, mv.y, prediction, 64);
        const double cost = kernels.satd(source, in.source->stride(), prediction, 64, in.width, in.height) +
                            mv_cost(mv, in.predictors, in.sqrt_lambda);
        if (best_cost < 0 || cost < best_cost) {
            best_cost = cost;
            best_mv = mv;
        }
    };
    for (size_t i = 0; i < in.candidates.size(); i++) {
        bool seen = false;
        for (size_t j = 0; j < i; j++) seen |= in.candidates[j] == in.candidates[i];
        if (!seen) try_vector(in.candidates[i]);
    }
    if (best_cost < 0) {
        best_cost = kernels.satd(source, in.source->stride(), in.reference->at(in.x, in.y), in.reference->stride(),
                                 in.width, in.height) +
                    mv_cost(best_mv, in.predictors, in.sqrt_lambda);
    }
    // The finest step of the refinement (a quarter sample with subpel_steps 2, a half with 1)
    // around the choice, with this block's real rate and reference: the candidates were found
    // against the reference's source with another rate's reference point (1.0-1.7 BD points
    // at 720p/1080p, measured in docs/BENCHMARKS.md).
    if (in.subpel_steps > 0) {
        const int step = 4 >> in.subpel_steps;
        const Mv center = best_mv;
        static constexpr int kDirections[4][2] = {{-1, 0}, {1, 0}, {0, -1}, {0, 1}};
        for (const auto& direction : kDirections) {
            try_vector(Mv{static_cast<int16_t>(center.x + direction[0] * step),
                          static_cast<int16_t>(center.y + direction[1] * step)});
        }
    }
    return {best_mv, best_predictor(best_mv, in.predictors), best_cost};
}

}  // namespace tc
