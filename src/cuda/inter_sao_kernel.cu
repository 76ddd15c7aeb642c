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

// A thread per CTU row.
__global__ void inter_sao_merge_kernel(const InterSaoStatistics* statistics, int ctu_columns, int ctu_rows,
                                       int64_t lambda_q8, InterSaoDecision* decisions) {
    const int row = static_cast<int>(blockIdx.x * blockDim.x + threadIdx.x);
    if (row >= ctu_rows) return;
    merge_inter_sao_row(statistics, ctu_columns, row, lambda_q8, decisions);
}

struct SaoPlanes {
    const uint8_t* deblocked[3];
    uint8_t* output[3];
};

constexpr int kApplyWidth = 64, kApplyRows = 4;

// A thread per sample of component blockIdx.z: 64 x 4 samples a thread block.
__global__ void inter_sao_apply_kernel(SaoPlanes planes, int width, int height,
                                       const InterSaoDecision* decisions) {
    const int component = static_cast<int>(blockIdx.z), shift = component == 0 ? 0 : 1;
    const int plane_width = width >> shift, plane_height = height >> shift;
    const int x = static_cast<int>(blockIdx.x) * kApplyWidth + static_cast<int>(threadIdx.x);
    const int y = static_cast<int>(blockIdx.y) * kApplyRows + static_cast<int>(threadIdx.y);
    if (x >= plane_width || y >= plane_height) return;
    const int ctb_log2 = kLog2CtuSize - shift;
    const int ctu_columns = inter_ctu_columns(width);
    const InterSaoDecision d = decisions[3 * ((y >> ctb_log2) * ctu_columns + (x >> ctb_log2)) + component];
    planes.output[component][y * plane_width + x] =
        inter_sao_sample(planes.deblocked[component], plane_width, plane_width, plane_height, x, y, d);
}

}  // namespace

cudaError_t launch_inter_sao_decisions(const InterSaoStatistics* statistics, int ctu_columns, int ctu_rows,
                                       int64_t lambda_q8, InterSaoDecision* decisions, cudaStream_t stream) {
    const int ctbs = ctu_columns * ctu_rows;
    inter_sao_decision_kernel<<<(ctbs + kDecisionThreads - 1) / kDecisionThreads, kDecisionThreads, 0, stream>>>(
        statistics, ctbs, lambda_q8, decisions);
    const cudaError_t status = cudaGetLastError();
    if (status != cudaSuccess) return status;
    inter_sao_merge_kernel<<<(ctu_rows + kDecisionThreads - 1) / kDecisionThreads, kDecisionThreads, 0, stream>>>(
        statistics, ctu_columns, ctu_rows, lambda_q8, decisions);
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
    const dim3 grid((width + kApplyWidth - 1) / kApplyWidth, (height + kApplyRows - 1) / kApplyRows, 3);
    inter_sao_apply_kernel<<<grid, threads, 0, stream>>>(planes, width, height, decisions);
    return cudaGetLastError();
}

}  // namespace tc::cuda
