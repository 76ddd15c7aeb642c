#include "predict/inter_interpolation.h"

#include <algorithm>

#include "predict/inter_weighting.h"

namespace tc {

namespace {

// H.265 8.5.3.3.3 for BitDepth 8: shift1 = BitDepth - 8, shift2 = 6, shift3 = 14 - BitDepth.
constexpr int kShift1 = 0;
constexpr int kShift2 = 6;
constexpr int kShift3 = 6;

// The two-pass case filters through a buffer of at most kTileSize x (kTileSize + taps - 1)
// intermediate samples; larger blocks are done tile by tile.
constexpr int kTileSize = 64;

// Stores an exact predSamplesLX value; see prediction_value() for the values past int16_t.
constexpr int16_t store(int value) {
    return static_cast<int16_t>(value);
}

template <int kTaps, typename Sample>
int filter(const Sample* samples, ptrdiff_t step, const int8_t* coefficients) {
    int sum = 0;
    for (int i = 0; i < kTaps; ++i) sum += coefficients[i] * samples[i * step];
    return sum;
}

// One block with its position already displaced by the integer part of the vector. `source`
// points at the sample that the block's top-left corner takes at fraction zero.
template <int kTaps>
class BlockInterpolator {
  public:
    // Taps before the current sample: 3 for luma, 1 for chroma.
    static constexpr int kBefore = kTaps / 2 - 1;

    BlockInterpolator(const uint8_t* source, ptrdiff_t source_stride, int16_t* prediction,
                      ptrdiff_t prediction_stride)
        : source_(source),
          source_stride_(source_stride),
          prediction_(prediction),
          prediction_stride_(prediction_stride) {}

    void copy(int width, int height) const {
        for (int row = 0; row < height; ++row) {
            const uint8_t* src = source_ + row * source_stride_;
            int16_t* dst = prediction_ + row * prediction_stride_;
            for (int column = 0; column < width; ++column)
                dst[column] = store(src[column] << kShift3);
        }
    }

    void horizontal(int width, int height, const int8_t* coefficients) const {
        for (int row = 0; row < height; ++row) {
            const uint8_t* src = source_ + row * source_stride_ - kBefore;
            int16_t* dst = prediction_ + row * prediction_stride_;
            for (int column = 0; column < width; ++column) {
                dst[column] = store(filter<kTaps>(src + column, 1, coefficients) >> kShift1);
            }
        }
    }

    void vertical(int width, int height, const int8_t* coefficients) const {
        for (int row = 0; row < height; ++row) {
            const uint8_t* src = source_ + (row - kBefore) * source_stride_;
            int16_t* dst = prediction_ + row * prediction_stride_;
            for (int column = 0; column < width; ++column) {
                dst[column] =
                    store(filter<kTaps>(src + column, source_stride_, coefficients) >> kShift1);
            }
        }
    }

    // Horizontal pass over the rows the vertical taps need, then the vertical pass over those
    // intermediate samples, tile by tile.
    void both(int width, int height, const int8_t* horizontal_coefficients,
              const int8_t* vertical_coefficients) const {
        for (int tile_y = 0; tile_y < height; tile_y += kTileSize) {
            for (int tile_x = 0; tile_x < width; tile_x += kTileSize) {
                both_tile(tile_x, tile_y, std::min(kTileSize, width - tile_x),
                          std::min(kTileSize, height - tile_y), horizontal_coefficients,
                          vertical_coefficients);
            }
        }
    }

  private:
    void both_tile(int tile_x, int tile_y, int width, int height,
                   const int8_t* horizontal_coefficients,
                   const int8_t* vertical_coefficients) const {
        constexpr ptrdiff_t kRowLength = kTileSize;
        // The intermediate samples fit int16_t: at most 88 * 255 and at least -24 * 255.
        int16_t intermediate[(kTileSize + kTaps - 1) * kRowLength];
        const int rows = height + kTaps - 1;
        for (int row = 0; row < rows; ++row) {
            const uint8_t* src =
                source_ + (tile_y + row - kBefore) * source_stride_ + tile_x - kBefore;
            int16_t* dst = intermediate + row * kRowLength;
            for (int column = 0; column < width; ++column) {
                dst[column] = static_cast<int16_t>(
                    filter<kTaps>(src + column, 1, horizontal_coefficients) >> kShift1);
            }
        }
        for (int row = 0; row < height; ++row) {
            const int16_t* src = intermediate + row * kRowLength;
            int16_t* dst = prediction_ + (tile_y + row) * prediction_stride_ + tile_x;
            for (int column = 0; column < width; ++column) {
                dst[column] = store(
                    filter<kTaps>(src + column, kRowLength, vertical_coefficients) >> kShift2);
            }
        }
    }

    const uint8_t* source_;
    ptrdiff_t source_stride_;
    int16_t* prediction_;
    ptrdiff_t prediction_stride_;
};

// The four cases of H.265 8.5.3.3.3: full sample, horizontal only, vertical only, both.
template <int kTaps>
void interpolate(const uint8_t* source, ptrdiff_t source_stride, int width, int height,
                 const int8_t* horizontal_coefficients, const int8_t* vertical_coefficients,
                 bool horizontal_fraction, bool vertical_fraction, int16_t* prediction,
                 ptrdiff_t prediction_stride) {
    const BlockInterpolator<kTaps> block(source, source_stride, prediction, prediction_stride);
    if (!horizontal_fraction && !vertical_fraction) {
        block.copy(width, height);
    } else if (!vertical_fraction) {
        block.horizontal(width, height, horizontal_coefficients);
    } else if (!horizontal_fraction) {
        block.vertical(width, height, vertical_coefficients);
    } else {
        block.both(width, height, horizontal_coefficients, vertical_coefficients);
    }
}

// The full-sample position a block's vector points at: luma quarter samples, chroma (4:2:0)
// eighth samples.
const uint8_t* luma_origin(const Plane& reference, int x, int y, int mv_x, int mv_y) {
    return reference.at(x + (mv_x >> 2), y + (mv_y >> 2));
}
const uint8_t* chroma_origin(const Plane& reference, int x, int y, int mv_x, int mv_y) {
    return reference.at(x + (mv_x >> 3), y + (mv_y >> 3));
}

}  // namespace

void interpolate_luma_block_scalar(const uint8_t* source, ptrdiff_t source_stride, int width, int height,
                                   int x_fraction, int y_fraction, int16_t* prediction,
                                   ptrdiff_t prediction_stride) {
    interpolate<kLumaFilterTaps>(source, source_stride, width, height, kLumaFilter[x_fraction],
                                 kLumaFilter[y_fraction], x_fraction != 0, y_fraction != 0,
                                 prediction, prediction_stride);
}

void interpolate_chroma_block_scalar(const uint8_t* source, ptrdiff_t source_stride, int width,
                                     int height, int x_fraction, int y_fraction, int16_t* prediction,
                                     ptrdiff_t prediction_stride) {
    interpolate<kChromaFilterTaps>(source, source_stride, width, height, kChromaFilter[x_fraction],
                                   kChromaFilter[y_fraction], x_fraction != 0, y_fraction != 0,
                                   prediction, prediction_stride);
}

void interpolate_luma(const PixelKernels& kernels, const Plane& reference, int x, int y, int width,
                      int height, int mv_x, int mv_y, int16_t* prediction,
                      ptrdiff_t prediction_stride) {
    const uint8_t* source = luma_origin(reference, x, y, mv_x, mv_y);
    kernels.interpolate_luma(source, reference.stride(), width, height, mv_x & 3, mv_y & 3, prediction,
                             prediction_stride);
}

void interpolate_chroma(const PixelKernels& kernels, const Plane& reference, int x, int y, int width,
                        int height, int mv_x, int mv_y, int16_t* prediction,
                        ptrdiff_t prediction_stride) {
    const uint8_t* source = chroma_origin(reference, x, y, mv_x, mv_y);
    kernels.interpolate_chroma(source, reference.stride(), width, height, mv_x & 7, mv_y & 7, prediction,
                               prediction_stride);
}

void interpolate_luma(const Plane& reference, int x, int y, int width, int height, int mv_x,
                      int mv_y, int16_t* prediction, ptrdiff_t prediction_stride) {
    const uint8_t* source = luma_origin(reference, x, y, mv_x, mv_y);
    interpolate_luma_block_scalar(source, reference.stride(), width, height, mv_x & 3, mv_y & 3,
                                  prediction, prediction_stride);
}

void interpolate_chroma(const Plane& reference, int x, int y, int width, int height, int mv_x,
                        int mv_y, int16_t* prediction, ptrdiff_t prediction_stride) {
    const uint8_t* source = chroma_origin(reference, x, y, mv_x, mv_y);
    interpolate_chroma_block_scalar(source, reference.stride(), width, height, mv_x & 7, mv_y & 7,
                                    prediction, prediction_stride);
}

void interpolate_luma_uni(const PixelKernels& kernels, const Plane& reference, int x, int y, int width,
                          int height, int mv_x, int mv_y, uint8_t* destination, ptrdiff_t destination_stride) {
    const uint8_t* source = luma_origin(reference, x, y, mv_x, mv_y);
    kernels.interpolate_luma_uni(source, reference.stride(), width, height, mv_x & 3, mv_y & 3, destination,
                                 destination_stride);
}

void interpolate_chroma_uni(const PixelKernels& kernels, const Plane& reference, int x, int y, int width,
                            int height, int mv_x, int mv_y, uint8_t* destination,
                            ptrdiff_t destination_stride) {
    const uint8_t* source = chroma_origin(reference, x, y, mv_x, mv_y);
    kernels.interpolate_chroma_uni(source, reference.stride(), width, height, mv_x & 7, mv_y & 7, destination,
                                   destination_stride);
}

void interpolate_luma_uni_scalar(const uint8_t* source, ptrdiff_t source_stride, int width, int height,
                                 int x_fraction, int y_fraction, uint8_t* destination,
                                 ptrdiff_t destination_stride) {
    int16_t prediction[64 * 64];
    interpolate_luma_block_scalar(source, source_stride, width, height, x_fraction, y_fraction, prediction, 64);
    weighted_uni(prediction, 64, destination, destination_stride, width, height);
}

void interpolate_chroma_uni_scalar(const uint8_t* source, ptrdiff_t source_stride, int width, int height,
                                   int x_fraction, int y_fraction, uint8_t* destination,
                                   ptrdiff_t destination_stride) {
    int16_t prediction[64 * 64];
    interpolate_chroma_block_scalar(source, source_stride, width, height, x_fraction, y_fraction, prediction, 64);
    weighted_uni(prediction, 64, destination, destination_stride, width, height);
}

}  // namespace tc
