// The 16-bit luma interpolations (predSamplesLX before weighting) of one prediction block,
// kept while its merge candidates are compared: bi-predicted candidates often share one
// list's motion (B slices' combined candidates are made of earlier candidates' halves, and
// neighbours repeat each other's vectors), which is then interpolated once. The same values
// as interpolating each time.
#pragma once
#include <array>
#include <cstdint>

#include "common/motion.h"
#include "kernels/pixel_kernels.h"
#include "picture/plane.h"

namespace tc {

class MergeInterpolations {
  public:
    // Forgets what was kept (a new CTU: the reference planes may hold other pictures).
    void clear() { used_ = 0, next_victim_ = 0, width_ = 0; }
    // The block the next interpolations are for; forgets what was kept for another block.
    void use_block(int x, int y, int width, int height) {
        if (x == x_ && y == y_ && width == width_ && height == height_) return;
        x_ = x, y_ = y, width_ = width, height_ = height;
        used_ = 0;
        next_victim_ = 0;
    }
    // The interpolations (stride 64) of the block from `first` with first_mv and from `second`
    // with second_mv; both stay valid until the next call.
    void pair(const PixelKernels& kernels, const Plane& first, Mv first_mv, const Plane& second, Mv second_mv,
              const int16_t*& first_samples, const int16_t*& second_samples);

  private:
    static constexpr int kEntries = 6;
    struct Entry {
        const Plane* reference = nullptr;
        Mv mv;
        alignas(64) int16_t samples[64 * 64];
    };
    int find(const Plane& reference, Mv mv) const;
    // An entry for (reference, mv), interpolated unless kept already; never `keep`.
    int obtain(const PixelKernels& kernels, const Plane& reference, Mv mv, int keep);

    std::array<Entry, kEntries> entries_;
    int used_ = 0, next_victim_ = 0;
    int x_ = 0, y_ = 0, width_ = 0, height_ = 0;
};

}  // namespace tc
