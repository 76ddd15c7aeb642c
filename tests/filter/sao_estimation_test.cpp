// Proves the SAO decision behaves sensibly: nothing is applied when the deblocked picture equals
// the source; a constant error is removed by band offsets; isolated spikes are removed by edge
// offsets; on noisy pictures the SSE after SAO never exceeds the SSE before; and the chosen
// parameters are always legal (offset ranges and signs, Cb/Cr sharing type and class, merged CTUs
// holding their candidate's parameters).

#include "filter/sao_estimation.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <random>
#include <vector>

namespace tc {
namespace {

constexpr int kPadding = 16;

const PixelKernels& scalar_kernels() {
    static const PixelKernels table = [] {
        PixelKernels kernels{};
        init_scalar_pixel_kernels(kernels);
        return kernels;
    }();
    return table;
}

Picture make_picture(int width, int height) {
    Picture picture;
    EXPECT_TRUE(picture.allocate(width, height, kPadding));
    return picture;
}

void fill(Picture& picture, const std::function<int(int component, int x, int y)>& value) {
    for (int c = 0; c < 3; c++) {
        for (int y = 0; y < picture.planes[c].height(); y++) {
            for (int x = 0; x < picture.planes[c].width(); x++) {
                *picture.planes[c].at(x, y) =
                    static_cast<uint8_t>(std::clamp(value(c, x, y), 0, 255));
            }
        }
    }
}

void copy_picture(Picture& to, const Picture& from) {
    fill(to, [&](int c, int x, int y) { return *from.planes[c].at(x, y); });
}

int64_t sse(const Plane& a, const Plane& b) {
    int64_t total = 0;
    for (int y = 0; y < a.height(); y++) {
        for (int x = 0; x < a.width(); x++) {
            const int difference = *a.at(x, y) - *b.at(x, y);
            total += difference * difference;
        }
    }
    return total;
}

void expect_legal(const std::vector<CtuSaoParameters>& params, int columns) {
    for (size_t index = 0; index < params.size(); index++) {
        const CtuSaoParameters& ctu = params[index];
        const int rx = static_cast<int>(index % static_cast<size_t>(columns));
        const int ry = static_cast<int>(index / static_cast<size_t>(columns));
        EXPECT_FALSE(ctu.merge_left && ctu.merge_up);
        EXPECT_TRUE(!ctu.merge_left || rx > 0);
        EXPECT_TRUE(!ctu.merge_up || ry > 0);
        if (ctu.merge_left || ctu.merge_up) {
            const CtuSaoParameters& candidate =
                params[ctu.merge_left ? index - 1 : index - static_cast<size_t>(columns)];
            for (int c = 0; c < 3; c++) {
                EXPECT_EQ(ctu.component[c].type, candidate.component[c].type);
                EXPECT_EQ(ctu.component[c].band_position, candidate.component[c].band_position);
                EXPECT_EQ(ctu.component[c].eo_class, candidate.component[c].eo_class);
                for (int k = 0; k < 4; k++)
                    EXPECT_EQ(ctu.component[c].offsets[k], candidate.component[c].offsets[k]);
            }
        }
        EXPECT_EQ(ctu.component[1].type, ctu.component[2].type);
        if (ctu.component[1].type == kSaoEdgeOffset) {
            EXPECT_EQ(ctu.component[1].eo_class, ctu.component[2].eo_class);
        }
        for (const SaoComponentParameters& p : ctu.component) {
            EXPECT_LE(p.type, 2);
            EXPECT_LE(p.band_position, 31);
            EXPECT_LE(p.eo_class, 3);
            for (int k = 0; k < 4; k++) {
                EXPECT_LE(std::abs(p.offsets[k]), 7);
                if (p.type == kSaoEdgeOffset) {
                    if (k < 2)
                        EXPECT_GE(p.offsets[k], 0);
                    else
                        EXPECT_LE(p.offsets[k], 0);
                }
            }
        }
    }
}

TEST(SaoEstimationTest, OffWhenDeblockedEqualsSource) {
    std::mt19937 random(3);
    Picture source = make_picture(200, 120);
    fill(source, [&](int, int, int) { return static_cast<int>(random() % 256); });
    std::vector<CtuSaoParameters> params;
    estimate_sao(source, source, 30.0, 4, 2, params);
    ASSERT_EQ(params.size(), 8u);
    for (const CtuSaoParameters& ctu : params) {
        for (const SaoComponentParameters& p : ctu.component) EXPECT_EQ(p.type, kSaoNotApplied);
    }
    expect_legal(params, 4);
}

// 200x120 pictures whose source values 96..124 span bands 12..15 and whose deblocked samples
// are the source + 3 (99..127): one band window with offsets -3 removes the error exactly.
void fill_constant_error(Picture& source, Picture& deblocked) {
    std::mt19937 random(11);
    fill(source, [&](int, int, int) { return 96 + static_cast<int>(random() % 29); });
    fill(deblocked, [&](int c, int x, int y) { return *source.planes[c].at(x, y) + 3; });
}

TEST(SaoEstimationTest, BandOffsetRemovesConstantError) {
    // fill_constant_error: band offsets -3 at bands 12..15 remove the error exactly.
    Picture source = make_picture(200, 120), deblocked = make_picture(200, 120);
    fill_constant_error(source, deblocked);
    std::vector<CtuSaoParameters> params;
    estimate_sao(source, deblocked, 30.0, 4, 2, params);
    expect_legal(params, 4);
    for (const CtuSaoParameters& ctu : params) {
        for (const SaoComponentParameters& p : ctu.component) {
            EXPECT_EQ(p.type, kSaoBandOffset);
            EXPECT_EQ(p.band_position, 12);
            for (int k = 0; k < 4; k++) EXPECT_EQ(p.offsets[k], -3);
        }
    }
    // Identical statistics everywhere: merging is cheaper than repeating the parameters.
    EXPECT_TRUE(params[1].merge_left);
    EXPECT_TRUE(params[4].merge_up);
    Picture filtered = make_picture(200, 120);
    copy_picture(filtered, deblocked);
    apply_sao(scalar_kernels(), filtered, deblocked, params, 4);
    for (int c = 0; c < 3; c++)
        EXPECT_EQ(sse(filtered.planes[c], source.planes[c]), 0) << "plane " << c;
}

// SearchEffort::sao_band_offsets off: no band statistics are counted and no CTU takes band
// offsets, even where they would remove the error exactly (the constant error of the test
// above); with the flag on, the same statistics path picks them.
TEST(SaoEstimationTest, WithoutBandOffsetsNoComponentTakesThem) {
    Picture source = make_picture(200, 120), deblocked = make_picture(200, 120);
    fill_constant_error(source, deblocked);
    constexpr int kColumns = 4, kRows = 2;
    for (const bool band_offsets : {true, false}) {
        std::vector<CtuSaoStatistics> statistics(kColumns * kRows);
        for (int y = 0; y < kRows; y++) {
            for (int x = 0; x < kColumns; x++) {
                collect_sao_ctu_statistics(scalar_kernels(), source, deblocked, x, y, statistics[y * kColumns + x], 0,
                                           INT_MAX, band_offsets);
            }
        }
        int64_t band_samples = 0;
        for (const CtuSaoStatistics& ctu : statistics) {
            for (const SaoStatistics& component : ctu) {
                for (int64_t count : component.band_count) band_samples += count;
            }
        }
        EXPECT_EQ(band_samples > 0, band_offsets);
        SaoRateModel model;
        model.allocate(kRows);
        std::vector<CtuSaoParameters> params(kColumns * kRows);
        for (int y = 0; y < kRows; y++) {
            for (int x = 0; x < kColumns; x++) {
                choose_sao_ctu(statistics, 30.0, kColumns, x, y, model, params, 0, true, band_offsets);
            }
        }
        expect_legal(params, kColumns);
        int band_components = 0;
        for (const CtuSaoParameters& ctu : params) {
            for (const SaoComponentParameters& p : ctu.component) band_components += p.type == kSaoBandOffset;
        }
        EXPECT_EQ(band_components, band_offsets ? 3 * kColumns * kRows : 0) << "band offsets " << band_offsets;
    }
}

TEST(SaoEstimationTest, EdgeOffsetRemovesSpikes) {
    // A flat source; the deblocked picture has +5 on every third column (not the last one). Band
    // offsets cannot tell the spikes (133) from the rest (128, same band); a horizontal or diagonal
    // edge class can.
    Picture source = make_picture(200, 120);
    fill(source, [](int, int, int) { return 128; });
    Picture deblocked = make_picture(200, 120);
    fill(deblocked,
         [](int c, int x, int) { return x % 3 == 1 && x + 1 < (c == 0 ? 200 : 100) ? 133 : 128; });
    std::vector<CtuSaoParameters> params;
    estimate_sao(source, deblocked, 30.0, 4, 2, params);
    expect_legal(params, 4);
    for (const CtuSaoParameters& ctu : params) {
        EXPECT_EQ(ctu.component[0].type, kSaoEdgeOffset);
        EXPECT_NE(ctu.component[0].eo_class, 1);
        EXPECT_EQ(ctu.component[0].offsets[3], -5);
    }
    Picture filtered = make_picture(200, 120);
    copy_picture(filtered, deblocked);
    apply_sao(scalar_kernels(), filtered, deblocked, params, 4);
    // No spike sits in the picture's first or last column, so a horizontal class removes them all.
    for (int c = 0; c < 3; c++)
        EXPECT_EQ(sse(filtered.planes[c], source.planes[c]), 0) << "plane " << c;
}

TEST(SaoEstimationTest, NeverIncreasesSseOnNoisyPictures) {
    std::mt19937 random(17);
    const int sizes[][2] = {{200, 120}, {64, 64}, {136, 72}, {8, 8}};
    for (const auto& size : sizes) {
        const int width = size[0], height = size[1];
        const int columns = (width + 63) / 64, rows = (height + 63) / 64;
        for (int trial = 0; trial < 4; trial++) {
            Picture source = make_picture(width, height);
            fill(source, [&](int, int x, int y) {
                return 40 + (x * 3 + y * 2) % 150 + static_cast<int>(random() % 9);
            });
            Picture deblocked = make_picture(width, height);
            const int bias = trial - 1;
            fill(deblocked, [&](int c, int x, int y) {
                return *source.planes[c].at(x, y) + bias + static_cast<int>(random() % 7) - 3;
            });
            std::vector<CtuSaoParameters> params;
            estimate_sao(source, deblocked, 10.0 + 20.0 * trial, columns, rows, params);
            ASSERT_EQ(params.size(), static_cast<size_t>(columns * rows));
            expect_legal(params, columns);
            Picture filtered = make_picture(width, height);
            copy_picture(filtered, deblocked);
            apply_sao(scalar_kernels(), filtered, deblocked, params, columns);
            int64_t before = 0, after = 0;
            for (int c = 0; c < 3; c++) {
                before += sse(deblocked.planes[c], source.planes[c]);
                after += sse(filtered.planes[c], source.planes[c]);
            }
            EXPECT_LE(after, before) << width << "x" << height << " trial " << trial;
            // With a bias and whole CTUs of samples, some offset always pays for its bits.
            if (bias != 0 && width >= 64) {
                EXPECT_LT(after, before) << width << "x" << height << " trial " << trial;
            }
        }
    }
}

}  // namespace
}  // namespace tc
