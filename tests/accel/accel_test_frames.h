// Frames for the accelerator tests: a textured reference and a source that moves it by a
// different vector in each 96x96 tile, with noise, and a flat band (equal costs everywhere,
// so that the tie-break decides).
#pragma once
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "accel/block_search_steps.h"
#include "common/motion.h"
#include "picture/plane.h"

namespace tc::accel_test {

struct FrameSize {
    int width, height;
};
// 1x1 up to 30x17 CTUs, odd CTU counts and partial CTUs among them; 74x42 has rows that are not
// whole words (the kernels' word-wide reads take its samples one at a time).
inline constexpr FrameSize kSizes[] = {{16, 16}, {72, 40}, {74, 42}, {136, 72}, {200, 136}, {328, 200}, {1920, 1080}};

// A width x height plane of random samples in runs (a new value a quarter of the time), so that
// intra reference substitution and filtering matter.
inline std::vector<uint8_t> random_run_plane(int width, int height, std::mt19937& random) {
    std::uniform_int_distribution<int> value(0, 255), run(0, 3);
    std::vector<uint8_t> plane(static_cast<size_t>(width) * static_cast<size_t>(height));
    uint8_t last = 0;
    for (uint8_t& sample : plane) {
        if (run(random) == 0) last = static_cast<uint8_t>(value(random));
        sample = last;
    }
    return plane;
}

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

// Fills the three planes of `picture` with frame `index` of a sequence (each plane its own).
inline void fill_moving_picture(Picture& picture, int index, uint32_t seed) {
    for (uint32_t c = 0; c < 3; c++) fill_moving_frame(picture.planes[c], index, seed + 101 * c);
}

// A vector per 16x16 block (raster order over block_search_columns x block_search_rows):
// in each 32x32 area, with probability `shared` one vector for its four blocks, else one per
// block; every vector keeps its block within `margin` samples around the picture (as the block
// search's do, block_vector_allowed) and within +-range quarter samples.
inline std::vector<Mv> random_block_vectors(int width, int height, int margin, int range, double shared,
                                            uint32_t seed) {
    std::mt19937 random(seed);
    const int columns = block_search_columns(width), rows = block_search_rows(height);
    auto component = [&](int position, int block_size, int size) {
        const int low = std::max(-range, 4 * (-margin - position));
        const int high = std::min(range, 4 * (size + margin - position - block_size - 1));
        return static_cast<int16_t>(std::uniform_int_distribution<int>(low, high)(random));
    };
    auto vector_for = [&](int column, int row) {
        const int x = 16 * column, y = 16 * row;
        return Mv{component(x, std::min(16, width - x), width), component(y, std::min(16, height - y), height)};
    };
    std::vector<Mv> vectors(static_cast<size_t>(columns) * static_cast<size_t>(rows));
    for (int row = 0; row < rows; row++) {
        for (int column = 0; column < columns; column++) {
            Mv& v = vectors[static_cast<size_t>(row) * columns + column];
            const bool first_of_area = column % 2 == 0 && row % 2 == 0;
            if (!first_of_area && std::uniform_real_distribution<double>(0, 1)(random) < shared) {
                // The area's first vector, where it keeps this block within the margin too.
                const Mv first = vectors[static_cast<size_t>(row & ~1) * columns + (column & ~1)];
                const BlockSearchSite site{nullptr, nullptr, width, height, 16 * column, 16 * row,
                                           std::min(16, width - 16 * column), std::min(16, height - 16 * row), Mv{}};
                v = block_vector_allowed(site, first.x, first.y, margin) ? first : vector_for(column, row);
            } else {
                v = vector_for(column, row);
            }
        }
    }
    return vectors;
}

}  // namespace tc::accel_test
