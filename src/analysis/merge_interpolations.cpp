#include "analysis/merge_interpolations.h"

#include "predict/inter_interpolation.h"

namespace tc {

template <typename Sample>
int MergeInterpolations::Entries<Sample>::find(const Plane& reference, Mv mv, int x, int y, int width,
                                               int height) const {
    for (int i = 0; i < used; i++) {
        const Entry& e = entries[static_cast<size_t>(i)];
        if (e.reference == &reference && e.mv == mv && x >= e.x && y >= e.y && x + width <= e.x + e.width &&
            y + height <= e.y + e.height) {
            return i;
        }
    }
    return -1;
}

template <typename Sample>
int MergeInterpolations::Entries<Sample>::claim(const Plane& reference, Mv mv, int x, int y, int width, int height,
                                                int keep) {
    int slot = used;
    if (used < kCount) {
        used++;
    } else {
        // Round robin over the full set, passing over the entry the caller still needs.
        if (next_victim == keep) next_victim = (next_victim + 1) % kCount;
        slot = next_victim;
        next_victim = (next_victim + 1) % kCount;
    }
    Entry& e = entries[static_cast<size_t>(slot)];
    e.reference = &reference;
    e.mv = mv;
    e.x = x, e.y = y, e.width = width, e.height = height;
    return slot;
}

int MergeInterpolations::obtain(const PixelKernels& kernels, const Plane& reference, Mv mv, int x, int y, int width,
                                int height, int keep) {
    const int found = bi_.find(reference, mv, x, y, width, height);
    if (found >= 0) return found;
    const int slot = bi_.claim(reference, mv, x, y, width, height, keep);
    interpolate_luma(kernels, reference, x, y, width, height, mv.x, mv.y, bi_.entries[static_cast<size_t>(slot)].samples,
                     64);
    return slot;
}

void MergeInterpolations::pair(const PixelKernels& kernels, int x, int y, int width, int height, const Plane& first,
                               Mv first_mv, const Plane& second, Mv second_mv, const int16_t*& first_samples,
                               const int16_t*& second_samples) {
    const int a = obtain(kernels, first, first_mv, x, y, width, height, -1);
    const int b = obtain(kernels, second, second_mv, x, y, width, height, a);
    first_samples = bi_.samples_at(a, x, y);
    second_samples = bi_.samples_at(b, x, y);
}

const uint8_t* MergeInterpolations::uni(const PixelKernels& kernels, int x, int y, int width, int height,
                                        const Plane& reference, Mv mv) {
    int entry = uni_.find(reference, mv, x, y, width, height);
    if (entry < 0) {
        entry = uni_.claim(reference, mv, x, y, width, height, -1);
        interpolate_luma_uni(kernels, reference, x, y, width, height, mv.x, mv.y,
                             uni_.entries[static_cast<size_t>(entry)].samples, 64);
    }
    return uni_.samples_at(entry, x, y);
}

}  // namespace tc
