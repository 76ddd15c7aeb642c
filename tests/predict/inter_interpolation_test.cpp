#include "predict/inter_interpolation.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <vector>

#include "picture/plane.h"
#include "picture/plane_border.h"
#include "predict/inter_weighting.h"

namespace tc {
namespace {

// ---- a deliberately naive second implementation, written straight from H.265 8.5.3.3.3 ----
// It reads an unpadded picture through the spec's Clip3 of xInt/yInt and keeps every value in int.

struct UnpaddedPicture {
    int width = 0;
    int height = 0;
    std::vector<uint8_t> samples;

    int clip3(int low, int high, int value) const { return std::min(std::max(value, low), high); }
    // refPicLX[Clip3(0, pic_width - 1, x)][Clip3(0, pic_height - 1, y)]
    int at(int x, int y) const {
        return samples[static_cast<size_t>(clip3(0, height - 1, y)) * width +
                       clip3(0, width - 1, x)];
    }
};

// The luma equations of the spec, a/b/c for the three fractions, spelled out independently of
// kLumaFilter. `sample(k)` gives A at offset k (-3..4) along the filtering direction.
template <typename SampleAt>
int naive_luma_filter(int fraction, SampleAt sample) {
    switch (fraction) {
        case 1:
            return -sample(-3) + 4 * sample(-2) - 10 * sample(-1) + 58 * sample(0) +
                   17 * sample(1) - 5 * sample(2) + sample(3);
        case 2:
            return -sample(-3) + 4 * sample(-2) - 11 * sample(-1) + 40 * sample(0) +
                   40 * sample(1) - 11 * sample(2) + 4 * sample(3) - sample(4);
        default:
            return sample(-2) - 5 * sample(-1) + 17 * sample(0) + 58 * sample(1) - 10 * sample(2) +
                   4 * sample(3) - sample(4);
    }
}

// predSampleLX[xL][yL] for 8-bit: shift1 = 0, shift2 = 6, shift3 = 6.
int naive_luma_sample(const UnpaddedPicture& picture, int x_pb, int y_pb, int x_l, int y_l,
                      int mv_x, int mv_y) {
    const int x_int = x_pb + (mv_x >> 2) + x_l;
    const int y_int = y_pb + (mv_y >> 2) + y_l;
    const int x_frac = mv_x & 3;
    const int y_frac = mv_y & 3;
    if (x_frac == 0 && y_frac == 0) return picture.at(x_int, y_int) << 6;
    if (y_frac == 0) {
        return naive_luma_filter(x_frac, [&](int k) { return picture.at(x_int + k, y_int); });
    }
    if (x_frac == 0) {
        return naive_luma_filter(y_frac, [&](int k) { return picture.at(x_int, y_int + k); });
    }
    // The horizontally filtered samples of rows yInt - 3 .. yInt + 4, then filtered vertically.
    auto horizontal = [&](int k) {
        return naive_luma_filter(x_frac, [&](int j) { return picture.at(x_int + j, y_int + k); });
    };
    return naive_luma_filter(y_frac, horizontal) >> 6;
}

// The chroma equations, fractions 1..7; `sample(k)` gives B at offset k (-1..2).
template <typename SampleAt>
int naive_chroma_filter(int fraction, SampleAt sample) {
    static constexpr int kCoefficients[8][4] = {
        {0, 0, 0, 0},     {-2, 58, 10, -2}, {-4, 54, 16, -2}, {-6, 46, 28, -4},
        {-4, 36, 36, -4}, {-4, 28, 46, -6}, {-2, 16, 54, -4}, {-2, 10, 58, -2}};
    const int* c = kCoefficients[fraction];
    return c[0] * sample(-1) + c[1] * sample(0) + c[2] * sample(1) + c[3] * sample(2);
}

// predSampleLX for chroma 4:2:0: mvCLX = mvLX in eighth chroma samples.
int naive_chroma_sample(const UnpaddedPicture& picture, int x_pb_c, int y_pb_c, int x_c, int y_c,
                        int mv_x, int mv_y) {
    const int x_int = x_pb_c + (mv_x >> 3) + x_c;
    const int y_int = y_pb_c + (mv_y >> 3) + y_c;
    const int x_frac = mv_x & 7;
    const int y_frac = mv_y & 7;
    if (x_frac == 0 && y_frac == 0) return picture.at(x_int, y_int) << 6;
    if (y_frac == 0) {
        return naive_chroma_filter(x_frac, [&](int k) { return picture.at(x_int + k, y_int); });
    }
    if (x_frac == 0) {
        return naive_chroma_filter(y_frac, [&](int k) { return picture.at(x_int, y_int + k); });
    }
    auto horizontal = [&](int k) {
        return naive_chroma_filter(x_frac, [&](int j) { return picture.at(x_int + j, y_int + k); });
    };
    return naive_chroma_filter(y_frac, horizontal) >> 6;
}

int naive_uni(int prediction) {
    return std::clamp((prediction + 32) >> 6, 0, 255);
}
int naive_bi(int prediction0, int prediction1) {
    return std::clamp((prediction0 + prediction1 + 64) >> 7, 0, 255);
}

// ---- test fixtures ----

UnpaddedPicture random_picture(std::mt19937& rng, int width, int height) {
    UnpaddedPicture picture{width, height,
                            std::vector<uint8_t>(static_cast<size_t>(width) * height)};
    // Mix smooth and noisy content so that both small and extreme filter sums occur.
    const bool noisy = rng() % 2 == 0;
    std::uniform_int_distribution<int> any(0, 255);
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            picture.samples[static_cast<size_t>(y) * width + x] = static_cast<uint8_t>(
                noisy ? (rng() % 3 == 0 ? 0 : (rng() % 3 == 0 ? 255 : any(rng)))
                      : (x * 7 + y * 3 + any(rng) / 16) & 255);
        }
    }
    return picture;
}

Plane padded_copy(const UnpaddedPicture& picture, int padding) {
    Plane plane;
    EXPECT_TRUE(plane.allocate(picture.width, picture.height, padding));
    plane.fill_from(picture.samples.data(), picture.width, picture.height);
    extend_plane_borders(plane, padding);
    return plane;
}

struct Block {
    int x, y, width, height;
};

// A block of one of the given sizes anywhere in (or partly beyond) the picture.
Block random_block(std::mt19937& rng, const std::vector<int>& sizes,
                   const UnpaddedPicture& picture) {
    Block block{};
    block.width = sizes[rng() % sizes.size()];
    block.height = sizes[rng() % sizes.size()];
    block.x = static_cast<int>(rng() % static_cast<unsigned>(picture.width));
    block.y = static_cast<int>(rng() % static_cast<unsigned>(picture.height));
    return block;
}

// An integer displacement for which every read (taps_before left/above, taps_after right/below)
// stays inside the padding; biased toward the extremes to reach far outside the picture.
int random_integer_displacement(std::mt19937& rng, int position, int size, int picture_size,
                                int padding, int taps_before, int taps_after) {
    const int lowest = -padding + taps_before - position;
    const int highest = picture_size - 1 + padding - taps_after - (position + size - 1);
    switch (rng() % 4) {
        case 0:
            return lowest;
        case 1:
            return highest;
        default:
            return lowest + static_cast<int>(rng() % static_cast<unsigned>(highest - lowest + 1));
    }
}

// ---- the tests ----

TEST(InterInterpolation, LumaFilterCoefficientsAreTheSpecTable) {
    constexpr int kExpected[4][8] = {{0, 0, 0, 64, 0, 0, 0, 0},
                                     {-1, 4, -10, 58, 17, -5, 1, 0},
                                     {-1, 4, -11, 40, 40, -11, 4, -1},
                                     {0, 1, -5, 17, 58, -10, 4, -1}};
    for (int fraction = 0; fraction < 4; ++fraction) {
        int sum = 0;
        for (int i = 0; i < 8; ++i) {
            EXPECT_EQ(kLumaFilter[fraction][i], kExpected[fraction][i]) << fraction << " " << i;
            sum += kLumaFilter[fraction][i];
        }
        EXPECT_EQ(sum, 64);
    }
    // Quarter and three-quarter filters mirror each other; the half filter is symmetric.
    for (int i = 0; i < 8; ++i) {
        EXPECT_EQ(kLumaFilter[1][i], kLumaFilter[3][7 - i]);
        EXPECT_EQ(kLumaFilter[2][i], kLumaFilter[2][7 - i]);
    }
}

TEST(InterInterpolation, ChromaFilterCoefficientsAreTheSpecTable) {
    constexpr int kExpected[8][4] = {{0, 64, 0, 0},    {-2, 58, 10, -2}, {-4, 54, 16, -2},
                                     {-6, 46, 28, -4}, {-4, 36, 36, -4}, {-4, 28, 46, -6},
                                     {-2, 16, 54, -4}, {-2, 10, 58, -2}};
    for (int fraction = 0; fraction < 8; ++fraction) {
        int sum = 0;
        for (int i = 0; i < 4; ++i) {
            EXPECT_EQ(kChromaFilter[fraction][i], kExpected[fraction][i]) << fraction << " " << i;
            sum += kChromaFilter[fraction][i];
        }
        EXPECT_EQ(sum, 64);
    }
    for (int fraction = 1; fraction < 8; ++fraction) {
        for (int i = 0; i < 4; ++i) {
            EXPECT_EQ(kChromaFilter[fraction][i], kChromaFilter[8 - fraction][3 - i]);
        }
    }
}

TEST(InterInterpolation, FullSamplePositionsAreShiftedCopies) {
    std::mt19937 rng(1);
    const UnpaddedPicture picture = random_picture(rng, 48, 40);
    const Plane plane = padded_copy(picture, 16);
    int16_t prediction[16 * 16];
    for (int mv_y : {-8, 0, 12}) {
        for (int mv_x : {-4, 0, 20}) {
            interpolate_luma(plane, 8, 4, 16, 12, mv_x, mv_y, prediction, 16);
            for (int row = 0; row < 12; ++row) {
                for (int column = 0; column < 16; ++column) {
                    EXPECT_EQ(prediction[row * 16 + column],
                              picture.at(8 + mv_x / 4 + column, 4 + mv_y / 4 + row) << 6);
                }
            }
            // The same vector on a chroma plane is a whole sample only at multiples of 8.
            if (mv_x % 8 == 0 && mv_y % 8 == 0) {
                interpolate_chroma(plane, 6, 2, 10, 6, mv_x, mv_y, prediction, 16);
                for (int row = 0; row < 6; ++row) {
                    for (int column = 0; column < 10; ++column) {
                        EXPECT_EQ(prediction[row * 16 + column],
                                  picture.at(6 + mv_x / 8 + column, 2 + mv_y / 8 + row) << 6);
                    }
                }
            }
        }
    }
}

// Runs one block through the fast path at every fraction of the vector's integer part and
// compares with the naive spec implementation, both as predSamples and after default weighting.
// The scalar entry points (interpolate_luma/chroma are overloaded with kernel-table versions).
using PlaneInterpolation = void (*)(const Plane&, int, int, int, int, int, int, int16_t*, ptrdiff_t);
constexpr PlaneInterpolation kScalarLuma = interpolate_luma;
constexpr PlaneInterpolation kScalarChroma = interpolate_chroma;

template <typename Interpolate, typename Naive>
void expect_matches_naive(const UnpaddedPicture& picture, const Plane& plane, const Block& block,
                          int integer_x, int integer_y, int fraction_bits, Interpolate interpolate,
                          Naive naive) {
    const int fractions = 1 << fraction_bits;
    const ptrdiff_t stride = block.width + 3;  // deliberately not the block width
    std::vector<int16_t> prediction(static_cast<size_t>(stride) * block.height, 0x5555);
    std::vector<uint8_t> weighted(static_cast<size_t>(block.width) * block.height);
    for (int y_fraction = 0; y_fraction < fractions; ++y_fraction) {
        for (int x_fraction = 0; x_fraction < fractions; ++x_fraction) {
            const int mv_x = integer_x * fractions + x_fraction;
            const int mv_y = integer_y * fractions + y_fraction;
            interpolate(plane, block.x, block.y, block.width, block.height, mv_x, mv_y,
                        prediction.data(), stride);
            weighted_uni(prediction.data(), stride, weighted.data(), block.width, block.width,
                         block.height);
            for (int row = 0; row < block.height; ++row) {
                for (int column = 0; column < block.width; ++column) {
                    const int expected = naive(picture, block.x, block.y, column, row, mv_x, mv_y);
                    const int16_t got = prediction[row * stride + column];
                    ASSERT_EQ(prediction_value(got), expected)
                        << "block " << block.width << "x" << block.height << " at " << block.x
                        << "," << block.y << " mv " << mv_x << "," << mv_y << " sample " << column
                        << "," << row;
                    ASSERT_EQ(weighted[row * block.width + column], naive_uni(expected));
                }
            }
        }
    }
}

TEST(InterInterpolation, LumaMatchesNaiveSpecAtAllSixteenPhases) {
    std::mt19937 rng(2024);
    const std::vector<int> sizes = {4, 8, 12, 16, 24, 32, 48, 64};
    for (int picture_index = 0; picture_index < 12; ++picture_index) {
        const int width = 8 * (1 + static_cast<int>(rng() % 12));
        const int height = 8 * (1 + static_cast<int>(rng() % 12));
        const int padding = 80;  // fits a 64-wide block plus the taps entirely outside
        const UnpaddedPicture picture = random_picture(rng, width, height);
        const Plane plane = padded_copy(picture, padding);
        for (int trial = 0; trial < 12; ++trial) {
            const Block block = random_block(rng, sizes, picture);
            const int integer_x =
                random_integer_displacement(rng, block.x, block.width, width, padding, 3, 4);
            const int integer_y =
                random_integer_displacement(rng, block.y, block.height, height, padding, 3, 4);
            expect_matches_naive(picture, plane, block, integer_x, integer_y, 2, kScalarLuma,
                                 naive_luma_sample);
        }
    }
}

TEST(InterInterpolation, ChromaMatchesNaiveSpecAtAllSixtyFourPhases) {
    std::mt19937 rng(7);
    const std::vector<int> sizes = {2, 4, 6, 8, 12, 16, 24, 32};
    for (int picture_index = 0; picture_index < 12; ++picture_index) {
        const int luma_width = 8 * (1 + static_cast<int>(rng() % 12));
        const int luma_height = 8 * (1 + static_cast<int>(rng() % 12));
        const int luma_padding = 96;
        Picture padded;
        ASSERT_TRUE(padded.allocate(luma_width, luma_height, luma_padding));
        UnpaddedPicture chroma[2];
        for (int plane = 0; plane < 2; ++plane) {
            chroma[plane] = random_picture(rng, luma_width / 2, luma_height / 2);
            padded.planes[1 + plane].fill_from(chroma[plane].samples.data(), luma_width / 2,
                                               luma_height / 2);
        }
        extend_picture_borders(padded, luma_padding);
        const int padding = luma_padding / 2;
        for (int trial = 0; trial < 6; ++trial) {
            const int plane = trial % 2;
            const UnpaddedPicture& picture = chroma[plane];
            const Block block = random_block(rng, sizes, picture);
            const int integer_x = random_integer_displacement(rng, block.x, block.width,
                                                              picture.width, padding, 1, 2);
            const int integer_y = random_integer_displacement(rng, block.y, block.height,
                                                              picture.height, padding, 1, 2);
            expect_matches_naive(picture, padded.planes[1 + plane], block, integer_x, integer_y, 3,
                                 kScalarChroma, naive_chroma_sample);
        }
    }
}

TEST(InterInterpolation, BlocksLargerThanTheTileMatchNaiveSpec) {
    std::mt19937 rng(99);
    const UnpaddedPicture picture = random_picture(rng, 160, 144);
    const Plane plane = padded_copy(picture, 16);
    expect_matches_naive(picture, plane, Block{8, 4, 140, 132}, -2, 3, 2, kScalarLuma,
                         naive_luma_sample);
    expect_matches_naive(picture, plane, Block{2, 6, 150, 70}, 1, -4, 3, kScalarChroma,
                         naive_chroma_sample);
}

// The two-pass half-sample luma filter can exceed int16_t on alternating content: rows and
// columns of 0/255 arranged so every positive tap meets 255 (or 0) and every negative tap the
// opposite. The wrapped storage must still give the exact predSamples and weighted results.
UnpaddedPicture extreme_pattern(bool maximum) {
    // Positive taps of the half-sample filter sit at offsets -2, 0, 1, 3 from the sample.
    auto positive = [](int offset) {
        return offset == -2 || offset == 0 || offset == 1 || offset == 3;
    };
    UnpaddedPicture picture{16, 16, std::vector<uint8_t>(256)};
    for (int y = 0; y < 16; ++y) {
        for (int x = 0; x < 16; ++x) {
            const bool same = positive(x - 8) == positive(y - 8);
            picture.samples[y * 16 + x] = (same == maximum) ? 255 : 0;
        }
    }
    return picture;
}

TEST(InterInterpolation, ExtremeLumaValuesPastInt16SurviveWeighting) {
    const UnpaddedPicture high = extreme_pattern(true);
    const UnpaddedPicture low = extreme_pattern(false);
    const Plane high_plane = padded_copy(high, 8);
    const Plane low_plane = padded_copy(low, 8);
    constexpr int kMv = 2;  // half sample in both directions
    ASSERT_EQ(naive_luma_sample(high, 8, 8, 0, 0, kMv, kMv), 33150);
    ASSERT_EQ(naive_luma_sample(low, 8, 8, 0, 0, kMv, kMv), -16830);

    int16_t prediction_high[4 * 4];
    int16_t prediction_low[4 * 4];
    interpolate_luma(high_plane, 8, 8, 4, 4, kMv, kMv, prediction_high, 4);
    interpolate_luma(low_plane, 8, 8, 4, 4, kMv, kMv, prediction_low, 4);
    for (int row = 0; row < 4; ++row) {
        for (int column = 0; column < 4; ++column) {
            EXPECT_EQ(prediction_value(prediction_high[row * 4 + column]),
                      naive_luma_sample(high, 8, 8, column, row, kMv, kMv));
            EXPECT_EQ(prediction_value(prediction_low[row * 4 + column]),
                      naive_luma_sample(low, 8, 8, column, row, kMv, kMv));
        }
    }

    uint8_t uni[16];
    uint8_t bi[16];
    weighted_uni(prediction_high, 4, uni, 4, 4, 4);
    weighted_bi(prediction_high, prediction_low, 4, bi, 4, 4, 4);
    EXPECT_EQ(uni[0], 255);
    EXPECT_EQ(bi[0], (33150 - 16830 + 64) >> 7);
    for (int i = 0; i < 16; ++i) {
        EXPECT_EQ(bi[i], naive_bi(prediction_value(prediction_high[i]),
                                  prediction_value(prediction_low[i])));
    }
}

TEST(InterInterpolation, PredictionValueIsIdentityInsideInt16Range) {
    for (int value = -16830; value <= 32767; ++value) {
        ASSERT_EQ(prediction_value(static_cast<int16_t>(value)), value);
    }
    for (int value = 32768; value <= 33150; ++value) {
        ASSERT_EQ(prediction_value(static_cast<int16_t>(value)), value);
    }
}

}  // namespace
}  // namespace tc
