// 16x16 luma predictions of several blocks at once on a thread block (the smoothing's candidates,
// the area, split and intra decisions' blocks): the values of uni_predicted_sample<8>
// (accel/inter_coding_steps.h, H.265 8.5.3.3.3 with the reference's edges repeated), computed
// separably in shared memory with packed arithmetic (accel/packed_luma_filter.h).
#pragma once
#include <cstdint>

#include "accel/block_search_steps.h"
#include "accel/host_device.h"
#include "accel/packed_luma_filter.h"

namespace tc::cuda {

constexpr int kPredictedSamples = kBlockSearchSize * kBlockSearchSize;

// One block to predict: its top-left luma sample and its vector (quarter samples).
struct PredictedBlock {
    int x, y;
    int16_t vx, vy;
};

// Predicts blocks[0..count) into predictions[d] (16x16, stride 16) with the kThreads threads of
// the thread block, every one of which must call it (it synchronises them, last after the
// predictions). `windows` and `horizontal` are scratch of `count` entries each. The passes are
// accel/packed_luma_filter.h's items (the tests run them against uni_predicted_sample<8>):
// 1. the windows, a word (four samples) an item: kReads items at a time, all read, then all
//    stored, so that the reads' latencies overlap;
// 2. the horizontal sums, four an item (two dp4a each);
// 3. the vertical sums and the rounding, two samples an item (nine dp2a).
// (Before the thirty-third session a thread per window sample with its edge tests, a thread per
// sum with eight byte reads and products.)
template <int kThreads>
__device__ void predict_blocks(const uint8_t* reference, int width, int height, const PredictedBlock* blocks,
                               int count, uint32_t (*windows)[kPackedWindowWords],
                               uint32_t (*horizontal)[kPackedHorizontalWords],
                               uint8_t (*predictions)[kPredictedSamples]) {
    const int t = static_cast<int>(threadIdx.x);
    const bool aligned_rows = (width & 3) == 0 && (reinterpret_cast<uintptr_t>(reference) & 3) == 0;
    {
        constexpr int kReads = 4;
        uint32_t words[kReads];
        const int total = count * kPackedWindowItems;
#pragma unroll 1
        for (int first = 0; first < total; first += kReads * kThreads) {
            TC_UNROLL
            for (int n = 0; n < kReads; n++) {
                const int i = first + t + n * kThreads;
                if (i < total) {
                    const int d = i / kPackedWindowItems;
                    const PredictedBlock& b = blocks[d];
                    words[n] = packed_window_word(reference, width, height, b.x, b.y, b.vx, b.vy,
                                                  i - d * kPackedWindowItems, aligned_rows);
                }
            }
            TC_UNROLL
            for (int n = 0; n < kReads; n++) {
                const int i = first + t + n * kThreads;
                if (i < total) {
                    const int d = i / kPackedWindowItems;
                    windows[d][packed_window_index(i - d * kPackedWindowItems)] = words[n];
                }
            }
        }
    }
    __syncthreads();
#pragma unroll 1
    for (int i = t; i < count * kPackedHorizontalItems; i += kThreads) {
        const int d = i / kPackedHorizontalItems;
        packed_horizontal_item(windows[d], blocks[d].x, blocks[d].vx, i - d * kPackedHorizontalItems, horizontal[d]);
    }
    __syncthreads();
#pragma unroll 1
    for (int i = t; i < count * kPackedVerticalItems; i += kThreads) {
        const int d = i / kPackedVerticalItems;
        packed_vertical_item(horizontal[d], blocks[d].vx, blocks[d].vy, i - d * kPackedVerticalItems, predictions[d]);
    }
    __syncthreads();
}

}  // namespace tc::cuda
