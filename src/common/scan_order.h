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

// Position i of the given scan over a block of side 1 << log2_size (0..3).
inline ScanPosition scan_position(int log2_size, int scan_idx, int i) {
    switch (log2_size) {
        case 0: return ScanTable<0>::kScans[scan_idx][i];
        case 1: return ScanTable<1>::kScans[scan_idx][i];
        case 2: return ScanTable<2>::kScans[scan_idx][i];
        default: return ScanTable<3>::kScans[scan_idx][i];
    }
}

}  // namespace tc
