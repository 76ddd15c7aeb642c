#include "accel/intra_unit_steps.h"
#include "cuda/intra_unit_kernel.cuh"

namespace tc::cuda {

namespace {

constexpr int kThreads = 256;
constexpr int kWarpsPerBlock = kThreads / 32;

__device__ IntraUnitPicture unit_picture(const InterCodingKernelArguments& a) {
    IntraUnitPicture p;
    p.width = a.width;
    p.height = a.height;
    p.slices = a.parameters.slices;
    p.dct_matrix = a.dct_matrix;
    for (int c = 0; c < 3; c++) {
        const int plane_width = c == 0 ? a.width : a.width >> 1;
        p.source[c] = a.source[c];
        p.source_stride[c] = plane_width;
        p.reconstruction[c] = a.reconstruction[c];
        p.levels[c] = a.levels[c];
        p.stride[c] = plane_width;
    }
    return p;
}

__host__ __device__ int unit_count(int width, int height) { return inter_unit_columns(width) * inter_unit_rows(height); }

unsigned thread_blocks(int threads) { return static_cast<unsigned>((threads + kThreads - 1) / kThreads); }
unsigned warp_blocks(int warps) { return static_cast<unsigned>((warps + kWarpsPerBlock - 1) / kWarpsPerBlock); }

// The steps' lanes on a warp (accel/intra_unit_steps.h's SerialLanes on the host).
struct WarpLanes {
    int lane_ = 0;
    __device__ int lane() const { return lane_; }
    __device__ int count() const { return 32; }
    __device__ void sync() const { __syncwarp(); }
    __device__ uint64_t sum(uint64_t value) const {
        for (int offset = 16; offset > 0; offset >>= 1) value += __shfl_xor_sync(0xFFFFFFFFu, value, offset);
        return value;
    }
};

// The smallest of the lanes' keys, on every lane.
__device__ unsigned long long warp_minimum(unsigned long long key) {
    for (int offset = 16; offset > 0; offset >>= 1) {
        const unsigned long long other = __shfl_xor_sync(0xFFFFFFFFu, key, offset);
        key = other < key ? other : key;
    }
    return key;
}

// A warp a unit (eligible ones only do work): lane k < kIntraDecisionModes costs decision mode k
// (intra_unit_decision_cost), the lanes predict the unit with its vector two samples each
// (8.5.3.3.3.1), lane 0 takes its SATD and bits, and the cheapest mode (the first on a tie: the
// minimum of cost << 6 | k) wins where it costs less (decide_intra_unit).
__global__ void __launch_bounds__(kThreads)
    intra_unit_decision_kernel(InterCodingKernelArguments a, const uint8_t* block_waves, uint8_t* modes) {
    __shared__ uint8_t predictions[kWarpsPerBlock][64];
    const int unit_columns = inter_unit_columns(a.width);
    const int lane = static_cast<int>(threadIdx.x) & 31, warp = static_cast<int>(threadIdx.x) >> 5;
    const int i = static_cast<int>(blockIdx.x) * kWarpsPerBlock + warp;
    if (i >= unit_count(a.width, a.height)) return;  // the whole warp
    const int ux = i % unit_columns, uy = i / unit_columns;
    if (!intra_unit_eligible(a.block_vectors, a.unit_vectors, block_waves, a.width, a.height, a.parameters.slices,
                             ux, uy)) {
        if (lane == 0) modes[i] = 0;
        return;
    }
    const IntraUnitPicture p = unit_picture(a);
    const InterCu cu = inter_cu_of_unit(a.block_vectors, a.unit_vectors, a.width, a.height, ux, uy);
    for (int k = lane; k < 64; k += 32) {
        predictions[warp][k] = predict_luma_sample(a.reference[0], a.width, a.height, cu.x + (k & 7), cu.y + (k >> 3), cu.mv);
    }
    unsigned long long key = ~0ull;
    if (lane < kIntraDecisionModes) {
        key = intra_unit_decision_cost(p, a.parameters.sqrt_lambda_q8, ux, uy, lane) << 6 |
              static_cast<unsigned long long>(lane);
    }
    key = warp_minimum(key);
    __syncwarp();
    if (lane != 0) return;
    const uint64_t inter_cost = intra_unit_decision_inter_cost(
        intra_unit_satd(a.source[0], a.width, cu.x, cu.y, predictions[warp]),
        intra_unit_vector_bits(a.block_vectors, a.unit_vectors, a.width, a.height, ux, uy), a.parameters.sqrt_lambda_q8);
    modes[i] = static_cast<uint8_t>((key >> 6) < inter_cost ? 1 + intra_decision_mode(static_cast<int>(key & 63)) : 0);
}

// One wave: a thread a unit, in place (intra_wave_ready_in on the unit grid).
__global__ void __launch_bounds__(kThreads)
    intra_unit_wave_kernel(const uint8_t* modes, uint8_t* waves, int width, int height, int slices, int wave) {
    const int unit_columns = inter_unit_columns(width);
    const int i = static_cast<int>(blockIdx.x) * kThreads + static_cast<int>(threadIdx.x);
    if (i >= unit_count(width, height)) return;
    if (intra_wave_ready_in(modes, waves, unit_columns, kIntraUnitLog2, width, height, slices, i % unit_columns,
                            i / unit_columns, wave)) {
        waves[i] = static_cast<uint8_t>(wave);
    }
}

__global__ void __launch_bounds__(kThreads)
    intra_unit_mark_kernel(InterCodingKernelArguments a, const uint8_t* modes, const uint8_t* waves) {
    const int i = static_cast<int>(blockIdx.x) * kThreads + static_cast<int>(threadIdx.x);
    if (i >= unit_count(a.width, a.height) || waves[i] == 0) return;
    a.units[i].intra = modes[i];  // the inter coding stays in the unit for the choice
}

// A warp a unit of the wave: lane l costs modes l and l + 32 (intra_unit_mode_cost), the cheapest
// (the first on a tie) by a minimum over the lanes of cost << 6 | mode, then the warp codes it
// (code_intra_unit_candidate on WarpLanes, its scratch in shared memory).
__global__ void __launch_bounds__(kThreads)
    intra_unit_coding_kernel(InterCodingKernelArguments a, const uint8_t* waves, int wave) {
    __shared__ IntraUnitWork work[kWarpsPerBlock];
    __shared__ IntraUnitCoding coding[kWarpsPerBlock];
    const int unit_columns = inter_unit_columns(a.width);
    const int lane = static_cast<int>(threadIdx.x) & 31, warp = static_cast<int>(threadIdx.x) >> 5;
    const int i = static_cast<int>(blockIdx.x) * kWarpsPerBlock + warp;
    if (i >= unit_count(a.width, a.height) || waves[i] != wave) return;  // the whole warp
    const int ux = i % unit_columns, uy = i / unit_columns;
    const IntraUnitPicture p = unit_picture(a);
    unsigned long long key = ~0ull;
    for (int mode = lane; mode < kIntraModes; mode += 32) {
        const unsigned long long cost = intra_unit_mode_cost(p, a.parameters.sqrt_lambda_q8, ux, uy, mode);
        const unsigned long long candidate = cost << 6 | static_cast<unsigned long long>(mode);
        key = candidate < key ? candidate : key;
    }
    key = warp_minimum(key);
    code_intra_unit_candidate(p, a.parameters, a.units, unit_columns, ux, uy, static_cast<int>(key & 63),
                              WarpLanes{lane}, work[warp], coding[warp]);
}

}  // namespace

cudaError_t launch_intra_unit_decisions(const InterCodingKernelArguments& arguments, const uint8_t* block_waves,
                                        uint8_t* modes, uint8_t* waves, cudaStream_t stream) {
    const int width = arguments.width, height = arguments.height, units = unit_count(width, height);
    intra_unit_decision_kernel<<<warp_blocks(units), kThreads, 0, stream>>>(arguments, block_waves, modes);
    cudaError_t error = cudaGetLastError();
    if (error == cudaSuccess) error = cudaMemsetAsync(waves, 0, static_cast<size_t>(units), stream);
    for (int wave = 1; error == cudaSuccess && wave <= arguments.parameters.intra_unit_waves; wave++) {
        intra_unit_wave_kernel<<<thread_blocks(units), kThreads, 0, stream>>>(modes, waves, width, height,
                                                                              arguments.parameters.slices, wave);
        error = cudaGetLastError();
    }
    return error;
}

cudaError_t launch_intra_unit_marks(const InterCodingKernelArguments& arguments, const uint8_t* modes,
                                    const uint8_t* waves, cudaStream_t stream) {
    intra_unit_mark_kernel<<<thread_blocks(unit_count(arguments.width, arguments.height)), kThreads, 0, stream>>>(
        arguments, modes, waves);
    return cudaGetLastError();
}

cudaError_t launch_intra_unit_coding(const InterCodingKernelArguments& arguments, const uint8_t* waves,
                                     cudaStream_t stream) {
    const int units = unit_count(arguments.width, arguments.height);
    for (int wave = 1; wave <= arguments.parameters.intra_unit_waves; wave++) {
        intra_unit_coding_kernel<<<warp_blocks(units), kThreads, 0, stream>>>(arguments, waves, wave);
        const cudaError_t error = cudaGetLastError();
        if (error != cudaSuccess) return error;
    }
    return cudaSuccess;
}

}  // namespace tc::cuda
