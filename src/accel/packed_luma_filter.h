// The 8-tap luma interpolation (block_luma_taps, H.265 8.5.3.3.3) on packed operands, as the
// CUDA kernels of bench/cuda/pending/packed_filter.patch compute their 16x16 predictions (the
// smoothing's, the area, split and intra decisions', the inter coding's luma and the block
// search's; waiting for a GPU machine to check them, with
// bench/cuda/pending/run_packed_filter.sh): four taps of a horizontal sum are one dp4a
// instruction (four unsigned samples of a 32-bit word against four signed taps), two taps of a
// vertical sum one dp2a (two signed 16-bit horizontal sums of a word against two taps). A
// thread then forms four horizontal sums from four words of a window row, or two vertical sums
// from five words of a column. The host versions compute the same integers one product at a
// time, so that the tests check the packing (tap order, byte and half order, row parity)
// against the scalar filter here, without a GPU.
//
// Layouts:
// - a window row: samples as bytes, little endian, sample i of the row at byte `lead` + i
//   (lead 0..3, the row's start in its first word);
// - the horizontal sums ("pairs"): word p of a column holds the column's rows 2p (low half)
//   and 2p + 1 (high half) as int16 (a horizontal sum of the luma filter is -6120..22440).
#pragma once
#include <cstdint>
#include <cstring>

#include "accel/block_search_steps.h"
#include "accel/host_device.h"

namespace tc {

// Four signed taps as the bytes of a word, the first in the low byte.
TC_HOST_DEVICE constexpr uint32_t pack_signed_bytes(int b0, int b1, int b2, int b3) {
    return (static_cast<uint32_t>(b0) & 0xffu) | ((static_cast<uint32_t>(b1) & 0xffu) << 8) |
           ((static_cast<uint32_t>(b2) & 0xffu) << 16) |
           ((static_cast<uint32_t>(b3) & 0xffu) << 24);
}

// The eight taps of a fraction: taps 0..3 in `low`, 4..7 in `high`.
struct PackedLumaTaps {
    uint32_t low = 0, high = 0;
};

// block_luma_taps(fraction) packed.
TC_HOST_DEVICE constexpr PackedLumaTaps pack_luma_taps(int fraction) {
    int taps[8] = {};
    block_luma_taps(fraction, taps);
    return PackedLumaTaps{pack_signed_bytes(taps[0], taps[1], taps[2], taps[3]),
                          pack_signed_bytes(taps[4], taps[5], taps[6], taps[7])};
}

// The packed taps of a fraction, made at compile time; fraction 0 is the sample itself with
// weight 1 (not block_luma_taps' 64): the predictions' rounding (packed_prediction_value) takes
// the bare sample and the one-dimensional sums as the scalar filter does.
TC_HOST_DEVICE inline PackedLumaTaps packed_luma_taps(int fraction) {
    constexpr PackedLumaTaps kIdentity{pack_signed_bytes(0, 0, 0, 1), 0};
    constexpr PackedLumaTaps kQuarter = pack_luma_taps(1);
    constexpr PackedLumaTaps kHalf = pack_luma_taps(2);
    constexpr PackedLumaTaps kThreeQuarters = pack_luma_taps(3);
    return fraction == 1   ? kQuarter
           : fraction == 2 ? kHalf
           : fraction == 3 ? kThreeQuarters
                           : kIdentity;
}

// accumulator + the four unsigned bytes of `samples` times the four signed bytes of `taps`.
TC_HOST_DEVICE inline int dot4_samples(uint32_t samples, uint32_t taps, int accumulator) {
#if defined(__CUDA_ARCH__)
    int result;
    asm("dp4a.u32.s32 %0, %1, %2, %3;" : "=r"(result) : "r"(samples), "r"(taps), "r"(accumulator));
    return result;
#else
    for (int i = 0; i < 4; i++) {
        accumulator += static_cast<int>((samples >> (8 * i)) & 0xffu) *
                       static_cast<int8_t>((taps >> (8 * i)) & 0xffu);
    }
    return accumulator;
#endif
}

// accumulator + the two signed halves of `pairs` times taps bytes 0 and 1 (kHigh: bytes 2 and 3).
template <bool kHigh>
TC_HOST_DEVICE inline int dot2_pairs(uint32_t pairs, uint32_t taps, int accumulator) {
#if defined(__CUDA_ARCH__)
    int result;
    if constexpr (kHigh) {
        asm("dp2a.hi.s32.s32 %0, %1, %2, %3;"
            : "=r"(result)
            : "r"(pairs), "r"(taps), "r"(accumulator));
    } else {
        asm("dp2a.lo.s32.s32 %0, %1, %2, %3;"
            : "=r"(result)
            : "r"(pairs), "r"(taps), "r"(accumulator));
    }
    return result;
#else
    const int first_tap = kHigh ? 2 : 0;
    for (int i = 0; i < 2; i++) {
        accumulator += static_cast<int16_t>((pairs >> (16 * i)) & 0xffffu) *
                       static_cast<int8_t>((taps >> (8 * (first_tap + i))) & 0xffu);
    }
    return accumulator;
#endif
}

// The word of bytes `bytes`..`bytes` + 3 of low, high (bytes 0..3).
TC_HOST_DEVICE inline uint32_t funnel_bytes(uint32_t low, uint32_t high, int bytes) {
#if defined(__CUDA_ARCH__)
    return __funnelshift_r(low, high, 8u * static_cast<unsigned>(bytes));
#else
    return static_cast<uint32_t>(((static_cast<uint64_t>(high) << 32) | low) >> (8 * bytes));
#endif
}

// Four horizontal sums: out[j] = sum over k of tap k times sample j + k, for the samples from
// byte `lead` (0..3) of words[0] on (words[0..3] hold bytes lead..lead + 10).
TC_HOST_DEVICE inline void horizontal_sums_4(const uint32_t* words, int lead, PackedLumaTaps taps,
                                             int* out) {
    const uint32_t w0 = words[0], w1 = words[1], w2 = words[2], w3 = words[3];
    const uint32_t a0 = funnel_bytes(w0, w1, lead), a1 = funnel_bytes(w1, w2, lead),
                   a2 = funnel_bytes(w2, w3, lead);
    TC_UNROLL
    for (int j = 0; j < 4; j++) {
        out[j] = dot4_samples(funnel_bytes(a1, a2, j), taps.high,
                              dot4_samples(funnel_bytes(a0, a1, j), taps.low, 0));
    }
}

// Two vertical sums of one column of pairs: `first_sum` = sum over k of tap k times row
// first + k, `second_sum` the same from row first + 1. `pairs` points at the word holding row
// `first` (word first >> 1), `stride` words apart a pair row; reads five words, rows
// (first & ~1)..(first & ~1) + 9, of which rows outside first..first + 8 weigh 0. `parity` is
// first & 1.
TC_HOST_DEVICE inline void vertical_sums_2(const uint32_t* pairs, int stride, int parity,
                                           PackedLumaTaps taps, int& first_sum, int& second_sum) {
    const uint32_t p0 = pairs[0], p1 = pairs[stride], p2 = pairs[2 * stride],
                   p3 = pairs[3 * stride], p4 = pairs[4 * stride];
    // From an even row: taps 0..7 on the pairs q0..q3 (p0..p3, or p1..p4 where first is odd).
    const uint32_t q0 = parity ? p1 : p0, q1 = parity ? p2 : p1, q2 = parity ? p3 : p2,
                   q3 = parity ? p4 : p3;
    const int even = dot2_pairs<true>(
        q3, taps.high,
        dot2_pairs<false>(q2, taps.high,
                          dot2_pairs<true>(q1, taps.low, dot2_pairs<false>(q0, taps.low, 0))));
    // From an odd row: the taps one byte later, (0, t0, t1, t2), (t3..t6), (t7, 0), on p0..p4.
    const uint32_t c = taps.low << 8, d = funnel_bytes(taps.low, taps.high, 3), e = taps.high >> 24;
    const int odd = dot2_pairs<false>(
        p4, e,
        dot2_pairs<true>(
            p3, d, dot2_pairs<false>(p2, d, dot2_pairs<true>(p1, c, dot2_pairs<false>(p0, c, 0)))));
    first_sum = parity ? odd : even;
    second_sum = parity ? even : odd;
}

// The predicted sample from its sum (uni_predicted_sample<8>'s rounding): the bare sample, a
// one-dimensional sum, or the vertical sum of horizontal sums.
TC_HOST_DEVICE inline uint8_t packed_prediction_value(int value, int fx, int fy) {
    if (fy != 0 && fx != 0) value >>= 6;
    if (fx != 0 || fy != 0) value = (value + 32) >> 6;
    return static_cast<uint8_t>(value < 0 ? 0 : value > 255 ? 255 : value);
}

// Samples x..x + 3 of row y of a plane (edges repeated) as a word, the first in the low byte.
// `aligned_rows`: the plane's rows start at multiples of four bytes (its width and address), so
// that a word inside the picture is one or two aligned loads.
TC_HOST_DEVICE inline uint32_t packed_plane_word(const uint8_t* plane, int width, int height, int x,
                                                 int y, bool aligned_rows) {
    const int lead = x & 3, aligned_x = x - lead;
    if (aligned_rows && y >= 0 && y < height && aligned_x >= 0 &&
        aligned_x + (lead != 0 ? 8 : 4) <= width) {
        const uint8_t* at = plane + static_cast<long>(y) * width + aligned_x;
#if defined(__CUDA_ARCH__)
        const uint32_t* words = reinterpret_cast<const uint32_t*>(at);
        return lead == 0 ? words[0] : funnel_bytes(words[0], words[1], lead);
#else
        uint32_t words[2] = {0, 0};
        std::memcpy(words, at, lead != 0 ? 8 : 4);
        return funnel_bytes(words[0], words[1], lead);
#endif
    }
    uint32_t word = 0;
    for (int k = 0; k < 4; k++)
        word |= static_cast<uint32_t>(edge_sample(plane, width, height, x + k, y)) << (8 * k);
    return word;
}

// Stores `value` as half `index` of the words (index 2p: word p's low half).
TC_HOST_DEVICE inline void store_pair_half(uint32_t* words, int index, int value) {
    const int16_t half = static_cast<int16_t>(value);
#if defined(__CUDA_ARCH__)
    reinterpret_cast<int16_t*>(words)[index] = half;
#else
    std::memcpy(reinterpret_cast<unsigned char*>(words) + 2 * index, &half, sizeof half);
#endif
}

// ---- a 16x16 block's prediction from its own window (predict_blocks, cuda/block_prediction.cuh)
// ---- The window: the 23 x 23 reference samples the prediction reads, from (x + (vx >> 2) - 3, y +
// (vy >> 2) - 3); a row in kPackedWindowRowWords words from the aligned sample at or left of its
// first, which is byte `lead` = (its x) & 3. The horizontal sums: 24 rows (the last 0, so that row
// pairs cover the 23) of 16 columns, as pairs.

constexpr int kPackedWindowSide = kBlockSearchSize + 7;  // 23
constexpr int kPackedWindowFilledWords = 7;              // lead + 23 samples <= 28 bytes
constexpr int kPackedWindowRowWords = 8;
constexpr int kPackedWindowWords = kPackedWindowSide * kPackedWindowRowWords;
constexpr int kPackedWindowItems = kPackedWindowSide * kPackedWindowFilledWords;  // a word each
constexpr int kPackedHorizontalRows = kPackedWindowSide + 1;
constexpr int kPackedHorizontalWords = kPackedHorizontalRows / 2 * kBlockSearchSize;
constexpr int kPackedHorizontalItems =
    kPackedHorizontalRows * kBlockSearchSize / 4;                              // four sums each
constexpr int kPackedVerticalItems = kBlockSearchSize / 2 * kBlockSearchSize;  // two samples each

// The first window sample of a block from (x, y) with vector (vx, vy) quarter samples.
TC_HOST_DEVICE inline int packed_window_x(int x, int vx) {
    return x + (vx >> 2) - 3;
}
TC_HOST_DEVICE inline int packed_window_y(int y, int vy) {
    return y + (vy >> 2) - 3;
}

// Window word `item` (row item / kPackedWindowFilledWords, word item % kPackedWindowFilledWords):
// its index in the window, and its value.
TC_HOST_DEVICE inline int packed_window_index(int item) {
    const int row = item / kPackedWindowFilledWords;
    return row * kPackedWindowRowWords + item - row * kPackedWindowFilledWords;
}
TC_HOST_DEVICE inline uint32_t packed_window_word(const uint8_t* plane, int width, int height,
                                                  int x, int y, int vx, int vy, int item,
                                                  bool aligned_rows) {
    const int row = item / kPackedWindowFilledWords, word = item - row * kPackedWindowFilledWords;
    const int first_x = packed_window_x(x, vx);
    return packed_plane_word(plane, width, height, (first_x & ~3) + 4 * word,
                             packed_window_y(y, vy) + row, aligned_rows);
}

// Horizontal item `item` (row item / 4, columns 4 (item % 4) on) of a window into `pairs`.
TC_HOST_DEVICE inline void packed_horizontal_item(const uint32_t* window, int x, int vx, int item,
                                                  uint32_t* pairs) {
    const int row = item >> 2, group = item & 3;
    int sums[4] = {0, 0, 0, 0};
    if (row < kPackedWindowSide) {
        horizontal_sums_4(window + row * kPackedWindowRowWords + group, packed_window_x(x, vx) & 3,
                          packed_luma_taps(vx & 3), sums);
    }
    TC_UNROLL
    for (int j = 0; j < 4; j++)
        store_pair_half(pairs, ((row >> 1) * kBlockSearchSize + 4 * group + j) * 2 + (row & 1),
                        sums[j]);
}

// Vertical item `item` (rows 2 (item / 16) and the next, column item % 16): two samples of the
// prediction (16x16, stride 16).
TC_HOST_DEVICE inline void packed_vertical_item(const uint32_t* pairs, int vx, int vy, int item,
                                                uint8_t* prediction) {
    const int pair_row = item >> 4, column = item & 15, fx = vx & 3, fy = vy & 3;
    int first = 0, second = 0;
    vertical_sums_2(pairs + pair_row * kBlockSearchSize + column, kBlockSearchSize, 0,
                    packed_luma_taps(fy), first, second);
    prediction[2 * pair_row * kBlockSearchSize + column] = packed_prediction_value(first, fx, fy);
    prediction[(2 * pair_row + 1) * kBlockSearchSize + column] =
        packed_prediction_value(second, fx, fy);
}

// ---- the block search's sub-sample steps (block_search_kernel.cu)
// -------------------------------- The block's search window (kBlockWindowSide square, stride
// kBlockWindowSide, read as words with one more word after its last), three columns of horizontal
// sums (one a horizontal offset of the 3x3 candidates) of kSubpelRows rows from the top row that
// the candidates read, and nine 16x16 predictions (block_predicted_sample's values).

constexpr int kSubpelRows = kBlockSearchSize + 8;  // the rows a step's candidates read
constexpr int kSubpelColumnWords = kSubpelRows / 2 * kBlockSearchSize;  // a column's pairs
constexpr int kSubpelHorizontalItems = 3 * kSubpelRows * kBlockSearchSize / 4;
constexpr int kSubpelVerticalItems = kBlockSubpelCandidates * kPackedVerticalItems;
constexpr int kBlockWindowWords = kBlockWindowSide * kBlockWindowSide / 4 + 1;
static_assert(kBlockWindowSide % 4 == 0, "window rows of whole words");

// The first window row a step of `step` quarter samples around (cx, cy) reads.
TC_HOST_DEVICE inline int subpel_top_row(int cy, int step) {
    return kBlockWindowMargin + ((cy - step) >> 2) - 3;
}

// Horizontal item `item`: column item / (4 kSubpelRows) (horizontal offset -step, 0, +step),
// its row (item / 4) % kSubpelRows from the top row, columns 4 (item % 4) on; 0 below the window.
TC_HOST_DEVICE inline void subpel_horizontal_item(const uint32_t* window_words, int cx, int cy,
                                                  int step, int item, uint32_t* columns) {
    constexpr int kColumnItems = kSubpelRows * kBlockSearchSize / 4;
    const int column = item / kColumnItems, rest = item - column * kColumnItems, row = rest >> 2,
              group = rest & 3;
    const int window_row = subpel_top_row(cy, step) + row;
    const int qx = cx + (column - 1) * step;
    const int first =
        kBlockWindowMargin - 3 + (qx >> 2);  // the window column of the row's first sample
    int sums[4] = {0, 0, 0, 0};
    if (window_row < kBlockWindowSide) {
        horizontal_sums_4(window_words + window_row * (kBlockWindowSide / 4) + (first >> 2) + group,
                          first & 3, packed_luma_taps(qx & 3), sums);
    }
    uint32_t* pairs = columns + column * kSubpelColumnWords;
    TC_UNROLL
    for (int j = 0; j < 4; j++)
        store_pair_half(pairs, ((row >> 1) * kBlockSearchSize + 4 * group + j) * 2 + (row & 1),
                        sums[j]);
}

// Vertical item `item`: candidate item / 128 (block_subpel_offset's index), its rows
// 2 ((item / 16) % 8) and the next, column item % 16, into predictions (16x16 a candidate).
TC_HOST_DEVICE inline void subpel_vertical_item(const uint32_t* columns, int cx, int cy, int step,
                                                int item, uint8_t* predictions) {
    const int index = item / kPackedVerticalItems, pair_row = (item >> 4) & 7, x = item & 15;
    int qx = 0, qy = 0;
    block_subpel_offset(index, step, cx, cy, qx, qy);
    const int first = kBlockWindowMargin - 3 + (qy >> 2) - subpel_top_row(cy, step) + 2 * pair_row;
    int first_sum = 0, second_sum = 0;
    vertical_sums_2(
        columns + (index % 3) * kSubpelColumnWords + (first >> 1) * kBlockSearchSize + x,
        kBlockSearchSize, first & 1, packed_luma_taps(qy & 3), first_sum, second_sum);
    uint8_t* prediction = predictions + index * kBlockSearchSize * kBlockSearchSize;
    prediction[2 * pair_row * kBlockSearchSize + x] =
        packed_prediction_value(first_sum, qx & 3, qy & 3);
    prediction[(2 * pair_row + 1) * kBlockSearchSize + x] =
        packed_prediction_value(second_sum, qx & 3, qy & 3);
}

}  // namespace tc
