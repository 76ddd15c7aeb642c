#include "motion/pyramid.h"

#include <algorithm>

namespace tc {

void downscale_2x_scalar(const uint8_t* source, ptrdiff_t source_stride, uint8_t* destination,
                         ptrdiff_t destination_stride, int width, int height) {
    for (int y = 0; y < height; y++, source += 2 * source_stride, destination += destination_stride) {
        const uint8_t* row0 = source;
        const uint8_t* row1 = source + source_stride;
        for (int x = 0; x < width; x++) {
            destination[x] =
                static_cast<uint8_t>((row0[2 * x] + row0[2 * x + 1] + row1[2 * x] + row1[2 * x + 1] + 2) >> 2);
        }
    }
}

namespace {
void downscale(const PixelKernels& kernels, const Plane& from, Plane& to, int first_row, int end_row) {
    first_row = std::max(first_row, 0);
    end_row = std::min(end_row, to.height());
    if (first_row >= end_row) return;
    kernels.downscale_2x(from.row(2 * first_row), from.stride(), to.row(first_row), to.stride(), to.width(),
                         end_row - first_row);
}
}  // namespace

bool Pyramid::allocate(int width, int height) {
    for (int i = 0; i < kLevels - 1; i++) {
        width /= 2;
        height /= 2;
        if (!levels_[i].allocate(width > 0 ? width : 1, height > 0 ? height : 1, 0)) return false;
    }
    return true;
}

void Pyramid::build(const Plane& full_resolution, const PixelKernels& kernels) {
    for (int index = 1; index < kLevels; index++) build_rows(index, full_resolution, kernels, 0, level(index).height());
}

void Pyramid::build_rows(int index, const Plane& full_resolution, const PixelKernels& kernels, int first_row,
                         int end_row) {
    const Plane& from = index == 1 ? full_resolution : levels_[static_cast<size_t>(index - 2)];
    downscale(kernels, from, levels_[static_cast<size_t>(index - 1)], first_row, end_row);
}

}  // namespace tc
