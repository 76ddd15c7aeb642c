// Lookahead analysis on the 1/8-resolution luma plane (Pyramid level 3): how expensive a
// frame is to code with and without prediction from the previous frame, whether it starts
// a new scene, and how many B pictures to place before the next anchor.
//
// Everything here is integer arithmetic (apart from two correctly rounded square roots: the
// fade weight and the vector lengths), allocates nothing after LookaheadReference::allocate
// and gives the same answer on every machine and with every kernel table.
#pragma once
#include <cstdint>
#include <span>

#include "kernels/pixel_kernels.h"
#include "picture/plane.h"

namespace tc {

class ThreadPool;

// Costs are sums over the 8x8 blocks of the 1/8 plane (edge blocks are clipped to the plane).
struct FrameComplexity {
    // Coding the frame without temporal prediction: per block, sum |x - block mean| (the
    // block's mean rounded to an integer). An L1 measure, so that it compares with the SAD
    // of inter_cost.
    uint64_t intra_cost = 0;
    // Coding the frame as a P picture predicted from the previous frame: per block, the
    // cheaper of its intra cost and the best inter cost, as x265's lookahead does. The
    // inter cost of a block is the least SAD over a full search of +-4 samples (1/8 scale)
    // plus kMotionVectorPenalty per sample of |dx| + |dy|. Before the search the previous
    // frame's samples go through a global luma weight and offset, as weighted prediction
    // would (chosen per frame among none, the mean-luma offset, and a weight from the ratio
    // of standard deviations), so that brightness changes and fades cost little.
    uint64_t inter_cost = 0;
    // Mean length of the blocks' best vectors, in 1/8-plane samples * 16.
    int motion = 0;
};

// Cost of a vector, per 1/8-plane sample of |dx| + |dy|, added to an 8x8 block's SAD.
inline constexpr int kMotionVectorPenalty = 4;
// Half-width of the full search, in 1/8-plane samples (+-32 full-resolution samples).
inline constexpr int kLookaheadSearchRange = 4;

// The previous frame's 1/8 plane as the search reads it: a copy with a border of replicated
// edge samples wide enough for every displacement of the search (and the kernels' over-read),
// so that the edge blocks, whose displaced blocks reach outside the plane, take the same SAD
// kernel as the others; and a second plane of the same shape for the fade-compensated samples.
class LookaheadReference {
  public:
    // For 1/8 planes of width x height. Returns false when memory is short.
    bool allocate(int width, int height);
    // Copies `plane` (of the allocated size) in as the reference of the next measurement.
    void assign(const Plane& plane);

  private:
    friend FrameComplexity measure_complexity(const Plane&, LookaheadReference*,
                                              const PixelKernels&, ThreadPool*);
    Plane samples_;
    Plane mapped_;  // samples_ through the fade compensation map (when it is not the identity)
};

// Measures `current` against `previous` (1/8 planes of the same size), with the SAD kernel of
// `kernels` (every version gives the same answer). previous == nullptr: inter_cost =
// intra_cost and motion = 0. With a pool (one that nothing else runs on meanwhile), bands of
// block rows are measured on its workers: the same answer, sooner.
FrameComplexity measure_complexity(const Plane& current, LookaheadReference* previous,
                                   const PixelKernels& kernels, ThreadPool* pool = nullptr);

// The most bands measure_complexity splits a plane into (an 8K frame's 1/8 plane has 68 block rows).
inline constexpr int kComplexityBands = 32;

// The default scene-cut threshold, the value of x265's --scenecut.
inline constexpr int kDefaultScenecutThreshold = 40;

// A frame is a scene cut when predicting it from the previous frame saves too little over
// coding it as intra:
//     inter_cost > (1 - threshold / 200) * intra_cost
// With the default 40, a cut needs inter_cost above 0.8 * intra_cost; the threshold range
// 1..100 spans ratio limits 0.995..0.5. x265 tests pcost >= (1 - bias) * icost with a bias
// from threshold/400 just after a keyframe to threshold/100 at the keyframe interval; these
// costs (L1 at 1/8 scale, intra without spatial prediction) put ordinary hard motion higher
// than x265's SATD costs do, so the bias here is threshold/200 at every distance. Measured
// inter/intra on the shared clips: hard cuts 0.93..0.96; without cuts at most 0.66 (a
// motion-blurred car crossing the frame), 0.48 for Foreman's fast pan.
// Because inter_cost takes each block's cheaper mode the ratio is at most 1, and fades stay
// low through the weighted reference. threshold 0 turns detection off; values are clamped
// to 0..100. A frame measured without a previous frame (ratio 1) counts as a cut unless it
// is completely flat.
bool is_scene_cut(const FrameComplexity& frame, int scenecut_threshold);

// inter_cost / intra_cost limit, in percent, for a frame to be coded as a B picture.
inline constexpr int kBFrameMaxInterPercent = 35;
// The most motion (FrameComplexity::motion units, 1/8-plane samples * 16) an anchor may be
// predicted across: 3 samples at 1/8 scale, 24 full-resolution samples.
inline constexpr int kBFrameMaxSpanMotion = 48;

// Adaptive B-frames: how many of up to max_b_frames B pictures to place before the next
// anchor. `upcoming` holds the frames after the last anchor in display order, each measured
// against the frame before it (upcoming[0] against the last anchor); with b B-frames the
// anchor is upcoming[b], so the answer is at most upcoming.size() - 1.
//
// One more B-frame (b -> b + 1) is taken only when all of these hold:
//   - upcoming[b + 1], the would-be anchor, is not a scene cut (the frames before a cut end
//     their group with their own anchor; a cut at upcoming[0] gives 0);
//   - upcoming[b], the new B picture, predicts well: inter_cost <= kBFrameMaxInterPercent %
//     of intra_cost (low temporal correlation is better served by P pictures);
//   - the motion summed over upcoming[0..b+1], the distance the anchor is predicted over,
//     stays within kBFrameMaxSpanMotion.
// Deterministic: the same complexities give the same count.
int choose_b_frame_count(std::span<const FrameComplexity> upcoming, int max_b_frames,
                         int scenecut_threshold = kDefaultScenecutThreshold);

}  // namespace tc
