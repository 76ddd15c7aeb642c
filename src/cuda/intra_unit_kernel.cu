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

// A thread a unit: its SATD with its vector (8.5.3.3.3.1 a sample at a time) and decide_intra_unit.
__global__ void __launch_bounds__(kThreads)
    intra_unit_decision_kernel(InterCodingKernelArguments a, const uint8_t* block_waves, uint8_t* modes) {
    const int unit_columns = inter_unit_columns(a.width);
    const int i = static_cast<int>(blockIdx.x) * kThreads + static_cast<int>(threadIdx.x);
    if (i >= unit_count(a.width, a.height)) return;
    const int ux = i % unit_columns, uy = i / unit_columns;
    int mode = 0;
    if (intra_unit_eligible(a.block_vectors, a.unit_vectors, block_waves, a.width, a.height, a.parameters.slices, ux,
                            uy)) {
        const InterCu cu = inter_cu_of_unit(a.block_vectors, a.unit_vectors, a.width, a.height, ux, uy);
        uint8_t prediction[64];
        for (int k = 0; k < 64; k++) {
            prediction[k] = predict_luma_sample(a.reference[0], a.width, a.height, cu.x + (k & 7), cu.y + (k >> 3), cu.mv);
        }
        const uint32_t inter_satd = intra_unit_satd(a.source[0], a.width, cu.x, cu.y, prediction);
        mode = decide_intra_unit(unit_picture(a), a.parameters.sqrt_lambda_q8, ux, uy, inter_satd,
                                 intra_unit_vector_bits(a.block_vectors, a.unit_vectors, a.width, a.height, ux, uy));
    }
    modes[i] = static_cast<uint8_t>(mode);
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
// (the first on a tie) by a minimum over the lanes of cost << 6 | mode, then lane 0 codes it.
__global__ void __launch_bounds__(kThreads)
    intra_unit_coding_kernel(InterCodingKernelArguments a, const uint8_t* waves, int wave) {
    const int unit_columns = inter_unit_columns(a.width);
    const int lane = static_cast<int>(threadIdx.x) & 31;
    const int i = static_cast<int>(blockIdx.x) * kWarpsPerBlock + static_cast<int>(threadIdx.x >> 5);
    if (i >= unit_count(a.width, a.height) || waves[i] != wave) return;  // the whole warp
    const int ux = i % unit_columns, uy = i / unit_columns;
    const IntraUnitPicture p = unit_picture(a);
    unsigned long long key = ~0ull;
    for (int mode = lane; mode < kIntraModes; mode += 32) {
        const unsigned long long cost = intra_unit_mode_cost(p, a.parameters.sqrt_lambda_q8, ux, uy, mode);
        const unsigned long long candidate = cost << 6 | static_cast<unsigned long long>(mode);
        key = candidate < key ? candidate : key;
    }
    for (int offset = 16; offset > 0; offset >>= 1) {
        const unsigned long long other = __shfl_down_sync(0xFFFFFFFFu, key, offset);
        key = other < key ? other : key;
    }
    if (lane != 0) return;
    IntraUnitCoding coding;
    code_intra_unit_candidate(p, a.parameters, a.units, unit_columns, ux, uy, static_cast<int>(key & 63), coding);
}

}  // namespace

cudaError_t launch_intra_unit_decisions(const InterCodingKernelArguments& arguments, const uint8_t* block_waves,
                                        uint8_t* modes, uint8_t* waves, cudaStream_t stream) {
    const int width = arguments.width, height = arguments.height, units = unit_count(width, height);
    intra_unit_decision_kernel<<<thread_blocks(units), kThreads, 0, stream>>>(arguments, block_waves, modes);
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
    const unsigned blocks = static_cast<unsigned>((units + kWarpsPerBlock - 1) / kWarpsPerBlock);
    for (int wave = 1; wave <= arguments.parameters.intra_unit_waves; wave++) {
        intra_unit_coding_kernel<<<blocks, kThreads, 0, stream>>>(arguments, waves, wave);
        const cudaError_t error = cudaGetLastError();
        if (error != cudaSuccess) return error;
    }
    return cudaSuccess;
}

}  // namespace tc::cuda
