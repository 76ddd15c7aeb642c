#include "accel/inter_coding_steps.h"
#include "accel/sign_hiding_steps.h"
#include "cuda/inter_coding_kernel.cuh"
#include "cuda/block_prediction.cuh"
#include "cuda/tile_satd.cuh"

namespace tc::cuda {

namespace {

constexpr int kThreads = 256;
// The area's samples in shared memory as one array of 48 rows of 32: rows 0..31 the luma,
// rows 32..47 the chroma with Cb in columns 0..15 and Cr in columns 16..31. A warp works on
// one row at a time, so that the row passes read one or a few broadcast values and the
// column passes consecutive ones.
constexpr int kColumns = kInterAreaSize;
constexpr int kRows = kInterAreaSize + kInterAreaSize / 2;
constexpr int kSamples = kRows * kColumns;
constexpr int kRowsPerPass = kThreads / kColumns;
// The DCT matrix as int32 with rows of 33: a warp that reads one column of it (k varying,
// the forward row pass) and one that reads one row (n varying, the inverse row pass) both
// hit 32 different banks.
constexpr int kMatrixStride = 33;
constexpr int kUnits = kInterUnitsPerArea * kInterUnitsPerArea;
// The 4x4 sub-blocks of the area array: 64 of luma, then 16 of Cb and 16 of Cr.
constexpr int kSubBlocks = kSamples / 16;
static_assert(kSubBlocks == 96 && kSubBlocks <= kThreads);
// The luma blocks predicted at a time (predict_blocks): the four quarters of an area of 16x16 or
// larger CUs in one round.
constexpr int kLumaRound = 4;

// One sample of the area array: its component, its position in the component's plane, and the
// transform block it belongs to (in area-array coordinates).
struct AreaSample {
    int component = 0;
    int x = 0, y = 0;      // in the component's plane
    int unit = 0;          // the 8x8 luma unit (0..15) covering it
    int log2_size = 0;     // of its transform block; 0 outside the picture
    int block_column = 0;  // the transform block's first column and row in the area array
    int block_row = 0;
    int u = 0, v = 0;  // the sample's position in its transform block
};

// A plain aggregate (Mv has default member initializers, which __shared__ variables may not).
struct AreaCu {
    int x, y, log2_size;  // log2_size 0: the unit lies outside the picture
    int16_t mv_x, mv_y;
};

__device__ AreaSample area_sample(int row, int column, int area_x, int area_y, const AreaCu* cus) {
    AreaSample s;
    int local_x = column, local_y = row, shift = 0;
    if (row >= kInterAreaSize) {
        s.component = column < kInterAreaSize / 2 ? 1 : 2;
        local_x = column & (kInterAreaSize / 2 - 1);
        local_y = row - kInterAreaSize;
        shift = 1;
    }
    s.unit = (local_y >> (3 - shift)) * kInterUnitsPerArea + (local_x >> (3 - shift));
    s.x = (area_x >> shift) + local_x;
    s.y = (area_y >> shift) + local_y;
    const AreaCu& cu = cus[s.unit];
    if (cu.log2_size == 0) return s;
    s.log2_size = cu.log2_size - shift;
    const int block_x = (cu.x - area_x) >> shift, block_y = (cu.y - area_y) >> shift;
    s.u = local_x - block_x;
    s.v = local_y - block_y;
    s.block_column = column - s.u;
    s.block_row = row - s.v;
    return s;
}

// The first row and column in the area array of 4x4 sub-block g (0..kSubBlocks - 1): 64 of
// luma in raster order, then 16 of Cb and 16 of Cr.
struct SubBlockOrigin {
    int row, column;
};
__device__ SubBlockOrigin sub_block_origin(int g) {
    constexpr int kLuma = kSubBlocks * 2 / 3;
    if (g < kLuma) return SubBlockOrigin{(g >> 3) * 4, (g & 7) * 4};
    g -= kLuma;
    return SubBlockOrigin{kInterAreaSize + ((g & 15) >> 2) * 4, (g >> 4) * (kInterAreaSize / 2) + (g & 3) * 4};
}

__global__ void __launch_bounds__(kThreads) inter_coding_kernel(InterCodingKernelArguments a) {
    __shared__ int32_t matrix[kInterAreaSize * kMatrixStride];
    __shared__ int32_t values[kSamples];  // residual, then coefficients, then scaled coefficients
    __shared__ int32_t intermediate[kSamples];  // after the first pass of each transform
    __shared__ uint8_t prediction[kSamples];
    __shared__ AreaCu cus[kUnits];
    __shared__ unsigned cbf[kUnits];  // per unit: the cbf bits of the CU whose top-left unit it is
    // Per (unit, component) of a CU's top-left unit: the residual decision's level bits and the
    // squared errors of the prediction and of the reconstruction with the levels.
    __shared__ int level_bits[kUnits * 3];
    __shared__ unsigned long long sse_without[kUnits * 3], sse_with[kUnits * 3];
    __shared__ uint8_t reconstructed[kSamples];
    __shared__ int32_t levels[kSamples];
    // Per (unit, component) of a CU's top-left unit: the diagonal scan position of its transform
    // block's last sub-block with a non-zero level (with sign hiding).
    __shared__ int last_sub_block[kUnits * 3];
    // The luma predictions: the blocks to predict, each unit's block and its first sample there.
    __shared__ PredictedBlock luma_blocks[kUnits];
    __shared__ int luma_block_count;
    __shared__ uint8_t unit_block[kUnits], unit_offset[kUnits];
    __shared__ uint32_t luma_windows[kLumaRound][kPackedWindowWords];
    __shared__ uint32_t luma_horizontal[kLumaRound][kPackedHorizontalWords];
    __shared__ uint8_t luma_predictions[kLumaRound][kPredictedSamples];

    const int t = static_cast<int>(threadIdx.x);
    const int area_x = static_cast<int>(blockIdx.x) * kInterAreaSize;
    const int area_y = static_cast<int>(blockIdx.y) * kInterAreaSize;
    for (int i = t; i < kInterAreaSize * kInterAreaSize; i += kThreads) {
        matrix[(i >> 5) * kMatrixStride + (i & 31)] = a.dct_matrix[i];
    }
    if (t < kUnits) {
        const int unit_x = (area_x >> kInterUnitLog2) + (t & 3),
                  unit_y = (area_y >> kInterUnitLog2) + (t >> 2);
        AreaCu cu{0, 0, 0, 0, 0};
        if (unit_x << kInterUnitLog2 < a.width && unit_y << kInterUnitLog2 < a.height) {
            const InterCu c = inter_cu_of_unit(a.block_vectors, a.unit_vectors, a.width, a.height, unit_x, unit_y);
            cu = AreaCu{c.x, c.y, c.log2_size, c.mv.x, c.mv.y};
        }
        cus[t] = cu;
        cbf[t] = 0;
    }
    if (t < kUnits * 3) {
        last_sub_block[t] = -1;
        level_bits[t] = 0;
        sse_without[t] = 0;
        sse_with[t] = 0;
    }
    __syncthreads();

    const int column = t % kColumns;
    const int first_row = t / kColumns;
    const auto plane_width = [&](int c) { return c == 0 ? a.width : a.width >> 1; };

    // Prediction and residual. Luma by predict_blocks: a 16x16 block a quarter of the area whose
    // CU is 16x16 or larger, a 16x16 block from each 8x8 CU's corner (its first 8x8 used),
    // kLumaRound blocks at a time. (A thread per sample with its 64 taps from global memory
    // until the thirty-third session.) Chroma a thread per sample.
    if (t == 0) {
        int count = 0;
        for (int quarter = 0; quarter < 4; quarter++) {
            const int first_unit = (quarter >> 1) * 2 * kInterUnitsPerArea + (quarter & 1) * 2;
            if (cus[first_unit].log2_size == 0) continue;
            const bool whole = cus[first_unit].log2_size > kInterUnitLog2;
            for (int k = 0; k < (whole ? 1 : 4); k++) {
                const int unit = first_unit + (k >> 1) * kInterUnitsPerArea + (k & 1);
                if (cus[unit].log2_size == 0) continue;
                const int x = area_x + (unit % kInterUnitsPerArea) * 8, y = area_y + (unit / kInterUnitsPerArea) * 8;
                luma_blocks[count] = PredictedBlock{x, y, cus[unit].mv_x, cus[unit].mv_y};
                for (int j = 0; j < (whole ? 4 : 1); j++) {
                    const int covered = whole ? first_unit + (j >> 1) * kInterUnitsPerArea + (j & 1) : unit;
                    unit_block[covered] = static_cast<uint8_t>(count);
                    unit_offset[covered] = static_cast<uint8_t>(whole ? (j & 1) * 8 + (j >> 1) * 8 * kBlockSearchSize : 0);
                }
                count++;
            }
        }
        luma_block_count = count;
    }
    for (int row = kInterAreaSize + first_row; row < kRows; row += kRowsPerPass) {
        const AreaSample s = area_sample(row, column, area_x, area_y, cus);
        if (s.log2_size == 0) continue;
        const int c = s.component;
        const uint8_t predicted = predict_chroma_sample(a.reference[c], a.width >> 1, a.height >> 1, s.x, s.y,
                                                        Mv{cus[s.unit].mv_x, cus[s.unit].mv_y});
        const int i = row * kColumns + column;
        prediction[i] = predicted;
        values[i] = a.source[c][static_cast<long>(s.y) * plane_width(c) + s.x] - predicted;
    }
    __syncthreads();
    for (int first_block = 0; first_block < luma_block_count; first_block += kLumaRound) {
        const int count = min(kLumaRound, luma_block_count - first_block);
        predict_blocks<kThreads>(a.reference[0], a.width, a.height, luma_blocks + first_block, count, luma_windows,
                                 luma_horizontal, luma_predictions);
        for (int row = first_row; row < kInterAreaSize; row += kRowsPerPass) {
            const AreaSample s = area_sample(row, column, area_x, area_y, cus);
            if (s.log2_size == 0) continue;
            const int block = unit_block[s.unit] - first_block;
            if (block < 0 || block >= count) continue;
            const uint8_t predicted =
                luma_predictions[block][unit_offset[s.unit] + (row & 7) * kBlockSearchSize + (column & 7)];
            const int i = row * kColumns + column;
            prediction[i] = predicted;
            values[i] = a.source[0][static_cast<long>(s.y) * a.width + s.x] - predicted;
        }
        __syncthreads();
    }

    // Forward transform, rows.
    for (int row = first_row; row < kRows; row += kRowsPerPass) {
        const AreaSample s = area_sample(row, column, area_x, area_y, cus);
        if (s.log2_size == 0) continue;
        intermediate[row * kColumns + column] = forward_row_pass(
            matrix, kMatrixStride, values + row * kColumns + s.block_column, 1, s.u, s.log2_size);
    }
    __syncthreads();

    // Forward transform, columns; quantisation: the coefficients (for the sign hiding) in
    // `values`, the levels in `levels`, and per transform block its last coded sub-block.
    for (int row = first_row; row < kRows; row += kRowsPerPass) {
        const AreaSample s = area_sample(row, column, area_x, area_y, cus);
        if (s.log2_size == 0) continue;
        const int32_t coefficient = forward_column_pass(
            matrix, kMatrixStride, intermediate + s.block_row * kColumns + column, kColumns, s.v,
            s.log2_size);
        const int c = s.component;
        const int qp = c == 0 ? a.parameters.qp : a.parameters.chroma_qp;
        const int32_t level = quantize_inter_coefficient(coefficient, s.log2_size, qp);
        const int i = row * kColumns + column;
        values[i] = coefficient;
        levels[i] = level;
    }
    __syncthreads();

    // The sub-block decision (sub_block_pays) and, for the sign hiding, every transform block's
    // last sub-block with levels left: a thread per 4x4 sub-block of the area array.
    if (t < kSubBlocks) {
        const SubBlockOrigin o = sub_block_origin(t);
        const AreaSample s = area_sample(o.row, o.column, area_x, area_y, cus);
        if (s.log2_size != 0) {
            const int c = s.component;
            const int qp = c == 0 ? a.parameters.qp : a.parameters.chroma_qp;
            int32_t level[kSubBlockLevels], coefficient[kSubBlockLevels];
            bool any = false;
            for (int n = 0; n < kSubBlockLevels; n++) {
                const int offset = (o.row + n / 4) * kColumns + o.column + n % 4;
                level[n] = levels[offset];
                coefficient[n] = values[offset];
                any |= level[n] != 0;
            }
            if (any && !sub_block_pays(level, coefficient, s.log2_size, qp,
                                       component_lambda_q8(a.parameters.lambda_q8, c))) {
                for (int n = 0; n < kSubBlockLevels; n++) levels[(o.row + n / 4) * kColumns + o.column + n % 4] = 0;
                any = false;
            }
            if (any && a.parameters.sign_hiding) {
                const AreaCu& cu = cus[s.unit];
                const int top_left = ((cu.y - area_y) >> 3) * kInterUnitsPerArea + ((cu.x - area_x) >> 3);
                atomicMax(&last_sub_block[top_left * 3 + c],
                          diagonal_scan_position(s.u >> 2, s.v >> 2, 1 << (s.log2_size - 2)));
            }
        }
    }
    __syncthreads();

    // Sign data hiding (accel/sign_hiding_steps.h): a thread per 4x4 sub-block.
    if (a.parameters.sign_hiding && t < kSubBlocks) {
        const SubBlockOrigin o = sub_block_origin(t);
        const int row0 = o.row, column0 = o.column;
        const AreaSample s = area_sample(row0, column0, area_x, area_y, cus);
        if (s.log2_size != 0) {
            const AreaCu& cu = cus[s.unit];
            const int top_left = ((cu.y - area_y) >> 3) * kInterUnitsPerArea + ((cu.x - area_x) >> 3);
            const int c = s.component;
            const int qp = c == 0 ? a.parameters.qp : a.parameters.chroma_qp;
            const int64_t scale = quant_scale(qp % 6);
            int32_t level[kSubBlockLevels], coefficient[kSubBlockLevels], error[kSubBlockLevels];
            int offset[kSubBlockLevels];
            for (int y = 0; y < 4; y++) {
                for (int x = 0; x < 4; x++) {
                    const int n = diagonal_scan_position(x, y, 4);
                    offset[n] = (row0 + y) * kColumns + column0 + x;
                    level[n] = levels[offset[n]];
                    coefficient[n] = values[offset[n]];
                    error[n] = inter_rounding_error(coefficient[n], s.log2_size, qp, scale);
                }
            }
            const int position = diagonal_scan_position(s.u >> 2, s.v >> 2, 1 << (s.log2_size - 2));
            const int changed =
                hide_sign_in_sub_block(level, coefficient, error, position == last_sub_block[top_left * 3 + c]);
            if (changed >= 0) levels[offset[changed]] = level[changed];
        }
    }
    __syncthreads();

    // The levels out, scaling.
    for (int row = first_row; row < kRows; row += kRowsPerPass) {
        const AreaSample s = area_sample(row, column, area_x, area_y, cus);
        if (s.log2_size == 0) continue;
        const int c = s.component;
        const int qp = c == 0 ? a.parameters.qp : a.parameters.chroma_qp;
        const int32_t level = levels[row * kColumns + column];
        a.levels[c][static_cast<long>(s.y) * plane_width(c) + s.x] = static_cast<int16_t>(level);
        values[row * kColumns + column] = dequantize_coefficient(level, s.log2_size, qp);
        if (level != 0) {
            const AreaCu& cu = cus[s.unit];
            const int top_left =
                ((cu.y - area_y) >> 3) * kInterUnitsPerArea + ((cu.x - area_x) >> 3);
            atomicOr(&cbf[top_left], 1u << c);
            atomicAdd(&level_bits[top_left * 3 + c], level_rate_bits(level));
        }
    }
    __syncthreads();

    // Inverse transform, columns (blocks with non-zero levels only).
    for (int row = first_row; row < kRows; row += kRowsPerPass) {
        const AreaSample s = area_sample(row, column, area_x, area_y, cus);
        if (s.log2_size == 0) continue;
        const AreaCu& cu = cus[s.unit];
        if (((cbf[((cu.y - area_y) >> 3) * kInterUnitsPerArea + ((cu.x - area_x) >> 3)] >>
              s.component) &
             1) == 0) {
            continue;
        }
        intermediate[row * kColumns + column] =
            inverse_column_pass(matrix, kMatrixStride, values + s.block_row * kColumns + column,
                                kColumns, s.v, s.log2_size);
    }
    __syncthreads();

    // Inverse transform, rows; the reconstruction into shared memory, and per block row the
    // squared errors of prediction and reconstruction: summed over the lanes of each block
    // (a warp is one row of the area array; a block's lanes are an aligned run of 2^log2_size,
    // which the xor shuffles below never leave), then added by the block's first lane.
    for (int row = first_row; row < kRows; row += kRowsPerPass) {
        const AreaSample s = area_sample(row, column, area_x, area_y, cus);
        const int i = row * kColumns + column;
        unsigned long long error_without = 0, error_with = 0;
        int top_left = 0;
        bool coded = false;
        if (s.log2_size != 0) {
            const AreaCu& cu = cus[s.unit];
            const int c = s.component;
            top_left = ((cu.y - area_y) >> 3) * kInterUnitsPerArea + ((cu.x - area_x) >> 3);
            coded = (cbf[top_left] >> c) & 1;
            uint8_t sample = prediction[i];
            if (coded) {
                sample = reconstructed_sample(
                    sample, inverse_row_pass(matrix, kMatrixStride,
                                             intermediate + row * kColumns + s.block_column, 1, s.u,
                                             s.log2_size));
                const int source = a.source[c][static_cast<long>(s.y) * plane_width(c) + s.x];
                const int without = source - prediction[i], with = source - sample;
                error_without = static_cast<unsigned long long>(without * without);
                error_with = static_cast<unsigned long long>(with * with);
            }
            reconstructed[i] = sample;
        }
        const int run = s.log2_size != 0 ? 1 << s.log2_size : 1;
        for (int offset = 1; offset < kColumns; offset <<= 1) {
            const unsigned long long other_without =
                __shfl_xor_sync(0xffffffffu, error_without, offset);
            const unsigned long long other_with = __shfl_xor_sync(0xffffffffu, error_with, offset);
            if (offset < run) {
                error_without += other_without;
                error_with += other_with;
            }
        }
        if (coded && s.u == 0) {
            atomicAdd(&sse_without[top_left * 3 + s.component], error_without);
            atomicAdd(&sse_with[top_left * 3 + s.component], error_with);
        }
    }
    __syncthreads();

    // The residual decision of every coded block (residual_pays), on its CU's top-left unit.
    if (t < kUnits * 3) {
        const int unit = t / 3, c = t % 3;
        const AreaCu& cu = cus[unit];
        if (cu.log2_size != 0 && ((cbf[unit] >> c) & 1) &&
            !residual_pays(sse_without[t], sse_with[t], level_bits[t],
                           cu.log2_size - (c == 0 ? 0 : 1), component_lambda_q8(a.parameters.lambda_q8, c))) {
            atomicAnd(&cbf[unit], ~(1u << c));
        }
    }
    __syncthreads();

    // The decision of every unit.
    if (t < kUnits && cus[t].log2_size != 0) {
        const AreaCu& cu = cus[t];
        InterCodedUnit unit;
        unit.mv = Mv{cu.mv_x, cu.mv_y};
        unit.cu_log2 = static_cast<uint8_t>(cu.log2_size);
        unit.cbf = static_cast<uint8_t>(
            cbf[((cu.y - area_y) >> 3) * kInterUnitsPerArea + ((cu.x - area_x) >> 3)]);
        const int unit_x = (area_x >> kInterUnitLog2) + (t & 3),
                  unit_y = (area_y >> kInterUnitLog2) + (t >> 2);
        a.units[static_cast<long>(unit_y) * inter_unit_columns(a.width) + unit_x] = unit;
    }

    // The reconstruction out: with the levels where the block kept them, else the prediction.
    for (int row = first_row; row < kRows; row += kRowsPerPass) {
        const AreaSample s = area_sample(row, column, area_x, area_y, cus);
        if (s.log2_size == 0) continue;
        const AreaCu& cu = cus[s.unit];
        const int c = s.component;
        const int i = row * kColumns + column;
        const bool coded =
            (cbf[((cu.y - area_y) >> 3) * kInterUnitsPerArea + ((cu.x - area_x) >> 3)] >> c) & 1;
        a.reconstruction[c][static_cast<long>(s.y) * plane_width(c) + s.x] =
            coded ? reconstructed[i] : prediction[i];
    }
}

// One thread block per 16x16 block. The first threads read the block's candidates (own and
// neighbours' vectors, smoothing_candidate) into shared memory once; a candidate equal to an
// earlier one costs the same and loses the tie, so only the first of equal candidates (the
// distinct ones) is costed, and of those only the ones the block's previous pass did not cost
// (its cache entries; after the first pass 60-80 % of them were, on the panned 1080p clip,
// crowd_run and driving_pan: the field settles). These are predicted together (predict_blocks,
// cuda/block_prediction.cuh: the 23x23 reference windows, then the two separable passes); a warp
// per candidate takes its
// four 8x8 tile SATDs (block_tile_satd), eight lanes a tile, a lane a row, the column butterflies
// across lanes; a thread per candidate adds its rate (smoothing_rate), and the first thread picks
// the cheapest, the first on a tie.
constexpr int kSmoothingThreads = kBlockSearchSize * kBlockSearchSize;
constexpr int kWarps = kSmoothingThreads / 32;
static_assert(kBlockSearchSize == 16 && kSmoothingThreads == 256, "a thread per sample, rows of 16");

__global__ void __launch_bounds__(kSmoothingThreads)
    vector_smoothing_kernel(const uint8_t* source, const uint8_t* reference, int width, int height,
                            Mv* field, int sqrt_lambda_q8, int half, SmoothingCacheEntry* cache,
                            uint8_t* moved, bool use_cache) {
    __shared__ uint32_t windows[kSmoothingCandidates][kPackedWindowWords];
    __shared__ uint32_t horizontal[kSmoothingCandidates][kPackedHorizontalWords];
    __shared__ uint8_t source_block[kSmoothingThreads];
    __shared__ uint8_t predictions[kSmoothingCandidates][kPredictedSamples];
    __shared__ PredictedBlock blocks[kSmoothingCandidates];  // the distinct candidates to cost
    __shared__ uint32_t tile_satd[kSmoothingCandidates * 4];
    __shared__ uint32_t costs[kSmoothingCandidates];
    __shared__ int16_t candidate_x[kSmoothingCandidates], candidate_y[kSmoothingCandidates];
    __shared__ int first_equal[kSmoothingCandidates];  // the first candidate equal to each
    __shared__ uint32_t candidate_satd[kSmoothingCandidates];  // of each distinct candidate
    __shared__ bool cached[kSmoothingCandidates];              // its SATD from the cache
    __shared__ int distinct[kSmoothingCandidates];  // the distinct candidates to cost, in order
    __shared__ int distinct_count;
    __shared__ SmoothingCacheEntry entries[kSmoothingCandidates];  // the block's, from the pass before
    const int t = static_cast<int>(threadIdx.x);
    // Thread block (i, by) decides the i-th block of row by in the half: the half's blocks of a
    // row are every other one, from column (by + half) & 1.
    const int by = static_cast<int>(blockIdx.y);
    const int bx = 2 * static_cast<int>(blockIdx.x) + ((by + half) & 1);
    const int columns = block_search_columns(width), rows = block_search_rows(height);
    if (bx >= columns || !smoothing_block_inside(width, height, bx, by)) return;
    const Mv* in = field;  // the other colour's vectors and the block's own, which no other block writes
    const int index = by * columns + bx;
    if (use_cache && smoothing_block_settled(moved, columns, rows, bx, by)) return;  // the whole thread block
    const int x0 = bx * kBlockSearchSize, y0 = by * kBlockSearchSize;
    if (t < kSmoothingCandidates) {
        const Mv v = smoothing_candidate(in, columns, rows, bx, by, t);
        candidate_x[t] = v.x;
        candidate_y[t] = v.y;
        // The block's cache entries, read at once (a search through them in global memory waited
        // for each entry in turn).
        if (use_cache) entries[t] = cache[static_cast<long>(index) * kSmoothingCandidates + t];
    }
    source_block[t] = source[static_cast<long>(y0 + (t >> 4)) * width + x0 + (t & (kBlockSearchSize - 1))];
    __syncthreads();
    if (t < kSmoothingCandidates) {
        int first = t;
        for (int k = t - 1; k >= 0; k--) {
            if (candidate_x[k] == candidate_x[t] && candidate_y[k] == candidate_y[t]) first = k;
        }
        first_equal[t] = first;
        bool found = false;
        if (use_cache && first == t) {
            for (int j = 0; j < kSmoothingCandidates && !found; j++) {
                const SmoothingCacheEntry e = entries[j];
                if (e.x == candidate_x[t] && e.y == candidate_y[t]) {
                    candidate_satd[t] = e.satd;
                    found = true;
                }
            }
        }
        cached[t] = found;
    }
    __syncthreads();
    if (t == 0) {
        int count = 0;
        for (int k = 0; k < kSmoothingCandidates; k++) {
            if (first_equal[k] == k && !cached[k]) distinct[count++] = k;
        }
        distinct_count = count;
    }
    __syncthreads();
    const int count = distinct_count;
    if (t < count) {
        const int k = distinct[t];
        blocks[t] = PredictedBlock{x0, y0, candidate_x[k], candidate_y[k]};
    }
    __syncthreads();
    predict_blocks<kSmoothingThreads>(reference, width, height, blocks, count, windows, horizontal, predictions);

    const int lane = t & 31, warp = t >> 5;
    // A warp per distinct candidate: its four tile SATDs.
    for (int d = warp; d < count; d += kWarps) {
        const uint32_t satd = tile_satd_on_lanes(source_block, predictions[d], lane);
        if ((lane & 7) == 0) tile_satd[4 * distinct[d] + (lane >> 3)] = satd;
    }
    __syncthreads();
    if (t < count) {
        const int k = distinct[t];
        candidate_satd[k] = tile_satd[4 * k] + tile_satd[4 * k + 1] + tile_satd[4 * k + 2] + tile_satd[4 * k + 3];
    }
    __syncthreads();
    if (t < kSmoothingCandidates) {
        const Mv v{candidate_x[t], candidate_y[t]};
        const uint32_t satd = candidate_satd[first_equal[t]];
        costs[t] = smoothing_rate(in, columns, rows, bx, by, v, sqrt_lambda_q8) + satd;
        cache[static_cast<long>(index) * kSmoothingCandidates + t] = SmoothingCacheEntry{v.x, v.y, satd};
    }
    __syncthreads();
    if (t == 0) {
        int best = 0;
        for (int k = 1; k < kSmoothingCandidates; k++) {
            if (costs[k] < costs[best]) best = k;
        }
        field[index] = Mv{candidate_x[best], candidate_y[best]};
        moved[index] = first_equal[best] != 0 ? 1 : 0;  // the chosen vector differs from its own
    }
}

// decide_area_vectors_on_cpu's step on the GPU, a thread block per area of kSideBlocks x
// kSideBlocks 16x16 blocks: the area's source blocks into shared memory, then for each distinct
// candidate up to eight blocks at a time their predictions (predict_blocks, uni_predicted_sample's
// values computed separably from the blocks' reference windows; a thread per sample reading
// its 8x8 taps from global memory took 0.29 / 0.20 ms at 4K) and a warp per block's four tile
// SATDs (tile_satd_on_lanes); the first thread forms the costs and decides.
template <int kSideBlocks>
__global__ void __launch_bounds__(kSmoothingThreads, 5)
    area_decision_kernel(const uint8_t* source, const uint8_t* reference, int width, int height, const Mv* in,
                         int sqrt_lambda_q8, Mv* out, uint64_t* area_costs) {
    constexpr int kBlocks = kSideBlocks * kSideBlocks;
    constexpr int kSamples = kBlockSearchSize * kBlockSearchSize;
    constexpr int kRound = kBlocks < 8 ? kBlocks : 8;  // blocks predicted at a time: a warp per block's SATD
    static_assert(kBlocks % kRound == 0 && kRound * 32 <= kSmoothingThreads);
    __shared__ uint8_t source_blocks[kBlocks][kSamples];
    __shared__ uint32_t windows[kRound][kPackedWindowWords];
    __shared__ uint32_t horizontal[kRound][kPackedHorizontalWords];
    __shared__ uint8_t predictions[kRound][kPredictedSamples];
    __shared__ PredictedBlock round_blocks[kRound];
    __shared__ uint32_t satd[kAreaCandidates * kMaxAreaBlocks];
    __shared__ Mv candidates[kAreaCandidates];
    __shared__ int first_equal[kAreaCandidates];
    __shared__ bool quarters_one;
    const int t = static_cast<int>(threadIdx.x), lane = t & 31, warp = t >> 5;
    const int columns = block_search_columns(width);
    const int bx = static_cast<int>(blockIdx.x) * kSideBlocks, by = static_cast<int>(blockIdx.y) * kSideBlocks;
    if (!area_inside(width, height, bx, by, kSideBlocks)) return;  // the whole thread block
    if (t == 0) quarters_one = area_candidates(in, columns, bx, by, kSideBlocks, candidates, first_equal);
    for (int i = t; i < kBlocks * kSamples; i += kSmoothingThreads) {
        const int b = i / kSamples, sample = i % kSamples;
        const int x = (bx + b % kSideBlocks) * kBlockSearchSize + (sample & (kBlockSearchSize - 1));
        const int y = (by + b / kSideBlocks) * kBlockSearchSize + (sample >> kBlockSearchLog2);
        source_blocks[b][sample] = source[static_cast<long>(y) * width + x];
    }
    __syncthreads();
    if (!quarters_one) return;  // the whole thread block
    for (int k = 0; k < kAreaCandidates; k++) {
        if (first_equal[k] != k) continue;  // the same for every thread
        const Mv v = candidates[k];
        for (int first_block = 0; first_block < kBlocks; first_block += kRound) {
            if (t < kRound) {
                const int b = first_block + t;
                round_blocks[t] = PredictedBlock{(bx + b % kSideBlocks) * kBlockSearchSize,
                                                 (by + b / kSideBlocks) * kBlockSearchSize, v.x, v.y};
            }
            __syncthreads();
            predict_blocks<kSmoothingThreads>(reference, width, height, round_blocks, kRound, windows, horizontal,
                                              predictions);
            if (warp < kRound) {
                const uint32_t tile = tile_satd_on_lanes(source_blocks[first_block + warp], predictions[warp], lane);
                // Every lane of a tile holds its tile's SATD: lanes 0, 8, 16, 24 the four tiles.
                uint32_t block = 0;
                for (int tile_lane = 0; tile_lane < 32; tile_lane += 8) block += __shfl_sync(0xFFFFFFFFu, tile, tile_lane);
                if (lane == 0) satd[k * kMaxAreaBlocks + first_block + warp] = block;
            }
            __syncthreads();
        }
    }
    if (t != 0) return;
    uint64_t chosen = 0;
    const int choice = decide_area(in, columns, bx, by, kSideBlocks, candidates, first_equal, satd, area_costs,
                                   sqrt_lambda_q8, chosen);
    if (choice >= 0) {
        for (int b = 0; b < kBlocks; b++) out[(by + b / kSideBlocks) * columns + bx + b % kSideBlocks] = candidates[choice];
    }
    if (kSideBlocks == 2) area_costs[area_cost_index(columns, bx, by)] = chosen;
}

}  // namespace

cudaError_t launch_area_decisions(const uint8_t* source, const uint8_t* reference, int width, int height,
                                  const Mv* in, int sqrt_lambda_q8, int side_blocks, Mv* out, uint64_t* area_costs,
                                  cudaStream_t stream) {
    const int columns = block_search_columns(width), rows = block_search_rows(height);
    // Areas not decided (outside the picture, or with a quarter of several vectors) keep their vectors.
    cudaError_t status = cudaMemcpyAsync(out, in, sizeof(Mv) * static_cast<size_t>(columns) * static_cast<size_t>(rows),
                                         cudaMemcpyDeviceToDevice, stream);
    if (status != cudaSuccess) return status;
    const dim3 areas(static_cast<unsigned>(columns / side_blocks), static_cast<unsigned>(rows / side_blocks));
    if (areas.x == 0 || areas.y == 0) return cudaSuccess;
    if (side_blocks == 2) {
        area_decision_kernel<2><<<areas, kSmoothingThreads, 0, stream>>>(source, reference, width, height, in,
                                                                         sqrt_lambda_q8, out, area_costs);
    } else {
        area_decision_kernel<4><<<areas, kSmoothingThreads, 0, stream>>>(source, reference, width, height, in,
                                                                         sqrt_lambda_q8, out, area_costs);
    }
    return cudaGetLastError();
}

cudaError_t launch_vector_smoothing(const uint8_t* source, const uint8_t* reference, int width, int height,
                                    Mv* field, int sqrt_lambda_q8, int half, SmoothingCacheEntry* cache,
                                    uint8_t* moved, bool use_cache, cudaStream_t stream) {
    const int columns = block_search_columns(width);
    const dim3 blocks(static_cast<unsigned>((columns + 1) / 2), static_cast<unsigned>(block_search_rows(height)));
    vector_smoothing_kernel<<<blocks, kSmoothingThreads, 0, stream>>>(source, reference, width, height, field,
                                                                      sqrt_lambda_q8, half, cache, moved, use_cache);
    return cudaGetLastError();
}

cudaError_t launch_inter_coding(const InterCodingKernelArguments& arguments, cudaStream_t stream) {
    const dim3 areas(
        static_cast<unsigned>((arguments.width + kInterAreaSize - 1) / kInterAreaSize),
        static_cast<unsigned>((arguments.height + kInterAreaSize - 1) / kInterAreaSize));
    inter_coding_kernel<<<areas, kThreads, 0, stream>>>(arguments);
    return cudaGetLastError();
}

}  // namespace tc::cuda
