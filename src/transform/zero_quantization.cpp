#include "transform/zero_quantization.h"

#include <cstdlib>

#include "transform/forward_transform.h"
#include "transform/quantize.h"

namespace tc {

int32_t largest_zero_magnitude(int log2_size, int qp, bool is_intra) {
    // The quantiser of quantize.cpp: qbits = 14 + qp / 6 + 15 - BitDepth - log2_size.
    const int qbits = 14 + qp / 6 + (15 - 8 - log2_size);
    const int64_t offset = int64_t{is_intra ? kIntraRoundingOffset : kInterRoundingOffset}
                           << (qbits - 9);
    return static_cast<int32_t>(((int64_t{1} << qbits) - offset - 1) / kQuantScale[qp % 6]);
}

ZeroLevelRange zero_level_range(int log2_size, int qp, bool is_intra) {
    // -limit <= (sum + half) >> shift <= limit  <=>  0 <= sum + half + (limit << shift) < (2 limit
    // + 1) << shift.
    const int shift = log2_size + 6;
    const uint32_t limit = static_cast<uint32_t>(largest_zero_magnitude(log2_size, qp, is_intra));
    return {(limit << shift) + (1u << (shift - 1)), (2 * limit + 1) << shift};
}

int32_t dc_row_pass_sum(const uint8_t* source, ptrdiff_t source_stride, const uint8_t* prediction,
                        ptrdiff_t prediction_stride, int log2_size) {
    const int size = 1 << log2_size;
    const int shift = log2_size - 1;
    int32_t sum = 0;
    for (int y = 0; y < size; y++) {
        int32_t row = 0;
        for (int x = 0; x < size; x++)
            row += source[y * source_stride + x] - prediction[y * prediction_stride + x];
        sum += (64 * row + (1 << (shift - 1))) >> shift;
    }
    return sum;
}

bool quantizes_to_zero_scalar(const uint8_t* source, ptrdiff_t source_stride,
                              const uint8_t* prediction, ptrdiff_t prediction_stride, int log2_size,
                              int qp, bool is_intra) {
    const ZeroLevelRange zero = zero_level_range(log2_size, qp, is_intra);
    const int32_t dc_sum =
        64 * dc_row_pass_sum(source, source_stride, prediction, prediction_stride, log2_size);
    if (static_cast<uint32_t>(dc_sum) + zero.bias >= zero.range) return false;

    const int size = 1 << log2_size;
    int16_t residual[32 * 32];
    for (int y = 0; y < size; y++) {
        for (int x = 0; x < size; x++) {
            residual[y * size + x] = static_cast<int16_t>(source[y * source_stride + x] -
                                                          prediction[y * prediction_stride + x]);
        }
    }
    void (*const forward_dct[])(const int16_t*, ptrdiff_t, int32_t*) = {
        forward_dct_4x4_scalar, forward_dct_8x8_scalar, forward_dct_16x16_scalar,
        forward_dct_32x32_scalar};
    int32_t coeffs[32 * 32];
    forward_dct[log2_size - 2](residual, size, coeffs);
    const int32_t limit = largest_zero_magnitude(log2_size, qp, is_intra);
    for (int i = 0; i < size * size; i++) {
        if (std::abs(coeffs[i]) > limit) return false;
    }
    return true;
}

}  // namespace tc
