// Border extension of reference planes, so that motion compensation can read outside the picture.
#pragma once

#include "picture/plane.h"

namespace tc {

// Replicates the outermost samples of the plane into `padding` samples on every side: first left
// and right of every row, then the top and bottom rows (padding included) upward and downward,
// which also fills the corners. Afterwards a read at (x, y) inside the padding equals a read at
// (Clip3(0, width - 1, x), Clip3(0, height - 1, y)), the coordinate clamping of H.265 8.5.3.3.3.
// `padding` must not exceed the padding the plane was allocated with.
void extend_plane_borders(Plane& plane, int padding);
// The same for rows [first_row, end_row) only: their left and right padding, and the rows above
// (below) the picture where the range starts at its top (ends at its bottom). Disjoint ranges
// that together cover the plane may run in parallel and give what extend_plane_borders gives.
void extend_plane_border_rows(Plane& plane, int padding, int first_row, int end_row);

// Extends all three planes of a 4:2:0 picture: luma by luma_padding, chroma by luma_padding / 2.
void extend_picture_borders(Picture& picture, int luma_padding);
// Luma rows [first_row, end_row) and the chroma rows at half those (first_row even).
void extend_picture_border_rows(Picture& picture, int luma_padding, int first_row, int end_row);

}  // namespace tc
