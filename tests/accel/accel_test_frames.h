// Frames for the accelerator tests: a textured reference and a source that moves it by a
// different vector in each 96x96 tile, with noise, and a flat band (equal costs everywhere,
// so that the tie-break decides).
#pragma once
#include <cmath>
#include <cstdint>
#include <random>

#include "picture/plane.h"

namespace tc::accel_test {

struct FrameSize {
    int width, height;
};
// 1x1 up to 30x17 CTUs, odd CTU counts and partial CTUs among them.
inline constexpr FrameSize kSizes[] = {{16, 16}, {72, 40}, {136, 72}, {200, 136}, {328, 200}, {1920, 1080}};

inline uint8_t texture(int x, int y, uint32_t seed) {
    const double v = 128 + 60 * std::sin(0.21 * x + 0.07 * y + seed) + 40 * std::cos(0.15 * y - 0.11 * x) +
                     15 * std::sin(0.031 * (x + 2 * y));
    return static_cast<uint8_t>(std::lround(std::fmin(255.0, std::fmax(0.0, v))));
}

// Fills `plane` (width x height, padding 0 is enough) with frame `index` of a sequence.
inline void fill_moving_frame(Plane& plane, int index, uint32_t seed) {
    std::mt19937 random(seed * 7919u + static_cast<uint32_t>(index));
    std::uniform_int_distribution<int> noise(-6, 6);
    for (int y = 0; y < plane.height(); y++) {
        for (int x = 0; x < plane.width(); x++) {
            const int tile = (x / 96) * 31 + (y / 96) * 17;
            const int shift_x = 4 * index * ((tile % 13) - 6), shift_y = 4 * index * ((tile % 7) - 3);
            const bool flat = y % 160 >= 128;
            const int value = flat ? 90 : texture(x + shift_x, y + shift_y, seed) + noise(random);
            *plane.at(x, y) = static_cast<uint8_t>(value < 0 ? 0 : value > 255 ? 255 : value);
        }
    }
}

}  // namespace tc::accel_test
