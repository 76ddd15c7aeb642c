#include "motion/pyramid.h"

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
void downscale(const PixelKernels& kernels, const Plane& from, Plane& to) {
    kernels.downscale_2x(from.row(0), from.stride(), to.row(0), to.stride(), to.width(), to.height());
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
    downscale(kernels, full_resolution, levels_[0]);
    downscale(kernels, levels_[0], levels_[1]);
    downscale(kernels, levels_[1], levels_[2]);
}

}  // namespace tc
