#pragma once
// Whether a residual block quantises to all-zero levels, answered without computing the levels:
// the encoder's "can this merge candidate be skipped" test (transform_block_quantizes_to_zero).
// The answer is exactly that of forward_transform then quantize (quantize.h) reporting no
// non-zero level; only the work differs.

#include <cstddef>
#include <cstdint>

namespace tc {

// quantize() gives level 0 exactly when |c| * scale + offset < 2^qbits, that is when
// |c| <= largest_zero_magnitude(log2_size, qp, is_intra) (levels are clipped only away from 0).
int32_t largest_zero_magnitude(int log2_size, int qp, bool is_intra);

// The same bound on the column pass's sums before their final rounding: a coefficient
// c = (sum + 2^(shift - 1)) >> shift, shift = log2_size + 6 (forward_transform.h), quantises to 0
// exactly when uint32(sum + bias) < range. Both stay below 2^23, so a sum of an 8-bit residual's
// transform (|sum| < 2^27) never wraps.
struct ZeroLevelRange {
    uint32_t bias;   // (limit << shift) + 2^(shift - 1)
    uint32_t range;  // (2 * limit + 1) << shift
};
ZeroLevelRange zero_level_range(int log2_size, int qp, bool is_intra);

// 1/64 of the DC's column-pass sum, which decides the DC level without the transform: the sum
// over rows y of round_shift(64 * rowsum(y), log2_size - 1), the DC of each row's pass (the DC
// basis function is 64 everywhere).
int32_t dc_row_pass_sum(const uint8_t* source, ptrdiff_t source_stride, const uint8_t* prediction,
                        ptrdiff_t prediction_stride, int log2_size);

// The scalar reference of PixelKernels::quantizes_to_zero: whether the forward DCT of
// source - prediction (n x n, n = 1 << log2_size, log2_size 2..5) quantises with quantize() at
// qp (0..51) to all-zero levels. The DC first (about half of the blocks that do not quantise to
// zero fail there), then the whole transform against largest_zero_magnitude.
bool quantizes_to_zero_scalar(const uint8_t* source, ptrdiff_t source_stride,
                              const uint8_t* prediction, ptrdiff_t prediction_stride, int log2_size,
                              int qp, bool is_intra);

}  // namespace tc
