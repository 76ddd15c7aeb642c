#include "predict/intra_predict.h"

#include <algorithm>

#include "common/block_types.h"

namespace tc {

namespace {

constexpr int kMaxSize = 32;

constexpr uint8_t clip_pixel(int value) {
    return static_cast<uint8_t>(std::clamp(value, 0, 255));
}

// Read access to the references (the layout of IntraReferences::samples) by the spec's
// coordinates p[x][y] (x = -1 or y = -1).
class ReferenceView {
  public:
    ReferenceView(const uint8_t* samples, int size) : samples_(samples), size_(size) {}
    int left(int y) const { return samples_[2 * size_ - 1 - y]; }  // p[-1][y], y >= -1
    int top(int x) const { return samples_[2 * size_ + 1 + x]; }   // p[x][-1], x >= -1

  private:
    const uint8_t* samples_;
    int size_;
};

// H.265 clause 8.4.4.2.5.
void predict_planar(const ReferenceView& p, int log2_size, uint8_t* prediction, ptrdiff_t stride) {
    const int size = 1 << log2_size;
    const int top_right = p.top(size);
    const int bottom_left = p.left(size);
    for (int y = 0; y < size; ++y) {
        for (int x = 0; x < size; ++x) {
            const int horizontal = (size - 1 - x) * p.left(y) + (x + 1) * top_right;
            const int vertical = (size - 1 - y) * p.top(x) + (y + 1) * bottom_left;
            prediction[y * stride + x] =
                static_cast<uint8_t>((horizontal + vertical + size) >> (log2_size + 1));
        }
    }
}

// H.265 clause 8.4.4.2.6 (DC), with the smoothing of the first row and column for small luma
// blocks.
void predict_dc(const ReferenceView& p, int log2_size, bool edge_filter, uint8_t* prediction,
                ptrdiff_t stride) {
    const int size = 1 << log2_size;
    int sum = size;
    for (int i = 0; i < size; ++i) sum += p.top(i) + p.left(i);
    const int dc = sum >> (log2_size + 1);
    for (int y = 0; y < size; ++y)
        std::fill_n(prediction + y * stride, size, static_cast<uint8_t>(dc));
    if (!edge_filter) return;
    prediction[0] = static_cast<uint8_t>((p.left(0) + 2 * dc + p.top(0) + 2) >> 2);
    for (int x = 1; x < size; ++x) {
        prediction[x] = static_cast<uint8_t>((p.top(x) + 3 * dc + 2) >> 2);
    }
    for (int y = 1; y < size; ++y) {
        prediction[y * stride] = static_cast<uint8_t>((p.left(y) + 3 * dc + 2) >> 2);
    }
}

// The angular prediction written once for the vertical modes (18..34). The horizontal modes
// (2..17) are the same process with the roles of the top row and the left column exchanged and the
// block transposed, which is how clause 8.4.4.2.6 states them.
//   main_edge[k] = p[-1+k][-1] (vertical) or p[-1][-1+k] (horizontal), k = 0..2N
//   side_edge[k] = the other edge, same indexing; main_edge[0] == side_edge[0] is the corner.
struct AngularInput {
    const uint8_t* main_edge;
    const uint8_t* side_edge;
    int angle;          // intraPredAngle
    int inverse_angle;  // invAngle, for angle < 0
    bool edge_filter;   // modes 10 and 26 for luma N < 32
};

void predict_angular_vertical_form(const AngularInput& in, int size, uint8_t* prediction,
                                   ptrdiff_t step_x, ptrdiff_t step_y) {
    // ref[] of the spec, indices -N..2N, stored with an offset of N.
    uint8_t ref_storage[3 * kMaxSize + 1];
    uint8_t* ref = ref_storage + size;
    for (int x = 0; x <= size; ++x) ref[x] = in.main_edge[x];
    if (in.angle < 0) {
        // Extend to the left by projecting the side edge onto the main one (eq. with invAngle).
        const int first = (size * in.angle) >> 5;
        if (first < -1) {
            for (int x = first; x <= -1; ++x) {
                ref[x] = in.side_edge[(x * in.inverse_angle + 128) >> 8];
            }
        }
    } else {
        for (int x = size + 1; x <= 2 * size; ++x) ref[x] = in.main_edge[x];
    }

    // x and y are the spec's for the vertical modes; for the horizontal ones they trade places,
    // which the steps through `prediction` undo.
    for (int y = 0; y < size; ++y) {
        const int position = (y + 1) * in.angle;
        const int index = position >> 5;
        const int fraction = position & 31;
        uint8_t* row = prediction + y * step_y;
        for (int x = 0; x < size; ++x) {
            // With no fraction only one sample is read: ref[2N + 1] does not exist (angle 32).
            const uint8_t* nearest = ref + x + index + 1;
            row[x * step_x] =
                fraction == 0
                    ? nearest[0]
                    : static_cast<uint8_t>(
                          ((32 - fraction) * nearest[0] + fraction * nearest[1] + 16) >> 5);
        }
    }

    if (in.edge_filter) {
        // Pure vertical (or horizontal) prediction: follow the gradient of the side edge.
        for (int y = 0; y < size; ++y) {
            prediction[y * step_y] =
                clip_pixel(in.main_edge[1] + ((in.side_edge[1 + y] - in.main_edge[0]) >> 1));
        }
    }
}

void predict_angular(const uint8_t* samples, int size, int mode, bool edge_filter,
                     uint8_t* prediction, ptrdiff_t stride) {
    const int corner = 2 * size;
    uint8_t top_edge[2 * kMaxSize + 1];   // p[-1+k][-1]
    uint8_t left_edge[2 * kMaxSize + 1];  // p[-1][-1+k]
    for (int k = 0; k <= 2 * size; ++k) {
        top_edge[k] = samples[corner + k];
        left_edge[k] = samples[corner - k];
    }
    const bool vertical = mode >= 18;
    AngularInput in;
    in.main_edge = vertical ? top_edge : left_edge;
    in.side_edge = vertical ? left_edge : top_edge;
    in.angle = kIntraPredAngle[mode];
    in.inverse_angle = (mode >= 11 && mode <= 25) ? kIntraInverseAngle[mode - 11] : 0;
    in.edge_filter = edge_filter && (mode == kIntraVertical || mode == kIntraHorizontal);
    if (vertical) {
        predict_angular_vertical_form(in, size, prediction, 1, stride);
    } else {
        predict_angular_vertical_form(in, size, prediction, stride, 1);
    }
}

// One size's entry of PixelKernels::predict_intra.
template <int kLog2Size>
void predict_intra_scalar(const uint8_t* references, int mode, bool boundary_filters,
                          uint8_t* prediction, ptrdiff_t stride) {
    constexpr int size = 1 << kLog2Size;
    const ReferenceView view(references, size);
    if (mode == kIntraPlanar) {
        predict_planar(view, kLog2Size, prediction, stride);
    } else if (mode == kIntraDc) {
        predict_dc(view, kLog2Size, boundary_filters, prediction, stride);
    } else {
        predict_angular(references, size, mode, boundary_filters, prediction, stride);
    }
}

// disableIntraBoundaryFilter is 0: the filters apply to luma blocks smaller than 32x32.
bool boundary_filters_apply(int log2_size, bool is_luma) { return is_luma && log2_size < 5; }

}  // namespace

void predict_intra_4x4_scalar(const uint8_t* references, int mode, bool boundary_filters,
                              uint8_t* prediction, ptrdiff_t stride) {
    predict_intra_scalar<2>(references, mode, boundary_filters, prediction, stride);
}

void predict_intra_8x8_scalar(const uint8_t* references, int mode, bool boundary_filters,
                              uint8_t* prediction, ptrdiff_t stride) {
    predict_intra_scalar<3>(references, mode, boundary_filters, prediction, stride);
}

void predict_intra_16x16_scalar(const uint8_t* references, int mode, bool boundary_filters,
                                uint8_t* prediction, ptrdiff_t stride) {
    predict_intra_scalar<4>(references, mode, boundary_filters, prediction, stride);
}

void predict_intra_32x32_scalar(const uint8_t* references, int mode, bool boundary_filters,
                                uint8_t* prediction, ptrdiff_t stride) {
    predict_intra_scalar<5>(references, mode, boundary_filters, prediction, stride);
}

void predict_intra(const PixelKernels& kernels, const IntraReferences& refs, int log2_size, int mode,
                   bool is_luma, uint8_t* prediction, ptrdiff_t prediction_stride) {
    kernels.predict_intra[log2_size - 2](refs.samples, mode,
                                         boundary_filters_apply(log2_size, is_luma), prediction,
                                         prediction_stride);
}

void predict_intra(const IntraReferences& refs, int log2_size, int mode, bool is_luma,
                   uint8_t* prediction, ptrdiff_t prediction_stride) {
    constexpr void (*kScalar[kTransformSizes])(const uint8_t*, int, bool, uint8_t*, ptrdiff_t) = {
        predict_intra_4x4_scalar, predict_intra_8x8_scalar, predict_intra_16x16_scalar,
        predict_intra_32x32_scalar};
    kScalar[log2_size - 2](refs.samples, mode, boundary_filters_apply(log2_size, is_luma),
                           prediction, prediction_stride);
}

}  // namespace tc
