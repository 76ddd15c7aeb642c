// Proves SAO application (H.265 8.7.3): bit-exact agreement, on random pictures of sizes that are
// not multiples of the CTU size and random parameters of every type, class and band position, with
// a second implementation written here sample by sample from the equations of 8.7.3.2; plus a few
// hand-checked samples (band table wrap, edge categories, clipping, picture-boundary samples).

#include "filter/sao.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

#include "kernels/kernel_dispatch.h"

namespace tc {
namespace {

constexpr int kPadding = 16;

// The kernel tables of every CPU level this machine has, scalar first.
std::vector<PixelKernels> kernels_of_every_level() {
    std::vector<PixelKernels> tables;
    const CpuLevel highest = highest_cpu_level(detect_cpu_features());
    for (const CpuLevel level : {CpuLevel::kNone, CpuLevel::kAvx2, CpuLevel::kAvx512}) {
        if (level > highest) break;
        tables.emplace_back();
        init_pixel_kernels(tables.back(), level);
    }
    return tables;
}

const PixelKernels& best_kernels() {
    static const PixelKernels table = kernels_of_every_level().back();
    return table;
}

Picture make_picture(int width, int height) {
    Picture picture;
    EXPECT_TRUE(picture.allocate(width, height, kPadding));
    return picture;
}

void copy_picture(Picture& to, const Picture& from) {
    for (int c = 0; c < 3; c++) {
        for (int y = 0; y < from.planes[c].height(); y++) {
            std::copy(from.planes[c].row(y), from.planes[c].row(y) + from.planes[c].width(),
                      to.planes[c].row(y));
        }
    }
}

// Random content of one of three flavours: uniform noise, a few close levels (many equal
// neighbours, so Sign() = 0 happens often), and values near 0 and 255 (clipping).
void fill_random(Picture& picture, std::mt19937& random, int flavour) {
    for (int c = 0; c < 3; c++) {
        Plane& plane = picture.planes[c];
        for (int y = 0; y < plane.height(); y++) {
            for (int x = 0; x < plane.width(); x++) {
                int value;
                if (flavour == 0) {
                    value = static_cast<int>(random() % 256);
                } else if (flavour == 1) {
                    value = 120 + static_cast<int>(random() % 3);
                } else {
                    value = random() % 2 ? static_cast<int>(random() % 6)
                                         : 250 + static_cast<int>(random() % 6);
                }
                *plane.at(x, y) = static_cast<uint8_t>(value);
            }
        }
    }
}

SaoComponentParameters random_component(std::mt19937& random) {
    SaoComponentParameters params;
    params.type = static_cast<uint8_t>(random() % 3);
    params.band_position = static_cast<uint8_t>(random() % 32);
    params.eo_class = static_cast<uint8_t>(random() % 4);
    for (int k = 0; k < 4; k++) {
        int offset = static_cast<int>(random() % 15) - 7;
        if (params.type == 2) offset = k < 2 ? std::abs(offset) : -std::abs(offset);
        params.offsets[k] = static_cast<int8_t>(offset);
    }
    return params;
}

// ---- the reference: 8.7.3.2 one sample at a time -------------------------------------------

int spec_sign(int value) {
    return value > 0 ? 1 : value < 0 ? -1 : 0;
}

// hPos[k], vPos[k] of 8.7.3.2 for sao_eo_class 0..3.
void spec_positions(int eo_class, int (&h_pos)[2], int (&v_pos)[2]) {
    switch (eo_class) {
        case 0:
            h_pos[0] = -1;
            h_pos[1] = 1;
            v_pos[0] = 0;
            v_pos[1] = 0;
            break;
        case 1:
            h_pos[0] = 0;
            h_pos[1] = 0;
            v_pos[0] = -1;
            v_pos[1] = 1;
            break;
        case 2:
            h_pos[0] = -1;
            h_pos[1] = 1;
            v_pos[0] = -1;
            v_pos[1] = 1;
            break;
        default:
            h_pos[0] = 1;
            h_pos[1] = -1;
            v_pos[0] = -1;
            v_pos[1] = 1;
            break;
    }
}

int spec_sao_sample(const Plane& rec, const SaoComponentParameters& p, int x, int y, int current) {
    int sao_offset_val[5] = {0, p.offsets[0], p.offsets[1], p.offsets[2], p.offsets[3]};
    const int sample = *rec.at(x, y);
    if (p.type == 0) return current;
    if (p.type == 2) {
        int h_pos[2], v_pos[2];
        spec_positions(p.eo_class, h_pos, v_pos);
        for (int k = 0; k < 2; k++) {
            const int nx = x + h_pos[k], ny = y + v_pos[k];
            if (nx < 0 || ny < 0 || nx >= rec.width() || ny >= rec.height()) return current;
        }
        int edge_idx = 2 + spec_sign(sample - *rec.at(x + h_pos[0], y + v_pos[0])) +
                       spec_sign(sample - *rec.at(x + h_pos[1], y + v_pos[1]));
        if (edge_idx == 0 || edge_idx == 1 || edge_idx == 2)
            edge_idx = edge_idx == 2 ? 0 : edge_idx + 1;
        return std::clamp(sample + sao_offset_val[edge_idx], 0, 255);
    }
    const int band_shift = 8 - 5;
    int band_table[32] = {};
    for (int k = 0; k < 4; k++) band_table[(k + p.band_position) & 31] = k + 1;
    const int band_idx = band_table[sample >> band_shift];
    return std::clamp(sample + sao_offset_val[band_idx], 0, 255);
}

void spec_apply_sao(Picture& picture, const Picture& deblocked,
                    const std::vector<CtuSaoParameters>& params, int ctu_columns) {
    Picture result = make_picture(picture.planes[0].width(), picture.planes[0].height());
    copy_picture(result, picture);
    for (int c = 0; c < 3; c++) {
        const int ctb_size = c == 0 ? 64 : 32;
        const Plane& rec = deblocked.planes[c];
        for (int y = 0; y < rec.height(); y++) {
            for (int x = 0; x < rec.width(); x++) {
                const size_t ctu = static_cast<size_t>((y / ctb_size) * ctu_columns + x / ctb_size);
                *result.planes[c].at(x, y) = static_cast<uint8_t>(spec_sao_sample(
                    rec, params[ctu].component[c], x, y, *picture.planes[c].at(x, y)));
            }
        }
    }
    copy_picture(picture, result);
}

void expect_same_pictures(const Picture& a, const Picture& b) {
    for (int c = 0; c < 3; c++) {
        for (int y = 0; y < a.planes[c].height(); y++) {
            for (int x = 0; x < a.planes[c].width(); x++) {
                ASSERT_EQ(*a.planes[c].at(x, y), *b.planes[c].at(x, y))
                    << "plane " << c << " x " << x << " y " << y;
            }
        }
    }
}

// ---- tests ---------------------------------------------------------------------------------

TEST(SaoApplyTest, MatchesSampleBySampleSpecOnRandomPictures) {
    std::mt19937 random(1234);
    const int sizes[][2] = {{200, 120}, {64, 64},   {8, 8},   {136, 72},
                            {72, 200},  {264, 136}, {128, 16}};
    for (const auto& size : sizes) {
        const int width = size[0], height = size[1];
        const int ctu_columns = (width + 63) / 64, ctu_rows = (height + 63) / 64;
        for (int trial = 0; trial < 12; trial++) {
            Picture deblocked = make_picture(width, height);
            fill_random(deblocked, random, trial % 3);
            std::vector<CtuSaoParameters> params(static_cast<size_t>(ctu_columns * ctu_rows));
            for (auto& ctu : params) {
                for (auto& component : ctu.component) component = random_component(random);
            }
            Picture reference = make_picture(width, height);
            copy_picture(reference, deblocked);
            spec_apply_sao(reference, deblocked, params, ctu_columns);
            for (const PixelKernels& kernels : kernels_of_every_level()) {
                Picture fast = make_picture(width, height);
                copy_picture(fast, deblocked);
                apply_sao(kernels, fast, deblocked, params, ctu_columns);
                expect_same_pictures(fast, reference);
                if (HasFatalFailure()) return;
            }
        }
    }
}

TEST(SaoApplyTest, EveryTypeAndClassOnEveryCtu) {
    // Each combination once on a whole picture, so no class is left to chance.
    std::mt19937 random(99);
    const int width = 200, height = 120;
    Picture deblocked = make_picture(width, height);
    fill_random(deblocked, random, 0);
    for (int type = 0; type < 3; type++) {
        for (int variant = 0; variant < 32; variant++) {
            if (type == 2 && variant >= 4) break;
            std::vector<CtuSaoParameters> params(4 * 2);
            for (auto& ctu : params) {
                for (auto& component : ctu.component) {
                    component = random_component(random);
                    component.type = static_cast<uint8_t>(type);
                    component.band_position = static_cast<uint8_t>(variant);
                    component.eo_class = static_cast<uint8_t>(variant & 3);
                }
            }
            Picture reference = make_picture(width, height);
            copy_picture(reference, deblocked);
            spec_apply_sao(reference, deblocked, params, 4);
            for (const PixelKernels& kernels : kernels_of_every_level()) {
                Picture fast = make_picture(width, height);
                copy_picture(fast, deblocked);
                apply_sao(kernels, fast, deblocked, params, 4);
                expect_same_pictures(fast, reference);
                if (HasFatalFailure()) return;
            }
        }
    }
}

TEST(SaoApplyTest, BandTableWrapsAndClips) {
    Picture deblocked = make_picture(64, 64);
    // Luma row 0: values in bands 30, 31, 0, 1, 2 and 29.
    const uint8_t values[] = {240, 255, 0, 7, 8, 16, 232};
    for (int c = 0; c < 3; c++) {
        for (int y = 0; y < deblocked.planes[c].height(); y++) {
            std::fill(deblocked.planes[c].row(y),
                      deblocked.planes[c].row(y) + deblocked.planes[c].width(), 100);
        }
    }
    std::copy(std::begin(values), std::end(values), deblocked.planes[0].row(0));
    Picture picture = make_picture(64, 64);
    copy_picture(picture, deblocked);
    std::vector<CtuSaoParameters> params(1);
    params[0].component[0].type = kSaoBandOffset;
    params[0].component[0].band_position = 30;  // bands 30, 31, 0, 1
    const int8_t offsets[4] = {-3, 5, -2, 7};
    std::copy(std::begin(offsets), std::end(offsets), params[0].component[0].offsets);
    apply_sao(best_kernels(), picture, deblocked, params, 1);
    const uint8_t* row = picture.planes[0].row(0);
    EXPECT_EQ(row[0], 237);  // band 30: -3
    EXPECT_EQ(row[1], 255);  // band 31: 255 + 5 clipped
    EXPECT_EQ(row[2], 0);    // band 0: 0 - 2 clipped
    EXPECT_EQ(row[3], 5);    // band 0: 7 - 2
    EXPECT_EQ(row[4], 15);   // band 1: 8 + 7
    EXPECT_EQ(row[5], 16);   // band 2: outside the window
    EXPECT_EQ(row[6], 232);  // band 29: outside the window
    EXPECT_EQ(*picture.planes[0].at(10, 10), 100);
}

TEST(SaoApplyTest, EdgeCategoriesAndPictureBoundary) {
    // A 64x64 picture, luma class 0 (horizontal). Row 5 holds: local minimum, concave corner,
    // flat, convex corner, local maximum; the picture's first and last columns are never changed.
    Picture deblocked = make_picture(64, 64);
    for (int c = 0; c < 3; c++) {
        for (int y = 0; y < deblocked.planes[c].height(); y++) {
            std::fill(deblocked.planes[c].row(y),
                      deblocked.planes[c].row(y) + deblocked.planes[c].width(), 50);
        }
    }
    uint8_t* row = deblocked.planes[0].row(5);
    // x:        0   1   2   3   4   5   6   7   8   9  10  11  12 13 14
    const uint8_t line[] = {40, 50, 60, 50, 60, 60, 50, 50, 50, 40, 40, 50, 60, 50, 40};
    std::copy(std::begin(line), std::end(line), row);
    row[63] = 10;
    Picture picture = make_picture(64, 64);
    copy_picture(picture, deblocked);
    std::vector<CtuSaoParameters> params(1);
    SaoComponentParameters& luma = params[0].component[0];
    luma.type = kSaoEdgeOffset;
    luma.eo_class = 0;
    const int8_t offsets[4] = {1, 2, -3, -4};
    std::copy(std::begin(offsets), std::end(offsets), luma.offsets);
    apply_sao(best_kernels(), picture, deblocked, params, 1);
    const uint8_t* out = picture.planes[0].row(5);
    EXPECT_EQ(out[0], 40);      // first column: left neighbour outside the picture
    EXPECT_EQ(out[1], 50);      // 40 < 50 < 60: no category
    EXPECT_EQ(out[2], 60 - 4);  // local maximum: category 4
    EXPECT_EQ(out[3], 50 + 1);  // local minimum: category 1
    EXPECT_EQ(out[4], 60 - 3);  // 50 < 60 == 60: category 3
    EXPECT_EQ(out[5], 60 - 3);  // 60 == 60 > 50: category 3
    EXPECT_EQ(out[6], 50 + 2);  // 60 > 50 == 50: category 2
    EXPECT_EQ(out[7], 50);      // flat
    EXPECT_EQ(out[9], 40 + 2);  // 50 > 40 == 40: category 2
    EXPECT_EQ(out[63], 10);     // last column: right neighbour outside the picture
    EXPECT_EQ(*picture.planes[0].at(62, 5), 50 - 3);  // 50 == 50 > 10: category 3
}

TEST(SaoApplyTest, TypeZeroLeavesPictureAlone) {
    std::mt19937 random(7);
    Picture deblocked = make_picture(200, 120);
    fill_random(deblocked, random, 0);
    Picture picture = make_picture(200, 120);
    fill_random(picture, random, 0);  // different content: type 0 must not copy from deblocked
    Picture before = make_picture(200, 120);
    copy_picture(before, picture);
    std::vector<CtuSaoParameters> params(8);
    apply_sao(best_kernels(), picture, deblocked, params, 4);
    expect_same_pictures(picture, before);
}

}  // namespace
}  // namespace tc
