#include "motion/pyramid.h"

namespace tc {

namespace {
void downscale(const Plane& from, Plane& to) {
    for (int y = 0; y < to.height(); y++) {
        const uint8_t* row0 = from.row(2 * y);
        const uint8_t* row1 = from.row(2 * y + 1);
        uint8_t* out = to.row(y);
        for (int x = 0; x < to.width(); x++) {
            out[x] = static_cast<uint8_t>((row0[2 * x] + row0[2 * x + 1] + row1[2 * x] + row1[2 * x + 1] + 2) >> 2);
        }
    }
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

void Pyramid::build(const Plane& full_resolution) {
    downscale(full_resolution, levels_[0]);
    downscale(levels_[0], levels_[1]);
    downscale(levels_[1], levels_[2]);
}

}  // namespace tc
