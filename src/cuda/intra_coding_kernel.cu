#include "accel/intra_coding_steps.h"
#include "accel/sign_hiding_steps.h"
#include "cuda/block_prediction.cuh"
#include "cuda/intra_coding_kernel.cuh"
#include "cuda/intra_wave_kernel.cuh"
#include "cuda/tile_satd.cuh"

namespace tc::cuda {

namespace {

constexpr int kThreads = kIntraCuSize * kIntraCuSize;  // a thread per luma sample of a 16x16 CU
constexpr int kWarps = kThreads / 32;
static_assert(kThreads == 256 && kPredictedSamples == kThreads);
constexpr int kWaveThreads = 256;  // the waves' launches: a thread per block

// ---- the decision -------------------------------------------------------------------------------
// A thread block per 16x16 block: the source block and its reference line (the source's samples
// around it, substituted, and the filtered line) into shared memory, the inter prediction with the
// block's vector (predict_blocks) and the kIntraDecisionModes intra predictions a thread per
// sample, a warp per prediction its block_satd_16x16, the first thread decides.
constexpr int kDecisionPredictions =
    kIntraDecisionModes + 1;  // the intra modes, then the inter one

__global__ void __launch_bounds__(kThreads)
    intra_decision_kernel(InterCodingKernelArguments a, uint8_t* modes, uint32_t* candidates,
                          uint32_t* candidate_count) {
    __shared__ uint8_t source_block[kThreads];
    __shared__ uint8_t line[kIntraLumaLine], filtered[kIntraLumaLine];
    __shared__ bool available[kIntraLumaLine];
    __shared__ int dc;
    __shared__ uint32_t windows[1][kPackedWindowWords];
    __shared__ uint32_t horizontal[1][kPackedHorizontalWords];
    __shared__ uint8_t predictions[kDecisionPredictions][kPredictedSamples];
    __shared__ PredictedBlock block;
    __shared__ uint32_t satd[kDecisionPredictions];
    const int t = static_cast<int>(threadIdx.x);
    const int bx = static_cast<int>(blockIdx.x), by = static_cast<int>(blockIdx.y);
    const int columns = block_search_columns(a.width);
    const int slices = a.parameters.slices;
    if (!intra_block_eligible(a.block_vectors, a.unit_vectors, a.width, a.height, bx,
                              by)) {  // the whole block
        if (t == 0) modes[by * columns + bx] = 0;
        return;
    }
    const int x0 = bx * kIntraCuSize, y0 = by * kIntraCuSize;
    const uint8_t* source = a.source[0];
    source_block[t] = source[static_cast<long>(y0 + (t >> 4)) * a.width + x0 + (t & 15)];
    if (t < kIntraLumaLine) {
        line[t] = intra_line_entry(source, a.width, a.width, a.height, slices, 0, x0, y0,
                                   kIntraCuSize, t, available[t]);
    }
    const Mv v = a.block_vectors[by * columns + bx];
    if (t == 0) block = PredictedBlock{x0, y0, v.x, v.y};
    __syncthreads();
    if (t == 0) substitute_intra_line(available, line, kIntraCuSize);
    __syncthreads();
    if (t < kIntraLumaLine) filtered[t] = filtered_intra_line_sample(line, kIntraCuSize, t);
    if (t == 0) dc = intra_dc_value(line, kIntraCuLog2);
    __syncthreads();
    predict_blocks<kThreads>(a.reference[0], a.width, a.height, &block, 1, windows, horizontal,
                             predictions + kIntraDecisionModes);
    for (int k = 0; k < kIntraDecisionModes; k++) {
        const int mode = intra_decision_mode(k);
        const uint8_t* used = intra_line_filtered(kIntraCuLog2, mode) ? filtered : line;
        predictions[k][t] =
            intra_predicted_sample(used, kIntraCuLog2, mode, true, dc, t & 15, t >> 4);
    }
    __syncthreads();
    const int lane = t & 31, warp = t >> 5;
    for (int p = warp; p < kDecisionPredictions; p += kWarps) {
        const uint32_t value = block_satd_16x16_on_lanes(source_block, predictions[p], lane);
        if (lane == 0) satd[p] = value;
    }
    __syncthreads();
    if (t != 0) return;
    uint64_t best = satd[kIntraDecisionModes] + cu_vector_rate(a.block_vectors, columns, bx, by, 1,
                                                               v, a.parameters.sqrt_lambda_q8);
    int best_mode = -1;
    for (int k = 0; k < kIntraDecisionModes; k++) {
        const int mode = intra_decision_mode(k);
        const uint64_t cost = intra_mode_cost(satd[k], mode, a.parameters.sqrt_lambda_q8);
        if (cost < best) {
            best = cost;
            best_mode = mode;
        }
    }
    modes[by * columns + bx] = static_cast<uint8_t>(best_mode >= 0 ? 1 + best_mode : 0);
    if (best_mode >= 0)
        candidates[atomicAdd(candidate_count, 1u)] = static_cast<uint32_t>(by * columns + bx);
}

__global__ void __launch_bounds__(kWaveThreads)
    intra_mark_kernel(InterCodingKernelArguments a, const uint8_t* modes, const uint8_t* waves) {
    const int columns = block_search_columns(a.width), rows = block_search_rows(a.height);
    const int i = static_cast<int>(blockIdx.x) * kWaveThreads + static_cast<int>(threadIdx.x);
    if (i >= columns * rows || waves[i] == 0) return;
    // The inter coding stays in the units (vector, cbf) for the choice after the intra coding.
    const int unit_columns = inter_unit_columns(a.width);
    InterCodedUnit* top_left =
        a.units + static_cast<long>(2 * (i / columns)) * unit_columns + 2 * (i % columns);
    top_left[0].intra = top_left[1].intra = top_left[unit_columns].intra =
        top_left[unit_columns + 1].intra = modes[i];
}

// ---- the coding ---------------------------------------------------------------------------------
// kCodingBlocks thread blocks take the wave's CUs from the candidates' list in turn, one at a time:
// its 384 samples (the 16x16 luma block, then the 8x8 Cb and Cr blocks) as one array in shared
// memory, a thread per sample or coefficient in each pass (the second pass over the array takes the
// chroma, threads 0..127), as the inter coding kernel's steps: the same arithmetic as code_block's
// with intra prediction.
constexpr int kCuSamples = kThreads + 2 * (kThreads / 4);  // 384
constexpr int kMatrixStride = 33;
constexpr int kCuSubBlocks = kCuSamples / 16;  // 16 luma, 4 Cb, 4 Cr
// The thread blocks of a wave's launch, which take the candidates in turn: a launch over every
// 16x16 block (most of them not in the wave) took 47 us at 1080p and 77 us at 4K a wave on an
// H100 (thirtieth session).
constexpr int kCodingBlocks = 512;

struct CuSample {
    int c = 0;
    int log2_size = 0;
    int offset = 0;  // of the component's block in the array
    int u = 0, v = 0;
};

__device__ CuSample cu_sample(int i) {
    CuSample s;
    if (i < kThreads) {
        s.log2_size = kIntraCuLog2;
        s.u = i & 15;
        s.v = i >> 4;
        return s;
    }
    const int j = i - kThreads;
    s.c = 1 + (j >> 6);
    s.log2_size = kIntraCuLog2 - 1;
    s.offset = kThreads + (s.c - 1) * 64;
    s.u = j & 7;
    s.v = (j & 63) >> 3;
    return s;
}

// The first array index of 4x4 sub-block g (0..23) and its component's sub-block coordinates.
__device__ CuSample sub_block_sample(int g) {
    if (g < 16) return cu_sample(((g >> 2) * 4) * 16 + (g & 3) * 4);
    const int h = g - 16, c = 1 + (h >> 2), k = h & 3;
    return cu_sample(kThreads + (c - 1) * 64 + ((k >> 1) * 4) * 8 + (k & 1) * 4);
}

// Adds `value` over the warp's lanes into *target, one shared-memory atomic a warp (a warp's
// samples are all of one component: the array's luma, Cb and Cr parts are whole warps). Every
// lane of the warp takes part.
template <class Target>
__device__ __forceinline__ void warp_add(Target* target, unsigned value) {
    const unsigned sum = __reduce_add_sync(0xFFFFFFFFu, value);
    if ((threadIdx.x & 31) == 0) atomicAdd(target, static_cast<Target>(sum));
}

__global__ void __launch_bounds__(kThreads)
    intra_coding_kernel(InterCodingKernelArguments a, const uint32_t* candidates,
                        const uint32_t* candidate_count, const uint8_t* waves, int wave) {
    __shared__ int32_t matrix[kInterAreaSize * kMatrixStride];
    __shared__ uint8_t lines[3][kIntraLumaLine];
    __shared__ uint8_t filtered[kIntraLumaLine];
    __shared__ bool available[3][kIntraLumaLine];
    __shared__ int dc[3];
    __shared__ uint8_t prediction[kCuSamples];
    __shared__ uint8_t reconstructed[kCuSamples];
    __shared__ int32_t values[kCuSamples], intermediate[kCuSamples], levels[kCuSamples];
    __shared__ unsigned cbf;
    __shared__ unsigned level_bits[3];
    __shared__ int last_sub_block[3];
    __shared__ unsigned long long sse_without[3], sse_with[3];
    // The inter coding's squared errors and level bits, and the intra prediction's squared errors.
    __shared__ unsigned long long inter_sse[3], prediction_sse[3];
    __shared__ unsigned inter_level_bits[3];
    __shared__ InterCodedUnit inter;
    __shared__ bool intra_wins;
    // The mode's choice: the source block, every mode's luma prediction and SATD cost.
    __shared__ uint8_t source_block[kThreads];
    __shared__ uint8_t mode_predictions[kIntraModes][kThreads];
    __shared__ uint64_t mode_cost[kIntraModes];
    __shared__ int chosen_mode;
    const int t = static_cast<int>(threadIdx.x);
    const int columns = block_search_columns(a.width);
    const int slices = a.parameters.slices;
    const auto plane_width = [&](int c) { return c == 0 ? a.width : a.width >> 1; };
    bool matrix_loaded = false;
    // The candidates (in the decisions' order, which does not matter: a wave's CUs are
    // independent), those of this wave, each by one thread block in turn.
    const int entries = static_cast<int>(*candidate_count);
    for (int entry = static_cast<int>(blockIdx.x); entry < entries;
         entry += static_cast<int>(gridDim.x)) {
        const int block = static_cast<int>(candidates[entry]);
        if (waves[block] != wave) continue;  // the whole thread block
        const int bx = block % columns, by = block / columns;
        const int x0 = bx * kIntraCuSize, y0 = by * kIntraCuSize;
        if (!matrix_loaded) {
            for (int i = t; i < kInterAreaSize * kInterAreaSize; i += kThreads) {
                matrix[(i >> 5) * kMatrixStride + (i & 31)] = a.dct_matrix[i];
            }
            matrix_loaded = true;
        }
        // The lines: luma by threads 0..64, Cb by 65..97, Cr by 98..130.
        if (t < kIntraLumaLine + 2 * kIntraChromaLine) {
            const int c = t < kIntraLumaLine ? 0 : 1 + (t - kIntraLumaLine) / kIntraChromaLine;
            const int i = c == 0 ? t : (t - kIntraLumaLine) % kIntraChromaLine;
            const int shift = c == 0 ? 0 : 1, n = kIntraCuSize >> shift;
            lines[c][i] =
                intra_line_entry(a.reconstruction[c], plane_width(c), a.width, a.height, slices,
                                 shift, x0 >> shift, y0 >> shift, n, i, available[c][i]);
        }
        const int unit_columns = inter_unit_columns(a.width);
        InterCodedUnit* top_left = a.units + static_cast<long>(2 * by) * unit_columns + 2 * bx;
        if (t < 3) {
            level_bits[t] = 0;
            last_sub_block[t] = -1;
            sse_without[t] = sse_with[t] = 0;
            inter_sse[t] = prediction_sse[t] = 0;
            inter_level_bits[t] = 0;
        }
        if (t == 0) {
            cbf = 0;
            inter = top_left[0];
        }
        __syncthreads();
        // The inter coding's cost terms (coded_cu_cost), before anything is written.
        for (int i = t; i < kCuSamples; i += kThreads) {
            const CuSample s = cu_sample(i);
            const int shift = s.c == 0 ? 0 : 1;
            const long at =
                static_cast<long>((y0 >> shift) + s.v) * plane_width(s.c) + (x0 >> shift) + s.u;
            const int error = a.source[s.c][at] - a.reconstruction[s.c][at];
            warp_add(&inter_sse[s.c], static_cast<unsigned>(error * error));
            warp_add(&inter_level_bits[s.c],
                     ((inter.cbf >> s.c) & 1)
                         ? static_cast<unsigned>(level_rate_bits(a.levels[s.c][at]))
                         : 0u);
        }
        __syncthreads();
        if (t < 3) substitute_intra_line(available[t], lines[t], kIntraCuSize >> (t == 0 ? 0 : 1));
        source_block[t] = a.source[0][static_cast<long>(y0 + (t >> 4)) * a.width + x0 + (t & 15)];
        __syncthreads();
        if (t < kIntraLumaLine) filtered[t] = filtered_intra_line_sample(lines[0], kIntraCuSize, t);
        // dcVal from the unfiltered lines (DC's is never filtered).
        if (t < 3) dc[t] = intra_dc_value(lines[t], kIntraCuLog2 - (t == 0 ? 0 : 1));
        __syncthreads();
        // The mode: every one's prediction a thread per sample, a warp per mode its SATD, the first
        // thread the cheapest (the first on a tie).
        for (int m = 0; m < kIntraModes; m++) {
            mode_predictions[m][t] =
                intra_predicted_sample(intra_line_filtered(kIntraCuLog2, m) ? filtered : lines[0],
                                       kIntraCuLog2, m, true, dc[0], t & 15, t >> 4);
        }
        __syncthreads();
        {
            const int lane = t & 31;
            for (int m = t >> 5; m < kIntraModes; m += kWarps) {
                const uint32_t satd =
                    block_satd_16x16_on_lanes(source_block, mode_predictions[m], lane);
                if (lane == 0) mode_cost[m] = intra_mode_cost(satd, m, a.parameters.sqrt_lambda_q8);
            }
        }
        __syncthreads();
        if (t == 0) {
            int best = 0;
            for (int m = 1; m < kIntraModes; m++) {
                if (mode_cost[m] < mode_cost[best]) best = m;
            }
            chosen_mode = best;
        }
        __syncthreads();
        const int mode = chosen_mode;

        // Prediction and residual.
        for (int i = t; i < kCuSamples; i += kThreads) {
            const CuSample s = cu_sample(i);
            const uint8_t predicted = s.c == 0
                                          ? mode_predictions[mode][i]
                                          : intra_predicted_sample(lines[s.c], s.log2_size, mode,
                                                                   false, dc[s.c], s.u, s.v);
            const int shift = s.c == 0 ? 0 : 1;
            prediction[i] = predicted;
            values[i] = a.source[s.c][static_cast<long>((y0 >> shift) + s.v) * plane_width(s.c) +
                                      (x0 >> shift) + s.u] -
                        predicted;
            warp_add(&prediction_sse[s.c], static_cast<unsigned>(values[i] * values[i]));
        }
        __syncthreads();
        // Forward transform, rows.
        for (int i = t; i < kCuSamples; i += kThreads) {
            const CuSample s = cu_sample(i);
            const int n = 1 << s.log2_size;
            intermediate[i] = forward_row_pass(matrix, kMatrixStride, values + s.offset + s.v * n,
                                               1, s.u, s.log2_size);
        }
        __syncthreads();
        // Forward transform, columns; the intra quantiser.
        for (int i = t; i < kCuSamples; i += kThreads) {
            const CuSample s = cu_sample(i);
            const int n = 1 << s.log2_size;
            const int32_t coefficient = forward_column_pass(
                matrix, kMatrixStride, intermediate + s.offset + s.u, n, s.v, s.log2_size);
            const int qp = s.c == 0 ? a.parameters.qp : a.parameters.chroma_qp;
            values[i] = coefficient;
            levels[i] = quantize_intra_coefficient(coefficient, s.log2_size, qp);
        }
        __syncthreads();
        // The sub-block decision, and each block's last sub-block with levels left: a thread per
        // 4x4.
        if (t < kCuSubBlocks) {
            const CuSample s = sub_block_sample(t);
            const int n = 1 << s.log2_size;
            const int qp = s.c == 0 ? a.parameters.qp : a.parameters.chroma_qp;
            const int first = s.offset + s.v * n + s.u;
            int32_t level[kSubBlockLevels], coefficient[kSubBlockLevels];
            bool any = false;
            for (int k = 0; k < kSubBlockLevels; k++) {
                level[k] = levels[first + (k >> 2) * n + (k & 3)];
                coefficient[k] = values[first + (k >> 2) * n + (k & 3)];
                any |= level[k] != 0;
            }
            if (any && !sub_block_pays(level, coefficient, s.log2_size, qp,
                                       component_lambda_q8(a.parameters.lambda_q8, s.c))) {
                for (int k = 0; k < kSubBlockLevels; k++)
                    levels[first + (k >> 2) * n + (k & 3)] = 0;
                any = false;
            }
            if (any && a.parameters.sign_hiding) {
                atomicMax(&last_sub_block[s.c], diagonal_scan_position(s.u >> 2, s.v >> 2, n >> 2));
            }
        }
        __syncthreads();
        // Sign data hiding, a thread per 4x4 sub-block (with the intra quantiser's rounding
        // errors).
        if (a.parameters.sign_hiding && t < kCuSubBlocks) {
            const CuSample s = sub_block_sample(t);
            const int n = 1 << s.log2_size;
            const int qp = s.c == 0 ? a.parameters.qp : a.parameters.chroma_qp;
            const int64_t scale = quant_scale(qp % 6);
            int32_t level[kSubBlockLevels], coefficient[kSubBlockLevels], error[kSubBlockLevels];
            int offset[kSubBlockLevels];
            for (int y = 0; y < 4; y++) {
                for (int x = 0; x < 4; x++) {
                    const int k = diagonal_scan_position(x, y, 4);
                    offset[k] = s.offset + (s.v + y) * n + s.u + x;
                    level[k] = levels[offset[k]];
                    coefficient[k] = values[offset[k]];
                    error[k] = intra_rounding_error(coefficient[k], s.log2_size, qp, scale);
                }
            }
            const int position = diagonal_scan_position(s.u >> 2, s.v >> 2, n >> 2);
            const int changed =
                hide_sign_in_sub_block(level, coefficient, error, position == last_sub_block[s.c]);
            if (changed >= 0) levels[offset[changed]] = level[changed];
        }
        __syncthreads();
        // Scaling (the levels go out only where the intra coding wins).
        for (int i = t; i < kCuSamples; i += kThreads) {
            const CuSample s = cu_sample(i);
            const int qp = s.c == 0 ? a.parameters.qp : a.parameters.chroma_qp;
            const int32_t level = levels[i];
            values[i] = dequantize_coefficient(level, s.log2_size, qp);
            if (__any_sync(0xFFFFFFFFu, level != 0) && (threadIdx.x & 31) == 0)
                atomicOr(&cbf, 1u << s.c);
            warp_add(&level_bits[s.c], static_cast<unsigned>(level_rate_bits(level)));
        }
        __syncthreads();
        // Inverse transform, columns (blocks with levels only).
        for (int i = t; i < kCuSamples; i += kThreads) {
            const CuSample s = cu_sample(i);
            if (((cbf >> s.c) & 1) == 0) continue;
            const int n = 1 << s.log2_size;
            intermediate[i] = inverse_column_pass(matrix, kMatrixStride, values + s.offset + s.u, n,
                                                  s.v, s.log2_size);
        }
        __syncthreads();
        // Inverse transform, rows; the reconstruction and the squared errors with and without
        // levels.
        for (int i = t; i < kCuSamples; i += kThreads) {
            const CuSample s = cu_sample(i);
            uint8_t sample = prediction[i];
            unsigned error_without = 0, error_with = 0;
            if ((cbf >> s.c) & 1) {
                const int n = 1 << s.log2_size, shift = s.c == 0 ? 0 : 1;
                sample =
                    reconstructed_sample(sample, inverse_row_pass(matrix, kMatrixStride,
                                                                  intermediate + s.offset + s.v * n,
                                                                  1, s.u, s.log2_size));
                const int source =
                    a.source[s.c][static_cast<long>((y0 >> shift) + s.v) * plane_width(s.c) +
                                  (x0 >> shift) + s.u];
                const int without = source - prediction[i], with = source - sample;
                error_without = static_cast<unsigned>(without * without);
                error_with = static_cast<unsigned>(with * with);
            }
            warp_add(&sse_without[s.c], error_without);
            warp_add(&sse_with[s.c], error_with);
            reconstructed[i] = sample;
        }
        __syncthreads();
        // The residual decisions (residual_pays).
        if (t < 3 && ((cbf >> t) & 1) &&
            !residual_pays(sse_without[t], sse_with[t], level_bits[t],
                           kIntraCuLog2 - (t == 0 ? 0 : 1),
                           component_lambda_q8(a.parameters.lambda_q8, t))) {
            atomicAnd(&cbf, ~(1u << t));
        }
        __syncthreads();
        // The choice (intra_cu_pays) on coded_cu_cost's terms, and the units.
        if (t == 0) {
            const int unit_x = 2 * bx, unit_y = 2 * by;
            int64_t inter_cost = skip_signalling_cost(
                intra_inter_vector_bits(a.units, unit_columns, a.height, slices, unit_x, unit_y),
                a.parameters.lambda_q8);
            int64_t intra_cost =
                skip_signalling_cost(kIntraCuBits + intra_mode_bits(mode), a.parameters.lambda_q8);
            for (int c = 0; c < 3; c++) {
                const int log2_size = kIntraCuLog2 - (c == 0 ? 0 : 1);
                const int64_t lambda = component_lambda_q8(a.parameters.lambda_q8, c);
                const bool inter_coded = (inter.cbf >> c) & 1, intra_coded = (cbf >> c) & 1;
                inter_cost += skip_block_cost(inter_sse[c], inter_coded, inter_level_bits[c],
                                              log2_size, lambda);
                intra_cost += skip_block_cost(intra_coded ? sse_with[c] : prediction_sse[c],
                                              intra_coded, level_bits[c], log2_size, lambda);
            }
            intra_wins = intra_cu_pays(intra_cost, inter_cost);
            InterCodedUnit unit = inter;
            unit.intra = 0;
            if (intra_wins) {
                unit = InterCodedUnit{};
                unit.cu_log2 = kIntraCuLog2;
                unit.intra = static_cast<uint8_t>(mode + 1);
                unit.cbf = static_cast<uint8_t>(cbf);
            }
            top_left[0] = top_left[1] = top_left[unit_columns] = top_left[unit_columns + 1] = unit;
        }
        __syncthreads();
        for (int i = t; intra_wins && i < kCuSamples; i += kThreads) {
            const CuSample s = cu_sample(i);
            const int shift = s.c == 0 ? 0 : 1;
            const long at =
                static_cast<long>((y0 >> shift) + s.v) * plane_width(s.c) + (x0 >> shift) + s.u;
            a.levels[s.c][at] = static_cast<int16_t>(levels[i]);
            a.reconstruction[s.c][at] = ((cbf >> s.c) & 1) ? reconstructed[i] : prediction[i];
        }
        __syncthreads();  // before the next candidate's values replace this one's
    }
}

dim3 block_grid(int width, int height) {
    return dim3(static_cast<unsigned>(block_search_columns(width)),
                static_cast<unsigned>(block_search_rows(height)));
}

unsigned wave_blocks(int width, int height) {
    const int blocks = block_search_columns(width) * block_search_rows(height);
    return static_cast<unsigned>((blocks + kWaveThreads - 1) / kWaveThreads);
}

}  // namespace

cudaError_t launch_intra_decisions(const InterCodingKernelArguments& arguments, uint8_t* modes,
                                   uint8_t* waves, uint32_t* candidates, cudaStream_t stream) {
    const int width = arguments.width, height = arguments.height;
    uint32_t* count = candidates + block_search_columns(width) * block_search_rows(height);
    cudaError_t error = cudaMemsetAsync(count, 0, sizeof(uint32_t), stream);
    if (error != cudaSuccess) return error;
    intra_decision_kernel<<<block_grid(width, height), kThreads, 0, stream>>>(arguments, modes,
                                                                              candidates, count);
    error = cudaGetLastError();
    if (error != cudaSuccess) return error;
    return launch_intra_waves(modes, waves, block_search_columns(width), block_search_rows(height), kIntraCuLog2,
                              width, height, arguments.parameters.slices, arguments.parameters.intra_waves, stream);
}

cudaError_t launch_intra_marks(const InterCodingKernelArguments& arguments, const uint8_t* modes,
                               const uint8_t* waves, cudaStream_t stream) {
    intra_mark_kernel<<<wave_blocks(arguments.width, arguments.height), kWaveThreads, 0, stream>>>(
        arguments, modes, waves);
    return cudaGetLastError();
}

cudaError_t launch_intra_coding(const InterCodingKernelArguments& arguments,
                                const uint32_t* candidates, const uint8_t* waves,
                                cudaStream_t stream) {
    const uint32_t* count =
        candidates + block_search_columns(arguments.width) * block_search_rows(arguments.height);
    for (int wave = 1; wave <= arguments.parameters.intra_waves; wave++) {
        intra_coding_kernel<<<kCodingBlocks, kThreads, 0, stream>>>(arguments, candidates, count,
                                                                    waves, wave);
        const cudaError_t error = cudaGetLastError();
        if (error != cudaSuccess) return error;
    }
    return cudaSuccess;
}

}  // namespace tc::cuda
