// Coefficient scan orders of H.265 6.5.3 (up-right diagonal), 6.5.4 (horizontal)
// and 6.5.5 (vertical), built at compile time.
#pragma once
#include <array>
#include <cstdint>

namespace tc {

enum ScanIdx : int { kScanDiagonal = 0, kScanHorizontal = 1, kScanVertical = 2 };

struct ScanPosition {
    uint8_t x, y;
};

// A scan of a square block of side 1 << log2_size (log2_size 0..3; up to 8x8 positions,
// used both for the 4x4 coefficients of a sub-block and for the sub-block grid).
template <int Log2Size>
using Scan = std::array<ScanPosition, (1 << (2 * Log2Size))>;

template <int Log2Size>
constexpr Scan<Log2Size> make_scan(int scan_idx) {
    constexpr int size = 1 << Log2Size;
    Scan<Log2Size> scan{};
    int i = 0;
    if (scan_idx == kScanDiagonal) {
        // 6.5.3: walk anti-diagonals from bottom-left to top-right.
        int x = 0, y = 0;
        bool done = false;
        while (!done) {
            while (y >= 0) {
                if (x < size && y < size) {
                    scan[i++] = {static_cast<uint8_t>(x), static_cast<uint8_t>(y)};
                }
                y--;
                x++;
            }
            y = x;
            x = 0;
            done = i >= size * size;
        }
    } else {
        for (int a = 0; a < size; a++) {
            for (int b = 0; b < size; b++) {
                scan[i++] = scan_idx == kScanHorizontal
                                ? ScanPosition{static_cast<uint8_t>(b), static_cast<uint8_t>(a)}
                                : ScanPosition{static_cast<uint8_t>(a), static_cast<uint8_t>(b)};
            }
        }
    }
    return scan;
}

template <int Log2Size>
struct ScanTable {
    static constexpr std::array<Scan<Log2Size>, 3> kScans = {
        make_scan<Log2Size>(kScanDiagonal), make_scan<Log2Size>(kScanHorizontal),
        make_scan<Log2Size>(kScanVertical)};
};

// The scan of a whole transform block of side 1 << log2_size (2..5) as raster offsets
// (y * size + x): sub-block i of the sub-block scan starts at sub_block[i], and scan position
// n inside a sub-block lies in_sub_block[n] further on.
struct CoefficientScan {
    std::array<uint16_t, 64> sub_block{};
    std::array<uint8_t, 64> sub_x{}, sub_y{};  // the sub-block's column and row
    std::array<uint16_t, 16> in_sub_block{};
    std::array<uint8_t, 16> x{}, y{};  // position n's column and row inside its sub-block
};

template <int Log2Size>
constexpr CoefficientScan make_coefficient_scan(int scan_idx) {
    constexpr int size = 1 << Log2Size;
    CoefficientScan scan{};
    for (int i = 0; i < (1 << (2 * (Log2Size - 2))); i++) {
        const ScanPosition sub = ScanTable<Log2Size - 2>::kScans[scan_idx][i];
        scan.sub_x[i] = sub.x;
        scan.sub_y[i] = sub.y;
        scan.sub_block[i] = static_cast<uint16_t>((sub.y * 4) * size + sub.x * 4);
    }
    for (int n = 0; n < 16; n++) {
        const ScanPosition p = ScanTable<2>::kScans[scan_idx][n];
        scan.x[n] = p.x;
        scan.y[n] = p.y;
        scan.in_sub_block[n] = static_cast<uint16_t>(p.y * size + p.x);
    }
    return scan;
}

inline constexpr CoefficientScan kCoefficientScans[4][3] = {
    {make_coefficient_scan<2>(0), make_coefficient_scan<2>(1), make_coefficient_scan<2>(2)},
    {make_coefficient_scan<3>(0), make_coefficient_scan<3>(1), make_coefficient_scan<3>(2)},
    {make_coefficient_scan<4>(0), make_coefficient_scan<4>(1), make_coefficient_scan<4>(2)},
    {make_coefficient_scan<5>(0), make_coefficient_scan<5>(1), make_coefficient_scan<5>(2)},
};

inline const CoefficientScan& coefficient_scan(int log2_size, int scan_idx) {
    return kCoefficientScans[log2_size - 2][scan_idx];
}

}  // namespace tc
