#include "transform/quantize.h"

#include <algorithm>

namespace tc {
namespace {

// TransCoeffLevel and the scaled coefficients are 16-bit (CoeffMinY/CoeffMaxY for BitDepth 8
// without extended_precision_processing_flag).
constexpr int64_t kCoeffMin = -32768;
constexpr int64_t kCoeffMax = 32767;

constexpr int64_t magnitude_of(int32_t value) {
    return value < 0 ? -int64_t{value} : int64_t{value};
}

}  // namespace

int quantize(const int32_t* coeffs, int32_t* levels, int32_t* rounding_error, int log2_size, int qp,
             bool is_intra) {
    // 15 - BitDepth - log2_size is the transform's dynamic-range shift for 8-bit video.
    const int qbits = 14 + qp / 6 + (15 - 8 - log2_size);
    const int64_t scale = kQuantScale[qp % 6];
    const int64_t offset = int64_t{is_intra ? kIntraRoundingOffset : kInterRoundingOffset}
                           << (qbits - 9);
    const int error_shift = qbits - 8;
    const int count = 1 << (2 * log2_size);

    int nonzero = 0;
    for (int i = 0; i < count; ++i) {
        // |c| < 2^31 and scale < 2^15, so the products stay below 2^46.
        const int64_t scaled = magnitude_of(coeffs[i]) * scale;
        const int64_t magnitude = (scaled + offset) >> qbits;
        if (rounding_error != nullptr) {
            rounding_error[i] =
                static_cast<int32_t>((scaled - (magnitude << qbits)) >> error_shift);
        }
        const int64_t level =
            std::clamp(coeffs[i] < 0 ? -magnitude : magnitude, kCoeffMin, kCoeffMax);
        levels[i] = static_cast<int32_t>(level);
        nonzero += level != 0;
    }
    return nonzero;
}

void dequantize(const int32_t* levels, int32_t* coeffs, int log2_size, int qp) {
    // 8.6.3: bdShift = BitDepth + Log2(nTbS) + 10 - log2TransformRange, with
    // log2TransformRange = 15 for BitDepth 8.
    const int bd_shift = 8 + log2_size - 5;
    const int64_t factor = int64_t{16} * kLevelScale[qp % 6] << (qp / 6);  // m = 16: flat
    const int64_t rounding = int64_t{1} << (bd_shift - 1);
    const int count = 1 << (2 * log2_size);
    for (int i = 0; i < count; ++i) {
        // |level| <= 2^31 and factor <= 16 * 72 * 2^8 < 2^19, so the product fits in 64 bits.
        const int64_t scaled = (levels[i] * factor + rounding) >> bd_shift;
        coeffs[i] = static_cast<int32_t>(std::clamp(scaled, kCoeffMin, kCoeffMax));
    }
}

}  // namespace tc
