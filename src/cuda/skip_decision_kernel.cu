#include "accel/skip_decision_steps.h"
#include "cuda/skip_decision_kernel.cuh"

namespace tc::cuda {

namespace {

constexpr int kThreads = 256;
constexpr int kAreaUnits = kInterUnitsPerArea * kInterUnitsPerArea;  // 16
constexpr int kLumaSamples = kInterAreaSize * kInterAreaSize;        // 1024
constexpr int kChromaSide = kInterAreaSize / 2;
constexpr int kAreaSamples = kLumaSamples + 2 * kChromaSide * kChromaSide;  // 1536
static_assert(kAreaSamples % kThreads == 0 && kThreads % 32 == 0);

// Sample i (0..kAreaSamples - 1) of an area: the luma rows of 32, then Cb's and Cr's rows of 16.
// A warp holds one luma row or two chroma rows, so that every CU's part of a warp is an aligned
// run of lanes as long as its side in that component.
struct AreaPoint {
    int component;
    int x, y;  // in the area, in the component's samples
    int unit;  // the area's 8x8 luma unit (0..15) covering it
};

__device__ AreaPoint area_point(int i) {
    AreaPoint p;
    if (i < kLumaSamples) {
        p.component = 0;
        p.x = i & (kInterAreaSize - 1);
        p.y = i >> kInterAreaLog2;
        p.unit = (p.y >> kInterUnitLog2) * kInterUnitsPerArea + (p.x >> kInterUnitLog2);
        return p;
    }
    const int j = i - kLumaSamples;
    p.component = 1 + j / (kChromaSide * kChromaSide);
    const int k = j % (kChromaSide * kChromaSide);
    p.x = k % kChromaSide;
    p.y = k / kChromaSide;
    p.unit = (p.y >> (kInterUnitLog2 - 1)) * kInterUnitsPerArea + (p.x >> (kInterUnitLog2 - 1));
    return p;
}

// The sum of `value` over the lanes of each aligned run of `run` lanes (a power of two <= 32;
// every lane of the warp takes part).
template <class T>
__device__ T run_sum(T value, int run) {
    for (int offset = 1; offset < 32; offset <<= 1) {
        const T other = __shfl_xor_sync(0xFFFFFFFFu, value, offset);
        if (offset < run) value += other;
    }
    return value;
}

// The area's units: for each, its CU's top-left unit in the area (-1 outside the picture) and the
// CU's log2 size.
struct AreaUnits {
    int first_unit_x, first_unit_y, unit_columns, unit_rows;
    // The picture's column and row of the area's unit u (0..15).
    __device__ int x_of(int u) const { return first_unit_x + u % kInterUnitsPerArea; }
    __device__ int y_of(int u) const { return first_unit_y + u / kInterUnitsPerArea; }
};

// The units of this thread block's area.
__device__ AreaUnits this_area(const InterCodingKernelArguments& a) {
    return AreaUnits{static_cast<int>(blockIdx.x) * kInterUnitsPerArea, static_cast<int>(blockIdx.y) * kInterUnitsPerArea,
                     inter_unit_columns(a.width), inter_unit_rows(a.height)};
}

__device__ int top_left_unit(const InterCodingKernelArguments& a, const AreaUnits& area, int unit,
                             int& cu_log2) {
    const int ux = unit % kInterUnitsPerArea, uy = unit / kInterUnitsPerArea;
    const int gx = area.x_of(unit), gy = area.y_of(unit);
    cu_log2 = 0;
    if (gx >= area.unit_columns || gy >= area.unit_rows) return -1;
    cu_log2 = a.units[gy * area.unit_columns + gx].cu_log2;
    if (cu_log2 == 0) return -1;
    const int mask = ~((1 << (cu_log2 - kInterUnitLog2)) - 1);
    return (uy & mask) * kInterUnitsPerArea + (ux & mask);
}

__device__ uint8_t sample_at(const uint8_t* const* planes, const InterCodingKernelArguments& a,
                             int c, int x, int y) {
    const int width = c == 0 ? a.width : a.width >> 1;
    return planes[c][static_cast<long>(y) * width + x];
}

__global__ void __launch_bounds__(kThreads)
    skip_decision_kernel(InterCodingKernelArguments a, uint8_t* choices, uint8_t* leaned) {
    __shared__ int top[kAreaUnits];
    __shared__ int cu_log2[kAreaUnits];
    __shared__ SkipCandidates candidates[kAreaUnits];
    __shared__ int own_bits[kAreaUnits];
    __shared__ unsigned long long own_sse[kAreaUnits][3];
    __shared__ int level_bits[kAreaUnits][3];
    __shared__ unsigned long long candidate_sse[kAreaUnits][2];
    __shared__ int any_candidates;  // some CU of the area has candidates
    const int t = static_cast<int>(threadIdx.x);
    const AreaUnits area = this_area(a);
    if (t == 0) any_candidates = 0;
    __syncthreads();
    if (t < kAreaUnits) {
        int log2 = 0;
        top[t] = top_left_unit(a, area, t, log2);
        cu_log2[t] = log2;
        candidates[t] = SkipCandidates{};
        own_bits[t] = 0;
        for (int c = 0; c < 3; c++) {
            own_sse[t][c] = 0;
            level_bits[t][c] = 0;
        }
        candidate_sse[t][0] = candidate_sse[t][1] = 0;
        if (top[t] == t) {
            const int gx = area.x_of(t), gy = area.y_of(t);
            candidates[t] =
                skip_candidates(a.units, area.unit_columns, a.height, a.parameters.slices,
                                a.parameters.skip_candidates, gx, gy, own_bits[t]);
            if (candidates[t].leaned_unit >= 0) leaned[candidates[t].leaned_unit] = 1;
            if (candidates[t].count > 0) atomicOr(&any_candidates, 1);
        }
    }
    __syncthreads();
    // Every choice stays 0 (the launch cleared them) where no CU has a candidate.
    if (any_candidates == 0) return;  // the whole thread block

    // Every sample's squared errors (as coded, and with each candidate's prediction) and its
    // level's bits where its transform block kept levels, summed over each CU's run of lanes.
    for (int first = 0; first < kAreaSamples; first += kThreads) {
        const AreaPoint p = area_point(first + t);
        const int c = p.component, shift = c == 0 ? 0 : 1;
        const int owner = top[p.unit];
        const int x = (static_cast<int>(blockIdx.x) * kInterAreaSize >> shift) + p.x;
        const int y = (static_cast<int>(blockIdx.y) * kInterAreaSize >> shift) + p.y;
        unsigned long long own = 0, with[2] = {0, 0};
        int bits = 0;
        int run = 1;
        // A CU without candidates (its vector merges as it is) keeps it: nothing to count there.
        if (owner >= 0) run = 1 << (cu_log2[p.unit] - shift);
        if (owner >= 0 && candidates[owner].count > 0) {
            const int source = sample_at(a.source, a, c, x, y);
            const int own_error = source - sample_at(a.reconstruction, a, c, x, y);
            own = static_cast<unsigned long long>(own_error * own_error);
            const int gx = area.x_of(owner), gy = area.y_of(owner);
            if ((a.units[gy * area.unit_columns + gx].cbf >> c) & 1) {
                const int plane_width = c == 0 ? a.width : a.width >> 1;
                bits = level_rate_bits(a.levels[c][static_cast<long>(y) * plane_width + x]);
            }
            const SkipCandidates& k = candidates[owner];
            for (int n = 0; n < k.count; n++) {
                const uint8_t predicted =
                    c == 0
                        ? predict_luma_sample(a.reference[0], a.width, a.height, x, y, k.vector[n])
                        : predict_chroma_sample(a.reference[c], a.width >> 1, a.height >> 1, x, y,
                                                k.vector[n]);
                const int error = source - predicted;
                with[n] = static_cast<unsigned long long>(error * error);
            }
        }
        own = run_sum(own, run);
        bits = run_sum(bits, run);
        with[0] = run_sum(with[0], run);
        with[1] = run_sum(with[1], run);
        if (owner >= 0 && candidates[owner].count > 0 && (p.x & (run - 1)) == 0) {
            atomicAdd(&own_sse[owner][c], own);
            atomicAdd(&level_bits[owner][c], bits);
            atomicAdd(&candidate_sse[owner][0], with[0]);
            atomicAdd(&candidate_sse[owner][1], with[1]);
        }
    }
    __syncthreads();

    if (t < kAreaUnits && top[t] == t) {
        const int gx = area.x_of(t), gy = area.y_of(t);
        const InterCodedUnit unit = a.units[gy * area.unit_columns + gx];
        int choice = 0;
        const SkipCandidates& k = candidates[t];
        if (k.count > 0) {
            const int64_t lambda = a.parameters.lambda_q8;
            int64_t coded = skip_signalling_cost(own_bits[t], lambda);
            for (int c = 0; c < 3; c++) {
                coded +=
                    skip_block_cost(own_sse[t][c], ((unit.cbf >> c) & 1) != 0, level_bits[t][c],
                                    cu_log2[t] - (c == 0 ? 0 : 1), component_lambda_q8(lambda, c));
            }
            int64_t candidate_cost[2];
            for (int n = 0; n < 2; n++) {
                candidate_cost[n] = skip_signalling_cost(kSkipBits, lambda) +
                                    skip_block_cost(candidate_sse[t][n], false, 0, 0, 0);
            }
            choice = skip_choice(k, coded, candidate_cost);
        }
        const int span = 1 << (cu_log2[t] - kInterUnitLog2);
        for (int j = 0; j < span; j++) {
            for (int i = 0; i < span; i++)
                choices[(gy + j) * area.unit_columns + gx + i] = static_cast<uint8_t>(choice);
        }
    }
}

__global__ void __launch_bounds__(kThreads)
    skip_apply_kernel(InterCodingKernelArguments a, const uint8_t* choices, const uint8_t* leaned) {
    __shared__ int top[kAreaUnits];
    __shared__ bool applies[kAreaUnits];
    __shared__ Mv vector[kAreaUnits];
    const int t = static_cast<int>(threadIdx.x);
    const AreaUnits area = this_area(a);
    if (t < kAreaUnits) {
        int log2 = 0;
        top[t] = top_left_unit(a, area, t, log2);
        applies[t] = false;
        if (top[t] == t) {
            const int gx = area.x_of(t), gy = area.y_of(t);
            const int kind = choices[gy * area.unit_columns + gx];
            if (skip_applies(choices, leaned, area.unit_columns, gx, gy, log2, kind)) {
                applies[t] = true;
                InterCodedUnit unit = a.units[gy * area.unit_columns + gx];
                unit.mv = a.units[skip_source_unit(area.unit_columns, gx, gy, log2, kind)].mv;
                unit.cbf = 0;
                vector[t] = unit.mv;
                const int span = 1 << (log2 - kInterUnitLog2);
                for (int j = 0; j < span; j++) {
                    for (int i = 0; i < span; i++)
                        a.units[(gy + j) * area.unit_columns + gx + i] = unit;
                }
            }
        }
    }
    __syncthreads();
    for (int first = 0; first < kAreaSamples; first += kThreads) {
        const AreaPoint p = area_point(first + t);
        const int owner = top[p.unit];
        if (owner < 0 || !applies[owner]) continue;
        const int c = p.component, shift = c == 0 ? 0 : 1;
        const int x = (static_cast<int>(blockIdx.x) * kInterAreaSize >> shift) + p.x;
        const int y = (static_cast<int>(blockIdx.y) * kInterAreaSize >> shift) + p.y;
        const int plane_width = c == 0 ? a.width : a.width >> 1;
        a.reconstruction[c][static_cast<long>(y) * plane_width + x] =
            c == 0 ? predict_luma_sample(a.reference[0], a.width, a.height, x, y, vector[owner])
                   : predict_chroma_sample(a.reference[c], a.width >> 1, a.height >> 1, x, y,
                                           vector[owner]);
    }
}

}  // namespace

cudaError_t launch_skip_decisions(const InterCodingKernelArguments& arguments, uint8_t* choices,
                                  uint8_t* leaned, cudaStream_t stream) {
    if (arguments.parameters.skip_candidates <= 0 || arguments.parameters.lambda_q8 <= 0)
        return cudaSuccess;
    const size_t units = static_cast<size_t>(inter_unit_columns(arguments.width)) *
                         static_cast<size_t>(inter_unit_rows(arguments.height));
    cudaError_t status = cudaMemsetAsync(choices, 0, units, stream);
    if (status == cudaSuccess) status = cudaMemsetAsync(leaned, 0, units, stream);
    if (status != cudaSuccess) return status;
    const dim3 areas(
        static_cast<unsigned>((arguments.width + kInterAreaSize - 1) / kInterAreaSize),
        static_cast<unsigned>((arguments.height + kInterAreaSize - 1) / kInterAreaSize));
    skip_decision_kernel<<<areas, kThreads, 0, stream>>>(arguments, choices, leaned);
    status = cudaGetLastError();
    if (status != cudaSuccess) return status;
    skip_apply_kernel<<<areas, kThreads, 0, stream>>>(arguments, choices, leaned);
    return cudaGetLastError();
}

}  // namespace tc::cuda
