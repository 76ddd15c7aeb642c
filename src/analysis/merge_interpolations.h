// The 16-bit luma interpolations (predSamplesLX before weighting) made while the merge
// candidates of a CTU's prediction blocks are compared, kept for reuse: bi-predicted
// candidates often share one list's motion (B slices' combined candidates are made of earlier
// candidates' halves, neighbours repeat each other's vectors), and a CU's children meet their
// parent's candidates again, whose interpolation over the parent covers theirs. The values are
// the same as interpolating each time (the filters do not depend on the block).
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
    void clear() { used_ = 0, next_victim_ = 0; }
    // The interpolations (stride 64) of the block (x, y, width, height) from `first` with
    // first_mv and from `second` with second_mv; both stay valid until the next call.
    void pair(const PixelKernels& kernels, int x, int y, int width, int height, const Plane& first, Mv first_mv,
              const Plane& second, Mv second_mv, const int16_t*& first_samples, const int16_t*& second_samples);

  private:
    static constexpr int kEntries = 8;
    struct Entry {
        const Plane* reference = nullptr;
        Mv mv;
        int x = 0, y = 0, width = 0, height = 0;
        alignas(64) int16_t samples[64 * 64];
    };
    // The entry holding the block, or -1.
    int find(const Plane& reference, Mv mv, int x, int y, int width, int height) const;
    // An entry holding the block, interpolated unless kept already; never entry `keep`.
    int obtain(const PixelKernels& kernels, const Plane& reference, Mv mv, int x, int y, int width, int height,
               int keep);
    const int16_t* samples_at(int entry, int x, int y) const;

    std::array<Entry, kEntries> entries_;
    int used_ = 0, next_victim_ = 0;
};

}  // namespace tc
