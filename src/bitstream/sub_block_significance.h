// Which levels of a 4x4 sub-block are non-zero, as a mask in scan order (bit n: the position
// the scan visits at n), for the residual coding's sig_coeff_flags. From the sub-block's four
// rows read as 64-bit words instead of sixteen loads in scan order.
#pragma once
#include <bit>
#include <cstdint>
#include <cstring>

#include "common/scan_order.h"

namespace tc {

static_assert(std::endian::native == std::endian::little, "four int16 levels a 64-bit word, the first lowest");

// A sub-block's significance in raster order (bit 4 * y + x) to scan order (bit n for the
// position the scan visits at n), a byte of the raster mask at a time: [scan_idx][byte][value].
struct RasterToScan {
    uint16_t bits[3][2][256];
};

constexpr RasterToScan make_raster_to_scan() {
    RasterToScan table{};
    for (int scan_idx = 0; scan_idx < 3; scan_idx++) {
        const CoefficientScan& scan = kCoefficientScans[0][scan_idx];
        for (int byte = 0; byte < 2; byte++) {
            for (int value = 0; value < 256; value++) {
                uint32_t mask = 0;
                for (int n = 0; n < 16; n++) {
                    const int raster = 4 * scan.y[n] + scan.x[n] - 8 * byte;
                    if (raster >= 0 && raster < 8 && ((value >> raster) & 1) != 0) mask |= 1u << n;
                }
                table.bits[scan_idx][byte][value] = static_cast<uint16_t>(mask);
            }
        }
    }
    return table;
}

inline constexpr RasterToScan kRasterToScan = make_raster_to_scan();

// Bit n of the result: whether the sub-block's level at scan position n is non-zero. `sub`: its
// first level, rows `stride` levels apart.
inline uint32_t significance_in_scan_order(const int16_t* sub, int stride, int scan_idx) {
    uint32_t raster = 0;
    for (int y = 0; y < 4; y++) {
        uint64_t row;  // four levels
        std::memcpy(&row, sub + y * stride, sizeof(row));
        // Each level's low byte ORed with its high byte; + 0xFF carries into bit 8 of the
        // 16-bit lane exactly where that is non-zero (at most 510: no carry between lanes).
        const uint64_t low = (row | (row >> 8)) & 0x00FF00FF00FF00FFull;
        const uint64_t nonzero = ((low + 0x00FF00FF00FF00FFull) >> 8) & 0x0001000100010001ull;
        const uint32_t bits =
            static_cast<uint32_t>((nonzero | (nonzero >> 15) | (nonzero >> 30) | (nonzero >> 45)) & 0xF);
        raster |= bits << (4 * y);
    }
    return kRasterToScan.bits[scan_idx][0][raster & 0xFF] | kRasterToScan.bits[scan_idx][1][raster >> 8];
}

}  // namespace tc
