#include "predict/intra_predict.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

namespace tc {
namespace {

// ---- a deliberately naive second implementation, written straight from H.265 8.4.4.2.4-6 ----

// p[x][y] of the spec, for x == -1 or y == -1.
int p(const IntraReferences& refs, int x, int y) {
    const int n = refs.size;
    if (x == -1) return refs.samples[2 * n - 1 - y];
    return refs.samples[2 * n + 1 + x];
}

int clip1(int value) {
    return std::min(std::max(value, 0), 255);
}

int log2_of(int n) {
    int log2 = 0;
    while ((1 << log2) < n) ++log2;
    return log2;
}

// predSamples[x][y] stored as result[y][x].
using Block = std::vector<std::vector<int>>;

Block naive_planar(const IntraReferences& refs) {
    const int n = refs.size;
    Block pred(n, std::vector<int>(n));
    for (int x = 0; x < n; ++x) {
        for (int y = 0; y < n; ++y) {
            pred[y][x] = ((n - 1 - x) * p(refs, -1, y) + (x + 1) * p(refs, n, -1) +
                          (n - 1 - y) * p(refs, x, -1) + (y + 1) * p(refs, -1, n) + n) >>
                         (log2_of(n) + 1);
        }
    }
    return pred;
}

Block naive_dc(const IntraReferences& refs, bool is_luma) {
    const int n = refs.size;
    int sum = 0;
    for (int i = 0; i < n; ++i) sum += p(refs, i, -1) + p(refs, -1, i);
    const int dc = (sum + n) >> (log2_of(n) + 1);
    Block pred(n, std::vector<int>(n, dc));
    if (is_luma && n < 32) {
        pred[0][0] = (p(refs, -1, 0) + 2 * dc + p(refs, 0, -1) + 2) >> 2;
        for (int x = 1; x < n; ++x) pred[0][x] = (p(refs, x, -1) + 3 * dc + 2) >> 2;
        for (int y = 1; y < n; ++y) pred[y][0] = (p(refs, -1, y) + 3 * dc + 2) >> 2;
    }
    return pred;
}

int intra_pred_angle(int mode) {
    const int angles[] = {32,  26,  21,  17,  13, 9,  5,  2, 0, -2, -5, -9, -13, -17, -21, -26, -32,
                          -26, -21, -17, -13, -9, -5, -2, 0, 2, 5,  9,  13, 17,  21,  26,  32};
    return angles[mode - 2];
}

int inv_angle(int mode) {
    const int inverse[] = {-4096, -1638, -910, -630, -482, -390,  -315, -256,
                           -315,  -390,  -482, -630, -910, -1638, -4096};
    return inverse[mode - 11];
}

TEST(IntraPredict, NaiveTablesAreConsistent) {
    // invAngle = round(256 * 32 / intraPredAngle) for the negative angles, and the angle table is
    // symmetric about modes 10, 18 and 26.
    for (int mode = 11; mode <= 25; ++mode) {
        const double exact = 8192.0 / intra_pred_angle(mode);
        EXPECT_LT(std::abs(inv_angle(mode) - exact), 0.5) << mode;
    }
    for (int d = 0; d <= 8; ++d) {
        EXPECT_EQ(intra_pred_angle(10 + d), -intra_pred_angle(10 - d));
        EXPECT_EQ(intra_pred_angle(26 + d), -intra_pred_angle(26 - d));
        EXPECT_EQ(intra_pred_angle(18 + d), intra_pred_angle(18 - d));
    }
}

Block naive_angular(const IntraReferences& refs, int mode, bool is_luma) {
    const int n = refs.size;
    const int angle = intra_pred_angle(mode);
    std::vector<int> ref_storage(3 * n + 1);
    auto ref = [&](int i) -> int& { return ref_storage.at(i + n); };
    Block pred(n, std::vector<int>(n));
    if (mode >= 18) {
        for (int x = 0; x <= n; ++x) ref(x) = p(refs, -1 + x, -1);
        if (angle < 0) {
            if (((n * angle) >> 5) < -1) {
                for (int x = (n * angle) >> 5; x <= -1; ++x) {
                    ref(x) = p(refs, -1, -1 + ((x * inv_angle(mode) + 128) >> 8));
                }
            }
        } else {
            for (int x = n + 1; x <= 2 * n; ++x) ref(x) = p(refs, -1 + x, -1);
        }
        for (int x = 0; x < n; ++x) {
            for (int y = 0; y < n; ++y) {
                const int i_idx = ((y + 1) * angle) >> 5;
                const int i_fact = ((y + 1) * angle) & 31;
                pred[y][x] =
                    i_fact != 0
                        ? ((32 - i_fact) * ref(x + i_idx + 1) + i_fact * ref(x + i_idx + 2) + 16) >>
                              5
                        : ref(x + i_idx + 1);
            }
        }
        if (mode == 26 && is_luma && n < 32) {
            for (int y = 0; y < n; ++y) {
                pred[y][0] = clip1(p(refs, 0, -1) + ((p(refs, -1, y) - p(refs, -1, -1)) >> 1));
            }
        }
    } else {
        for (int x = 0; x <= n; ++x) ref(x) = p(refs, -1, -1 + x);
        if (angle < 0) {
            if (((n * angle) >> 5) < -1) {
                for (int x = (n * angle) >> 5; x <= -1; ++x) {
                    ref(x) = p(refs, -1 + ((x * inv_angle(mode) + 128) >> 8), -1);
                }
            }
        } else {
            for (int x = n + 1; x <= 2 * n; ++x) ref(x) = p(refs, -1, -1 + x);
        }
        for (int x = 0; x < n; ++x) {
            for (int y = 0; y < n; ++y) {
                const int i_idx = ((x + 1) * angle) >> 5;
                const int i_fact = ((x + 1) * angle) & 31;
                pred[y][x] =
                    i_fact != 0
                        ? ((32 - i_fact) * ref(y + i_idx + 1) + i_fact * ref(y + i_idx + 2) + 16) >>
                              5
                        : ref(y + i_idx + 1);
            }
        }
        if (mode == 10 && is_luma && n < 32) {
            for (int x = 0; x < n; ++x) {
                pred[0][x] = clip1(p(refs, -1, 0) + ((p(refs, x, -1) - p(refs, -1, -1)) >> 1));
            }
        }
    }
    return pred;
}

Block naive_predict(const IntraReferences& refs, int mode, bool is_luma) {
    if (mode == 0) return naive_planar(refs);
    if (mode == 1) return naive_dc(refs, is_luma);
    return naive_angular(refs, mode, is_luma);
}

// ---- helpers ----

IntraReferences random_references(int size, std::mt19937& random) {
    IntraReferences refs;
    refs.size = size;
    for (int i = 0; i <= 4 * size; ++i) refs.samples[i] = static_cast<uint8_t>(random() & 255);
    return refs;
}

IntraReferences constant_references(int size, uint8_t value) {
    IntraReferences refs;
    refs.size = size;
    std::fill_n(refs.samples, 4 * size + 1, value);
    return refs;
}

// Runs predict_intra into a buffer with a stride wider than the block, guarded by a margin, and
// checks that nothing outside the block was written.
Block predict(const IntraReferences& refs, int mode, bool is_luma) {
    const int n = refs.size;
    const int stride = n + 7;
    const uint8_t guard = 0xA5;
    std::vector<uint8_t> buffer(static_cast<size_t>(stride) * (n + 2), guard);
    uint8_t* block = buffer.data() + stride + 3;
    predict_intra(refs, log2_of(n), mode, is_luma, block, stride);
    Block pred(n, std::vector<int>(n));
    for (int y = 0; y < n; ++y) {
        for (int x = 0; x < n; ++x) pred[y][x] = block[y * stride + x];
    }
    for (size_t i = 0; i < buffer.size(); ++i) {
        const ptrdiff_t offset = static_cast<ptrdiff_t>(i) - (stride + 3);
        const bool inside = offset >= 0 && offset / stride < n && offset % stride < n;
        if (!inside) {
            EXPECT_EQ(buffer[i], guard) << "written outside the block at " << i;
        }
    }
    return pred;
}

// ---- tests ----

TEST(IntraPredict, MatchesNaiveSpecImplementationOnRandomReferences) {
    std::mt19937 random(2024);
    for (int trial = 0; trial < 20; ++trial) {
        for (int n : {4, 8, 16, 32}) {
            const IntraReferences refs = random_references(n, random);
            for (int mode = 0; mode <= 34; ++mode) {
                for (bool is_luma : {false, true}) {
                    ASSERT_EQ(predict(refs, mode, is_luma), naive_predict(refs, mode, is_luma))
                        << "n " << n << " mode " << mode << " luma " << is_luma << " trial "
                        << trial;
                }
            }
        }
    }
}

TEST(IntraPredict, MatchesNaiveSpecImplementationOnExtremeReferences) {
    // Steps between 0 and 255 drive the edge filters of modes 10 and 26 into clipping.
    std::mt19937 random(7);
    for (int trial = 0; trial < 20; ++trial) {
        for (int n : {4, 8, 16, 32}) {
            IntraReferences refs = random_references(n, random);
            for (int i = 0; i <= 4 * n; ++i) refs.samples[i] = (refs.samples[i] & 1) ? 255 : 0;
            for (int mode = 0; mode <= 34; ++mode) {
                ASSERT_EQ(predict(refs, mode, true), naive_predict(refs, mode, true))
                    << "n " << n << " mode " << mode;
            }
        }
    }
}

TEST(IntraPredict, ConstantReferencesGiveTheConstant) {
    for (int n : {4, 8, 16, 32}) {
        const IntraReferences refs = constant_references(n, 77);
        const Block expected(n, std::vector<int>(n, 77));
        for (int mode = 0; mode <= 34; ++mode) {
            EXPECT_EQ(predict(refs, mode, true), expected) << n << " " << mode;
            EXPECT_EQ(predict(refs, mode, false), expected) << n << " " << mode;
        }
    }
}

TEST(IntraPredict, DcAverageAndLumaEdgeFilter) {
    IntraReferences refs = constant_references(8, 0);
    for (int i = 0; i < 8; ++i) {
        refs.samples[2 * 8 - 1 - i] = 40;  // p[-1][i]
        refs.samples[2 * 8 + 1 + i] = 80;  // p[i][-1]
    }
    refs.samples[16] = 255;  // the corner does not take part
    const Block chroma = predict(refs, 1, false);
    for (const auto& row : chroma) {
        for (int value : row) EXPECT_EQ(value, 60);
    }
    const Block luma = predict(refs, 1, true);
    EXPECT_EQ(luma[0][0], (40 + 2 * 60 + 80 + 2) >> 2);
    for (int x = 1; x < 8; ++x) EXPECT_EQ(luma[0][x], (80 + 3 * 60 + 2) >> 2);
    for (int y = 1; y < 8; ++y) EXPECT_EQ(luma[y][0], (40 + 3 * 60 + 2) >> 2);
    for (int y = 1; y < 8; ++y) {
        for (int x = 1; x < 8; ++x) EXPECT_EQ(luma[y][x], 60);
    }
    // No edge filter at 32x32.
    const Block large = predict(constant_references(32, 9), 1, true);
    EXPECT_EQ(large[0][0], 9);
}

TEST(IntraPredict, PlanarOfALinearRamp) {
    // p[x][-1] = p[-1][y] = 0 and both far corners 64: predSamples = ((x+1)*64 + (y+1)*64 + 4) >> 4
    // for an 8x8 block.
    IntraReferences refs = constant_references(8, 0);
    refs.samples[2 * 8 + 1 + 8] = 64;  // p[8][-1]
    refs.samples[2 * 8 - 1 - 8] = 64;  // p[-1][8]
    const Block pred = predict(refs, 0, true);
    for (int y = 0; y < 8; ++y) {
        for (int x = 0; x < 8; ++x) EXPECT_EQ(pred[y][x], ((x + 1) * 64 + (y + 1) * 64 + 8) >> 4);
    }
}

TEST(IntraPredict, VerticalAndHorizontalCopyForChroma) {
    std::mt19937 random(3);
    for (int n : {4, 8, 16, 32}) {
        const IntraReferences refs = random_references(n, random);
        const Block vertical = predict(refs, 26, false);
        const Block horizontal = predict(refs, 10, false);
        for (int y = 0; y < n; ++y) {
            for (int x = 0; x < n; ++x) {
                ASSERT_EQ(vertical[y][x], p(refs, x, -1));
                ASSERT_EQ(horizontal[y][x], p(refs, -1, y));
            }
        }
    }
}

TEST(IntraPredict, VerticalAndHorizontalEdgeFilterForLuma) {
    IntraReferences refs = constant_references(8, 100);
    refs.samples[16] = 50;          // corner p[-1][-1]
    refs.samples[2 * 8 + 1] = 250;  // p[0][-1]
    refs.samples[2 * 8 - 1] = 20;   // p[-1][0]
    for (int y = 1; y < 8; ++y) refs.samples[2 * 8 - 1 - y] = static_cast<uint8_t>(60 + 20 * y);
    for (int x = 1; x < 8; ++x) refs.samples[2 * 8 + 1 + x] = static_cast<uint8_t>(x * 9);

    const Block vertical = predict(refs, 26, true);
    for (int y = 0; y < 8; ++y) {
        EXPECT_EQ(vertical[y][0], clip1(250 + ((p(refs, -1, y) - 50) >> 1))) << y;
        for (int x = 1; x < 8; ++x) EXPECT_EQ(vertical[y][x], x * 9);
    }
    EXPECT_EQ(vertical[0][0], 235);  // 250 + ((20 - 50) >> 1): arithmetic shift of a negative
    EXPECT_EQ(vertical[7][0], 255);  // 250 + ((200 - 50) >> 1) clipped
    const Block horizontal = predict(refs, 10, true);
    for (int x = 0; x < 8; ++x) {
        EXPECT_EQ(horizontal[0][x], clip1(20 + ((p(refs, x, -1) - 50) >> 1))) << x;
    }
    EXPECT_EQ(horizontal[0][0], 120);  // 20 + ((250 - 50) >> 1)
    EXPECT_EQ(horizontal[0][1], 0);    // 20 + ((9 - 50) >> 1) = -1, clipped
    for (int y = 1; y < 8; ++y) {
        for (int x = 0; x < 8; ++x) EXPECT_EQ(horizontal[y][x], p(refs, -1, y));
    }
    // No edge filter at 32x32 luma.
    std::mt19937 random(5);
    const IntraReferences large = random_references(32, random);
    const Block large_vertical = predict(large, 26, true);
    for (int y = 0; y < 32; ++y) EXPECT_EQ(large_vertical[y][0], p(large, 0, -1));
}

TEST(IntraPredict, PureDiagonalsCopyReferences) {
    std::mt19937 random(9);
    for (int n : {4, 8, 16, 32}) {
        const IntraReferences refs = random_references(n, random);
        const Block mode2 = predict(refs, 2, true);
        const Block mode18 = predict(refs, 18, true);
        const Block mode34 = predict(refs, 34, true);
        for (int y = 0; y < n; ++y) {
            for (int x = 0; x < n; ++x) {
                // Mode 2 runs down-left: the left column continued below the block.
                ASSERT_EQ(mode2[y][x], p(refs, -1, x + y + 1));
                // Mode 34 runs up-right: the top row continued to the right.
                ASSERT_EQ(mode34[y][x], p(refs, x + y + 1, -1));
                // Mode 18 runs down-right from the corner.
                const int expected = x > y ? p(refs, x - y - 1, -1)
                                           : (x == y ? p(refs, -1, -1) : p(refs, -1, y - x - 1));
                ASSERT_EQ(mode18[y][x], expected);
            }
        }
    }
}

}  // namespace
}  // namespace tc
