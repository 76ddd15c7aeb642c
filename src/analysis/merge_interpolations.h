// The luma interpolations made while the merge candidates of a CTU's prediction blocks are
// compared, kept for reuse: bi-predicted candidates often share one list's motion (B slices'
// combined candidates are made of earlier candidates' halves, neighbours repeat each other's
// vectors), and a CU's children meet their parent's candidates again, whose interpolation
// over the parent covers theirs. Two kinds: the 16-bit values before weighting (predSamplesLX,
// for bi-prediction) and uni-prediction samples. The values are the same as interpolating each
// time (the filters do not depend on the block).
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
    void clear() {
        bi_.clear();
        uni_.clear();
    }
    // The 16-bit interpolations (stride 64) of the block (x, y, width, height) from `first`
    // with first_mv and from `second` with second_mv; both stay valid until the next call.
    void pair(const PixelKernels& kernels, int x, int y, int width, int height, const Plane& first, Mv first_mv,
              const Plane& second, Mv second_mv, const int16_t*& first_samples, const int16_t*& second_samples);
    // The uni-prediction samples (stride 64) of the block from `reference` with `mv`; valid
    // until the next call.
    const uint8_t* uni(const PixelKernels& kernels, int x, int y, int width, int height, const Plane& reference, Mv mv);

  private:
    template <typename Sample>
    struct Entries {
        static constexpr int kCount = 8;
        struct Entry {
            const Plane* reference = nullptr;
            Mv mv;
            int x = 0, y = 0, width = 0, height = 0;
            alignas(64) Sample samples[64 * 64];
        };
        void clear() { used = 0, next_victim = 0; }
        // The entry holding the block, or -1.
        int find(const Plane& reference, Mv mv, int x, int y, int width, int height) const;
        // An entry for the block to be interpolated into, never entry `keep`.
        int claim(const Plane& reference, Mv mv, int x, int y, int width, int height, int keep);
        const Sample* samples_at(int entry, int x, int y) const {
            const Entry& e = entries[static_cast<size_t>(entry)];
            return e.samples + (y - e.y) * 64 + (x - e.x);
        }
        std::array<Entry, kCount> entries;
        int used = 0, next_victim = 0;
    };
    // An entry of the 16-bit kind holding the block, interpolated unless kept; never `keep`.
    int obtain(const PixelKernels& kernels, const Plane& reference, Mv mv, int x, int y, int width, int height,
               int keep);

    Entries<int16_t> bi_;
    Entries<uint8_t> uni_;
};

}  // namespace tc
