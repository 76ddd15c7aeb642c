#include "accel/inter_sao_steps.h"
#include "cuda/inter_sao_kernel.cuh"

namespace tc::cuda {

namespace {

constexpr int kDecisionThreads = 64;

// A thread per CTB.
__global__ void inter_sao_decision_kernel(const InterSaoStatistics* statistics, int ctbs, int64_t lambda_q8,
                                          InterSaoDecision* decisions) {
    const int ctb = static_cast<int>(blockIdx.x * blockDim.x + threadIdx.x);
    if (ctb >= ctbs) return;
    decide_inter_sao(statistics + 3 * ctb, lambda_q8, decisions + 3 * ctb);
}

// A thread block per CTU row. The merges run on one thread, each CTB's step reading what the
// step before wrote, so they wait on every read: from global memory they took 0.43 ms a 4K
// picture on an H100, from shared memory with the copies 0.06 ms (Nsight Compute,
// docs/BENCHMARKS.md, twenty-seventh session). Where the row's statistics and decisions fit (`in_shared`: 1272 bytes a CTU, 76 KB at 4K,
// 153 KB at 8K), the block's threads copy them there, its first thread merges, and they copy
// the decisions back; elsewhere the first thread merges in global memory.
constexpr int kMergeThreads = 256;

__global__ void __launch_bounds__(kMergeThreads)
    inter_sao_merge_kernel(const InterSaoStatistics* statistics, int ctu_columns, int64_t lambda_q8,
                           InterSaoDecision* decisions, bool in_shared) {
    extern __shared__ __align__(16) unsigned char row_memory[];
    const int row = static_cast<int>(blockIdx.x), t = static_cast<int>(threadIdx.x);
    const size_t first = 3 * static_cast<size_t>(row) * static_cast<size_t>(ctu_columns);
    const InterSaoStatistics* row_statistics = statistics + first;
    InterSaoDecision* row_decisions = decisions + first;
    if (!in_shared) {
        if (t == 0) merge_inter_sao_row(row_statistics, row_decisions, ctu_columns, row > 0, lambda_q8);
        return;
    }
    const int ctbs = 3 * ctu_columns;
    auto* shared_statistics = reinterpret_cast<InterSaoStatistics*>(row_memory);
    auto* shared_decisions = reinterpret_cast<InterSaoDecision*>(shared_statistics + ctbs);
    const int words = ctbs * static_cast<int>(sizeof(InterSaoStatistics) / sizeof(int32_t));
    const auto* from = reinterpret_cast<const int32_t*>(row_statistics);
    auto* to = reinterpret_cast<int32_t*>(shared_statistics);
    for (int i = t; i < words; i += kMergeThreads) to[i] = from[i];
    for (int i = t; i < ctbs; i += kMergeThreads) shared_decisions[i] = row_decisions[i];
    __syncthreads();
    if (t == 0) merge_inter_sao_row(shared_statistics, shared_decisions, ctu_columns, row > 0, lambda_q8);
    __syncthreads();
    for (int i = t; i < ctbs; i += kMergeThreads) row_decisions[i] = shared_decisions[i];
}

struct SaoPlanes {
    const uint8_t* deblocked[3];
    uint8_t* output[3];
};

constexpr int kApplyWidth = 64, kApplyRows = 4;

// A thread per sample of component first_component + blockIdx.z (the grid of its plane), 64 x 4
// samples a thread block. The planes are picked and the decision read in place, without an
// index into a local copy (which put them in local memory: 56 bytes a thread).
__global__ void inter_sao_apply_kernel(SaoPlanes planes, int width, int height, int first_component,
                                       const InterSaoDecision* decisions) {
    const int component = first_component + static_cast<int>(blockIdx.z), shift = component == 0 ? 0 : 1;
    const int plane_width = width >> shift, plane_height = height >> shift;
    const int x = static_cast<int>(blockIdx.x) * kApplyWidth + static_cast<int>(threadIdx.x);
    const int y = static_cast<int>(blockIdx.y) * kApplyRows + static_cast<int>(threadIdx.y);
    if (x >= plane_width || y >= plane_height) return;
    const uint8_t* in = component == 0 ? planes.deblocked[0] : component == 1 ? planes.deblocked[1] : planes.deblocked[2];
    uint8_t* out = component == 0 ? planes.output[0] : component == 1 ? planes.output[1] : planes.output[2];
    const int ctb_log2 = kLog2CtuSize - shift;
    const int ctu_columns = inter_ctu_columns(width);
    const InterSaoDecision& d = decisions[3 * ((y >> ctb_log2) * ctu_columns + (x >> ctb_log2)) + component];
    out[y * plane_width + x] = inter_sao_sample(in, plane_width, plane_width, plane_height, x, y, d);
}

}  // namespace

cudaError_t launch_inter_sao_decisions(const InterSaoStatistics* statistics, int ctu_columns, int ctu_rows,
                                       int64_t lambda_q8, InterSaoDecision* decisions, cudaStream_t stream) {
    const int ctbs = ctu_columns * ctu_rows;
    inter_sao_decision_kernel<<<(ctbs + kDecisionThreads - 1) / kDecisionThreads, kDecisionThreads, 0, stream>>>(
        statistics, ctbs, lambda_q8, decisions);
    cudaError_t status = cudaGetLastError();
    if (status != cudaSuccess) return status;
    int device = 0, shared_limit = 0;
    status = cudaGetDevice(&device);
    if (status == cudaSuccess) status = cudaDeviceGetAttribute(&shared_limit, cudaDevAttrMaxSharedMemoryPerBlockOptin, device);
    if (status != cudaSuccess) return status;
    const size_t row_bytes = 3 * static_cast<size_t>(ctu_columns) * (sizeof(InterSaoStatistics) + sizeof(InterSaoDecision));
    const bool in_shared = row_bytes <= static_cast<size_t>(shared_limit);
    if (in_shared) {
        status = cudaFuncSetAttribute(inter_sao_merge_kernel, cudaFuncAttributeMaxDynamicSharedMemorySize,
                                      static_cast<int>(row_bytes));
        if (status != cudaSuccess) return status;
    }
    inter_sao_merge_kernel<<<ctu_rows, kMergeThreads, in_shared ? row_bytes : 0, stream>>>(
        statistics, ctu_columns, lambda_q8, decisions, in_shared);
    return cudaGetLastError();
}

cudaError_t launch_inter_sao_apply(const uint8_t* const deblocked[3], uint8_t* const output[3], int width,
                                   int height, const InterSaoDecision* decisions, cudaStream_t stream) {
    SaoPlanes planes;
    for (int c = 0; c < 3; c++) {
        planes.deblocked[c] = deblocked[c];
        planes.output[c] = output[c];
    }
    const dim3 threads(kApplyWidth, kApplyRows);
    const dim3 luma((width + kApplyWidth - 1) / kApplyWidth, (height + kApplyRows - 1) / kApplyRows, 1);
    inter_sao_apply_kernel<<<luma, threads, 0, stream>>>(planes, width, height, 0, decisions);
    const cudaError_t status = cudaGetLastError();
    if (status != cudaSuccess) return status;
    const dim3 chroma((width / 2 + kApplyWidth - 1) / kApplyWidth, (height / 2 + kApplyRows - 1) / kApplyRows, 2);
    inter_sao_apply_kernel<<<chroma, threads, 0, stream>>>(planes, width, height, 1, decisions);
    return cudaGetLastError();
}

}  // namespace tc::cuda
