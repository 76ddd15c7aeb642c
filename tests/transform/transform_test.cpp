// Proves the partial-butterfly transforms equal a plain matrix multiplication written straight
// from H.265 8.6.4.2 (inverse, bit-exact) and its transpose (forward), for all sizes and the DST,
// on random and extreme inputs, and that the matrices hold the spec's values.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numbers>
#include <random>
#include <vector>

#include "transform/forward_transform.h"
#include "transform/inverse_transform.h"
#include "transform/quantize.h"
#include "transform/transform_matrix.h"

namespace tc {
namespace {

struct TransformKind {
    int log2_size;
    bool use_dst;
};

constexpr TransformKind kAllKinds[] = {{2, true}, {2, false}, {3, false}, {4, false}, {5, false}};

// transMatrix entry of basis function k at sample position n for the nTbS-point transform.
int basis(const TransformKind& kind, int k, int n) {
    return kind.use_dst ? kDstMatrix[k][n] : kDctMatrix[k << (5 - kind.log2_size)][n];
}

int64_t clip3(int64_t low, int64_t high, int64_t value) {
    return std::clamp(value, low, high);
}

// 8.6.4.2 as written: d[x][y] is column x, row y (our buffers are row-major y * n + x).
// e[x][y] = sum_j transMatrix(j, y) * d[x][j]; g = Clip3(-32768, 32767, (e + 64) >> 7);
// r[x][y] = sum_j transMatrix(j, x) * g[j][y]; then 8.6.2's (r + (1 << 11)) >> 12.
std::vector<int16_t> reference_inverse(const TransformKind& kind,
                                       const std::vector<int32_t>& coeffs) {
    const int n = 1 << kind.log2_size;
    auto d = [&](int x, int y) { return int64_t{coeffs[y * n + x]}; };
    std::vector<int64_t> g(n * n);  // g[x * n + y]
    for (int x = 0; x < n; ++x) {
        for (int y = 0; y < n; ++y) {
            int64_t e = 0;
            for (int j = 0; j < n; ++j) e += basis(kind, j, y) * d(x, j);
            g[x * n + y] = clip3(-32768, 32767, (e + 64) >> 7);
        }
    }
    std::vector<int16_t> residual(n * n);
    for (int y = 0; y < n; ++y) {
        for (int x = 0; x < n; ++x) {
            int64_t r = 0;
            for (int j = 0; j < n; ++j) r += basis(kind, j, x) * g[j * n + y];
            const int64_t scaled = (r + (1 << 11)) >> 12;
            EXPECT_TRUE(scaled >= INT16_MIN && scaled <= INT16_MAX);
            residual[y * n + x] = static_cast<int16_t>(scaled);
        }
    }
    return residual;
}

// The encoder's transpose: rows with shift log2 - 1, then columns with shift log2 + 6.
std::vector<int32_t> reference_forward(const TransformKind& kind,
                                       const std::vector<int16_t>& residual) {
    const int n = 1 << kind.log2_size;
    const int row_shift = kind.log2_size - 1;
    const int column_shift = kind.log2_size + 6;
    std::vector<int64_t> rows(n * n);  // rows[y * n + k]: horizontal frequency k of row y
    for (int y = 0; y < n; ++y) {
        for (int k = 0; k < n; ++k) {
            int64_t sum = 0;
            for (int x = 0; x < n; ++x) sum += basis(kind, k, x) * int64_t{residual[y * n + x]};
            rows[y * n + k] = (sum + (int64_t{1} << (row_shift - 1))) >> row_shift;
        }
    }
    std::vector<int32_t> coeffs(n * n);
    for (int v = 0; v < n; ++v) {
        for (int k = 0; k < n; ++k) {
            int64_t sum = 0;
            for (int y = 0; y < n; ++y) sum += basis(kind, v, y) * rows[y * n + k];
            coeffs[v * n + k] =
                static_cast<int32_t>((sum + (int64_t{1} << (column_shift - 1))) >> column_shift);
        }
    }
    return coeffs;
}

std::vector<int16_t> run_inverse(const TransformKind& kind, const std::vector<int32_t>& coeffs) {
    const int n = 1 << kind.log2_size;
    // A stride wider than the block checks that the stride is honoured; padding stays untouched.
    const int stride = n + 3;
    std::vector<int16_t> buffer(n * stride, int16_t{0x5a5a});
    inverse_transform(kind.log2_size, kind.use_dst, coeffs.data(), buffer.data(), stride);
    std::vector<int16_t> residual(n * n);
    for (int y = 0; y < n; ++y) {
        for (int x = 0; x < stride; ++x) {
            if (x < n) {
                residual[y * n + x] = buffer[y * stride + x];
            } else {
                EXPECT_EQ(buffer[y * stride + x], int16_t{0x5a5a});
            }
        }
    }
    return residual;
}

std::vector<int32_t> run_forward(const TransformKind& kind, const std::vector<int16_t>& residual) {
    const int n = 1 << kind.log2_size;
    const int stride = n + 5;
    std::vector<int16_t> buffer(n * stride, int16_t{0x7777});
    for (int y = 0; y < n; ++y) {
        for (int x = 0; x < n; ++x) buffer[y * stride + x] = residual[y * n + x];
    }
    std::vector<int32_t> coeffs(n * n);
    forward_transform(kind.log2_size, kind.use_dst, buffer.data(), stride, coeffs.data());
    return coeffs;
}

std::string describe(const TransformKind& kind) {
    return (kind.use_dst ? "DST " : "DCT ") + std::to_string(1 << kind.log2_size);
}

// ---- the matrices ------------------------------------------------------------------------------

TEST(TransformMatrix, DcRowIsAll64) {
    for (int n = 0; n < 32; ++n) EXPECT_EQ(kDctMatrix[0][n], 64);
}

TEST(TransformMatrix, FourPointDctMatchesSpec) {
    constexpr int kExpected[4][4] = {
        {64, 64, 64, 64}, {83, 36, -36, -83}, {64, -64, -64, 64}, {36, -83, 83, -36}};
    for (int k = 0; k < 4; ++k) {
        for (int n = 0; n < 4; ++n) EXPECT_EQ(basis({2, false}, k, n), kExpected[k][n]);
    }
}

TEST(TransformMatrix, EightAndThirtyTwoPointSpotChecks) {
    constexpr int kEightPointRow1[8] = {89, 75, 50, 18, -18, -50, -75, -89};
    for (int n = 0; n < 8; ++n) EXPECT_EQ(basis({3, false}, 1, n), kEightPointRow1[n]);
    constexpr int kSixteenPointRow1[8] = {90, 87, 80, 70, 57, 43, 25, 9};
    for (int n = 0; n < 8; ++n) EXPECT_EQ(basis({4, false}, 1, n), kSixteenPointRow1[n]);
    constexpr int kRow1LeftHalf[16] = {90, 90, 88, 85, 82, 78, 73, 67,
                                       61, 54, 46, 38, 31, 22, 13, 4};
    for (int n = 0; n < 16; ++n) EXPECT_EQ(kDctMatrix[1][n], kRow1LeftHalf[n]);
    EXPECT_EQ(kDctMatrix[31][0], 4);
    EXPECT_EQ(kDctMatrix[31][1], -13);
    EXPECT_EQ(kDctMatrix[31][31], -4);
    EXPECT_EQ(kDctMatrix[16][1], -64);
}

TEST(TransformMatrix, DstMatchesSpec) {
    constexpr int kExpected[4][4] = {
        {29, 55, 74, 84}, {74, 74, 0, -74}, {84, -29, -74, 55}, {55, -84, 74, -29}};
    for (int k = 0; k < 4; ++k) {
        for (int n = 0; n < 4; ++n) EXPECT_EQ(kDstMatrix[k][n], kExpected[k][n]);
    }
}

// Even rows are symmetric, odd rows antisymmetric: what the butterflies rely on.
TEST(TransformMatrix, RowsAreSymmetricOrAntisymmetric) {
    for (int k = 0; k < 32; ++k) {
        for (int n = 0; n < 16; ++n) {
            const int mirrored = kDctMatrix[k][31 - n];
            EXPECT_EQ(kDctMatrix[k][n], k % 2 == 0 ? mirrored : -mirrored) << k << "," << n;
        }
    }
}

// Each entry approximates 64 * sqrt(2) * cos(pi * k * (2n + 1) / 64), an independent check that
// no value was mistyped.
TEST(TransformMatrix, ApproximatesScaledCosines) {
    for (int k = 1; k < 32; ++k) {
        for (int n = 0; n < 32; ++n) {
            const double ideal =
                64 * std::numbers::sqrt2 * std::cos(std::numbers::pi * k * (2 * n + 1) / 64);
            EXPECT_LE(std::abs(kDctMatrix[k][n] - ideal), 2.5) << k << "," << n;
        }
    }
}

// The integer matrices are only close to orthogonal (the 32-point one has inner products of
// distinct rows up to 376 against a norm of 131072); a mistyped entry would break these bounds.
TEST(TransformMatrix, RowsAreNearlyOrthogonal) {
    for (const auto& kind : kAllKinds) {
        const int n = 1 << kind.log2_size;
        for (int k = 0; k < n; ++k) {
            int64_t norm = 0;
            for (int i = 0; i < n; ++i) norm += basis(kind, k, i) * basis(kind, k, i);
            if (!kind.use_dst) {
                EXPECT_NEAR(norm, 64 * 64 * n, 64 * 64 * n / 512) << describe(kind);
            }
            for (int l = k + 1; l < n; ++l) {
                int64_t dot = 0;
                for (int i = 0; i < n; ++i) dot += basis(kind, k, i) * basis(kind, l, i);
                EXPECT_LE(std::abs(dot), norm / 256) << describe(kind) << " rows " << k << "," << l;
            }
        }
    }
}

// ---- inverse: bit-exact with the spec ---------------------------------------------------------

enum class CoefficientPattern { kFullRange, kSmall, kSparse, kLowFrequency };

std::vector<int32_t> random_coefficients(std::mt19937& rng, int n, CoefficientPattern pattern) {
    std::uniform_int_distribution<int32_t> full(-32768, 32767);
    std::uniform_int_distribution<int32_t> small(-300, 300);
    std::vector<int32_t> coeffs(n * n, 0);
    switch (pattern) {
        case CoefficientPattern::kFullRange:
            for (auto& c : coeffs) c = full(rng);
            break;
        case CoefficientPattern::kSmall:
            for (auto& c : coeffs) c = small(rng);
            break;
        case CoefficientPattern::kSparse: {
            std::uniform_int_distribution<int> position(0, n * n - 1);
            const int count = 1 + position(rng) % 4;
            for (int i = 0; i < count; ++i) coeffs[position(rng)] = full(rng);
            break;
        }
        case CoefficientPattern::kLowFrequency:
            for (int y = 0; y < n; ++y) {
                for (int x = 0; x < n; ++x) {
                    if (x + y < 3) coeffs[y * n + x] = full(rng);
                }
            }
            break;
    }
    return coeffs;
}

TEST(InverseTransform, MatchesSpecOnRandomInputs) {
    std::mt19937 rng(20240611);
    const CoefficientPattern patterns[] = {CoefficientPattern::kFullRange,
                                           CoefficientPattern::kSmall, CoefficientPattern::kSparse,
                                           CoefficientPattern::kLowFrequency};
    for (const auto& kind : kAllKinds) {
        const int n = 1 << kind.log2_size;
        const int trials = kind.log2_size == 5 ? 300 : 1500;
        for (int trial = 0; trial < trials; ++trial) {
            const auto coeffs = random_coefficients(rng, n, patterns[trial % 4]);
            ASSERT_EQ(run_inverse(kind, coeffs), reference_inverse(kind, coeffs))
                << describe(kind) << " trial " << trial;
        }
    }
}

TEST(InverseTransform, ExtremeCoefficientsDoNotOverflow) {
    for (const auto& kind : kAllKinds) {
        const int n = 1 << kind.log2_size;
        std::vector<std::vector<int32_t>> blocks;
        blocks.emplace_back(n * n, 32767);
        blocks.emplace_back(n * n, -32768);
        // Signs following basis function 1 in both directions drive the intermediate to its clip.
        for (const int32_t magnitude : {32767, 32768}) {
            std::vector<int32_t> block(n * n);
            for (int y = 0; y < n; ++y) {
                for (int x = 0; x < n; ++x) {
                    const bool positive = (basis(kind, x, 0) >= 0) == (basis(kind, y, 0) >= 0);
                    block[y * n + x] = positive ? std::min(magnitude, 32767) : -magnitude;
                }
            }
            blocks.push_back(block);
        }
        std::vector<int32_t> checkerboard(n * n);
        for (int i = 0; i < n * n; ++i) checkerboard[i] = ((i / n + i) % 2) ? 32767 : -32768;
        blocks.push_back(checkerboard);
        for (const auto& block : blocks) {
            EXPECT_EQ(run_inverse(kind, block), reference_inverse(kind, block)) << describe(kind);
        }
    }
}

TEST(InverseTransform, DcOnlyGivesFlatBlock) {
    for (const int log2_size : {2, 3, 4, 5}) {
        const int n = 1 << log2_size;
        for (const int32_t dc : {1, -1, 64, -64, 100, 1000, -12345, 32767, -32768}) {
            std::vector<int32_t> coeffs(n * n, 0);
            coeffs[0] = dc;
            // Both passes multiply by 64: (64 * ((64 * dc + 64) >> 7) + 2048) >> 12.
            const int64_t intermediate = (64 * int64_t{dc} + 64) >> 7;
            const auto expected = static_cast<int16_t>((64 * intermediate + 2048) >> 12);
            const auto residual = run_inverse({log2_size, false}, coeffs);
            for (const int16_t sample : residual) ASSERT_EQ(sample, expected) << n << " dc " << dc;
        }
    }
}

TEST(InverseTransform, ZeroCoefficientsGiveZeroResidual) {
    for (const auto& kind : kAllKinds) {
        const int n = 1 << kind.log2_size;
        const auto residual = run_inverse(kind, std::vector<int32_t>(n * n, 0));
        EXPECT_EQ(residual, std::vector<int16_t>(n * n, 0)) << describe(kind);
    }
}

// ---- forward: the transpose, same rounding as the reference -----------------------------------

TEST(ForwardTransform, MatchesReferenceOnRandomResiduals) {
    std::mt19937 rng(7);
    std::uniform_int_distribution<int> eight_bit(-255, 255);
    std::uniform_int_distribution<int> small(-8, 8);
    for (const auto& kind : kAllKinds) {
        const int n = 1 << kind.log2_size;
        const int trials = kind.log2_size == 5 ? 300 : 1500;
        for (int trial = 0; trial < trials; ++trial) {
            std::vector<int16_t> residual(n * n);
            for (auto& r : residual)
                r = static_cast<int16_t>(trial % 2 ? eight_bit(rng) : small(rng));
            ASSERT_EQ(run_forward(kind, residual), reference_forward(kind, residual))
                << describe(kind) << " trial " << trial;
        }
    }
}

TEST(ForwardTransform, LargestAllowedResidualsDoNotOverflow) {
    for (const auto& kind : kAllKinds) {
        const int n = 1 << kind.log2_size;
        for (const int magnitude : {255, kMaxForwardResidual}) {
            std::vector<std::vector<int16_t>> blocks;
            blocks.emplace_back(n * n, static_cast<int16_t>(magnitude));
            blocks.emplace_back(n * n, static_cast<int16_t>(-magnitude));
            std::vector<int16_t> checkerboard(n * n);
            std::vector<int16_t> basis_signs(n * n);
            for (int y = 0; y < n; ++y) {
                for (int x = 0; x < n; ++x) {
                    checkerboard[y * n + x] =
                        static_cast<int16_t>((x + y) % 2 ? magnitude : -magnitude);
                    const bool positive = (basis(kind, 1, x) >= 0) == (basis(kind, 1, y) >= 0);
                    basis_signs[y * n + x] =
                        static_cast<int16_t>(positive ? magnitude : -magnitude);
                }
            }
            blocks.push_back(checkerboard);
            blocks.push_back(basis_signs);
            for (const auto& block : blocks) {
                EXPECT_EQ(run_forward(kind, block), reference_forward(kind, block))
                    << describe(kind) << " magnitude " << magnitude;
            }
        }
    }
}

// A flat block of value v has only a DC coefficient, 128 * v exactly: each pass has gain
// 64 * n and the shifts remove (n / 2) * (64 * n).
TEST(ForwardTransform, FlatBlockGivesDcOnly) {
    for (const int log2_size : {2, 3, 4, 5}) {
        const int n = 1 << log2_size;
        for (const int16_t value :
             {int16_t{1}, int16_t{-1}, int16_t{37}, int16_t{255}, int16_t{-255}}) {
            const auto coeffs = run_forward({log2_size, false}, std::vector<int16_t>(n * n, value));
            EXPECT_EQ(coeffs[0], 128 * value);
            for (int i = 1; i < n * n; ++i) ASSERT_EQ(coeffs[i], 0) << n << " at " << i;
        }
    }
}

// ---- forward then inverse -----------------------------------------------------------------------

std::vector<int16_t> random_residual(std::mt19937& rng, int n) {
    std::uniform_int_distribution<int> eight_bit(-255, 255);
    std::vector<int16_t> residual(n * n);
    for (auto& r : residual) r = static_cast<int16_t>(eight_bit(rng));
    return residual;
}

int max_abs_difference(const std::vector<int16_t>& a, const std::vector<int16_t>& b) {
    int largest = 0;
    for (size_t i = 0; i < a.size(); ++i) largest = std::max(largest, std::abs(a[i] - b[i]));
    return largest;
}

// Largest absolute row sum of (M^T M / norm - I): how far one 1-D inverse-after-forward pass is
// from the identity because the integer matrix is not exactly orthogonal.
double orthogonality_error(const TransformKind& kind) {
    const int n = 1 << kind.log2_size;
    double norm = 0;
    for (int i = 0; i < n; ++i) norm += basis(kind, 0, i) * basis(kind, 0, i);
    double largest = 0;
    for (int i = 0; i < n; ++i) {
        double row_sum = 0;
        for (int j = 0; j < n; ++j) {
            double product = 0;
            for (int k = 0; k < n; ++k) product += basis(kind, k, i) * basis(kind, k, j);
            row_sum += std::abs(product / norm - (i == j ? 1 : 0));
        }
        largest = std::max(largest, row_sum);
    }
    return largest;
}

// Without quantisation the only errors are the intermediate roundings and the matrices' small
// departure from orthogonality, which white noise at full 8-bit amplitude shows most: up to 5
// levels at 32x32, and a mean of about 0.8 there, which exact arithmetic with the same matrix
// also gives. The worst-case bound is derived from the matrix.
TEST(TransformRoundTrip, ForwardThenInverseIsNearlyIdentity) {
    std::mt19937 rng(99);
    for (const auto& kind : kAllKinds) {
        const int n = 1 << kind.log2_size;
        const double error = orthogonality_error(kind);
        const double bound = 255 * ((1 + error) * (1 + error) - 1) + 2;
        int worst = 0;
        int64_t total = 0;
        const int trials = 200;
        for (int trial = 0; trial < trials; ++trial) {
            const auto residual = random_residual(rng, n);
            const auto reconstructed = run_inverse(kind, run_forward(kind, residual));
            worst = std::max(worst, max_abs_difference(reconstructed, residual));
            for (int i = 0; i < n * n; ++i) total += std::abs(reconstructed[i] - residual[i]);
        }
        EXPECT_LE(worst, bound) << describe(kind);
        EXPECT_LT(static_cast<double>(total) / (trials * n * n), 1.0) << describe(kind);
    }
}

// Smooth, small residuals (the common case) come back within one level.
TEST(TransformRoundTrip, SmallResidualsComeBackWithinOne) {
    std::mt19937 rng(5);
    std::uniform_int_distribution<int> small(-12, 12);
    for (const auto& kind : kAllKinds) {
        const int n = 1 << kind.log2_size;
        for (int trial = 0; trial < 200; ++trial) {
            std::vector<int16_t> residual(n * n);
            for (auto& r : residual) r = static_cast<int16_t>(small(rng));
            EXPECT_LE(max_abs_difference(run_inverse(kind, run_forward(kind, residual)), residual),
                      1)
                << describe(kind);
        }
    }
}

// At QP 0 the quantisation step is 0.625 in the sample domain: on top of the unquantised
// round-trip error, quantisation adds about one level.
TEST(TransformRoundTrip, QuantisedAtQpZeroReconstructsClosely) {
    std::mt19937 rng(1234);
    for (const auto& kind : kAllKinds) {
        const int n = 1 << kind.log2_size;
        int worst = 0;
        for (int trial = 0; trial < 200; ++trial) {
            const auto residual = random_residual(rng, n);
            const auto coeffs = run_forward(kind, residual);
            std::vector<int32_t> levels(n * n);
            std::vector<int32_t> scaled(n * n);
            quantize(coeffs.data(), levels.data(), nullptr, kind.log2_size, 0, true);
            dequantize(levels.data(), scaled.data(), kind.log2_size, 0);
            worst = std::max(worst, max_abs_difference(run_inverse(kind, scaled), residual));
        }
        const double error = orthogonality_error(kind);
        EXPECT_LE(worst, 255 * ((1 + error) * (1 + error) - 1) + 3) << describe(kind);
    }
}

}  // namespace
}  // namespace tc
