#include "analysis/merge_interpolations.h"

#include "predict/inter_interpolation.h"

namespace tc {

int MergeInterpolations::find(const Plane& reference, Mv mv, int x, int y, int width, int height) const {
    for (int i = 0; i < used_; i++) {
        const Entry& e = entries_[static_cast<size_t>(i)];
        if (e.reference == &reference && e.mv == mv && x >= e.x && y >= e.y && x + width <= e.x + e.width &&
            y + height <= e.y + e.height) {
            return i;
        }
    }
    return -1;
}

int MergeInterpolations::obtain(const PixelKernels& kernels, const Plane& reference, Mv mv, int x, int y, int width,
                                int height, int keep) {
    const int found = find(reference, mv, x, y, width, height);
    if (found >= 0) return found;
    int slot = used_;
    if (used_ < kEntries) {
        used_++;
    } else {
        // Round robin over the full set, passing over the entry the caller still needs.
        if (next_victim_ == keep) next_victim_ = (next_victim_ + 1) % kEntries;
        slot = next_victim_;
        next_victim_ = (next_victim_ + 1) % kEntries;
    }
    Entry& e = entries_[static_cast<size_t>(slot)];
    e.reference = &reference;
    e.mv = mv;
    e.x = x, e.y = y, e.width = width, e.height = height;
    interpolate_luma(kernels, reference, x, y, width, height, mv.x, mv.y, e.samples, 64);
    return slot;
}

const int16_t* MergeInterpolations::samples_at(int entry, int x, int y) const {
    const Entry& e = entries_[static_cast<size_t>(entry)];
    return e.samples + (y - e.y) * 64 + (x - e.x);
}

void MergeInterpolations::pair(const PixelKernels& kernels, int x, int y, int width, int height, const Plane& first,
                               Mv first_mv, const Plane& second, Mv second_mv, const int16_t*& first_samples,
                               const int16_t*& second_samples) {
    const int a = obtain(kernels, first, first_mv, x, y, width, height, -1);
    const int b = obtain(kernels, second, second_mv, x, y, width, height, a);
    first_samples = samples_at(a, x, y);
    second_samples = samples_at(b, x, y);
}

}  // namespace tc
