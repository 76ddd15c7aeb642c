// The accelerated coding of P pictures (accel/inter_coding.h): every step of
// accel/inter_coding_steps.h equals the project's scalar code it stands for (interpolation,
// forward and inverse DCT, quantiser, scaling), and the CPU backend lays out the coding units
// by the rule and codes every one of them as the scalar functions do.
#include "accel/inter_coding.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cstdlib>
#include <random>
#include <utility>
#include <vector>

#include "accel/accelerated_motion.h"
#include "accel/cpu_motion_accelerator.h"
#include "accel/cu_split_steps.h"
#include "common/slice_rows.h"
#include "accel/inter_coding_steps.h"
#include "accel_test_frames.h"
#include "common/scan_order.h"
#include "motion/pyramid.h"
#include "picture/plane_border.h"
#include "predict/intra_predict.h"
#include "predict/intra_references.h"
#include "predict/zscan_availability.h"
#include "predict/inter_interpolation.h"
#include "transform/forward_transform.h"
#include "transform/inverse_transform.h"
#include "transform/quantize.h"
#include "transform/sign_data_hiding.h"
#include "transform/transform_matrix.h"

namespace tc {
namespace {

using accel_test::FrameSize;

// ---- the steps ----------------------------------------------------------------------------------

// A random plane's samples, tightly packed, and the same plane padded with its edges repeated.
struct TestPlane {
    int width, height;
    std::vector<uint8_t> packed;
    Plane padded;
};

void make_test_plane(TestPlane& plane, int width, int height, int padding, std::mt19937& random) {
    plane.width = width;
    plane.height = height;
    plane.packed.resize(static_cast<size_t>(width) * height);
    // Mostly extremes, which drive the filters towards their clipping, and some noise.
    std::uniform_int_distribution<int> sample(0, 255), kind(0, 3);
    for (uint8_t& s : plane.packed)
        s = static_cast<uint8_t>(kind(random) == 0 ? sample(random) : kind(random) < 2 ? 0 : 255);
    ASSERT_TRUE(plane.padded.allocate(width, height, padding));
    for (int y = 0; y < height; y++) {
        std::copy_n(plane.packed.data() + static_cast<size_t>(y) * width, width,
                    plane.padded.row(y));
    }
    extend_plane_borders(plane.padded, padding);
}

// The device code's own copy of the chroma filter (constants, no host table there) is the
// project's table, fraction by fraction.
TEST(InterCodingSteps, ChromaTapsEqualTheProjectsFilterTable) {
    for (int fraction = 0; fraction < 8; fraction++) {
        int taps[kChromaFilterTaps];
        chroma_taps(fraction, taps);
        for (int k = 0; k < kChromaFilterTaps; k++) {
            EXPECT_EQ(taps[k], kChromaFilter[fraction][k]) << fraction << "," << k;
        }
    }
}

TEST(InterCodingSteps, LumaPredictionEqualsTheScalarInterpolationAlsoPastTheEdges) {
    std::mt19937 random(11);
    TestPlane plane;
    make_test_plane(plane, 40, 24, 64, random);
    std::uniform_int_distribution<int> position(-8, 40), vector(-4 * 40, 4 * 40), size(1, 16);
    std::array<uint8_t, 16 * 16> expected;
    for (int trial = 0; trial < 3000; trial++) {
        const int x = position(random), y = position(random) * 24 / 40, w = size(random),
                  h = size(random);
        // Every fraction pair equally often, at any integer offset.
        const Mv mv{static_cast<int16_t>((vector(random) & ~3) | (trial & 3)),
                    static_cast<int16_t>((vector(random) & ~3) | ((trial >> 2) & 3))};
        interpolate_luma_uni_scalar(plane.padded.at(x + (mv.x >> 2), y + (mv.y >> 2)),
                                    plane.padded.stride(), w, h, mv.x & 3, mv.y & 3,
                                    expected.data(), 16);
        for (int j = 0; j < h; j++) {
            for (int i = 0; i < w; i++) {
                ASSERT_EQ(predict_luma_sample(plane.packed.data(), plane.width, plane.height, x + i,
                                              y + j, mv),
                          expected[static_cast<size_t>(j * 16 + i)])
                    << "at " << x + i << "," << y + j << " mv " << mv.x << "," << mv.y;
            }
        }
    }
}

TEST(InterCodingSteps, ChromaPredictionEqualsTheScalarInterpolationAlsoPastTheEdges) {
    std::mt19937 random(12);
    TestPlane plane;
    make_test_plane(plane, 20, 12, 64, random);
    std::uniform_int_distribution<int> position(-4, 20), vector(-8 * 20, 8 * 20), size(1, 16);
    std::array<uint8_t, 16 * 16> expected;
    for (int trial = 0; trial < 3000; trial++) {
        const int x = position(random), y = position(random) * 12 / 20, w = size(random),
                  h = size(random);
        const Mv mv{static_cast<int16_t>((vector(random) & ~7) | (trial & 7)),
                    static_cast<int16_t>((vector(random) & ~7) | ((trial >> 3) & 7))};
        interpolate_chroma_uni_scalar(plane.padded.at(x + (mv.x >> 3), y + (mv.y >> 3)),
                                      plane.padded.stride(), w, h, mv.x & 7, mv.y & 7,
                                      expected.data(), 16);
        for (int j = 0; j < h; j++) {
            for (int i = 0; i < w; i++) {
                ASSERT_EQ(predict_chroma_sample(plane.packed.data(), plane.width, plane.height,
                                                x + i, y + j, mv),
                          expected[static_cast<size_t>(j * 16 + i)])
                    << "at " << x + i << "," << y + j << " mv " << mv.x << "," << mv.y;
            }
        }
    }
}

// The DCT matrix as the kernel keeps it: int32 rows of 33.
constexpr int kPaddedStride = 33;
std::vector<int32_t> padded_matrix() {
    std::vector<int32_t> matrix(32 * kPaddedStride, 0);
    for (int k = 0; k < 32; k++) {
        for (int n = 0; n < 32; n++)
            matrix[static_cast<size_t>(k * kPaddedStride + n)] = kDctMatrix[k][n];
    }
    return matrix;
}

// Both passes of each transform through the steps, as the kernel walks a block.
template <typename Matrix>
void forward_by_steps(const Matrix* matrix, int stride, const int16_t* residual, int log2_size,
                      int32_t* out) {
    const int n = 1 << log2_size;
    std::vector<int32_t> rows(static_cast<size_t>(n * n));
    for (int v = 0; v < n; v++) {
        for (int u = 0; u < n; u++)
            rows[static_cast<size_t>(v * n + u)] =
                forward_row_pass(matrix, stride, residual + v * n, 1, u, log2_size);
    }
    for (int v = 0; v < n; v++) {
        for (int u = 0; u < n; u++)
            out[v * n + u] = forward_column_pass(matrix, stride, rows.data() + u, n, v, log2_size);
    }
}

template <typename Matrix>
void inverse_by_steps(const Matrix* matrix, int stride, const int32_t* coefficients, int log2_size,
                      int16_t* out) {
    const int n = 1 << log2_size;
    std::vector<int32_t> columns(static_cast<size_t>(n * n));
    for (int v = 0; v < n; v++) {
        for (int u = 0; u < n; u++) {
            columns[static_cast<size_t>(v * n + u)] =
                inverse_column_pass(matrix, stride, coefficients + u, n, v, log2_size);
        }
    }
    for (int v = 0; v < n; v++) {
        for (int u = 0; u < n; u++) {
            out[v * n + u] = static_cast<int16_t>(
                inverse_row_pass(matrix, stride, columns.data() + v * n, 1, u, log2_size));
        }
    }
}

using ForwardDct = void (*)(const int16_t*, ptrdiff_t, int32_t*);
using InverseDct = void (*)(const int32_t*, int16_t*, ptrdiff_t);
constexpr ForwardDct kForwardDct[4] = {forward_dct_4x4_scalar, forward_dct_8x8_scalar,
                                       forward_dct_16x16_scalar, forward_dct_32x32_scalar};
constexpr InverseDct kInverseDct[4] = {inverse_dct_4x4_scalar, inverse_dct_8x8_scalar,
                                       inverse_dct_16x16_scalar, inverse_dct_32x32_scalar};

TEST(InterCodingSteps, ForwardTransformEqualsTheScalarDct) {
    std::mt19937 random(13);
    const std::vector<int32_t> padded = padded_matrix();
    for (int log2_size = 2; log2_size <= 5; log2_size++) {
        const int n = 1 << log2_size;
        std::vector<int16_t> residual(static_cast<size_t>(n * n));
        std::vector<int32_t> expected(residual.size()), from_table(residual.size()),
            from_padded(residual.size());
        for (int trial = 0; trial < 200; trial++) {
            // Full-range residuals, extremes (the largest sums), and small ones.
            std::uniform_int_distribution<int> value(trial % 3 == 2 ? -4 : -255,
                                                     trial % 3 == 2 ? 4 : 255);
            for (int16_t& r : residual) {
                r = static_cast<int16_t>(trial % 3 == 1 ? (value(random) < 0 ? -255 : 255)
                                                        : value(random));
            }
            kForwardDct[log2_size - 2](residual.data(), n, expected.data());
            forward_by_steps(&kDctMatrix[0][0], 32, residual.data(), log2_size, from_table.data());
            forward_by_steps(padded.data(), kPaddedStride, residual.data(), log2_size,
                             from_padded.data());
            ASSERT_EQ(from_table, expected) << "size " << n << " trial " << trial;
            ASSERT_EQ(from_padded, expected) << "size " << n << " trial " << trial;
        }
    }
}

TEST(InterCodingSteps, InverseTransformEqualsTheScalarDct) {
    std::mt19937 random(14);
    const std::vector<int32_t> padded = padded_matrix();
    for (int log2_size = 2; log2_size <= 5; log2_size++) {
        const int n = 1 << log2_size;
        std::vector<int32_t> coefficients(static_cast<size_t>(n * n));
        std::vector<int16_t> expected(coefficients.size()), from_table(coefficients.size()),
            from_padded(coefficients.size());
        for (int trial = 0; trial < 200; trial++) {
            // Sparse small levels (what the coding produces) and the full 16-bit range, where
            // the first stage's clipping acts.
            std::uniform_int_distribution<int> value(trial % 2 == 0 ? -300 : -32768,
                                                     trial % 2 == 0 ? 300 : 32767);
            std::uniform_int_distribution<int> percent(0, 99);
            for (int32_t& c : coefficients)
                c = trial % 2 == 0 && percent(random) < 80 ? 0 : value(random);
            kInverseDct[log2_size - 2](coefficients.data(), expected.data(), n);
            inverse_by_steps(&kDctMatrix[0][0], 32, coefficients.data(), log2_size,
                             from_table.data());
            inverse_by_steps(padded.data(), kPaddedStride, coefficients.data(), log2_size,
                             from_padded.data());
            ASSERT_EQ(from_table, expected) << "size " << n << " trial " << trial;
            ASSERT_EQ(from_padded, expected) << "size " << n << " trial " << trial;
        }
    }
}

TEST(InterCodingSteps, QuantisationAndScalingEqualTheProjectsInterQuantiser) {
    std::mt19937 random(15);
    for (int log2_size = 2; log2_size <= 5; log2_size++) {
        const int count = 1 << (2 * log2_size);
        std::vector<int32_t> coefficients(static_cast<size_t>(count)), levels(coefficients.size()),
            scaled(coefficients.size());
        for (int qp = 0; qp <= 51; qp++) {
            // What the forward DCT gives for 8-bit residuals (|c| < 2^15 or so), and beyond it,
            // up to where the levels clip.
            std::uniform_int_distribution<int> coefficient(qp % 2 == 0 ? -40000 : -1 << 30,
                                                           qp % 2 == 0 ? 40000 : 1 << 30);
            for (int32_t& c : coefficients) c = coefficient(random);
            coefficients[0] = 0;
            quantize(coefficients.data(), levels.data(), nullptr, log2_size, qp, false);
            for (int i = 0; i < count; i++) {
                ASSERT_EQ(
                    quantize_inter_coefficient(coefficients[static_cast<size_t>(i)], log2_size, qp),
                    levels[static_cast<size_t>(i)])
                    << "coefficient " << coefficients[static_cast<size_t>(i)] << " size "
                    << (1 << log2_size) << " qp " << qp;
            }
            std::uniform_int_distribution<int> level(-32768, 32767);
            for (int32_t& l : levels) l = qp % 3 == 0 ? level(random) : level(random) / 256;
            dequantize(levels.data(), scaled.data(), log2_size, qp);
            for (int i = 0; i < count; i++) {
                ASSERT_EQ(dequantize_coefficient(levels[static_cast<size_t>(i)], log2_size, qp),
                          scaled[static_cast<size_t>(i)])
                    << "level " << levels[static_cast<size_t>(i)] << " size " << (1 << log2_size)
                    << " qp " << qp;
            }
        }
    }
}

// ---- the coding-unit layout ---------------------------------------------------------------------

// The rule of accel/inter_coding.h written out per unit, without the steps; `units` (a vector per
// 8x8 unit, or null) splits a 16x16 block inside the picture whose four unit vectors differ.
int expected_cu_log2(const std::vector<Mv>& vectors, int width, int height, int unit_x,
                     int unit_y, const std::vector<Mv>* units = nullptr) {
    const int columns = (width + 15) / 16;
    const int area_x = unit_x / 4 * 32, area_y = unit_y / 4 * 32;
    const auto vector = [&](int x, int y) {
        return vectors[static_cast<size_t>(y / 16 * columns + x / 16)];
    };
    if (area_x + 32 <= width && area_y + 32 <= height &&
        vector(area_x, area_y) == vector(area_x + 16, area_y) &&
        vector(area_x, area_y) == vector(area_x, area_y + 16) &&
        vector(area_x, area_y) == vector(area_x + 16, area_y + 16)) {
        return 5;
    }
    const int block_x = unit_x / 2 * 16, block_y = unit_y / 2 * 16;
    if (block_x + 16 > width || block_y + 16 > height) return 3;
    if (units != nullptr) {
        const auto unit = [&](int x, int y) { return (*units)[static_cast<size_t>(y * (width / 8) + x)]; };
        const int x = unit_x / 2 * 2, y = unit_y / 2 * 2;
        if (!(unit(x, y) == unit(x + 1, y) && unit(x, y) == unit(x, y + 1) && unit(x, y) == unit(x + 1, y + 1))) return 3;
    }
    return 4;
}

// ---- the CPU backend ----------------------------------------------------------------------------

constexpr int kPadding = 96;  // beyond the vectors' margin of 64 and the filters' reach

struct InterPictures {
    Picture source, reference;
};

void make_pictures(InterPictures& pictures, FrameSize size) {
    ASSERT_TRUE(pictures.source.allocate(size.width, size.height, 32));
    ASSERT_TRUE(pictures.reference.allocate(size.width, size.height, kPadding));
    accel_test::fill_moving_picture(pictures.source, 1, 21);
    accel_test::fill_moving_picture(pictures.reference, 0, 21);
    extend_picture_borders(pictures.reference, kPadding);
}

// The CPU backend with the source's luma in pyramid slot 0 and the reference in reconstruction
// slot `reference_slot`.
std::unique_ptr<CpuMotionAccelerator> make_backend(const InterPictures& pictures, FrameSize size,
                                                   int reference_slot) {
    auto backend = CpuMotionAccelerator::create(size.width, size.height, 1);
    if (!backend || !backend->upload_frame(0, pictures.source.planes[0]) ||
        !backend->build_pyramid(0) ||
        !backend->upload_reconstruction(reference_slot, pictures.reference)) {
        return nullptr;
    }
    return backend;
}

// Recomputes every CU of `coded` with the project's scalar functions (prediction from the padded
// reference, forward DCT, inter quantiser, scaling, inverse DCT) and compares the levels of every
// block, the cbf bits and the reconstruction; checks the layout against the rule.
void expect_coded_as_the_scalar_code(const InterCodingView& coded, const InterPictures& pictures,
                                     FrameSize size, const std::vector<Mv>& vectors,
                                     const InterCodingParameters& parameters, int* cu_counts,
                                     int* kept = nullptr, int* dropped = nullptr,
                                     const std::vector<Mv>* units = nullptr) {
    int unused_kept = 0, unused_dropped = 0;
    if (kept == nullptr) kept = &unused_kept;
    if (dropped == nullptr) dropped = &unused_dropped;
    ASSERT_EQ(coded.unit_columns, size.width / 8);
    ASSERT_EQ(coded.unit_rows, size.height / 8);
    for (int unit_y = 0; unit_y < coded.unit_rows; unit_y++) {
        for (int unit_x = 0; unit_x < coded.unit_columns; unit_x++) {
            const InterCodedUnit& unit =
                coded.units[static_cast<size_t>(unit_y) * coded.unit_columns + unit_x];
            ASSERT_EQ(unit.cu_log2,
                      expected_cu_log2(vectors, size.width, size.height, unit_x, unit_y, units))
                << "unit " << unit_x << "," << unit_y;
            const int cu_size = 1 << unit.cu_log2;
            const int cu_x = unit_x * 8 / cu_size * cu_size, cu_y = unit_y * 8 / cu_size * cu_size;
            const InterCodedUnit& first =
                coded.units[static_cast<size_t>(cu_y / 8) * coded.unit_columns + cu_x / 8];
            ASSERT_TRUE(unit.mv == first.mv && unit.cbf == first.cbf)
                << "unit " << unit_x << "," << unit_y;
            // A split block's CUs have their units' vectors, every other CU its block's.
            ASSERT_EQ(unit.mv, units != nullptr && unit.cu_log2 == 3 && (unit_x / 2 + 1) * 16 <= size.width &&
                                       (unit_y / 2 + 1) * 16 <= size.height
                                   ? (*units)[static_cast<size_t>(unit_y * coded.unit_columns + unit_x)]
                                   : vectors[static_cast<size_t>(unit_y / 2 * ((size.width + 15) / 16) + unit_x / 2)]);
            if (cu_x != unit_x * 8 || cu_y != unit_y * 8) continue;
            cu_counts[unit.cu_log2 - 3]++;
            for (int c = 0; c < 3; c++) {
                const int log2_size = c == 0 ? unit.cu_log2 : unit.cu_log2 - 1;
                const int n = 1 << log2_size;
                const int x0 = c == 0 ? cu_x : cu_x / 2, y0 = c == 0 ? cu_y : cu_y / 2;
                const Plane& reference = pictures.reference.planes[c];
                std::array<uint8_t, 32 * 32> prediction;
                if (c == 0) {
                    interpolate_luma_uni_scalar(
                        reference.at(x0 + (unit.mv.x >> 2), y0 + (unit.mv.y >> 2)),
                        reference.stride(), n, n, unit.mv.x & 3, unit.mv.y & 3, prediction.data(),
                        32);
                } else {
                    interpolate_chroma_uni_scalar(
                        reference.at(x0 + (unit.mv.x >> 3), y0 + (unit.mv.y >> 3)),
                        reference.stride(), n, n, unit.mv.x & 7, unit.mv.y & 7, prediction.data(),
                        32);
                }
                std::vector<int16_t> residual(static_cast<size_t>(n * n));
                for (int y = 0; y < n; y++) {
                    for (int x = 0; x < n; x++) {
                        residual[static_cast<size_t>(y * n + x)] =
                            static_cast<int16_t>(*pictures.source.planes[c].at(x0 + x, y0 + y) -
                                                 prediction[static_cast<size_t>(y * 32 + x)]);
                    }
                }
                std::vector<int32_t> coefficients(residual.size()), levels(residual.size()),
                    errors(residual.size());
                kForwardDct[log2_size - 2](residual.data(), n, coefficients.data());
                const int qp = c == 0 ? parameters.qp : parameters.chroma_qp;
                // Chroma's decisions below take half the lambda.
                const int64_t lambda_q8 = c == 0 ? parameters.lambda_q8 : parameters.lambda_q8 / 2;
                int nonzero =
                    quantize(coefficients.data(), levels.data(), errors.data(), log2_size, qp, false);
                // The sub-block decision, written out again: a 4x4 sub-block keeps its levels
                // where the squared error they remove, in the transform domain (4^(7 - log2_size)
                // times the samples'), exceeds lambda (chroma's half) times 410 / 256 times their
                // estimated bits plus 4.
                if (nonzero != 0 && parameters.lambda_q8 > 0) {
                    std::vector<int32_t> scaled(levels.size());
                    dequantize(levels.data(), scaled.data(), log2_size, qp);
                    nonzero = 0;
                    for (int sy = 0; sy < n; sy += 4) {
                        for (int sx = 0; sx < n; sx += 4) {
                            int64_t gain = 0, bits = 4;
                            int count = 0;
                            for (int y = sy; y < sy + 4; y++) {
                                for (int x = sx; x < sx + 4; x++) {
                                    const int32_t level = levels[static_cast<size_t>(y * n + x)];
                                    if (level == 0) continue;
                                    count++;
                                    const int64_t c0 = coefficients[static_cast<size_t>(y * n + x)];
                                    const int64_t d = scaled[static_cast<size_t>(y * n + x)];
                                    gain += c0 * c0 - (c0 - d) * (c0 - d);
                                    bits += 4 + 2 * (std::bit_width(static_cast<unsigned>(std::abs(level))) - 1);
                                }
                            }
                            if (count == 0) continue;
                            if (gain * 65536 > lambda_q8 * 410 * bits * (int64_t{1} << (14 - 2 * log2_size))) {
                                nonzero += count;
                                continue;
                            }
                            for (int y = sy; y < sy + 4; y++)
                                for (int x = sx; x < sx + 4; x++) levels[static_cast<size_t>(y * n + x)] = 0;
                        }
                    }
                }
                if (parameters.sign_hiding) {
                    apply_sign_data_hiding(levels.data(), coefficients.data(), errors.data(), log2_size,
                                           kScanDiagonal);
                }
                for (int y = 0; y < n; y++) {
                    for (int x = 0; x < n; x++) {
                        ASSERT_EQ(coded.levels[c][(y0 + y) * coded.stride[c] + x0 + x],
                                  levels[static_cast<size_t>(y * n + x)])
                            << "CU " << cu_x << "," << cu_y << " component " << c << " level " << x
                            << "," << y;
                    }
                }
                std::fill(residual.begin(), residual.end(), int16_t{0});
                if (nonzero != 0) {
                    dequantize(levels.data(), coefficients.data(), log2_size, qp);
                    kInverseDct[log2_size - 2](coefficients.data(), residual.data(), n);
                }
                // The residual decision, written out again: the levels stay where the squared
                // error they remove exceeds lambda times their estimated bits.
                bool keep = nonzero != 0;
                if (keep && parameters.lambda_q8 > 0) {
                    int64_t without = 0, with = 0, bits = 2 * log2_size + 2;
                    for (int y = 0; y < n; y++) {
                        for (int x = 0; x < n; x++) {
                            const int source = *pictures.source.planes[c].at(x0 + x, y0 + y);
                            const int predicted = prediction[static_cast<size_t>(y * 32 + x)];
                            const int reconstructed = std::clamp(
                                predicted + residual[static_cast<size_t>(y * n + x)], 0, 255);
                            without += (source - predicted) * (source - predicted);
                            with += (source - reconstructed) * (source - reconstructed);
                            const int magnitude = std::abs(levels[static_cast<size_t>(y * n + x)]);
                            if (magnitude != 0)
                                bits +=
                                    4 + 2 * (std::bit_width(static_cast<unsigned>(magnitude)) - 1);
                        }
                    }
                    keep = (without - with) * 65536 > lambda_q8 * 410 * bits;
                    (keep ? *kept : *dropped) += 1;
                }
                ASSERT_EQ((unit.cbf >> c) & 1, keep ? 1 : 0)
                    << "CU " << cu_x << "," << cu_y << " component " << c;
                if (!keep) std::fill(residual.begin(), residual.end(), int16_t{0});
                for (int y = 0; y < n; y++) {
                    for (int x = 0; x < n; x++) {
                        const int expected =
                            std::clamp(prediction[static_cast<size_t>(y * 32 + x)] +
                                           residual[static_cast<size_t>(y * n + x)],
                                       0, 255);
                        ASSERT_EQ(coded.reconstruction[c][(y0 + y) * coded.stride[c] + x0 + x],
                                  expected)
                            << "CU " << cu_x << "," << cu_y << " component " << c << " sample " << x
                            << "," << y;
                    }
                }
            }
        }
    }
}

// The sub-block decision's squared error, taken in the transform domain, is the samples' one:
// for random residual blocks of every size, the lambda at which a sub-block's levels stop paying
// (found by bisection) times the weight and the bits equals the squared error those levels
// remove from the samples (the block inverse-transformed with them alone) within 15 % (the
// integer DCT is orthogonal only nearly, and the inverse transform rounds; 32x32 blocks are
// off by up to 12 %). With the scale one power of 4 off, every comparison fails.
TEST(InterCodingSteps, SubBlockDecisionWeighsTheSamplesErrorAgainstTheBits) {
    std::mt19937 random(26);
    int compared = 0;
    for (int log2_size = 2; log2_size <= 5; log2_size++) {
        const int n = 1 << log2_size;
        const size_t count = static_cast<size_t>(n * n);
        for (int trial = 0; trial < 40; trial++) {
            std::uniform_int_distribution<int> sample(-60, 60);
            std::vector<int16_t> residual(count);
            for (int16_t& r : residual) r = static_cast<int16_t>(sample(random));
            std::vector<int32_t> coefficients(count), levels(count);
            kForwardDct[log2_size - 2](residual.data(), n, coefficients.data());
            const int qp = 22 + trial % 16;
            quantize(coefficients.data(), levels.data(), nullptr, log2_size, qp, false);
            const int sx = 4 * (trial % (n / 4)), sy = 4 * ((trial / 3) % (n / 4));
            std::array<int32_t, 16> level{}, coefficient{};
            std::vector<int32_t> alone(count, 0);
            int bits = kSubBlockOverheadBits;
            for (int i = 0; i < 16; i++) {
                const size_t at = static_cast<size_t>((sy + i / 4) * n + sx + i % 4);
                level[static_cast<size_t>(i)] = levels[at];
                coefficient[static_cast<size_t>(i)] = coefficients[at];
                alone[at] = levels[at];
                bits += level_rate_bits(levels[at]);
            }
            if (bits == kSubBlockOverheadBits) continue;
            // The samples' squared error without and with these levels alone.
            std::vector<int32_t> scaled(count);
            std::vector<int16_t> decoded(count);
            dequantize(alone.data(), scaled.data(), log2_size, qp);
            kInverseDct[log2_size - 2](scaled.data(), decoded.data(), n);
            int64_t without = 0, with = 0;
            for (size_t i = 0; i < count; i++) {
                without += int64_t{residual[i]} * residual[i];
                with += int64_t{residual[i] - decoded[i]} * (residual[i] - decoded[i]);
            }
            const double gain = static_cast<double>(without - with);
            if (gain < 200) continue;  // rounding dominates tiny gains
            // The largest lambda_q8 at which the levels still pay.
            int64_t low = 1, high = int64_t{1} << 28;
            ASSERT_TRUE(sub_block_pays(level.data(), coefficient.data(), log2_size, qp, low));
            ASSERT_FALSE(sub_block_pays(level.data(), coefficient.data(), log2_size, qp, high));
            while (high - low > 1) {
                const int64_t middle = (low + high) / 2;
                (sub_block_pays(level.data(), coefficient.data(), log2_size, qp, middle) ? low : high) = middle;
            }
            const double implied = static_cast<double>(low) / 256.0 * kResidualBitsWeightQ8 / 256.0 * bits;
            EXPECT_NEAR(implied, gain, 0.15 * gain) << "size " << n << " qp " << qp << " trial " << trial;
            compared++;
        }
        // lambda 0 keeps every sub-block.
        std::array<int32_t, 16> one{}, tiny{};
        one[15] = 1;
        tiny[15] = 30;
        EXPECT_TRUE(sub_block_pays(one.data(), tiny.data(), log2_size, 37, 0));
    }
    EXPECT_GT(compared, 100);
}

// Sizes multiples of 8, some not of 16 or 32.
constexpr FrameSize kCodingSizes[] = {{64, 64}, {200, 120}, {72, 40}, {16, 8}, {136, 72}};

class InterCodingCpuTest : public testing::TestWithParam<FrameSize> {};

TEST_P(InterCodingCpuTest, EqualVectorsGiveWholeAreasAndPictureEdgesEightByEight) {
    const FrameSize size = GetParam();
    InterPictures pictures;
    make_pictures(pictures, size);
    auto backend = make_backend(pictures, size, 3);
    ASSERT_NE(backend, nullptr);
    const size_t blocks =
        static_cast<size_t>(block_search_columns(size.width)) * block_search_rows(size.height);
    const std::vector<Mv> vectors(blocks, Mv{-6, 9});
    const InterCodingParameters parameters{30, 29};
    InterCodingView coded;
    ASSERT_TRUE(backend->code_inter_picture(0, pictures.source, 3, vectors, parameters, coded));
    int cu_counts[3] = {0, 0, 0};
    expect_coded_as_the_scalar_code(coded, pictures, size, vectors, parameters, cu_counts);
    // Every area inside the picture is one CU; the rest 16x16 where a block fits, else 8x8.
    const int whole_areas = (size.width / 32) * (size.height / 32);
    EXPECT_EQ(cu_counts[2], whole_areas);
    const int covered = cu_counts[2] * 1024 + cu_counts[1] * 256 + cu_counts[0] * 64;
    EXPECT_EQ(covered, size.width * size.height);
    if (size.width % 16 != 0 || size.height % 16 != 0) {
        EXPECT_GT(cu_counts[0], 0);
    }
}

TEST_P(InterCodingCpuTest, EveryCuIsCodedAsTheScalarFunctionsCodeIt) {
    const FrameSize size = GetParam();
    InterPictures pictures;
    make_pictures(pictures, size);
    auto backend = make_backend(pictures, size, 0);
    ASSERT_NE(backend, nullptr);
    int cu_counts[3] = {0, 0, 0};
    int coded_blocks = 0;
    int kept = 0, dropped = 0;
    // Without and with the residual decision (lambda about the encoder's at each QP, and one
    // far larger).
    for (const InterCodingParameters& parameters :
         {InterCodingParameters{0, 0}, InterCodingParameters{22, 23}, InterCodingParameters{37, 34},
          InterCodingParameters{51, 39}, InterCodingParameters{22, 23, 1460},
          InterCodingParameters{37, 34, 37400}, InterCodingParameters{27, 28, 4000000},
          // Sign data hiding: the CPU path's, on the levels before the residual decision.
          InterCodingParameters{22, 23, 0, 0, InterDeblocking{}, false, 1, false, false, true},
          InterCodingParameters{32, 31, 14800, 0, InterDeblocking{}, false, 1, false, false, true}}) {
        for (uint32_t seed = 0; seed < 3; seed++) {
            const std::vector<Mv> vectors = accel_test::random_block_vectors(
                size.width, size.height, 64, 280, seed == 0 ? 0.0 : 0.9, seed);
            InterCodingView coded;
            ASSERT_TRUE(
                backend->code_inter_picture(0, pictures.source, 0, vectors, parameters, coded));
            expect_coded_as_the_scalar_code(coded, pictures, size, vectors, parameters, cu_counts,
                                            &kept, &dropped);
            for (int i = 0; i < coded.unit_columns * coded.unit_rows; i++)
                coded_blocks += coded.units[i].cbf != 0;
        }
    }
    if (size.width >= 16 && size.height >= 16) {
        EXPECT_GT(cu_counts[1], 0);
    }
    EXPECT_GT(coded_blocks, 0);
    // The decision went both ways (not on the tiniest picture, which has two CUs).
    if (size.width * size.height >= 64 * 64) {
        EXPECT_GT(kept, 0);
        EXPECT_GT(dropped, 0);
    }
}

TEST_P(InterCodingCpuTest, RefusesWrongVectorCountsSlotsAndSizes) {
    const FrameSize size = GetParam();
    InterPictures pictures;
    make_pictures(pictures, size);
    auto backend = make_backend(pictures, size, 2);
    ASSERT_NE(backend, nullptr);
    const size_t blocks =
        static_cast<size_t>(block_search_columns(size.width)) * block_search_rows(size.height);
    std::vector<Mv> vectors(blocks);
    const InterCodingParameters parameters;
    InterCodingView coded;
    EXPECT_TRUE(backend->code_inter_picture(0, pictures.source, 2, vectors, parameters, coded));
    EXPECT_FALSE(backend->code_inter_picture(0, pictures.source, 1, vectors, parameters,
                                             coded));  // never uploaded
    EXPECT_FALSE(backend->code_inter_picture(0, pictures.source, kMaxReconstructionSlots, vectors,
                                             parameters, coded));
    EXPECT_FALSE(backend->code_inter_picture(0, pictures.source, -1, vectors, parameters, coded));
    EXPECT_FALSE(backend->code_inter_picture(1, pictures.source, 2, vectors, parameters,
                                             coded));  // no such pyramid slot
    EXPECT_FALSE(backend->upload_reconstruction(kMaxReconstructionSlots, pictures.reference));
    EXPECT_FALSE(backend->upload_reconstruction(-1, pictures.reference));
    vectors.push_back(Mv{});
    EXPECT_FALSE(backend->code_inter_picture(0, pictures.source, 2, vectors, parameters, coded));
    vectors.resize(blocks - 1);
    EXPECT_FALSE(backend->code_inter_picture(0, pictures.source, 2, vectors, parameters, coded));
    // A picture smaller than the backend's.
    Picture small;
    ASSERT_TRUE(small.allocate(size.width - 8 > 0 ? size.width - 8 : 8, size.height, 0));
    if (size.width > 8) {
        EXPECT_FALSE(backend->upload_reconstruction(4, small));
        vectors.resize(blocks);
        EXPECT_FALSE(backend->code_inter_picture(0, small, 2, vectors, parameters, coded));
    }
}

// The SATDs (block_tile_satd, z-order) of the four 8x8 tiles of 16x16 block (bx, by) of the
// source against its prediction with `v`, the scalar interpolation on the padded reference.
std::array<int64_t, 4> expected_tile_satds(const InterPictures& pictures, int bx, int by, Mv v) {
    std::array<uint8_t, 256> source_block, prediction;
    for (int y = 0; y < 16; y++) {
        for (int x = 0; x < 16; x++) {
            source_block[static_cast<size_t>(y * 16 + x)] = *pictures.source.planes[0].at(bx * 16 + x, by * 16 + y);
        }
    }
    interpolate_luma_uni_scalar(pictures.reference.planes[0].at(bx * 16 + (v.x >> 2), by * 16 + (v.y >> 2)),
                                pictures.reference.planes[0].stride(), 16, 16, v.x & 3, v.y & 3, prediction.data(), 16);
    std::array<int64_t, 4> tiles;
    for (int tile = 0; tile < 4; tile++) tiles[static_cast<size_t>(tile)] = block_tile_satd(source_block.data(), prediction.data(), tile & 1, tile >> 1);
    return tiles;
}

// Their sum: the 16x16 block's SATD.
int64_t expected_block_satd(const InterPictures& pictures, int bx, int by, Mv v) {
    const std::array<int64_t, 4> tiles = expected_tile_satds(pictures, bx, by, v);
    return tiles[0] + tiles[1] + tiles[2] + tiles[3];
}

// The smoothing's choice written out again with the scalar interpolation on the padded
// reference: the cheapest candidate by block_tile_satd plus the rate term, the first on a tie.
Mv expected_smoothed_vector(const InterPictures& pictures, FrameSize size,
                            const std::vector<Mv>& in, int bx, int by, int sqrt_lambda_q8) {
    const int columns = block_search_columns(size.width), rows = block_search_rows(size.height);
    const Mv own = in[static_cast<size_t>(by * columns + bx)];
    if ((bx + 1) * 16 > size.width || (by + 1) * 16 > size.height) return own;
    const Mv neighbours[5] = {
        own, bx > 0 ? in[static_cast<size_t>(by * columns + bx - 1)] : own,
        by > 0 ? in[static_cast<size_t>((by - 1) * columns + bx)] : own,
        bx + 1 < columns ? in[static_cast<size_t>(by * columns + bx + 1)] : own,
        by + 1 < rows ? in[static_cast<size_t>((by + 1) * columns + bx)] : own};
    const bool present[5] = {true, bx > 0, by > 0, bx + 1 < columns, by + 1 < rows};
    const auto quarter = [&](int dx, int dy) {
        return Mv{static_cast<int16_t>(own.x + dx), static_cast<int16_t>(own.y + dy)};
    };
    const Mv candidates[9] = {neighbours[0], neighbours[1],  neighbours[2],
                              neighbours[3], neighbours[4],  quarter(-1, 0),
                              quarter(1, 0), quarter(0, -1), quarter(0, 1)};
    Mv best = own;
    int64_t best_cost = -1;
    for (const Mv& v : candidates) {
        int64_t cost = expected_block_satd(pictures, bx, by, v);
        bool shared = false;
        for (int k = 1; k < 5; k++) shared = shared || (present[k] && neighbours[k] == v);
        const Mv predictor = bx > 0 ? neighbours[1] : neighbours[2];
        const int bits =
            shared ? 1 : 2 + block_mvd_bits(v.x - predictor.x) + block_mvd_bits(v.y - predictor.y);
        cost += (sqrt_lambda_q8 * bits + 128) >> 8;
        if (best_cost < 0 || cost < best_cost) {
            best_cost = cost;
            best = v;
        }
    }
    return best;
}

// The field after kSmoothingPasses passes, each first over the blocks with bx + by even, which
// read the field as the pass found it, then over the odd ones, which read the field after that.
std::vector<Mv> expected_smoothed_field(const InterPictures& pictures, FrameSize size, std::vector<Mv> field,
                                        int sqrt_lambda_q8) {
    const int columns = block_search_columns(size.width), rows = block_search_rows(size.height);
    for (int pass = 0; pass < kSmoothingPasses; pass++) {
        for (int colour = 0; colour < 2; colour++) {
            std::vector<Mv> next = field;
            for (int by = 0; by < rows; by++) {
                for (int bx = (by + colour) % 2; bx < columns; bx += 2) {
                    next[static_cast<size_t>(by * columns + bx)] =
                        expected_smoothed_vector(pictures, size, field, bx, by, sqrt_lambda_q8);
                }
            }
            field = next;
        }
    }
    return field;
}

// The smoothing tests' block vectors of round `seed`: near the picture's true motion (one sample
// right), every third exactly on it, some far off; and their parameters (a larger sqrt(lambda)
// in the last round).
std::vector<Mv> smoothing_test_vectors(FrameSize size, uint32_t seed) {
    std::vector<Mv> vectors = accel_test::random_block_vectors(size.width, size.height, 8, 40, 0.3, seed);
    for (size_t i = 0; i < vectors.size(); i += 3) vectors[i] = Mv{-4, 0};
    return vectors;
}
InterCodingParameters smoothing_test_parameters(uint32_t seed) { return {32, 31, 14800, seed == 3 ? 30000 : 1946}; }

TEST_P(InterCodingCpuTest, SmoothingTakesTheCheapestNeighbourVectorAndTheCodingUsesIt) {
    const FrameSize size = GetParam();
    InterPictures pictures;
    make_pictures(pictures, size);
    auto backend = make_backend(pictures, size, 1);
    ASSERT_NE(backend, nullptr);
    int changed = 0;
    for (uint32_t seed = 0; seed < 4; seed++) {
        const std::vector<Mv> vectors = smoothing_test_vectors(size, seed);
        const InterCodingParameters parameters = smoothing_test_parameters(seed);
        InterCodingView coded;
        ASSERT_TRUE(backend->code_inter_picture(0, pictures.source, 1, vectors, parameters, coded));
        const std::vector<Mv> expected = expected_smoothed_field(pictures, size, vectors, parameters.sqrt_lambda_q8);
        for (size_t i = 0; i < vectors.size(); i++) changed += !(expected[i] == vectors[i]);
        // The coding is the plain coding of the smoothed field.
        int cu_counts[3] = {0, 0, 0};
        expect_coded_as_the_scalar_code(coded, pictures, size, expected, parameters, cu_counts);
        if (HasFatalFailure()) return;
    }
    if (size.width >= 32 && size.height >= 32) {
        EXPECT_GT(changed, 0);
    }
}

// One step of the coding-unit sizes by cost (inter_coding_steps.h) written out again with the
// scalar interpolation on the padded reference: every area of side x side blocks inside the
// picture (whose quarters have one vector each, for side 4) takes the candidate that costs less
// than keeping its quarters apart, the first on a tie, keeping before any. `area_costs` holds
// the 32x32 areas' chosen costs from side 2 for side 4; `united` counts the areas that took one.
std::vector<Mv> expected_area_step(const InterPictures& pictures, FrameSize size, const std::vector<Mv>& in,
                                   int sqrt_lambda_q8, int side, std::vector<int64_t>& area_costs, int& united) {
    const int columns = block_search_columns(size.width);
    const int area_columns = (columns + 1) / 2;
    auto at = [&](int bx, int by) { return in[static_cast<size_t>(by * columns + bx)]; };
    auto satd = [&](int bx, int by, Mv v) { return expected_block_satd(pictures, bx, by, v); };
    // A CU of n x n blocks from (bx, by): 1 bit for the vector of the block left of its bottom-left
    // block (A1) or above its top-right block (B1), else 2 plus the difference's bits against A1's.
    auto rate = [&](int bx, int by, int n, Mv v) {
        const bool has_a1 = bx > 0, has_b1 = by > 0;
        const Mv a1 = has_a1 ? at(bx - 1, by + n - 1) : Mv{}, b1 = has_b1 ? at(bx + n - 1, by - 1) : Mv{};
        const bool shared = (has_a1 && a1 == v) || (has_b1 && b1 == v);
        const Mv predictor = has_a1 ? a1 : has_b1 ? b1 : v;
        const int bits = shared ? 1 : 2 + block_mvd_bits(v.x - predictor.x) + block_mvd_bits(v.y - predictor.y);
        return static_cast<int64_t>((sqrt_lambda_q8 * bits + 128) >> 8);
    };
    std::vector<Mv> out = in;
    const int64_t split = (sqrt_lambda_q8 * 3 * 4 + 128) >> 8;
    for (int by = 0; (by + side) * 16 <= size.height; by += side) {
        for (int bx = 0; (bx + side) * 16 <= size.width; bx += side) {
            const int half = side / 2;
            Mv candidates[4];
            bool quarters_one = true;
            for (int k = 0; k < 4; k++) {
                const int qx = bx + (k & 1) * half, qy = by + (k >> 1) * half;
                candidates[k] = at(qx, qy);
                for (int j = 0; j < half * half; j++) quarters_one = quarters_one && at(qx + j % half, qy + j / half) == candidates[k];
            }
            if (!quarters_one) continue;
            int64_t best = split;
            for (int k = 0; k < 4; k++) {
                const int qx = bx + (k & 1) * half, qy = by + (k >> 1) * half;
                best += side == 2 ? satd(qx, qy, candidates[k]) + rate(qx, qy, 1, candidates[k])
                                  : area_costs[static_cast<size_t>((qy / 2) * area_columns + qx / 2)];
            }
            int choice = -1;
            for (int k = 0; k < 4; k++) {
                bool repeated = false;
                for (int j = 0; j < k; j++) repeated = repeated || candidates[j] == candidates[k];
                if (repeated) continue;
                int64_t cost = rate(bx, by, side, candidates[k]);
                for (int b = 0; b < side * side; b++) cost += satd(bx + b % side, by + b / side, candidates[k]);
                if (cost < best) {
                    best = cost;
                    choice = k;
                }
            }
            if (choice >= 0) {
                united++;
                for (int b = 0; b < side * side; b++) out[static_cast<size_t>((by + b / side) * columns + bx + b % side)] = candidates[choice];
            }
            if (side == 2) area_costs[static_cast<size_t>((by / 2) * area_columns + bx / 2)] = best;
        }
    }
    return out;
}

// The coding-unit sizes by cost after the smoothing: the coding is the plain coding of the
// field the two steps, written out again, leave; where the picture has room, areas take one
// vector and become 32x32 and 64x64 coding units.
TEST_P(InterCodingCpuTest, AreasTakeOneVectorWhereItCostsLessAndTheCodingUsesIt) {
    const FrameSize size = GetParam();
    InterPictures pictures;
    make_pictures(pictures, size);
    auto backend = make_backend(pictures, size, 1);
    ASSERT_NE(backend, nullptr);
    const int columns = block_search_columns(size.width), rows = block_search_rows(size.height);
    int united = 0, large_cus = 0;
    for (uint32_t seed = 0; seed < 4; seed++) {
        const std::vector<Mv> vectors = smoothing_test_vectors(size, seed);
        InterCodingParameters parameters = smoothing_test_parameters(seed);
        parameters.area_decisions = true;
        InterCodingView coded;
        ASSERT_TRUE(backend->code_inter_picture(0, pictures.source, 1, vectors, parameters, coded));
        std::vector<Mv> expected = expected_smoothed_field(pictures, size, vectors, parameters.sqrt_lambda_q8);
        std::vector<int64_t> area_costs(static_cast<size_t>((columns + 1) / 2 * ((rows + 1) / 2)), 0);
        expected = expected_area_step(pictures, size, expected, parameters.sqrt_lambda_q8, 2, area_costs, united);
        expected = expected_area_step(pictures, size, expected, parameters.sqrt_lambda_q8, 4, area_costs, united);
        int cu_counts[3] = {0, 0, 0};
        expect_coded_as_the_scalar_code(coded, pictures, size, expected, parameters, cu_counts);
        if (HasFatalFailure()) return;
        large_cus += cu_counts[2];
    }
    if (size.width >= 64 && size.height >= 64) {
        EXPECT_GT(united, 0);
        EXPECT_GT(large_cus, 0);
    }
}

// The 16x16 SATD of the split decisions written out as a matrix product: the Sylvester Hadamard
// matrix H (16 x 16, entries +-1) times the differences times H, the absolute values summed,
// (sum + 4) >> 3.
int64_t expected_satd_16x16(const std::array<int, 256>& differences) {
    const auto h = [](int i, int j) { return std::popcount(static_cast<unsigned>(i & j)) % 2 == 0 ? 1 : -1; };
    int64_t sum = 0;
    for (int u = 0; u < 16; u++) {
        for (int v = 0; v < 16; v++) {
            int64_t c = 0;
            for (int y = 0; y < 16; y++)
                for (int x = 0; x < 16; x++) c += h(u, y) * differences[static_cast<size_t>(y * 16 + x)] * h(x, v);
            sum += c < 0 ? -c : c;
        }
    }
    return (sum + 4) >> 3;
}

// block_satd_16x16 (the four 8x8 tiles' Hadamard coefficients and one more butterfly stage) equals
// the 16-point Hadamard transform's, on random blocks and on the extremes.
TEST(InterCodingSteps, SixteenBySixteenSatdIsTheHadamardTransformsSum) {
    std::mt19937 random(5);
    for (int round = 0; round < 40; round++) {
        std::array<uint8_t, 256> source, prediction;
        std::array<int, 256> differences;
        for (size_t i = 0; i < 256; i++) {
            source[i] = static_cast<uint8_t>(round == 0 ? 255 : round == 1 ? 0 : random() % 256);
            prediction[i] = static_cast<uint8_t>(round == 0 ? 0 : round == 1 ? 255 : random() % (1 + round * 6));
            differences[i] = source[i] - prediction[i];
        }
        EXPECT_EQ(block_satd_16x16(source.data(), prediction.data()), expected_satd_16x16(differences)) << round;
    }
}

// The 8x8 CUs inside the picture (accel/cu_split_steps.h) written out again with the scalar
// interpolation on the padded reference: every 16x16 block inside the picture whose 32x32 area is
// not one CU (not inside, or its four vectors not equal) compares its cost as one CU (its 16x16
// SATD with its own vector, expected_satd_16x16, plus 1 bit where the vector equals the left
// block's or the above one's, else 2 plus the difference's bits against the left's, else the
// above's) with four 8x8 CUs' (each quarter in z-order the cheapest of the smoothing's nine
// candidates and the four diagonal neighbours' vectors by its tile's SATD and its bits, the
// quarters before it its left and above neighbours inside the block, plus 3 x 8 bits); it splits
// where that is less and the quarters chose more than one vector. Returns the unit field: the
// quarters' vectors where a block splits, else its own; `splits` counts them.
std::vector<Mv> expected_unit_field(const InterPictures& pictures, FrameSize size, const std::vector<Mv>& field,
                                    int sqrt_lambda_q8, int& splits) {
    const int columns = block_search_columns(size.width), rows = block_search_rows(size.height);
    const int unit_columns = size.width / 8, unit_rows = size.height / 8;
    const auto at = [&](int bx, int by) { return field[static_cast<size_t>(by * columns + bx)]; };
    const auto rate = [&](Mv v, bool has_a1, Mv a1, bool has_b1, Mv b1) {
        const bool shared = (has_a1 && a1 == v) || (has_b1 && b1 == v);
        const Mv predictor = has_a1 ? a1 : has_b1 ? b1 : v;
        const int bits = shared ? 1 : 2 + block_mvd_bits(v.x - predictor.x) + block_mvd_bits(v.y - predictor.y);
        return static_cast<int64_t>((sqrt_lambda_q8 * bits + 128) >> 8);
    };
    std::vector<Mv> units(static_cast<size_t>(unit_columns * unit_rows));
    for (int by = 0; by < rows; by++) {
        for (int bx = 0; bx < columns; bx++) {
            const Mv own = at(bx, by);
            Mv chosen[4] = {own, own, own, own};
            const int ax = bx / 2 * 2, ay = by / 2 * 2;
            const bool one_area = (ax + 2) * 16 <= size.width && (ay + 2) * 16 <= size.height &&
                                  at(ax, ay) == at(ax + 1, ay) && at(ax, ay) == at(ax, ay + 1) &&
                                  at(ax, ay) == at(ax + 1, ay + 1);
            if ((bx + 1) * 16 <= size.width && (by + 1) * 16 <= size.height && !one_area) {
                const auto quarter = [&](int dx, int dy) {
                    return Mv{static_cast<int16_t>(own.x + dx), static_cast<int16_t>(own.y + dy)};
                };
                const auto diagonal = [&](int dx, int dy) {
                    const int x = bx + dx, y = by + dy;
                    return x >= 0 && x < columns && y >= 0 && y < rows ? at(x, y) : own;
                };
                const Mv candidates[13] = {own,
                                           bx > 0 ? at(bx - 1, by) : own,
                                           by > 0 ? at(bx, by - 1) : own,
                                           bx + 1 < columns ? at(bx + 1, by) : own,
                                           by + 1 < rows ? at(bx, by + 1) : own,
                                           quarter(-1, 0),
                                           quarter(1, 0),
                                           quarter(0, -1),
                                           quarter(0, 1),
                                           diagonal(-1, -1),
                                           diagonal(1, -1),
                                           diagonal(-1, 1),
                                           diagonal(1, 1)};
                std::array<std::array<int64_t, 4>, 13> tiles;
                for (int k = 0; k < 13; k++) tiles[static_cast<size_t>(k)] = expected_tile_satds(pictures, bx, by, candidates[k]);
                const Mv left = bx > 0 ? at(bx - 1, by) : Mv{}, above = by > 0 ? at(bx, by - 1) : Mv{};
                int64_t whole = rate(own, bx > 0, left, by > 0, above);
                {
                    std::array<uint8_t, 256> prediction;
                    interpolate_luma_uni_scalar(pictures.reference.planes[0].at(bx * 16 + (own.x >> 2), by * 16 + (own.y >> 2)),
                                                pictures.reference.planes[0].stride(), 16, 16, own.x & 3, own.y & 3,
                                                prediction.data(), 16);
                    std::array<int, 256> differences;
                    for (int y = 0; y < 16; y++) {
                        for (int x = 0; x < 16; x++) {
                            differences[static_cast<size_t>(y * 16 + x)] =
                                *pictures.source.planes[0].at(bx * 16 + x, by * 16 + y) - prediction[static_cast<size_t>(y * 16 + x)];
                        }
                    }
                    whole += expected_satd_16x16(differences);
                }
                int64_t split = (sqrt_lambda_q8 * 3 * 8 + 128) >> 8;
                Mv pick[4];
                for (int q = 0; q < 4; q++) {
                    const bool has_a1 = (q & 1) != 0 || bx > 0, has_b1 = q >= 2 || by > 0;
                    const Mv a1 = (q & 1) != 0 ? pick[q - 1] : left, b1 = q >= 2 ? pick[q - 2] : above;
                    int64_t best = -1;
                    for (int k = 0; k < 13; k++) {
                        const int64_t cost = tiles[static_cast<size_t>(k)][static_cast<size_t>(q)] +
                                             rate(candidates[k], has_a1, a1, has_b1, b1);
                        if (best < 0 || cost < best) {
                            best = cost;
                            pick[q] = candidates[k];
                        }
                    }
                    split += best;
                }
                const bool one_vector = pick[0] == pick[1] && pick[0] == pick[2] && pick[0] == pick[3];
                if (split < whole && !one_vector) {
                    std::copy_n(pick, 4, chosen);
                    splits++;
                }
            }
            for (int q = 0; q < 4; q++) {
                const int ux = 2 * bx + (q & 1), uy = 2 * by + (q >> 1);
                if (ux < unit_columns && uy < unit_rows) units[static_cast<size_t>(uy * unit_columns + ux)] = chosen[q];
            }
        }
    }
    return units;
}

// The 8x8 CUs inside the picture after the area decisions: the coding is the plain coding of the
// area decisions' field with the unit field written out again; where the picture has room, some
// blocks split, and the coding makes 8x8 CUs of them.
TEST_P(InterCodingCpuTest, BlocksSplitIntoEightByEightCusWhereThatCostsLess) {
    const FrameSize size = GetParam();
    InterPictures pictures;
    make_pictures(pictures, size);
    auto backend = make_backend(pictures, size, 1);
    ASSERT_NE(backend, nullptr);
    const int columns = block_search_columns(size.width), rows = block_search_rows(size.height);
    int splits = 0, inner_eights = 0;
    for (uint32_t seed = 0; seed < 4; seed++) {
        const std::vector<Mv> vectors = smoothing_test_vectors(size, seed);
        InterCodingParameters parameters = smoothing_test_parameters(seed);
        parameters.area_decisions = seed != 2;  // also on the smoothed field as it is
        parameters.split_decisions = true;
        InterCodingView coded;
        ASSERT_TRUE(backend->code_inter_picture(0, pictures.source, 1, vectors, parameters, coded));
        std::vector<Mv> field = expected_smoothed_field(pictures, size, vectors, parameters.sqrt_lambda_q8);
        if (parameters.area_decisions) {
            std::vector<int64_t> area_costs(static_cast<size_t>((columns + 1) / 2 * ((rows + 1) / 2)), 0);
            int united = 0;
            field = expected_area_step(pictures, size, field, parameters.sqrt_lambda_q8, 2, area_costs, united);
            field = expected_area_step(pictures, size, field, parameters.sqrt_lambda_q8, 4, area_costs, united);
        }
        const std::vector<Mv> units = expected_unit_field(pictures, size, field, parameters.sqrt_lambda_q8, splits);
        int cu_counts[3] = {0, 0, 0};
        expect_coded_as_the_scalar_code(coded, pictures, size, field, parameters, cu_counts, nullptr, nullptr, &units);
        if (HasFatalFailure()) return;
        for (int uy = 0; uy < size.height / 16 * 2; uy++) {
            for (int ux = 0; ux < size.width / 16 * 2; ux++) {
                inner_eights += coded.units[static_cast<size_t>(uy * coded.unit_columns + ux)].cu_log2 == 3;
            }
        }
    }
    if (size.width >= 32 && size.height >= 32) {
        EXPECT_GT(splits, 0);
        EXPECT_GT(inner_eights, 0);
    }
}

// A coded picture's units, levels and reconstruction, copied out of the backend's buffers.
struct CodedCopy {
    std::vector<InterCodedUnit> units;
    std::vector<int16_t> levels[3];
    std::vector<uint8_t> reconstruction[3];
    ptrdiff_t stride[3] = {0, 0, 0};
    int columns = 0, rows = 0;
};

CodedCopy copy_coded(const InterCodingView& coded, FrameSize size) {
    CodedCopy copy;
    copy.columns = coded.unit_columns;
    copy.rows = coded.unit_rows;
    copy.units.assign(coded.units, coded.units + static_cast<size_t>(copy.columns) * copy.rows);
    for (int c = 0; c < 3; c++) {
        const size_t samples = static_cast<size_t>(coded.stride[c]) * static_cast<size_t>(c == 0 ? size.height : size.height / 2);
        copy.levels[c].assign(coded.levels[c], coded.levels[c] + samples);
        copy.reconstruction[c].assign(coded.reconstruction[c], coded.reconstruction[c] + samples);
        copy.stride[c] = coded.stride[c];
    }
    return copy;
}

// The skip decisions (accel/skip_decision_steps.h) written out again on a coding without them:
// every CU whose vector neither its A1 nor its B1 unit has compares its cost as coded (squared
// errors x 65536, lambda x 410 x (the levels' bits + 2 log2 + 2) per coded block at the
// component's lambda, lambda x 410 x (2 + the vector difference's bits against A1, else B1))
// with each candidate's as a skipped CU (its prediction's squared errors x 65536 + lambda x 410 x
// 2); then every CU that chose a candidate takes it where the candidate's CU chose nothing and no
// CU merges with one of its own units as it is. `merges` is how many of A1 and B1 the lists hold.
CodedCopy expected_skips(const CodedCopy& in, const InterPictures& pictures, const InterCodingParameters& parameters,
                         int merges, int& taken) {
    CodedCopy out = in;
    const int columns = in.columns;
    const auto unit = [&](int x, int y) -> const InterCodedUnit& { return in.units[static_cast<size_t>(y * columns + x)]; };
    const auto bits_of = [](Mv d) { return block_mvd_bits(d.x) + block_mvd_bits(d.y); };
    const auto prediction_error = [&](int x, int y, int n, Mv v, int c) {
        const int m = c == 0 ? n : n / 2, x0 = c == 0 ? x : x / 2, y0 = c == 0 ? y : y / 2;
        std::array<uint8_t, 32 * 32> prediction;
        const Plane& reference = pictures.reference.planes[c];
        if (c == 0) {
            interpolate_luma_uni_scalar(reference.at(x0 + (v.x >> 2), y0 + (v.y >> 2)), reference.stride(), m, m, v.x & 3,
                                        v.y & 3, prediction.data(), 32);
        } else {
            interpolate_chroma_uni_scalar(reference.at(x0 + (v.x >> 3), y0 + (v.y >> 3)), reference.stride(), m, m,
                                          v.x & 7, v.y & 7, prediction.data(), 32);
        }
        int64_t sse = 0;
        for (int j = 0; j < m; j++) {
            for (int i = 0; i < m; i++) {
                const int e = *pictures.source.planes[c].at(x0 + i, y0 + j) - prediction[static_cast<size_t>(j * 32 + i)];
                sse += e * e;
            }
        }
        return std::pair{sse, prediction};
    };
    std::vector<int> choice(in.units.size(), 0), source(in.units.size(), -1);
    std::vector<bool> leaned(in.units.size(), false);
    std::vector<Mv> chosen(in.units.size());
    const int64_t lambda = parameters.lambda_q8;
    for (int uy = 0; uy < in.rows; uy++) {
        for (int ux = 0; ux < columns; ux++) {
            const InterCodedUnit& u = unit(ux, uy);
            const int span = 1 << (u.cu_log2 - 3);
            if ((ux % span) != 0 || (uy % span) != 0) continue;
            const bool has_a1 = ux > 0, has_b1 = uy > 0;
            const int a1 = (uy + span - 1) * columns + ux - 1, b1 = (uy - 1) * columns + ux + span - 1;
            if (has_a1 && in.units[static_cast<size_t>(a1)].mv == u.mv) {
                leaned[static_cast<size_t>(a1)] = true;
                continue;
            }
            if (has_b1 && in.units[static_cast<size_t>(b1)].mv == u.mv) {
                leaned[static_cast<size_t>(b1)] = true;
                continue;
            }
            const Mv a1_mv = has_a1 ? in.units[static_cast<size_t>(a1)].mv : Mv{};
            const Mv b1_mv = has_b1 ? in.units[static_cast<size_t>(b1)].mv : Mv{};
            const Mv predictor = has_a1 ? a1_mv : has_b1 ? b1_mv : u.mv;
            const int n = 1 << u.cu_log2;
            int64_t coded = lambda * 410 * (2 + bits_of(Mv{static_cast<int16_t>(u.mv.x - predictor.x),
                                                            static_cast<int16_t>(u.mv.y - predictor.y)}));
            for (int c = 0; c < 3; c++) {
                const int m = c == 0 ? n : n / 2, x0 = c == 0 ? ux * 8 : ux * 4, y0 = c == 0 ? uy * 8 : uy * 4;
                int64_t sse = 0, bits = 0;
                for (int j = 0; j < m; j++) {
                    for (int i = 0; i < m; i++) {
                        const size_t at = static_cast<size_t>((y0 + j) * in.stride[c] + x0 + i);
                        const int e = *pictures.source.planes[c].at(x0 + i, y0 + j) - in.reconstruction[c][at];
                        sse += e * e;
                        const int magnitude = std::abs(in.levels[c][at]);
                        if (magnitude != 0) bits += 4 + 2 * (std::bit_width(static_cast<unsigned>(magnitude)) - 1);
                    }
                }
                const int log2 = c == 0 ? u.cu_log2 : u.cu_log2 - 1;
                coded += sse * 65536 + (((u.cbf >> c) & 1) ? (c == 0 ? lambda : lambda / 2) * 410 * (bits + 2 * log2 + 2) : 0);
            }
            std::vector<std::pair<Mv, int>> candidates;
            if (has_a1) candidates.push_back({a1_mv, a1});
            if (has_b1 && (!has_a1 || (merges >= 2 && !(b1_mv == a1_mv)))) candidates.push_back({b1_mv, b1});
            int64_t best = coded;
            for (const auto& [v, at] : candidates) {
                int64_t cost = lambda * 410 * 2;
                for (int c = 0; c < 3; c++) cost += prediction_error(ux * 8, uy * 8, n, v, c).first * 65536;
                if (cost < best) {
                    best = cost;
                    choice[static_cast<size_t>(uy * columns + ux)] = 1;
                    source[static_cast<size_t>(uy * columns + ux)] = at;
                    chosen[static_cast<size_t>(uy * columns + ux)] = v;
                }
            }
        }
    }
    // A CU's choice is its top-left unit's; a source's is that of the CU holding it.
    const auto cu_choice = [&](int index) {
        const int x = index % columns, y = index / columns;
        const int span = 1 << (in.units[static_cast<size_t>(index)].cu_log2 - 3);
        return choice[static_cast<size_t>((y / span * span) * columns + x / span * span)];
    };
    for (int uy = 0; uy < in.rows; uy++) {
        for (int ux = 0; ux < columns; ux++) {
            const size_t index = static_cast<size_t>(uy * columns + ux);
            const InterCodedUnit& u = in.units[index];
            const int span = 1 << (u.cu_log2 - 3);
            if ((ux % span) != 0 || (uy % span) != 0 || choice[index] == 0 || cu_choice(source[index]) != 0) continue;
            bool any_leaned = false;
            for (int j = 0; j < span; j++)
                for (int i = 0; i < span; i++) any_leaned = any_leaned || leaned[static_cast<size_t>((uy + j) * columns + ux + i)];
            if (any_leaned) continue;
            taken++;
            for (int j = 0; j < span; j++) {
                for (int i = 0; i < span; i++) {
                    InterCodedUnit& w = out.units[static_cast<size_t>((uy + j) * columns + ux + i)];
                    w.mv = chosen[index];
                    w.cbf = 0;
                }
            }
            const int n = 1 << u.cu_log2;
            for (int c = 0; c < 3; c++) {
                const auto prediction = prediction_error(ux * 8, uy * 8, n, chosen[index], c).second;
                const int m = c == 0 ? n : n / 2, x0 = c == 0 ? ux * 8 : ux * 4, y0 = c == 0 ? uy * 8 : uy * 4;
                for (int j = 0; j < m; j++)
                    for (int i = 0; i < m; i++)
                        out.reconstruction[c][static_cast<size_t>((y0 + j) * in.stride[c] + x0 + i)] = prediction[static_cast<size_t>(j * 32 + i)];
            }
        }
    }
    return out;
}

// The skip decisions after the coding: the units and the reconstruction are those of the coding
// without them with the rule written out again applied, with two merge candidates and with one;
// where the picture has room some CUs take a neighbour's vector.
TEST_P(InterCodingCpuTest, SkipDecisionsTakeANeighboursVectorWhereThatCostsLess) {
    const FrameSize size = GetParam();
    // A smooth picture that moves one sample left, with a little noise, where a neighbour's
    // vector a quarter or half sample off predicts almost as well: the case the decisions are for.
    InterPictures pictures;
    ASSERT_TRUE(pictures.source.allocate(size.width, size.height, 32));
    ASSERT_TRUE(pictures.reference.allocate(size.width, size.height, kPadding));
    std::mt19937 noise(7);
    for (int c = 0; c < 3; c++) {
        Plane& source = pictures.source.planes[c];
        Plane& reference = pictures.reference.planes[c];
        const auto smooth = [c](int x, int y) {
            return static_cast<uint8_t>(std::lround(120 + 40 * std::sin(0.031 * x + 0.017 * y + c) + 20 * std::cos(0.023 * y)));
        };
        for (int y = 0; y < source.height(); y++) {
            for (int x = 0; x < source.width(); x++) {
                *reference.at(x, y) = smooth(x, y);
                *source.at(x, y) = static_cast<uint8_t>(std::clamp(smooth(x + 1, y) + static_cast<int>(noise() % 5) - 2, 0, 255));
            }
        }
    }
    extend_picture_borders(pictures.reference, kPadding);
    auto backend = make_backend(pictures, size, 1);
    ASSERT_NE(backend, nullptr);
    int taken = 0;
    const int columns = block_search_columns(size.width), rows = block_search_rows(size.height);
    for (uint32_t seed = 0; seed < 4; seed++) {
        // Every block the motion, half of them up to half a sample off; the vectors as given (no
        // smoothing), a lambda up to 4x the usual.
        std::mt19937 random(seed);
        std::vector<Mv> vectors(static_cast<size_t>(columns * rows));
        for (int by = 0; by < rows; by++) {
            for (int bx = 0; bx < columns; bx++) {
                Mv v{4, 0};
                if (random() % 2 == 0) {
                    v.x = static_cast<int16_t>(v.x + static_cast<int>(random() % 5) - 2);
                    v.y = static_cast<int16_t>(v.y + static_cast<int>(random() % 5) - 2);
                }
                vectors[static_cast<size_t>(by * columns + bx)] = v;
            }
        }
        InterCodingParameters parameters{32, 31, int64_t{14800} << (seed % 3), 0};
        parameters.sign_hiding = seed % 2 == 1;
        InterCodingView coded;
        ASSERT_TRUE(backend->code_inter_picture(0, pictures.source, 1, vectors, parameters, coded));
        const CodedCopy without = copy_coded(coded, size);
        for (int merges = 1; merges <= 2; merges++) {
            parameters.skip_candidates = merges;
            ASSERT_TRUE(backend->code_inter_picture(0, pictures.source, 1, vectors, parameters, coded));
            const CodedCopy with = copy_coded(coded, size);
            const CodedCopy expected = expected_skips(without, pictures, parameters, merges, taken);
            for (size_t i = 0; i < expected.units.size(); i++) {
                ASSERT_TRUE(with.units[i].mv == expected.units[i].mv && with.units[i].cbf == expected.units[i].cbf &&
                            with.units[i].cu_log2 == expected.units[i].cu_log2)
                    << "unit " << i << " merges " << merges << " seed " << seed;
            }
            for (int c = 0; c < 3; c++) ASSERT_EQ(with.reconstruction[c], expected.reconstruction[c]) << "component " << c;
        }
    }
    if (size.width >= 32 && size.height >= 32) {
        EXPECT_GT(taken, 0);
    }
}

// Intra CUs (accel/intra_coding_steps.h): where the reference has nothing like the source (its
// lower half), the coding makes 16x16 intra CUs; every one's reconstruction is the project's intra
// prediction (predict/: the references gathered from the coding's final reconstruction with the
// decoder's availability, filtered where the clause says, the unit's mode, chroma's the same),
// plus the inverse transform of its levels where its cbf bit is set. A CU that read a
// neighbour's samples before they were final, or predicted otherwise than a decoder does, fails
// this. Without intra_waves there is none. With intra_unit_waves and the split decisions, 8x8 intra
// CUs (accel/intra_unit_steps.h) too, in the mode's scan.
TEST_P(InterCodingCpuTest, IntraCusWhereTheReferenceHasNothingLikeTheBlock) {
    const FrameSize size = GetParam();
    InterPictures pictures;
    ASSERT_TRUE(pictures.source.allocate(size.width, size.height, 32));
    ASSERT_TRUE(pictures.reference.allocate(size.width, size.height, kPadding));
    for (int c = 0; c < 3; c++) {
        Plane& source = pictures.source.planes[c];
        Plane& reference = pictures.reference.planes[c];
        const auto smooth = [c](int x, int y) {
            return static_cast<int>(std::lround(120 + 40 * std::sin(0.031 * x + 0.017 * y + c)));
        };
        for (int y = 0; y < source.height(); y++) {
            for (int x = 0; x < source.width(); x++) {
                *reference.at(x, y) = static_cast<uint8_t>(smooth(x, y));
                // From the middle (chroma's middle on): stripes and a gradient that the reference
                // does not have.
                const int stripes = ((x + 2 * y) / 6) % 2 == 0 ? 60 : 190;
                const int value = y < (source.height() / 2) / 8 * 8 ? smooth(x + 1, y) : (stripes + 3 * (x % 16) + c * 10) % 256;
                *source.at(x, y) = static_cast<uint8_t>(value);
            }
        }
    }
    extend_picture_borders(pictures.reference, kPadding);
    auto backend = make_backend(pictures, size, 1);
    ASSERT_NE(backend, nullptr);
    const int columns = block_search_columns(size.width), rows = block_search_rows(size.height);
    // Neighbours a sample apart: the areas stay 16x16 CUs (intra CUs are 16x16 CUs).
    std::vector<Mv> vectors(static_cast<size_t>(columns * rows));
    for (int by = 0; by < rows; by++) {
        for (int bx = 0; bx < columns; bx++) vectors[static_cast<size_t>(by * columns + bx)] = Mv{4, static_cast<int16_t>(4 * ((bx + by) % 2))};
    }
    const ZscanAvailability availability(size.width, size.height, kLog2CtuSize,
                                         SliceRows((size.height + kCtuSize - 1) / kCtuSize, 1));
    int intra_cus = 0, intra_8x8_cus = 0;
    for (const int skips : {0, 2, 3}) {
        InterCodingParameters parameters{32, 31, 14800, 1946};
        parameters.sign_hiding = skips > 0;
        parameters.skip_candidates = std::min(skips, 2);
        parameters.split_decisions = skips == 3;
        parameters.intra_unit_waves = skips == 3 ? 8 : 0;
        parameters.intra_waves = 0;
        InterCodingView coded;
        ASSERT_TRUE(backend->code_inter_picture(0, pictures.source, 1, vectors, parameters, coded));
        for (int i = 0; i < coded.unit_columns * coded.unit_rows; i++) ASSERT_EQ(coded.units[i].intra, 0);
        parameters.intra_waves = 8;
        ASSERT_TRUE(backend->code_inter_picture(0, pictures.source, 1, vectors, parameters, coded));
        for (int unit_y = 0; unit_y < coded.unit_rows; unit_y++) {
            for (int unit_x = 0; unit_x < coded.unit_columns; unit_x++) {
                const InterCodedUnit& unit = coded.units[static_cast<size_t>(unit_y) * coded.unit_columns + unit_x];
                if (unit.intra == 0) continue;
                if (unit.cu_log2 == 4 && (unit_x % 2 != 0 || unit_y % 2 != 0)) continue;
                ASSERT_TRUE(unit.cu_log2 == 4 || (unit.cu_log2 == 3 && parameters.intra_unit_waves > 0));
                intra_cus++;
                intra_8x8_cus += unit.cu_log2 == 3;
                const int mode = unit.intra - 1;
                for (int c = 0; c < 3; c++) {
                    const int shift = c == 0 ? 0 : 1, log2_size = unit.cu_log2 - shift, n = 1 << log2_size;
                    const int x0 = (unit_x * 8) >> shift, y0 = (unit_y * 8) >> shift;
                    const uint8_t* reconstruction = coded.reconstruction[c];
                    IntraReferences references, filtered;
                    gather_intra_references(reconstruction, coded.stride[c], size.width >> shift, size.height >> shift,
                                            x0, y0, n, shift, availability, references);
                    const bool filter = c == 0 && intra_filter_applies(log2_size, mode);
                    if (filter) filter_intra_references(references, log2_size, false, filtered);
                    std::array<uint8_t, 256> prediction{};
                    predict_intra(filter ? filtered : references, log2_size, mode, c == 0, prediction.data(), 16);
                    std::array<int16_t, 256> residual{};
                    if ((unit.cbf >> c) & 1) {
                        std::array<int32_t, 256> levels{}, coefficients{};
                        for (int y = 0; y < n; y++) {
                            for (int x = 0; x < n; x++) {
                                levels[static_cast<size_t>(y * n + x)] = coded.levels[c][(y0 + y) * coded.stride[c] + x0 + x];
                            }
                        }
                        dequantize(levels.data(), coefficients.data(), log2_size, c == 0 ? 32 : 31);
                        inverse_transform(log2_size, false, coefficients.data(), residual.data(), 16);
                    }
                    for (int y = 0; y < n; y++) {
                        for (int x = 0; x < n; x++) {
                            const int expected = std::clamp(prediction[static_cast<size_t>(y * 16 + x)] +
                                                                residual[static_cast<size_t>(y * 16 + x)],
                                                            0, 255);
                            ASSERT_EQ(reconstruction[(y0 + y) * coded.stride[c] + x0 + x], expected)
                                << "CU at unit " << unit_x << "," << unit_y << " component " << c << " sample " << x
                                << "," << y << " mode " << mode;
                        }
                    }
                }
            }
        }
    }
    // (In 72x40 the new rows share 32x32 areas with the moved ones, which take one vector.)
    if (size.width >= 64 && size.height >= 64) {
        EXPECT_GT(intra_cus, 0);
        if (size.width >= 128) {
            EXPECT_GT(intra_8x8_cus, 0);  // (64x64: no block splits)
        }
    }
}

INSTANTIATE_TEST_SUITE_P(accel, InterCodingCpuTest, testing::ValuesIn(kCodingSizes),
                         [](const testing::TestParamInfo<FrameSize>& tested) {
                             return std::to_string(tested.param.width) + "x" +
                                    std::to_string(tested.param.height);
                         });

// The CPU backend's launch does the work and its collect only checks the ticket: two launches,
// then their collects, give what two code_inter_picture calls give, the first results still
// readable after the second launch (MotionAccelerator::launch_inter_picture).
TEST(InterCodingCpu, TwoLaunchesBeforeTheirCollectsGiveTheSequentialResults) {
    const FrameSize size{72, 40};
    InterPictures pictures;
    make_pictures(pictures, size);
    auto launched = make_backend(pictures, size, 3);
    auto sequential = make_backend(pictures, size, 3);
    ASSERT_NE(launched, nullptr);
    ASSERT_NE(sequential, nullptr);
    const size_t blocks = static_cast<size_t>(block_search_columns(size.width)) * block_search_rows(size.height);
    std::vector<Mv> vectors(blocks);
    for (size_t i = 0; i < blocks; i++) vectors[i] = Mv{static_cast<int16_t>(i % 7 - 3), static_cast<int16_t>(i % 5)};
    const InterCodingParameters parameters{30, 29, 9000, 2400};
    InterCodingView first, next, first_expected, next_expected;
    int first_ticket = -1, next_ticket = -1;
    ASSERT_TRUE(launched->launch_inter_picture(0, pictures.source, 3, vectors, parameters, first, first_ticket));
    ASSERT_TRUE(launched->keep_reconstruction(5));
    ASSERT_TRUE(launched->launch_inter_picture(0, pictures.source, 5, vectors, parameters, next, next_ticket));
    EXPECT_NE(first_ticket, next_ticket);
    EXPECT_TRUE(launched->collect_inter_picture(first_ticket));
    EXPECT_TRUE(launched->collect_inter_picture(next_ticket));
    EXPECT_FALSE(launched->collect_inter_picture(2));
    ASSERT_TRUE(sequential->code_inter_picture(0, pictures.source, 3, vectors, parameters, first_expected));
    ASSERT_TRUE(sequential->keep_reconstruction(5));
    ASSERT_TRUE(sequential->code_inter_picture(0, pictures.source, 5, vectors, parameters, next_expected));
    for (const auto& [got, expected] : {std::pair{&first, &first_expected}, std::pair{&next, &next_expected}}) {
        const int units = expected->unit_columns * expected->unit_rows;
        ASSERT_EQ(got->unit_columns * got->unit_rows, units);
        for (int i = 0; i < units; i++) {
            EXPECT_EQ(got->units[i].mv, expected->units[i].mv) << i;
            EXPECT_EQ(got->units[i].cu_log2, expected->units[i].cu_log2) << i;
            EXPECT_EQ(got->units[i].cbf, expected->units[i].cbf) << i;
        }
        for (int c = 0; c < 3; c++) {
            const int width = c == 0 ? size.width : size.width / 2, height = c == 0 ? size.height : size.height / 2;
            for (int y = 0; y < height; y++) {
                ASSERT_TRUE(std::equal(got->reconstruction[c] + y * got->stride[c],
                                       got->reconstruction[c] + y * got->stride[c] + width,
                                       expected->reconstruction[c] + y * expected->stride[c]))
                    << "component " << c << " row " << y;
            }
        }
    }
}

TEST(InterCodingCpu, RefusesCodedSizesThatAreNotMultiplesOfEight) {
    auto backend = CpuMotionAccelerator::create(70, 40, 1);
    ASSERT_NE(backend, nullptr);
    Picture picture;
    ASSERT_TRUE(picture.allocate(70, 40, 16));
    ASSERT_TRUE(backend->upload_frame(0, picture.planes[0]));
    ASSERT_TRUE(backend->build_pyramid(0));
    ASSERT_TRUE(backend->upload_reconstruction(0, picture));
    std::vector<Mv> vectors(static_cast<size_t>(block_search_columns(70)) * block_search_rows(40));
    InterCodingView coded;
    EXPECT_FALSE(
        backend->code_inter_picture(0, picture, 0, vectors, InterCodingParameters{}, coded));
}

// The encoder's entry: the pyramid's slot found as motion_field finds it, also while a
// speculative search is pending, which then still hands over its vectors.
TEST(InterCodingCpu, AcceleratedMotionCodesWhileASpeculativeSearchIsPending) {
    const FrameSize size{200, 120};
    InterPictures pictures;
    make_pictures(pictures, size);
    Picture next;
    ASSERT_TRUE(next.allocate(size.width, size.height, 32));
    accel_test::fill_moving_picture(next, 2, 21);
    PixelKernels kernels{};
    init_scalar_pixel_kernels(kernels);
    Pyramid source_pyramid, next_pyramid;
    ASSERT_TRUE(source_pyramid.allocate(size.width, size.height));
    ASSERT_TRUE(next_pyramid.allocate(size.width, size.height));
    source_pyramid.build(pictures.source.planes[0], kernels);
    next_pyramid.build(next.planes[0], kernels);

    auto motion =
        AcceleratedMotion::create(AccelerationRequest{true, 0, true}, size.width, size.height, 2);
    ASSERT_NE(motion, nullptr);
    const BlockSearchParameters search{400, 64};
    motion->speculate(64, search);
    ASSERT_TRUE(motion->register_host_picture(pictures.reference) || !motion->on_gpu());
    ASSERT_TRUE(motion->upload_reconstruction(5, pictures.reference));
    const std::vector<Mv> vectors =
        accel_test::random_block_vectors(size.width, size.height, 64, 64, 0.5, 7);
    const InterCodingParameters parameters{27, 28};
    InterCodingView coded;
    EXPECT_FALSE(
        motion->code_inter_picture(source_pyramid, pictures.source, 5, vectors, parameters, coded));
    ASSERT_TRUE(motion->frame_arrived(pictures.source.planes[0], source_pyramid));
    ASSERT_TRUE(motion->frame_arrived(next.planes[0], next_pyramid));  // launches next -> source
    ASSERT_TRUE(
        motion->code_inter_picture(source_pyramid, pictures.source, 5, vectors, parameters, coded));
    int cu_counts[3] = {0, 0, 0};
    expect_coded_as_the_scalar_code(coded, pictures, size, vectors, parameters, cu_counts);

    const size_t ctus = static_cast<size_t>((size.width + 63) / 64) * ((size.height + 63) / 64);
    const size_t blocks =
        static_cast<size_t>(block_search_columns(size.width)) * block_search_rows(size.height);
    std::vector<Mv> coarse(ctus), block_vectors(blocks);
    ASSERT_TRUE(
        motion->motion_field(next_pyramid, source_pyramid, 64, search, coarse, block_vectors));
    EXPECT_EQ(motion->speculative_hits(), 1);
}

}  // namespace
}  // namespace tc
