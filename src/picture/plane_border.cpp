#include "picture/plane_border.h"

#include <algorithm>
#include <cstring>

namespace tc {

void extend_plane_border_rows(Plane& plane, int padding, int first_row, int end_row) {
    const int width = plane.width();
    const int height = plane.height();
    first_row = std::max(first_row, 0);
    end_row = std::min(end_row, height);
    if (padding <= 0 || width <= 0 || first_row >= end_row) return;

    const size_t pad_bytes = static_cast<size_t>(padding);
    for (int y = first_row; y < end_row; ++y) {
        uint8_t* row = plane.row(y);
        std::memset(row - padding, row[0], pad_bytes);
        std::memset(row + width, row[width - 1], pad_bytes);
    }

    // Whole padded rows, so the corners take the corner samples.
    const size_t padded_row_bytes = static_cast<size_t>(width) + 2 * pad_bytes;
    if (first_row == 0) {
        const uint8_t* top = plane.row(0) - padding;
        for (int i = 1; i <= padding; ++i) std::memcpy(plane.row(-i) - padding, top, padded_row_bytes);
    }
    if (end_row == height) {
        const uint8_t* bottom = plane.row(height - 1) - padding;
        for (int i = 1; i <= padding; ++i) std::memcpy(plane.row(height - 1 + i) - padding, bottom, padded_row_bytes);
    }
}

void extend_plane_borders(Plane& plane, int padding) {
    extend_plane_border_rows(plane, padding, 0, plane.height());
}

void extend_picture_border_rows(Picture& picture, int luma_padding, int first_row, int end_row) {
    extend_plane_border_rows(picture.planes[0], luma_padding, first_row, end_row);
    for (int c = 1; c < 3; c++) {
        extend_plane_border_rows(picture.planes[c], luma_padding / 2, first_row / 2, (end_row + 1) / 2);
    }
}

void extend_picture_borders(Picture& picture, int luma_padding) {
    extend_plane_borders(picture.planes[0], luma_padding);
    extend_plane_borders(picture.planes[1], luma_padding / 2);
    extend_plane_borders(picture.planes[2], luma_padding / 2);
}

}  // namespace tc
