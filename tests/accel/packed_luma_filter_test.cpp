// The packed luma filter (accel/packed_luma_filter.h) that the CUDA kernels' predictions use
// (bench/cuda/pending/packed_filter.patch): its taps are block_luma_taps', its dot products the
// products' sums, and its items (run here one after another, as the kernels' threads run them
// side by side) give the scalar predictions: uni_predicted_sample<8> for predict_blocks' blocks,
// block_predicted_sample for the block search's sub-sample candidates, at every fraction, near
// and past the picture's edges, on widths that are and are not multiples of four.
#include "accel/packed_luma_filter.h"

#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "accel/inter_coding_steps.h"

namespace tc {
namespace {

int tap(uint32_t word, int k) {
    return static_cast<int8_t>((word >> (8 * k)) & 0xffu);
}

TEST(PackedLumaFilter, TapsAreTheLumaFiltersTaps) {
    for (int fraction = 1; fraction < 4; fraction++) {
        int taps[8];
        block_luma_taps(fraction, taps);
        const PackedLumaTaps packed = packed_luma_taps(fraction);
        for (int k = 0; k < 4; k++) {
            EXPECT_EQ(tap(packed.low, k), taps[k]) << fraction << "," << k;
            EXPECT_EQ(tap(packed.high, k), taps[k + 4]) << fraction << "," << k + 4;
        }
    }
    const PackedLumaTaps identity = packed_luma_taps(0);
    for (int k = 0; k < 8; k++)
        EXPECT_EQ(tap(k < 4 ? identity.low : identity.high, k & 3), k == 3 ? 1 : 0) << k;
}

TEST(PackedLumaFilter, SumsAreTheFiltersSums) {
    std::mt19937 random(5);
    std::uniform_int_distribution<int> sample(0, 255), sum(-6120, 22440), lead_of(0, 3),
        parity_of(0, 1);
    for (int trial = 0; trial < 2000; trial++) {
        const int fraction = trial & 3;
        int taps[8];
        block_luma_taps(fraction, taps);
        if (fraction == 0) {
            for (int k = 0; k < 8; k++) taps[k] = k == 3 ? 1 : 0;
        }
        const PackedLumaTaps packed = packed_luma_taps(fraction);
        // Horizontal: 16 bytes, the row from byte `lead`.
        uint8_t bytes[16];
        for (int i = 0; i < 16; i++)
            bytes[i] = static_cast<uint8_t>(trial % 7 == 0 ? (i & 1 ? 255 : 0) : sample(random));
        uint32_t words[4];
        for (int w = 0; w < 4; w++) {
            words[w] = bytes[4 * w] | bytes[4 * w + 1] << 8 | bytes[4 * w + 2] << 16 |
                       static_cast<uint32_t>(bytes[4 * w + 3]) << 24;
        }
        const int lead = lead_of(random);
        int out[4];
        horizontal_sums_4(words, lead, packed, out);
        for (int j = 0; j < 4; j++) {
            int expected = 0;
            for (int k = 0; k < 8; k++) expected += taps[k] * bytes[lead + j + k];
            ASSERT_EQ(out[j], expected)
                << "fraction " << fraction << " lead " << lead << " output " << j;
        }
        // Vertical: ten rows of one column as five pairs (stride 3 words), from row `parity`.
        int rows[10];
        for (int& r : rows) r = sum(random);
        uint32_t pairs[15] = {};
        for (int r = 0; r < 10; r++) store_pair_half(pairs, (r >> 1) * 3 * 2 + (r & 1), rows[r]);
        const int parity = parity_of(random);
        int first = 0, second = 0;
        vertical_sums_2(pairs, 3, parity, packed, first, second);
        int expected_first = 0, expected_second = 0;
        for (int k = 0; k < 8; k++) {
            expected_first += taps[k] * rows[parity + k];
            expected_second += taps[k] * rows[parity + 1 + k];
        }
        ASSERT_EQ(first, expected_first) << "fraction " << fraction << " parity " << parity;
        ASSERT_EQ(second, expected_second) << "fraction " << fraction << " parity " << parity;
    }
}

// predict_blocks' three passes, item by item, for one block.
void predict_packed(const uint8_t* plane, int width, int height, int x, int y, int vx, int vy,
                    bool aligned_rows, uint8_t* prediction) {
    std::vector<uint32_t> window(kPackedWindowWords, 0xdeadbeefu),
        pairs(kPackedHorizontalWords, 0xdeadbeefu);
    for (int item = 0; item < kPackedWindowItems; item++) {
        window[static_cast<size_t>(packed_window_index(item))] =
            packed_window_word(plane, width, height, x, y, vx, vy, item, aligned_rows);
    }
    for (int item = 0; item < kPackedHorizontalItems; item++)
        packed_horizontal_item(window.data(), x, vx, item, pairs.data());
    for (int item = 0; item < kPackedVerticalItems; item++)
        packed_vertical_item(pairs.data(), vx, vy, item, prediction);
}

TEST(PackedLumaFilter, BlockPredictionsAreUniPredictedSamples) {
    std::mt19937 random(7);
    std::uniform_int_distribution<int> sample(0, 255);
    const int sizes[][2] = {{64, 48}, {67, 45}, {20, 18}, {16, 16}, {130, 33}};
    for (const auto& size : sizes) {
        const int width = size[0], height = size[1];
        std::vector<uint8_t> plane(static_cast<size_t>(width) * height);
        for (uint8_t& s : plane) s = static_cast<uint8_t>(sample(random));
        std::uniform_int_distribution<int> x_of(-20, width + 4), y_of(-20, height + 4),
            v_of(-90, 90);
        for (int trial = 0; trial < 400; trial++) {
            const int x = trial < 16 ? 0 : x_of(random), y = trial < 16 ? 0 : y_of(random);
            const int vx = trial < 16 ? trial & 3 : v_of(random),
                      vy = trial < 16 ? trial >> 2 : v_of(random);
            for (int aligned = 0; aligned < ((width & 3) == 0 ? 2 : 1); aligned++) {
                uint8_t prediction[kBlockSearchSize * kBlockSearchSize];
                predict_packed(plane.data(), width, height, x, y, vx, vy, aligned != 0, prediction);
                for (int j = 0; j < kBlockSearchSize; j++) {
                    for (int i = 0; i < kBlockSearchSize; i++) {
                        ASSERT_EQ(prediction[j * kBlockSearchSize + i],
                                  uni_predicted_sample<8>(plane.data(), width, height, x + i, y + j,
                                                          vx, vy))
                            << width << "x" << height << " block " << x << "," << y << " vector "
                            << vx << "," << vy << " sample " << i << "," << j
                            << (aligned ? " aligned" : "");
                    }
                }
            }
        }
    }
}

TEST(PackedLumaFilter, SubpelStepPredictionsAreBlockPredictedSamples) {
    std::mt19937 random(9);
    std::uniform_int_distribution<int> sample(0, 255);
    std::vector<uint32_t> window_words(kBlockWindowWords);
    std::vector<uint32_t> columns(3 * kSubpelColumnWords);
    std::vector<uint8_t> predictions(kBlockSubpelCandidates * kBlockSearchSize * kBlockSearchSize);
    for (int trial = 0; trial < 3; trial++) {
        std::vector<uint8_t> window(kBlockWindowSide * kBlockWindowSide);
        for (size_t i = 0; i < window.size(); i++) {
            window[i] = trial < 2 ? static_cast<uint8_t>(sample(random))
                                  : ((i + i / kBlockWindowSide) % 2 ? 255 : 0);
        }
        for (int w = 0; w + 1 < kBlockWindowWords; w++) {
            window_words[static_cast<size_t>(w)] = window[4 * w] | window[4 * w + 1] << 8 |
                                                   window[4 * w + 2] << 16 |
                                                   static_cast<uint32_t>(window[4 * w + 3]) << 24;
        }
        window_words.back() = 0;
        // The half-sample step around every full-sample position, the quarter-sample one around
        // every half-sample position the first can reach.
        const int reach = 4 * kBlockSearchRadius;
        for (int step = 2; step >= 1; step--) {
            const int centre_reach = step == 2 ? reach : reach + 2, centre_step = step == 2 ? 4 : 2;
            for (int cy = -centre_reach; cy <= centre_reach; cy += centre_step) {
                for (int cx = -centre_reach; cx <= centre_reach; cx += centre_step) {
                    for (int item = 0; item < kSubpelHorizontalItems; item++) {
                        subpel_horizontal_item(window_words.data(), cx, cy, step, item,
                                               columns.data());
                    }
                    for (int item = 0; item < kSubpelVerticalItems; item++) {
                        subpel_vertical_item(columns.data(), cx, cy, step, item,
                                             predictions.data());
                    }
                    for (int index = 0; index < kBlockSubpelCandidates; index++) {
                        int qx = 0, qy = 0;
                        block_subpel_offset(index, step, cx, cy, qx, qy);
                        for (int j = 0; j < kBlockSearchSize; j++) {
                            for (int i = 0; i < kBlockSearchSize; i++) {
                                ASSERT_EQ(
                                    predictions[static_cast<size_t>(
                                        (index * kBlockSearchSize + j) * kBlockSearchSize + i)],
                                    block_predicted_sample(window.data(), qx, qy, i, j))
                                    << "step " << step << " centre " << cx << "," << cy
                                    << " candidate " << qx << "," << qy << " sample " << i << ","
                                    << j;
                            }
                        }
                    }
                }
            }
        }
    }
}

}  // namespace
}  // namespace tc
