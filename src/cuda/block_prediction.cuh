// 16x16 luma predictions of several blocks at once on a thread block (the smoothing's candidates
// and the area decisions' blocks): the values of uni_predicted_sample<8> (accel/inter_coding_steps.h,
// H.265 8.5.3.3.3 with the reference's edges repeated), computed separably in shared memory.
#pragma once
#include <cstdint>

#include "accel/block_search_steps.h"
#include "accel/host_device.h"

namespace tc::cuda {

constexpr int kPredictedSamples = kBlockSearchSize * kBlockSearchSize;
constexpr int kTapSpan = 8;
constexpr int kPredictionSide = kBlockSearchSize + kTapSpan - 1;  // 23: the samples a prediction reads
constexpr int kPredictionWindow = kPredictionSide * kPredictionSide;
constexpr int kHorizontalSums = kPredictionSide * kBlockSearchSize;  // 23 rows of 16

// One block to predict: its top-left luma sample and its vector (quarter samples).
struct PredictedBlock {
    int x, y;
    int16_t vx, vy;
};

// Sum of `taps` over the 8 samples from `samples` on, `step` apart (reference samples, or the
// horizontal pass's int16 sums).
template <class Sample>
__device__ __forceinline__ int filter_8(const int* taps, const Sample* samples, int step) {
    int value = 0;
#pragma unroll
    for (int k = 0; k < kTapSpan; k++) value += taps[k] * samples[k * step];
    return value;
}

// Predicts blocks[0..count) into predictions[d] (16x16, stride 16) with the kThreads threads of
// the thread block, every one of which must call it (it synchronises them, last after the
// predictions). `windows` and `horizontal` are scratch of `count` entries each.
// 1. The windows: row r, column c of block d's is the reference sample at
//    (x + (vx >> 2) - 3 + c, y + (vy >> 2) - 3 + r), edges repeated. A thread per sample,
//    kWindowReads samples at a time: all read, then all stored, so that the reads' latencies
//    overlap (a loop that stored each read before the next waited for every read in turn).
// 2. The horizontal pass: 23 rows of 16 sums a block (the integer samples where the horizontal
//    fraction is 0; where the vertical one is 0, the prediction reads rows 3..18 only).
// 3. The vertical pass and the rounding, a thread per sample.
template <int kThreads>
__device__ void predict_blocks(const uint8_t* reference, int width, int height, const PredictedBlock* blocks,
                               int count, uint8_t (*windows)[kPredictionWindow], int16_t (*horizontal)[kHorizontalSums],
                               uint8_t (*predictions)[kPredictedSamples]) {
    const int t = static_cast<int>(threadIdx.x);
    {
        constexpr int kWindowReads = 8;
        uint8_t samples[kWindowReads];
        const int total = count * kPredictionWindow;
        for (int first = 0; first < total; first += kWindowReads * kThreads) {
            TC_UNROLL
            for (int n = 0; n < kWindowReads; n++) {
                const int i = first + t + n * kThreads;
                if (i < total) {
                    const int d = i / kPredictionWindow, j = i - d * kPredictionWindow;
                    const int row = j / kPredictionSide, column = j - row * kPredictionSide;
                    const PredictedBlock& b = blocks[d];
                    samples[n] = edge_sample(reference, width, height, b.x + (b.vx >> 2) - 3 + column,
                                             b.y + (b.vy >> 2) - 3 + row);
                }
            }
            TC_UNROLL
            for (int n = 0; n < kWindowReads; n++) {
                const int i = first + t + n * kThreads;
                if (i < total) windows[i / kPredictionWindow][i % kPredictionWindow] = samples[n];
            }
        }
    }
    __syncthreads();
    for (int i = t; i < count * kHorizontalSums; i += kThreads) {
        const int d = i / kHorizontalSums, j = i - d * kHorizontalSums;
        const int row = j >> 4, column = j & (kBlockSearchSize - 1);
        const int fx = blocks[d].vx & 3;
        const uint8_t* samples = windows[d] + row * kPredictionSide + column;
        int value = samples[3];
        if (fx != 0) {
            int taps[kTapSpan];
            block_luma_taps(fx, taps);
            value = filter_8(taps, samples, 1);
        }
        horizontal[d][j] = static_cast<int16_t>(value);
    }
    __syncthreads();
    for (int i = t; i < count * kPredictedSamples; i += kThreads) {
        const int d = i / kPredictedSamples, sample = i - d * kPredictedSamples;
        const int fx = blocks[d].vx & 3, fy = blocks[d].vy & 3;
        const int x = sample & (kBlockSearchSize - 1), y = sample >> 4;
        int value;
        if (fy == 0) {
            value = horizontal[d][(y + 3) * kBlockSearchSize + x];
            if (fx != 0) value = (value + 32) >> 6;
        } else {
            int taps[kTapSpan];
            block_luma_taps(fy, taps);
            value = filter_8(taps, horizontal[d] + y * kBlockSearchSize + x, kBlockSearchSize);
            if (fx != 0) value >>= 6;
            value = (value + 32) >> 6;
        }
        predictions[d][sample] = static_cast<uint8_t>(value < 0 ? 0 : value > 255 ? 255 : value);
    }
    __syncthreads();
}

}  // namespace tc::cuda
