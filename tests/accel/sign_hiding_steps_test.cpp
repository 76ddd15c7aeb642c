// The sign data hiding steps of the accelerated coding (accel/sign_hiding_steps.h), a
// sub-block at a time as the CUDA kernel runs them, equal the CPU path's apply_sign_data_hiding
// (the CPU mirror's) on random inter blocks of every size, and their scan positions and
// rounding errors equal common/scan_order.h's tables and quantize()'s.
#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "accel/inter_coding_steps.h"
#include "accel/sign_hiding_steps.h"
#include "common/scan_order.h"
#include "transform/quantize.h"
#include "transform/sign_data_hiding.h"

namespace tc {
namespace {

TEST(SignHidingSteps, DiagonalScanPositionsEqualTheTables) {
    for (int log2_size = 2; log2_size <= 5; log2_size++) {
        const CoefficientScan& scan = coefficient_scan(log2_size, kScanDiagonal);
        const int sub_blocks = 1 << (2 * (log2_size - 2));
        for (int i = 0; i < sub_blocks; i++) {
            EXPECT_EQ(diagonal_scan_position(scan.sub_x[i], scan.sub_y[i], 1 << (log2_size - 2)), i);
        }
    }
    const CoefficientScan& scan = coefficient_scan(2, kScanDiagonal);
    for (int n = 0; n < kSubBlockLevels; n++) EXPECT_EQ(diagonal_scan_position(scan.x[n], scan.y[n], 4), n);
}

// The steps over a whole block as the kernel applies them: every sub-block on its own, told
// whether it is the block's last coded one.
void hide_signs_by_sub_block(std::vector<int32_t>& levels, const std::vector<int32_t>& coefficients, int log2_size,
                             int qp) {
    const int size = 1 << log2_size, side = size / 4;
    int last = -1;
    for (int cy = 0; cy < side; cy++) {
        for (int cx = 0; cx < side; cx++) {
            bool coded = false;
            for (int j = 0; j < 16; j++) coded = coded || levels[(cy * 4 + j / 4) * size + cx * 4 + j % 4] != 0;
            if (coded) last = std::max(last, diagonal_scan_position(cx, cy, side));
        }
    }
    for (int cy = 0; cy < side; cy++) {
        for (int cx = 0; cx < side; cx++) {
            int32_t level[kSubBlockLevels], coefficient[kSubBlockLevels], error[kSubBlockLevels];
            int offset[kSubBlockLevels];
            for (int y = 0; y < 4; y++) {
                for (int x = 0; x < 4; x++) {
                    const int n = diagonal_scan_position(x, y, 4);
                    offset[n] = (cy * 4 + y) * size + cx * 4 + x;
                    level[n] = levels[static_cast<size_t>(offset[n])];
                    coefficient[n] = coefficients[static_cast<size_t>(offset[n])];
                    error[n] = inter_rounding_error(coefficient[n], log2_size, qp, quant_scale(qp % 6));
                }
            }
            const int changed =
                hide_sign_in_sub_block(level, coefficient, error, diagonal_scan_position(cx, cy, side) == last);
            if (changed >= 0) levels[static_cast<size_t>(offset[changed])] = level[changed];
        }
    }
}

TEST(SignHidingSteps, EqualTheCpuPathOnRandomInterBlocks) {
    std::mt19937 random(2026);
    int changed_blocks = 0;
    for (int trial = 0; trial < 4000; trial++) {
        const int log2_size = 2 + trial % 4;
        const int qp = static_cast<int>(random() % 52);
        const int count = 1 << (2 * log2_size);
        // Sparse coefficients of a few magnitudes around the quantiser's steps, some at the
        // 16-bit limit, so that every kind of change occurs.
        std::vector<int32_t> coefficients(static_cast<size_t>(count));
        const int density = 1 + static_cast<int>(random() % 8);
        const int32_t range = trial % 50 == 0 ? 1 << 30 : 64 << (qp / 6);
        for (int32_t& c : coefficients) {
            c = static_cast<int>(random() % 8) < density
                    ? static_cast<int32_t>(random() % (2 * static_cast<uint32_t>(range) + 1)) - range
                    : 0;
        }
        std::vector<int32_t> levels(static_cast<size_t>(count)), errors(static_cast<size_t>(count));
        quantize(coefficients.data(), levels.data(), errors.data(), log2_size, qp, false);
        for (int i = 0; i < count; i++) {
            ASSERT_EQ(errors[static_cast<size_t>(i)],
                      inter_rounding_error(coefficients[static_cast<size_t>(i)], log2_size, qp, quant_scale(qp % 6)));
        }
        std::vector<int32_t> expected = levels;
        apply_sign_data_hiding(expected.data(), coefficients.data(), errors.data(), log2_size, kScanDiagonal);
        std::vector<int32_t> by_sub_block = levels;
        hide_signs_by_sub_block(by_sub_block, coefficients, log2_size, qp);
        ASSERT_EQ(by_sub_block, expected) << "trial " << trial << ", " << (1 << log2_size) << "x" << (1 << log2_size)
                                          << ", QP " << qp;
        changed_blocks += expected != levels;
    }
    EXPECT_GT(changed_blocks, 1000);  // the parity was wrong, and mended, in many blocks
}

}  // namespace
}  // namespace tc
