#include "predict/inter_weighting.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <vector>

#include "predict/inter_interpolation.h"

namespace tc {
namespace {

int uni_of(int value) {
    const int16_t prediction = static_cast<int16_t>(value);
    uint8_t result = 0;
    weighted_uni(&prediction, 1, &result, 1, 1, 1);
    return result;
}

int bi_of(int value0, int value1) {
    const int16_t prediction0 = static_cast<int16_t>(value0);
    const int16_t prediction1 = static_cast<int16_t>(value1);
    uint8_t result = 0;
    weighted_bi(&prediction0, &prediction1, 1, &result, 1, 1, 1);
    return result;
}

TEST(InterWeighting, UniRoundsHalfUpAndClips) {
    EXPECT_EQ(uni_of(0), 0);
    EXPECT_EQ(uni_of(31), 0);  // (31 + 32) >> 6
    EXPECT_EQ(uni_of(32), 1);  // (32 + 32) >> 6
    EXPECT_EQ(uni_of(95), 1);
    EXPECT_EQ(uni_of(96), 2);
    EXPECT_EQ(uni_of(-1), 0);
    EXPECT_EQ(uni_of(-16830), 0);  // lowest luma predSample
    EXPECT_EQ(uni_of(100 << 6), 100);
    EXPECT_EQ(uni_of(255 << 6), 255);
    EXPECT_EQ(uni_of((255 << 6) + 31), 255);
    EXPECT_EQ(uni_of((255 << 6) + 32), 255);  // 256 clipped
    EXPECT_EQ(uni_of(32767), 255);
    EXPECT_EQ(uni_of(33150), 255);  // highest luma predSample, stored wrapped
}

TEST(InterWeighting, BiRoundsHalfUpAndClips) {
    EXPECT_EQ(bi_of(0, 0), 0);
    EXPECT_EQ(bi_of(63, 0), 0);  // (63 + 64) >> 7
    EXPECT_EQ(bi_of(32, 32), 1);
    EXPECT_EQ(bi_of(100 << 6, 101 << 6), 101);  // (6400 + 6464 + 64) >> 7 = 101
    EXPECT_EQ(bi_of(100 << 6, 102 << 6), 101);
    EXPECT_EQ(bi_of(-100, -100), 0);
    EXPECT_EQ(bi_of(-16830, 200), 0);
    EXPECT_EQ(bi_of(255 << 6, 255 << 6), 255);
    EXPECT_EQ(bi_of(32767, 32767), 255);
    EXPECT_EQ(bi_of(33150, -16830), (33150 - 16830 + 64) >> 7);
    EXPECT_EQ(bi_of(33150, -1000), (33150 - 1000 + 64) >> 7);
}

TEST(InterWeighting, RandomBlocksMatchTheFormulas) {
    std::mt19937 rng(5);
    std::uniform_int_distribution<int> value(-16830, 33150);
    for (int trial = 0; trial < 200; ++trial) {
        const int width = 2 * (1 + static_cast<int>(rng() % 32));
        const int height = 2 * (1 + static_cast<int>(rng() % 32));
        const ptrdiff_t prediction_stride = width + static_cast<int>(rng() % 5);
        const ptrdiff_t destination_stride = width + static_cast<int>(rng() % 5);
        std::vector<int> true0(static_cast<size_t>(prediction_stride) * height);
        std::vector<int> true1(true0.size());
        std::vector<int16_t> stored0(true0.size());
        std::vector<int16_t> stored1(true0.size());
        for (size_t i = 0; i < true0.size(); ++i) {
            // Mostly values of ordinary content, sometimes the extremes.
            true0[i] = rng() % 4 ? static_cast<int>(rng() % 16384) : value(rng);
            true1[i] = rng() % 4 ? static_cast<int>(rng() % 16384) : value(rng);
            stored0[i] = static_cast<int16_t>(true0[i]);
            stored1[i] = static_cast<int16_t>(true1[i]);
        }
        std::vector<uint8_t> uni(static_cast<size_t>(destination_stride) * height, 77);
        std::vector<uint8_t> bi(uni.size(), 77);
        weighted_uni(stored0.data(), prediction_stride, uni.data(), destination_stride, width,
                     height);
        weighted_bi(stored0.data(), stored1.data(), prediction_stride, bi.data(),
                    destination_stride, width, height);
        for (int row = 0; row < height; ++row) {
            for (int column = 0; column < destination_stride; ++column) {
                const size_t destination_index = row * destination_stride + column;
                if (column >= width) {  // outside the block: untouched
                    ASSERT_EQ(uni[destination_index], 77);
                    ASSERT_EQ(bi[destination_index], 77);
                    continue;
                }
                const size_t index = row * prediction_stride + column;
                ASSERT_EQ(uni[destination_index], std::clamp((true0[index] + 32) >> 6, 0, 255));
                ASSERT_EQ(bi[destination_index],
                          std::clamp((true0[index] + true1[index] + 64) >> 7, 0, 255));
            }
        }
    }
}

}  // namespace
}  // namespace tc
