// Sign data hiding of the accelerated P-picture coding (accel/inter_coding.h), one 4x4
// sub-block at a time, so that the CUDA kernel can give each sub-block a thread: the same
// decisions as transform/sign_data_hiding.h's apply_sign_data_hiding for the up-right diagonal
// scan (every inter block's, H.265 7.4.9.11), which the CPU mirror calls (a test compares the
// two on random blocks).
//
// H.265 7.3.8.11: in a sub-block whose first and last non-zero levels (in scan order) are more
// than 3 positions apart, the decoder infers the first level's sign from the parity of the sum
// of the magnitudes. Where the parity is wrong the encoder moves one level by +-1, the one whose
// move adds the least distortion by the quantiser's rounding error e (1/256 of a step; going up
// costs 256 - 2e, going down 256 + 2e), the higher scan position on a tie; no level may appear
// after the last one of the block's last coded sub-block, the first level may not vanish, and
// before it only a coefficient of the hidden sign may become the new first.
//
// Plain code without tables in host memory, so that device code can run it.
#pragma once
#include <cstdint>

#include "accel/host_device.h"

namespace tc {

constexpr int kSubBlockLevels = 16;

// The position of (x, y) in the up-right diagonal scan of a side x side array (H.265 6.5.3):
// anti-diagonals x + y = d in turn, each from its bottom-left element up to its top-right one.
TC_HOST_DEVICE inline int diagonal_scan_position(int x, int y, int side) {
    const int d = x + y;
    int before = 0;  // the elements of the diagonals before d
    for (int k = 0; k < d; k++) before += (k < side ? k : 2 * (side - 1) - k) + 1;
    const int first_x = d < side ? 0 : d - side + 1;
    return before + x - first_x;
}

// The quantiser's rounding error of one coefficient (transform/quantize.h's rounding_error: the
// error of the level before clipping, in 1/256 of a step) with the dead zone's rounding offset in
// 1/512 of a step (85 inter, 171 intra).
TC_HOST_DEVICE inline int32_t rounding_error(int32_t coefficient, int log2_size, int qp, int64_t scale,
                                             int rounding_offset) {
    const int qbits = 14 + qp / 6 + (15 - 8 - log2_size);
    const int64_t offset = int64_t{rounding_offset} << (qbits - 9);
    const int64_t scaled = (coefficient < 0 ? -int64_t{coefficient} : int64_t{coefficient}) * scale;
    const int64_t magnitude = (scaled + offset) >> qbits;
    return static_cast<int32_t>((scaled - (magnitude << qbits)) >> (qbits - 8));
}

// The inter quantiser's.
TC_HOST_DEVICE inline int32_t inter_rounding_error(int32_t coefficient, int log2_size, int qp, int64_t scale) {
    return rounding_error(coefficient, log2_size, qp, scale, 85);
}

// The hiding of one sub-block whose levels, coefficients and rounding errors are given in scan
// order (position n at [n]); `last_sub_block`: the block's last sub-block (in scan order) with
// a non-zero level. Changes at most one level; returns its scan position, or -1.
TC_HOST_DEVICE inline int hide_sign_in_sub_block(int32_t* level, const int32_t* coefficient, const int32_t* error,
                                                 bool last_sub_block) {
    unsigned nonzero = 0;
    int32_t odd = 0;  // |level| and level are odd together (two's complement)
    for (int n = 0; n < kSubBlockLevels; n++) {
        nonzero |= unsigned{level[n] != 0} << n;
        odd ^= level[n];
    }
    if (nonzero == 0) return -1;
    int first = 0, last = kSubBlockLevels - 1;
    while (((nonzero >> first) & 1) == 0) first++;
    while (((nonzero >> last) & 1) == 0) last--;
    if (last - first <= 3) return -1;
    const bool sign_negative = level[first] < 0;
    if (int32_t{sign_negative} == (odd & 1)) return -1;

    // Candidates ranked by (cost, then the higher position): cost * 16 + 15 - n, least first.
    constexpr int64_t kNone = (int64_t{0x7fffffff} << 4) + 0;
    int64_t best = kNone;
    const auto consider = [&best](int64_t cost, int n) {
        const int64_t rank = cost * 16 + (15 - n);
        if (rank < best) best = rank;
    };
    const int top = last_sub_block ? last : kSubBlockLevels - 1;
    for (int n = first + 1; n <= top; n++) {
        const int64_t e = error[n];
        const bool goes_down = ((nonzero >> n) & 1) != 0 && e <= 0;
        consider(goes_down ? e : -e, n);
    }
    const int64_t first_error = error[first];
    if (first_error > 0) {
        consider(-first_error, first);
    } else if (level[first] != 1 && level[first] != -1) {
        consider(first_error, first);
    }
    for (int n = 0; n < first; n++) {
        if ((coefficient[n] < 0) != sign_negative) continue;
        consider(-int64_t{error[n]}, n);
    }
    if (best >= kNone) return -1;
    const int n = 15 - static_cast<int>(best & 15);
    if (level[n] == 0) {
        level[n] = coefficient[n] < 0 ? -1 : 1;
    } else {
        int change = error[n] > 0 ? 1 : -1;
        if (level[n] == 32767 || level[n] == -32768) change = -1;
        level[n] += level[n] > 0 ? change : -change;
    }
    return n;
}

}  // namespace tc
