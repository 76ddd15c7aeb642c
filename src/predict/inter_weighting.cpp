#include "predict/inter_weighting.h"

#include <algorithm>

#include "predict/inter_interpolation.h"

namespace tc {

namespace {

// H.265 8.5.3.3.4.2 for BitDepth 8.
constexpr int kUniShift = 14 - 8;
constexpr int kUniOffset = 1 << (kUniShift - 1);
constexpr int kBiShift = 15 - 8;
constexpr int kBiOffset = 1 << (kBiShift - 1);

constexpr uint8_t clip1(int value) {
    return static_cast<uint8_t>(std::clamp(value, 0, 255));
}

}  // namespace

void weighted_uni(const int16_t* prediction, ptrdiff_t prediction_stride, uint8_t* destination,
                  ptrdiff_t destination_stride, int width, int height) {
    for (int row = 0; row < height; ++row) {
        const int16_t* src = prediction + row * prediction_stride;
        uint8_t* dst = destination + row * destination_stride;
        for (int column = 0; column < width; ++column) {
            dst[column] = clip1((prediction_value(src[column]) + kUniOffset) >> kUniShift);
        }
    }
}

void weighted_bi(const int16_t* prediction0, const int16_t* prediction1,
                 ptrdiff_t prediction_stride, uint8_t* destination, ptrdiff_t destination_stride,
                 int width, int height) {
    for (int row = 0; row < height; ++row) {
        const int16_t* src0 = prediction0 + row * prediction_stride;
        const int16_t* src1 = prediction1 + row * prediction_stride;
        uint8_t* dst = destination + row * destination_stride;
        for (int column = 0; column < width; ++column) {
            const int sum = prediction_value(src0[column]) + prediction_value(src1[column]);
            dst[column] = clip1((sum + kBiOffset) >> kBiShift);
        }
    }
}

}  // namespace tc
