#include "picture/plane_border.h"

#include <cstring>

namespace tc {

void extend_plane_borders(Plane& plane, int padding) {
    const int width = plane.width();
    const int height = plane.height();
    if (padding <= 0 || width <= 0 || height <= 0) return;

    const size_t pad_bytes = static_cast<size_t>(padding);
    for (int y = 0; y < height; ++y) {
        uint8_t* row = plane.row(y);
        std::memset(row - padding, row[0], pad_bytes);
        std::memset(row + width, row[width - 1], pad_bytes);
    }

    // Whole padded rows, so the corners take the corner samples.
    const size_t padded_row_bytes = static_cast<size_t>(width) + 2 * pad_bytes;
    const uint8_t* top = plane.row(0) - padding;
    const uint8_t* bottom = plane.row(height - 1) - padding;
    for (int i = 1; i <= padding; ++i) {
        std::memcpy(plane.row(-i) - padding, top, padded_row_bytes);
        std::memcpy(plane.row(height - 1 + i) - padding, bottom, padded_row_bytes);
    }
}

void extend_picture_borders(Picture& picture, int luma_padding) {
    extend_plane_borders(picture.planes[0], luma_padding);
    extend_plane_borders(picture.planes[1], luma_padding / 2);
    extend_plane_borders(picture.planes[2], luma_padding / 2);
}

}  // namespace tc
