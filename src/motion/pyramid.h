// The luma pyramid of a frame (DESIGN.md §3): 1/1 (the frame itself), 1/2, 1/4 and 1/8,
// each level the 2x2 average of the one above. Built once per input frame; a reference
// picture keeps the pyramid of its input frame for coarse motion search.
#pragma once
#include <array>

#include "kernels/pixel_kernels.h"
#include "picture/plane.h"

namespace tc {

class Pyramid {
public:
    static constexpr int kLevels = 4;  // level 0 is the full-resolution plane (not owned)

    bool allocate(int width, int height);
    void build(const Plane& full_resolution, const PixelKernels& kernels);
    // Rows [first_row, end_row) of level `index` (1..3) from the level below it (the
    // full-resolution plane for level 1), which must be complete: build, level by level, in
    // row ranges that may run in parallel.
    void build_rows(int index, const Plane& full_resolution, const PixelKernels& kernels, int first_row, int end_row);
    // Levels 1..3 (1/2, 1/4, 1/8).
    const Plane& level(int index) const { return levels_[index - 1]; }

private:
    std::array<Plane, kLevels - 1> levels_;
};

// The scalar reference of PixelKernels::downscale_2x.
void downscale_2x_scalar(const uint8_t* source, ptrdiff_t source_stride, uint8_t* destination,
                         ptrdiff_t destination_stride, int width, int height);

}  // namespace tc
