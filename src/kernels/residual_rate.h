// The fast presets' residual rate (PixelKernels::estimate_residual_rate): an estimate of
// residual_coding()'s bits from the levels alone, in 1/32768 bit, without touching contexts.
//
// From one raster pass over the 4x4 sub-blocks: each level's significance, sign and magnitude
// bins (1: 2.5 bits, 2: 4 bits, m >= 3: 4 + 2 * bit_width(m - 2) bits, its Exp-Golomb length),
// half a bit per zero whose significance is coded (all of a coded sub-block, in the last one only
// those up to the last level, taking the diagonal scan's anti-diagonals), a bit per coded
// sub-block flag and the last position's prefix and suffix bins. Every term is a whole number of
// half bits, which the kernels sum as integers.
#pragma once
#include <cstdint>

namespace tc {

// Binarisation of last_sig_coeff_{x,y}_prefix (9.3.3 / 7.4.9.11): group index of a position
// and the first position of each group.
inline constexpr uint8_t kLastPositionGroup[32] = {0, 1, 2, 3, 4, 4, 5, 5, 6, 6, 6, 6, 7, 7, 7, 7,
                                                   8, 8, 8, 8, 8, 8, 8, 8, 9, 9, 9, 9, 9, 9, 9, 9};
inline constexpr uint8_t kLastGroupFirstPosition[10] = {0, 1, 2, 3, 4, 6, 8, 12, 16, 24};

namespace residual_rate {

// One half bit in the estimate's unit.
inline constexpr uint64_t kHalfBit = uint64_t{1} << 14;

// Positions of a 4x4 sub-block up to and including anti-diagonal d (x + y <= d) in diagonal scan.
inline constexpr int kPositionsUpToDiagonal[7] = {1, 3, 6, 10, 13, 15, 16};

// The last position's prefix bins (about a bit each) and suffix bits, in half bits.
constexpr int last_position_half_bits(int position) {
    const int group = kLastPositionGroup[position];
    return 2 * group + 1 + (group > 3 ? 2 * ((group >> 1) - 1) : 0);
}

// What the sub-blocks leave to the end: the last level's position and the last coded
// sub-block's uncoded zeros. The kernels fold every coded sub-block into it in raster order.
struct Tail {
    int last_x = 0, last_y = 0;  // the last level (largest x + y, the latest in raster order)
    int last_sub_diagonal = -1;  // xs + ys of the latest coded sub-block on the largest one
    int last_sub_zeros = 0;      // its zeros past the last level's anti-diagonal
};

// A coded sub-block (xs, ys) with `nonzero` levels whose largest x + y is `diagonal` and whose
// last level on it in raster order is at (x, y): its flag and zeros in half bits.
inline int fold_sub_block(Tail& tail, int xs, int ys, int nonzero, int diagonal, int x, int y) {
    if (4 * (xs + ys) + diagonal >= tail.last_x + tail.last_y) {
        tail.last_x = 4 * xs + x;
        tail.last_y = 4 * ys + y;
    }
    if (xs + ys >= tail.last_sub_diagonal) {
        tail.last_sub_diagonal = xs + ys;
        const int up_to_last = kPositionsUpToDiagonal[diagonal] - nonzero;
        tail.last_sub_zeros = 16 - nonzero - (up_to_last > 0 ? up_to_last : 0);
    }
    return (xs + ys > 0 ? 2 : 0) + (16 - nonzero);
}

// The end of the estimate: the last sub-block's uncoded zeros and inferred flags out, the last
// position in.
inline int64_t tail_half_bits(const Tail& tail) {
    return -tail.last_sub_zeros - (tail.last_sub_diagonal > 0 ? 2 : 0) - 2 +
           last_position_half_bits(tail.last_x) + last_position_half_bits(tail.last_y);
}

}  // namespace residual_rate

// The reference: levels row-major, (1 << log2_size)^2 with log2_size 2..5, at least one non-zero.
uint64_t estimate_residual_rate_scalar(const int16_t* levels, int log2_size);

}  // namespace tc
