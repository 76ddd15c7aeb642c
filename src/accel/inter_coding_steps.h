// The steps of the accelerated P-picture coding (accel/inter_coding.h), shared by the CPU
// mirror and the CUDA kernel so that both compute the same integers: the coding-unit layout
// of a 32x32 area, uni-prediction of one sample from the reference (H.265 8.5.3.3.3 and
// 8.5.3.3.4.2), one output of each pass of the forward transform (the project's, see
// transform/forward_transform.h) and of the inverse transform (H.265 8.6.4.2), and the
// quantiser and scaling of one coefficient (transform/quantize.h, H.265 8.6.3).
//
// Transform passes are written per output value, as the dot product of a line of values with
// a basis function of the 32-point DCT matrix (transform/transform_matrix.h, kDctMatrix[k][n]):
// the N-point matrix is its rows k * 32 / N restricted to columns 0..N-1. The caller says
// where that matrix lies (the host table, a copy in shared memory) and in which layout. A dot
// product in any order gives the same integer as the project's butterflies (no intermediate
// overflows: see the static_asserts in forward_transform.cpp and inverse_transform.cpp).
//
// Plain code without tables in host memory or library calls, so that device code can run it.
#pragma once
#include <cstdint>

#include "accel/block_search_steps.h"
#include "accel/host_device.h"
#include "accel/inter_coding.h"
#include "common/motion.h"

namespace tc {

// ---- coding-unit layout -------------------------------------------------------------------------

constexpr int kInterAreaLog2 = 5;  // the CU layout is decided per 32x32 area
constexpr int kInterAreaSize = 1 << kInterAreaLog2;
constexpr int kInterUnitsPerArea = kInterAreaSize / 8;  // 8x8 units along an area's side

struct InterCu {
    int x = 0, y = 0;  // luma position of the CU's top-left sample
    int log2_size = 0;
    Mv mv;
};

// The CU covering 8x8 unit (unit_x, unit_y) of a width x height picture (multiples of 8):
// the 32x32 area's CU when the area lies inside the picture and its four 16x16 block vectors
// (block_vectors: raster order over block_search_columns(width)) are equal; else, when the 16x16
// block lies inside, the block's CU, or four 8x8 CUs where unit_vectors (a vector per 8x8 unit,
// raster order over inter_unit_columns(width), or null: none) holds four vectors not all equal
// for the block's units (accel/cu_split_steps.h), each with its unit's vector; else the unit's
// own 8x8 CU with its block's vector.
TC_HOST_DEVICE inline InterCu inter_cu_of_unit(const Mv* block_vectors, const Mv* unit_vectors, int width,
                                               int height, int unit_x, int unit_y) {
    const int columns = block_search_columns(width);
    const int area_x = unit_x >> 2 << kInterAreaLog2, area_y = unit_y >> 2 << kInterAreaLog2;
    InterCu cu;
    if (area_x + kInterAreaSize <= width && area_y + kInterAreaSize <= height) {
        const Mv* top = block_vectors + (area_y >> 4) * columns + (area_x >> 4);
        const Mv* bottom = top + columns;
        if (top[0].x == top[1].x && top[0].y == top[1].y && top[0].x == bottom[0].x &&
            top[0].y == bottom[0].y && top[0].x == bottom[1].x && top[0].y == bottom[1].y) {
            cu.x = area_x;
            cu.y = area_y;
            cu.log2_size = kInterAreaLog2;
            cu.mv = top[0];
            return cu;
        }
    }
    const int block_x = unit_x >> 1 << 4, block_y = unit_y >> 1 << 4;
    cu.mv = block_vectors[(block_y >> 4) * columns + (block_x >> 4)];
    bool split = false;
    if (unit_vectors != nullptr && block_x + 16 <= width && block_y + 16 <= height) {
        const int unit_columns = inter_unit_columns(width);
        const Mv* top = unit_vectors + (block_y >> 3) * unit_columns + (block_x >> 3);
        const Mv* bottom = top + unit_columns;
        split = !(top[1] == top[0] && bottom[0] == top[0] && bottom[1] == top[0]);
        if (split) cu.mv = unit_vectors[unit_y * unit_columns + unit_x];
    }
    if (block_x + 16 <= width && block_y + 16 <= height && !split) {
        cu.x = block_x;
        cu.y = block_y;
        cu.log2_size = 4;
    } else {
        cu.x = unit_x << 3;
        cu.y = unit_y << 3;
        cu.log2_size = 3;
    }
    return cu;
}

// ---- uni-prediction (H.265 8.5.3.3.3 and 8.5.3.3.4.2, BitDepth 8) -------------------------------

// The chroma filter fC (H.265 8.5.3.3.3.2, Table 8-13) of one eighth-sample fraction into
// `taps`; fraction 0 the identity. Constants, not a table, as block_luma_taps.
TC_HOST_DEVICE inline void chroma_taps(int fraction, int* taps) {
    int t0 = 0, t1 = 64, t2 = 0, t3 = 0;
    switch (fraction) {
        case 1:
            t0 = -2, t1 = 58, t2 = 10, t3 = -2;
            break;
        case 2:
            t0 = -4, t1 = 54, t2 = 16, t3 = -2;
            break;
        case 3:
            t0 = -6, t1 = 46, t2 = 28, t3 = -4;
            break;
        case 4:
            t0 = -4, t1 = 36, t2 = 36, t3 = -4;
            break;
        case 5:
            t0 = -4, t1 = 28, t2 = 46, t3 = -6;
            break;
        case 6:
            t0 = -2, t1 = 16, t2 = 54, t3 = -4;
            break;
        case 7:
            t0 = -2, t1 = 10, t2 = 58, t3 = -2;
            break;
        default:
            break;
    }
    taps[0] = t0;
    taps[1] = t1;
    taps[2] = t2;
    taps[3] = t3;
}

// The uni-predicted sample at (x, y) of a width x height plane (tightly packed, rows of
// `width`) displaced by (mv_x, mv_y): luma (kTaps = 8, quarter samples, block_luma_taps) or
// chroma (kTaps = 4, eighth samples, chroma_taps). Reads outside the plane take its nearest edge
// sample (the spec's Clip3 of xInt and yInt). shift1 = 0 and shift2 = 6 as 8.5.3.3.3 has them for
// BitDepth 8 (shift3 = 6 for full samples), then the default weighting of 8.5.3.3.4.2:
// Clip1((predSample + 32) >> 6).
template <int kTaps>
TC_HOST_DEVICE inline uint8_t uni_predicted_sample(const uint8_t* plane, int width, int height,
                                                   int x, int y, int mv_x, int mv_y) {
    static_assert(kTaps == 8 || kTaps == 4);
    constexpr int kBefore = kTaps / 2 - 1;
    constexpr int kFractionBits = kTaps == 8 ? 2 : 3;
    constexpr int kFractionMask = (1 << kFractionBits) - 1;
    const int x_int = x + (mv_x >> kFractionBits), y_int = y + (mv_y >> kFractionBits);
    const int x_fraction = mv_x & kFractionMask, y_fraction = mv_y & kFractionMask;
    if (x_fraction == 0 && y_fraction == 0) return edge_sample(plane, width, height, x_int, y_int);
    int horizontal_taps[kTaps], vertical_taps[kTaps];
    if constexpr (kTaps == 8) {
        block_luma_taps(x_fraction, horizontal_taps);
        block_luma_taps(y_fraction, vertical_taps);
    } else {
        chroma_taps(x_fraction, horizontal_taps);
        chroma_taps(y_fraction, vertical_taps);
    }
    int columns[kTaps];  // the clipped xInt of every horizontal tap
    TC_UNROLL
    for (int j = 0; j < kTaps; j++) columns[j] = clamp_index(x_int - kBefore + j, width);
    int value = 0;
    if (y_fraction == 0) {
        const uint8_t* row = plane + static_cast<long>(clamp_index(y_int, height)) * width;
        TC_UNROLL
        for (int j = 0; j < kTaps; j++) value += horizontal_taps[j] * row[columns[j]];
    } else if (x_fraction == 0) {
        const int column = clamp_index(x_int, width);
        TC_UNROLL
        for (int k = 0; k < kTaps; k++) {
            value +=
                vertical_taps[k] *
                plane[static_cast<long>(clamp_index(y_int - kBefore + k, height)) * width + column];
        }
    } else {
        TC_UNROLL
        for (int k = 0; k < kTaps; k++) {
            const uint8_t* row =
                plane + static_cast<long>(clamp_index(y_int - kBefore + k, height)) * width;
            int horizontal = 0;
            TC_UNROLL
            for (int j = 0; j < kTaps; j++) horizontal += horizontal_taps[j] * row[columns[j]];
            value += vertical_taps[k] * horizontal;  // shift1 = 0: the horizontal sums as they are
        }
        value >>= 6;  // shift2
    }
    value = (value + 32) >> 6;
    return static_cast<uint8_t>(value < 0 ? 0 : value > 255 ? 255 : value);
}

// Luma (8.5.3.3.3.1): quarter-sample vector, 8 taps.
TC_HOST_DEVICE inline uint8_t predict_luma_sample(const uint8_t* plane, int width, int height,
                                                  int x, int y, Mv mv) {
    return uni_predicted_sample<8>(plane, width, height, x, y, mv.x, mv.y);
}

// Chroma (8.5.3.3.3.2) of 4:2:0: (x, y) in chroma samples; the luma vector is the chroma
// vector in eighth chroma samples (8.5.3.2.10), 4 taps.
TC_HOST_DEVICE inline uint8_t predict_chroma_sample(const uint8_t* plane, int width, int height,
                                                    int x, int y, Mv mv) {
    return uni_predicted_sample<4>(plane, width, height, x, y, mv.x, mv.y);
}

// ---- transforms ---------------------------------------------------------------------------------

// sum over i < n of basis[i * basis_step] * values[i * value_step]: one output of a 1-D pass.
// `basis` points at the first element of the basis function used.
template <typename Basis, typename Value>
TC_HOST_DEVICE inline int32_t transform_dot(const Basis* basis, int basis_step, const Value* values,
                                            int value_step, int n) {
    int32_t sum = 0;
    for (int i = 0; i < n; i++)
        sum += static_cast<int32_t>(basis[i * basis_step]) *
               static_cast<int32_t>(values[i * value_step]);
    return sum;
}

// Row k of the n-point DCT is row k * 32 / n of the 32-point matrix.
TC_HOST_DEVICE inline int dct_row(int k, int log2_size) {
    return k << (5 - log2_size);
}

// The four passes, one output each, for the coefficient or sample (u, v) of an n x n block
// (n = 1 << log2_size). `matrix` is the 32-point DCT matrix with rows matrix_stride elements
// apart; `line` the first value of the row (row passes) or column (column passes) of the
// block's values that the output needs, consecutive values line_step apart.
//
// The forward transform (forward_dct_NxN_scalar): rows first, rounded by log2_size - 1 bits,
// then columns, rounded by log2_size + 6 bits; t[v][u] = sum_i M[u][i] r[v][i],
// c[v][u] = sum_j M[v][j] t[j][u].
TC_HOST_DEVICE inline int32_t forward_round(int32_t sum, int shift) {
    return (sum + (1 << (shift - 1))) >> shift;
}
template <typename Matrix, typename Value>
TC_HOST_DEVICE inline int32_t forward_row_pass(const Matrix* matrix, int matrix_stride,
                                               const Value* line, int line_step, int u,
                                               int log2_size) {
    const int32_t sum = transform_dot(matrix + dct_row(u, log2_size) * matrix_stride, 1, line,
                                      line_step, 1 << log2_size);
    return forward_round(sum, log2_size - 1);
}
template <typename Matrix, typename Value>
TC_HOST_DEVICE inline int32_t forward_column_pass(const Matrix* matrix, int matrix_stride,
                                                  const Value* line, int line_step, int v,
                                                  int log2_size) {
    const int32_t sum = transform_dot(matrix + dct_row(v, log2_size) * matrix_stride, 1, line,
                                      line_step, 1 << log2_size);
    return forward_round(sum, log2_size + 6);
}

// The inverse transform (H.265 8.6.4.2 with BitDepth 8): columns first,
// g[v][u] = Clip3(coeffMin, coeffMax, (sum_j M[j][v] d[j][u] + 64) >> 7); then rows and 8.6.2's
// bdShift of 12: r[v][u] = (sum_k M[k][u] g[v][k] + (1 << 11)) >> 12.
template <typename Matrix, typename Value>
TC_HOST_DEVICE inline int32_t inverse_column_pass(const Matrix* matrix, int matrix_stride,
                                                  const Value* line, int line_step, int v,
                                                  int log2_size) {
    const int32_t sum = transform_dot(matrix + v, matrix_stride << (5 - log2_size), line, line_step,
                                      1 << log2_size);
    const int32_t g = (sum + 64) >> 7;
    return g < -32768 ? -32768 : g > 32767 ? 32767 : g;
}
template <typename Matrix, typename Value>
TC_HOST_DEVICE inline int32_t inverse_row_pass(const Matrix* matrix, int matrix_stride,
                                               const Value* line, int line_step, int u,
                                               int log2_size) {
    const int32_t sum = transform_dot(matrix + u, matrix_stride << (5 - log2_size), line, line_step,
                                      1 << log2_size);
    return (sum + (1 << 11)) >> 12;
}

// ---- quantisation and scaling -------------------------------------------------------------------

// kQuantScale and kLevelScale of transform/quantize.h as switches (device code has no host tables).
TC_HOST_DEVICE inline int64_t quant_scale(int qp_rem) {
    switch (qp_rem) {
        case 0:
            return 26214;
        case 1:
            return 23302;
        case 2:
            return 20560;
        case 3:
            return 18396;
        case 4:
            return 16384;
        default:
            return 14564;
    }
}
TC_HOST_DEVICE inline int64_t level_scale(int qp_rem) {
    switch (qp_rem) {
        case 0:
            return 40;
        case 1:
            return 45;
        case 2:
            return 51;
        case 3:
            return 57;
        case 4:
            return 64;
        default:
            return 72;
    }
}

TC_HOST_DEVICE inline int64_t clip_coefficient(int64_t value) {
    return value < -32768 ? -32768 : value > 32767 ? 32767 : value;
}

// quantize() of one coefficient with the dead zone's rounding offset in 1/512 of a step
// (transform/quantize.h: kInterRoundingOffset 85, kIntraRoundingOffset 171), level clipped to 16
// bits.
TC_HOST_DEVICE inline int32_t quantize_coefficient(int32_t coefficient, int log2_size, int qp, int rounding_offset) {
    const int qbits = 14 + qp / 6 + (15 - 8 - log2_size);
    const int64_t offset = int64_t{rounding_offset} << (qbits - 9);
    const int64_t magnitude =
        ((coefficient < 0 ? -int64_t{coefficient} : int64_t{coefficient}) * quant_scale(qp % 6) +
         offset) >>
        qbits;
    return static_cast<int32_t>(clip_coefficient(coefficient < 0 ? -magnitude : magnitude));
}

// quantize(..., is_intra = false) of one coefficient: the inter dead-zone quantiser.
TC_HOST_DEVICE inline int32_t quantize_inter_coefficient(int32_t coefficient, int log2_size,
                                                         int qp) {
    return quantize_coefficient(coefficient, log2_size, qp, 85);
}

// dequantize of one level (H.265 8.6.3, flat scaling m = 16, bdShift = log2_size + 3).
TC_HOST_DEVICE inline int32_t dequantize_coefficient(int32_t level, int log2_size, int qp) {
    const int shift = log2_size + 3;
    const int64_t factor = int64_t{16} * level_scale(qp % 6) << (qp / 6);
    return static_cast<int32_t>(
        clip_coefficient((level * factor + (int64_t{1} << (shift - 1))) >> shift));
}

// The bits of a vector signalled with its difference against `predictor` (AMVP): 2 (the merge flag
// and the predictor's index, about) plus block_mvd_bits of each component's difference.
TC_HOST_DEVICE inline int amvp_vector_bits(Mv mv, Mv predictor) {
    return 2 + block_mvd_bits(mv.x - predictor.x) + block_mvd_bits(mv.y - predictor.y);
}

// ---- smoothing the vector field ---------------------------------------------------------------
// The block search chooses each 16x16 block's vector alone; neighbours whose vectors differ by a
// quarter sample cost an mvd each and split the 32x32 areas. Before the coding, every 16x16 block
// inside the picture takes the cheapest of its own vector, those of its left, above, right and
// below neighbours, and its own a quarter sample left, right, up and down (a refinement against
// the reconstruction, which the search did not see; in that order of candidates, the first on a
// tie), costed as the SATD
// (block_tile_satd) of its prediction from the reconstructed reference plus sqrt(lambda) times
// the bits: 1 for a vector some neighbour has (a merge candidate, or one CU with it), else 2 plus
// the mvd bits against the left neighbour's vector (the above one's in the first column, none in
// the first block). kSmoothingPasses passes, so that a vector can spread and the quarter-sample
// steps add up (measured, BD-rate against x265 veryfast: foreman 29.9 / 26.9 / 25.1 % and
// driving_pan 22.9 / 19.9 / 18.3 % after 1 / 2 / 4 passes, the order before). Each pass in two
// halves, checkerboard (red-black) order: first the blocks with bx + by even, reading the field
// as the pass found it, then the odd ones, reading the field the first half left. A block's
// candidates and rate read only its own vector and its four neighbours' (of the other colour),
// so each half is parallel. Before (twenty-sixth session), all blocks of a pass read the field
// the pass before left: neighbours swapped their vectors back and forth, and 44 % of the blocks
// still moved in the fourth pass (the camera clip at 1080p; 4 % in this order), at 0.1-1.5
// BD-rate points more (docs/BENCHMARKS.md).

constexpr int kSmoothingPasses = 4;      // each of two halves (smoothing_block_in_half)
constexpr int kSmoothingNeighbours = 5;  // own, left, above, right, below
constexpr int kSmoothingCandidates =
    9;  // and the own vector a quarter sample left, right, up, down

TC_HOST_DEVICE inline bool smoothing_candidate_present(int columns, int rows, int bx, int by,
                                                       int k) {
    return k == 0 || (k == 1 && bx > 0) || (k == 2 && by > 0) || (k == 3 && bx + 1 < columns) ||
           (k == 4 && by + 1 < rows) || k >= kSmoothingNeighbours;
}

// Candidate k of block (bx, by) of a columns x rows field: own, left, above, right, below (the
// own vector where the neighbour is missing).
TC_HOST_DEVICE inline Mv smoothing_candidate(const Mv* vectors, int columns, int rows, int bx,
                                             int by, int k) {
    if (k >= kSmoothingNeighbours) {
        const Mv own = vectors[by * columns + bx];
        const int step = k - kSmoothingNeighbours;
        return Mv{static_cast<int16_t>(own.x + (step == 0   ? -1
                                                : step == 1 ? 1
                                                            : 0)),
                  static_cast<int16_t>(own.y + (step == 2   ? -1
                                                : step == 3 ? 1
                                                            : 0))};
    }
    if (!smoothing_candidate_present(columns, rows, bx, by, k)) k = 0;
    const int dx = k == 1 ? -1 : k == 3 ? 1 : 0, dy = k == 2 ? -1 : k == 4 ? 1 : 0;
    return vectors[(by + dy) * columns + bx + dx];
}

// Whether block (bx, by) is smoothed: it lies wholly inside the picture.
TC_HOST_DEVICE inline bool smoothing_block_inside(int width, int height, int bx, int by) {
    return (bx + 1) * kBlockSearchSize <= width && (by + 1) * kBlockSearchSize <= height;
}

// Whether half `half` (0 or 1) of a smoothing pass decides block (bx, by).
TC_HOST_DEVICE inline bool smoothing_block_in_half(int bx, int by, int half) { return ((bx + by) & 1) == half; }

// Whether a later pass leaves block (bx, by) of a columns x rows field as it is: neither its
// vector nor its four neighbours' changed since its last decision. `moved` holds a flag a block,
// set where its last decision changed its vector (clear for the blocks the smoothing leaves); the
// neighbours' last decisions, in the other half, came after the block's. Its candidates, their
// SATDs (the cache) and their rates are then those of its last decision, so it would decide the
// same: an exact saving, not an approximation.
TC_HOST_DEVICE inline bool smoothing_block_settled(const uint8_t* moved, int columns, int rows, int bx, int by) {
    const int index = by * columns + bx;
    return moved[index] == 0 && (bx == 0 || moved[index - 1] == 0) && (by == 0 || moved[index - columns] == 0) &&
           (bx + 1 >= columns || moved[index + 1] == 0) && (by + 1 >= rows || moved[index + columns] == 0);
}

// The rate term of `candidate` for block (bx, by), sqrt(lambda) in 1/256.
TC_HOST_DEVICE inline uint32_t smoothing_rate(const Mv* vectors, int columns, int rows, int bx,
                                              int by, Mv candidate, int sqrt_lambda_q8) {
    bool shared = false;
    for (int k = 1; k < kSmoothingNeighbours; k++) {
        shared = shared || (smoothing_candidate_present(columns, rows, bx, by, k) &&
                            smoothing_candidate(vectors, columns, rows, bx, by, k) == candidate);
    }
    int bits = 1;
    if (!shared) {
        const Mv predictor = smoothing_candidate(vectors, columns, rows, bx, by, bx > 0 ? 1 : 2);
        bits = amvp_vector_bits(candidate, predictor);
    }
    return static_cast<uint32_t>((sqrt_lambda_q8 * bits + 128) >> 8);
}

// ---- coding-unit sizes by cost ------------------------------------------------------------------
// The smoothing leaves neighbouring blocks with vectors a quarter sample apart where the SATD
// prefers them, and the coding-unit layout (inter_cu_of_unit) makes a 32x32 CU only where four
// vectors are equal: smooth pictures (a 4K camera picture) came out as 16x16 CUs, each with
// its own vector, at about 1.5x the bits of the CPU path. After the smoothing, two steps, each
// reading the field the step before left (all areas at once):
// - every 32x32 area inside the picture (2x2 blocks) takes one of its four block vectors for all
//   four blocks where that costs less than keeping them. Keeping costs the four blocks' SATDs with
//   their own vectors plus each block's cu_vector_rate as a CU of its own, plus three more coding
//   units (kCuSplitBits each, sqrt(lambda) a bit); one vector costs the four SATDs with it plus its
//   cu_vector_rate as the area's CU;
// - every 64x64 area inside the picture whose four 32x32 areas each have one vector takes one of
//   those four vectors for its sixteen blocks where that costs less than the four 32x32 areas'
//   costs (as the first step chose) plus three more coding units.
// The smallest cost wins; on a tie keeping, then the first candidate. The coding then lays out
// 32x32 CUs, and the signalling makes 64x64 CUs of four equal 32x32 ones.
// The rate is the merge candidates' (cu_vector_rate), not the smoothing's, which counts a vector
// of any of the four neighbours as shared: for an area those are mostly its own quarters, so
// every candidate cost 1 bit (until the twenty-eighth session). On the 4K camera clip BD-rate
// -2.1 % (PSNR-Y; A1's and B1's vectors among the candidates too: -2.3 % for half as many
// predictions again, left; docs/BENCHMARKS.md).

constexpr int kCuSplitBits = 4;       // the bits a coding unit more costs (split flag, skip or merge)
constexpr int kAreaCandidates = 4;    // the vectors of the area's four quarters

// Whether the area of side_blocks x side_blocks 16x16 blocks from block (bx, by) lies inside
// the picture.
TC_HOST_DEVICE inline bool area_inside(int width, int height, int bx, int by, int side_blocks) {
    return (bx + side_blocks) * kBlockSearchSize <= width && (by + side_blocks) * kBlockSearchSize <= height;
}

// The first block of quarter k (0..3, raster order) of the area from (bx, by): its candidate.
TC_HOST_DEVICE inline void area_quarter_block(int bx, int by, int side_blocks, int k, int& qx, int& qy) {
    qx = bx + (k & 1) * (side_blocks / 2);
    qy = by + (k >> 1) * (side_blocks / 2);
}

// Whether every block of the area has the vector of its first block.
TC_HOST_DEVICE inline bool area_has_one_vector(const Mv* field, int columns, int bx, int by, int side_blocks) {
    const Mv first = field[by * columns + bx];
    for (int j = 0; j < side_blocks; j++) {
        for (int i = 0; i < side_blocks; i++) {
            if (!(field[(by + j) * columns + bx + i] == first)) return false;
        }
    }
    return true;
}

// The rate term of `candidate` for a CU of side_blocks x side_blocks 16x16 blocks from block
// (bx, by), sqrt(lambda) in 1/256: 1 bit where it equals the vector of the block left of its
// bottom-left block or above its top-right block (its first two merge candidates, A1 and B1,
// H.265 8.5.3.2.3, at 16x16 granularity), else 2 plus the mvd bits against A1's vector (B1's
// where A1 is outside the picture, none where both are).
TC_HOST_DEVICE inline uint32_t cu_vector_rate(const Mv* field, int columns, int bx, int by, int side_blocks,
                                              Mv candidate, int sqrt_lambda_q8) {
    const bool has_a1 = bx > 0, has_b1 = by > 0;
    const Mv a1 = has_a1 ? field[(by + side_blocks - 1) * columns + bx - 1] : Mv{};
    const Mv b1 = has_b1 ? field[(by - 1) * columns + bx + side_blocks - 1] : Mv{};
    int bits = 1;
    if (!((has_a1 && a1 == candidate) || (has_b1 && b1 == candidate))) {
        const Mv predictor = has_a1 ? a1 : has_b1 ? b1 : candidate;
        bits = amvp_vector_bits(candidate, predictor);
    }
    return static_cast<uint32_t>((sqrt_lambda_q8 * bits + 128) >> 8);
}

// The three more coding units of keeping an area's quarters apart, in SATD units.
TC_HOST_DEVICE inline uint32_t area_split_cost(int sqrt_lambda_q8) {
    return static_cast<uint32_t>((sqrt_lambda_q8 * 3 * kCuSplitBits + 128) >> 8);
}

// Index of the 32x32 area of block (bx, by) in the per-area costs of a picture of `columns`
// blocks.
TC_HOST_DEVICE inline int area_cost_index(int columns, int bx, int by) {
    return (by >> 1) * ((columns + 1) >> 1) + (bx >> 1);
}

constexpr int kMaxAreaBlocks = 16;  // the blocks of a 64x64 area

// The area's candidates (the vectors of its quarters' first blocks) into `candidates`, and for
// each the index of the first candidate equal to it into `first_equal` (its own where none is);
// whether every quarter has one vector (the 64x64 step's condition; always true for side 2).
TC_HOST_DEVICE inline bool area_candidates(const Mv* field, int columns, int bx, int by, int side_blocks,
                                           Mv* candidates, int* first_equal) {
    bool quarters_one = true;
    for (int k = 0; k < kAreaCandidates; k++) {
        int qx = 0, qy = 0;
        area_quarter_block(bx, by, side_blocks, k, qx, qy);
        candidates[k] = field[qy * columns + qx];
        first_equal[k] = k;
        for (int j = k - 1; j >= 0; j--) {
            if (candidates[j] == candidates[k]) first_equal[k] = j;
        }
        if (side_blocks > 2) quarters_one = quarters_one && area_has_one_vector(field, columns, qx, qy, 2);
    }
    return quarters_one;
}

// The decision of one area given the SATD of every block (raster order in the area) with every
// distinct candidate k at satd[k * kMaxAreaBlocks + block]: -1 keeps the quarters apart, else the
// candidate the whole area takes; `chosen_cost` receives the cost of what was chosen (the 32x32
// areas' go to the 64x64 step through `area_costs`, which that step reads).
TC_HOST_DEVICE inline int decide_area(const Mv* field, int columns, int bx, int by, int side_blocks,
                                      const Mv* candidates, const int* first_equal, const uint32_t* satd,
                                      const uint64_t* area_costs, int sqrt_lambda_q8, uint64_t& chosen_cost) {
    const int blocks = side_blocks * side_blocks;
    uint64_t keep = area_split_cost(sqrt_lambda_q8);
    for (int k = 0; k < kAreaCandidates; k++) {
        int qx = 0, qy = 0;
        area_quarter_block(bx, by, side_blocks, k, qx, qy);
        if (side_blocks == 2) {
            // Quarter k is block k, with its own vector.
            keep += satd[first_equal[k] * kMaxAreaBlocks + k] +
                    cu_vector_rate(field, columns, qx, qy, 1, candidates[k], sqrt_lambda_q8);
        } else {
            keep += area_costs[area_cost_index(columns, qx, qy)];
        }
    }
    int choice = -1;
    chosen_cost = keep;
    for (int k = 0; k < kAreaCandidates; k++) {
        if (first_equal[k] != k) continue;
        uint64_t cost = cu_vector_rate(field, columns, bx, by, side_blocks, candidates[k], sqrt_lambda_q8);
        for (int b = 0; b < blocks; b++) cost += satd[k * kMaxAreaBlocks + b];
        if (cost < chosen_cost) {
            chosen_cost = cost;
            choice = k;
        }
    }
    return choice;
}

// ---- the residual decisions --------------------------------------------------------------------
// Levels stay only where they pay for themselves: the squared error they remove must exceed
// lambda (SSE per bit) times kResidualBitsWeightQ8 / 256 times an estimate of their bits. Two
// decisions, the first on each 4x4 sub-block of a transform block after the quantiser (before
// the sign hiding), the second on the whole block after the reconstruction: a block that fails
// is coded without residual (its reconstruction is the prediction) and its cbf bit cleared.
// The estimate: per non-zero level 4 + 2 * floor(log2 |level|) (significance, greater-than-1,
// sign, remainder); per sub-block kSubBlockOverheadBits more (its flag, the significance of its
// zeros); per block 2 * log2_size + 2 (cbf, last position, sub-block flags).
// The weight and the sub-block decision were measured on the CPU mirror against x265 veryfast
// (docs/BENCHMARKS.md, twenty-sixth session): the bits weighted 1.6 and 4 bits a sub-block
// moved the BD-rate 2.5 to 3.3 points, where either alone moved it about 1 point.
// Chroma's decisions take half the lambda (component_lambda_q8): at the luma lambda most chroma
// blocks lost their residual, and the chroma came out about 2 dB below x265 veryfast's and the
// CPU path's (bikes, QP 32, at more bits). Half: BD-rate on PSNR-YUV 1.5-4.4 points better, on
// PSNR-Y 0.7-2.0 points worse (five clips, ultrafast and superfast; docs/BENCHMARKS.md,
// twenty-seventh session).
constexpr int kResidualBitsWeightQ8 = 410;  // 1.6
constexpr int kSubBlockOverheadBits = 4;
constexpr int kChromaLambdaShift = 1;

// The lambda of component c's residual decisions.
TC_HOST_DEVICE inline int64_t component_lambda_q8(int64_t lambda_q8, int c) {
    return c == 0 ? lambda_q8 : lambda_q8 >> kChromaLambdaShift;
}

TC_HOST_DEVICE inline int level_rate_bits(int32_t level) {
    unsigned magnitude = static_cast<unsigned>(level < 0 ? -level : level);
    if (magnitude == 0) return 0;
    int bits = 4;
    while (magnitude > 1) {
        magnitude >>= 1;
        bits += 2;
    }
    return bits;
}

// Whether a block whose levels cost `level_bits` (sum of level_rate_bits) keeps them:
// sse_without (source against prediction) - sse_with (against the reconstruction) >
// lambda * weight * bits, with lambda in 1/256 (lambda_q8 0: every block with levels keeps them).
TC_HOST_DEVICE inline bool residual_pays(uint64_t sse_without, uint64_t sse_with, int level_bits,
                                         int log2_size, int64_t lambda_q8) {
    if (lambda_q8 <= 0) return true;
    const int64_t gain = static_cast<int64_t>(sse_without) - static_cast<int64_t>(sse_with);
    return gain * 256 * 256 > lambda_q8 * kResidualBitsWeightQ8 * (level_bits + 2 * log2_size + 2);
}

// Whether the 16 levels of one 4x4 sub-block of a transform block of 1 << log2_size samples a
// side (any order, with their coefficients in the same order) keep them. The squared error they
// remove is taken in the transform domain, where the forward transform's output at BitDepth 8 is
// 2^(7 - log2_size) times an orthonormal one's: sum over the non-zero levels of c^2 - (c - d)^2
// (c the coefficient, d the level scaled back, dequantize_coefficient), divided by
// 2^(2 (7 - log2_size)). lambda_q8 0: every sub-block keeps its levels.
TC_HOST_DEVICE inline bool sub_block_pays(const int32_t* level, const int32_t* coefficient, int log2_size, int qp,
                                          int64_t lambda_q8) {
    if (lambda_q8 <= 0) return true;
    int64_t gain = 0;
    int bits = kSubBlockOverheadBits;
    for (int n = 0; n < 16; n++) {
        if (level[n] == 0) continue;
        const int64_t c = coefficient[n];
        const int64_t error = c - dequantize_coefficient(level[n], log2_size, qp);
        gain += c * c - error * error;
        bits += level_rate_bits(level[n]);
    }
    return gain * 256 * 256 > (lambda_q8 * kResidualBitsWeightQ8 * bits) << (2 * (7 - log2_size));
}

// Clip1 of prediction + residual.
TC_HOST_DEVICE inline uint8_t reconstructed_sample(int prediction, int residual) {
    const int value = prediction + residual;
    return static_cast<uint8_t>(value < 0 ? 0 : value > 255 ? 255 : value);
}

}  // namespace tc
