// Motion estimation (DESIGN.md §3): a coarse estimate per CTU on the 1/8 pyramid level
// refined through 1/4 and 1/2, then per prediction block a full-resolution search around
// the best of several candidates (diamond pattern of shrinking steps) and a half- then
// quarter-sample refinement with SATD.
//
// Cost = distortion + sqrt(lambda) * R(mvd), with R the real ue/EG1 bit count of the
// coded difference to the AMVP predictor. The product specification's term lambda*|mv|
// is the same idea with |mv| standing in for the rate: what the decoder pays for is the
// difference to the predictor, not the vector's length, so we charge exactly that.
#pragma once
#include <array>
#include <span>

#include "common/motion.h"
#include "kernels/pixel_kernels.h"
#include "motion/pyramid.h"
#include "picture/plane.h"

namespace tc {

// Bits of one mvd component (abs_mvd_greater0/1 flags, abs_mvd_minus2 EG1, sign).
int mvd_component_bits(int difference);
// The AMVP predictor (0 or 1) whose difference to `mv` costs fewer bits (0 on a tie).
int best_predictor(Mv mv, const std::array<Mv, 2>& predictors);

// Coarse vector (full-resolution quarter-sample units) of the 64x64 block at
// (ctu_x, ctu_y) in CTUs, searched +-range full samples on the 1/8 level.
Mv coarse_ctu_vector(const Pyramid& source, const Pyramid& reference, int ctu_x, int ctu_y, int range,
                     const PixelKernels& kernels);

struct MotionSearchInput {
    const Plane* source = nullptr;     // luma of the picture being coded
    const Plane* reference = nullptr;  // luma of the reference, borders extended
    int x = 0, y = 0, width = 0, height = 0;
    std::array<Mv, 2> predictors;      // AMVP candidates
    std::span<const Mv> candidates;    // starting points (quarter samples)
    int range = 64;                    // full samples around the best candidate
    double sqrt_lambda = 1.0;
    int margin = 72;                   // how far (samples) a block may reach outside the picture
    int subpel_steps = 2;              // refinement: 0 none, 1 half samples, 2 half and quarter
    // search_motion: the quarter-sample step only where the half-sample step moved the vector
    // (SearchEffort::quarter_after_half).
    bool quarter_after_half = false;
    // search_motion: the fractional vector fitted from the full-sample neighbours' costs
    // (SearchEffort::subpel_fit) instead of the half- and quarter-sample steps.
    bool subpel_fit = false;
};

struct MotionSearchResult {
    Mv mv;
    int predictor_index = 0;
    double cost = 0;  // SATD + sqrt_lambda * mvd bits
};

MotionSearchResult search_motion(const MotionSearchInput& input, const PixelKernels& kernels);

// No search: the cheapest of input.candidates taken as they are (quarter samples), by the
// SATD of the prediction plus the rate, for vectors searched elsewhere (the accelerated
// block search, accel/block_search.h), then the four neighbours of the choice at the finest
// step of subpel_steps. Candidates outside the margin are passed over; the zero vector when
// none is left. `range` is not used.
MotionSearchResult choose_motion(const MotionSearchInput& input, const PixelKernels& kernels);

// Intra refresh: whether the luma and chroma samples the vector's interpolation reads for a
// block at x of `width` all lie left of clean_width (luma samples); never when clean_width
// is 0 or less (the picture has no clean area).
bool vector_within_clean_area(Mv mv, int x, int width, int clean_width);
// The vector itself if it stays in the clean area, else one moved left onto whole luma and
// chroma samples that does (clean_width must be positive; the left border copies column 0).
Mv clamp_to_clean_area(Mv mv, int x, int width, int clean_width);

// Whether a vector keeps the block within `margin` samples of the picture.
bool vector_within_margin(Mv mv, int x, int y, int width, int height, int picture_width, int picture_height,
                          int margin);

}  // namespace tc
