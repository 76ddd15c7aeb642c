#include "analysis/merge_interpolations.h"

#include "predict/inter_interpolation.h"

namespace tc {

int MergeInterpolations::find(const Plane& reference, Mv mv) const {
    for (int i = 0; i < used_; i++) {
        const Entry& entry = entries_[static_cast<size_t>(i)];
        if (entry.reference == &reference && entry.mv == mv) return i;
    }
    return -1;
}

int MergeInterpolations::obtain(const PixelKernels& kernels, const Plane& reference, Mv mv, int keep) {
    const int found = find(reference, mv);
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
    Entry& entry = entries_[static_cast<size_t>(slot)];
    entry.reference = &reference;
    entry.mv = mv;
    interpolate_luma(kernels, reference, x_, y_, width_, height_, mv.x, mv.y, entry.samples, 64);
    return slot;
}

void MergeInterpolations::pair(const PixelKernels& kernels, const Plane& first, Mv first_mv, const Plane& second,
                               Mv second_mv, const int16_t*& first_samples, const int16_t*& second_samples) {
    const int a = obtain(kernels, first, first_mv, -1);
    const int b = obtain(kernels, second, second_mv, a);
    first_samples = entries_[static_cast<size_t>(a)].samples;
    second_samples = entries_[static_cast<size_t>(b)].samples;
}

}  // namespace tc
