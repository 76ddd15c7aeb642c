#include "accel/intra_unit_steps.h"
#include "cuda/intra_unit_kernel.cuh"
#include "cuda/intra_wave_kernel.cuh"

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

// A warp a unit (eligible ones only do work), on WarpLanes with its scratch in shared memory: the
// decision modes' search (decide_intra_unit_on_lanes' intra_unit_search_on_lanes), then the SATD
// with the unit's vector (its prediction two samples a lane, 8.5.3.3.3.1, intra_unit_residual_satd)
// plus its bits: the mode where it costs less (decide_intra_unit). (A lane a decision mode, each
// gathering its own line, took 0.16 ms a 1080p picture.)
__global__ void __launch_bounds__(kThreads)
    intra_unit_decision_kernel(InterCodingKernelArguments a, const uint8_t* block_waves, uint8_t* modes) {
    __shared__ IntraUnitWork work[kWarpsPerBlock];
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
    const WarpLanes lanes{lane};
    IntraUnitWork& w = work[warp];
    uint64_t intra_cost = 0;
    const int mode = intra_unit_search_on_lanes(p, a.parameters.sqrt_lambda_q8, ux, uy, true, lanes, w, intra_cost);
    const InterCu cu = inter_cu_of_unit(a.block_vectors, a.unit_vectors, a.width, a.height, ux, uy);
    for (int k = lane; k < 64; k += 32) {
        w.residual[k] = w.source[k] - predict_luma_sample(a.reference[0], a.width, a.height, cu.x + (k & 7),
                                                          cu.y + (k >> 3), cu.mv);
    }
    lanes.sync();
    const uint32_t inter_satd = intra_unit_residual_satd(lanes, w);
    if (lane != 0) return;
    const uint64_t inter_cost = intra_unit_decision_inter_cost(
        inter_satd, intra_unit_vector_bits(a.block_vectors, a.unit_vectors, a.width, a.height, ux, uy),
        a.parameters.sqrt_lambda_q8);
    modes[i] = static_cast<uint8_t>(intra_cost < inter_cost ? 1 + mode : 0);
}

__global__ void __launch_bounds__(kThreads)
    intra_unit_mark_kernel(InterCodingKernelArguments a, const uint8_t* modes, const uint8_t* waves) {
    const int i = static_cast<int>(blockIdx.x) * kThreads + static_cast<int>(threadIdx.x);
    if (i >= unit_count(a.width, a.height) || waves[i] == 0) return;
    a.units[i].intra = modes[i];  // the inter coding stays in the unit for the choice
}

// A warp a unit of the wave: the warp chooses the mode (intra_unit_mode_on_lanes), then codes it
// (code_intra_unit_candidate), both on WarpLanes with their scratch in shared memory. (Lane l
// costing modes l and l + 32 alone, each gathering its own line, took 160 us a launch.)
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
    const WarpLanes lanes{lane};
    const int mode = intra_unit_mode_on_lanes(p, a.parameters.sqrt_lambda_q8, ux, uy, lanes, work[warp]);
    code_intra_unit_candidate(p, a.parameters, a.units, unit_columns, ux, uy, mode, lanes, work[warp], coding[warp]);
}

}  // namespace

cudaError_t launch_intra_unit_decisions(const InterCodingKernelArguments& arguments, const uint8_t* block_waves,
                                        uint8_t* modes, uint8_t* waves, cudaStream_t stream) {
    const int width = arguments.width, height = arguments.height, units = unit_count(width, height);
    intra_unit_decision_kernel<<<warp_blocks(units), kThreads, 0, stream>>>(arguments, block_waves, modes);
    const cudaError_t error = cudaGetLastError();
    if (error != cudaSuccess) return error;
    return launch_intra_waves(modes, waves, inter_unit_columns(width), inter_unit_rows(height), kIntraUnitLog2, width,
                              height, arguments.parameters.slices, arguments.parameters.intra_unit_waves, stream);
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
