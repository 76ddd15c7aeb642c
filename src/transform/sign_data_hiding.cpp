#include "transform/sign_data_hiding.h"

#include <algorithm>
#include <bit>
#include <climits>

#include "common/scan_order.h"

namespace tc {

namespace {

// Bit r of a 4x4 sub-block's raster mask (r = 4 * row + column) moved to bit n, the scan
// position that visits it, per scan; looked up a byte (two rows) at a time.
struct RasterToScan {
    uint16_t low[3][256], high[3][256];
};

constexpr RasterToScan make_raster_to_scan() {
    RasterToScan table{};
    for (int scan_idx = 0; scan_idx < 3; scan_idx++) {
        const CoefficientScan& scan = kCoefficientScans[0][scan_idx];
        int scan_position[16] = {};
        for (int n = 0; n < 16; n++) scan_position[scan.y[n] * 4 + scan.x[n]] = n;
        for (int byte = 0; byte < 256; byte++) {
            uint16_t low = 0, high = 0;
            for (int bit = 0; bit < 8; bit++) {
                if (((byte >> bit) & 1) == 0) continue;
                low = static_cast<uint16_t>(low | (1u << scan_position[bit]));
                high = static_cast<uint16_t>(high | (1u << scan_position[8 + bit]));
            }
            table.low[scan_idx][byte] = low;
            table.high[scan_idx][byte] = high;
        }
    }
    return table;
}

constexpr RasterToScan kRasterToScan = make_raster_to_scan();

// What the decision needs of a sub-block, read in raster order (four contiguous rows, no
// scan-order gather): bit n of `nonzero` set where the level at scan position n is not zero
// (the first and last significant scan positions of H.265 7.3.8.11, firstSigScanPos and
// lastSigScanPos, are its lowest and highest set bits), and the parity of the sum of the
// magnitudes (what the decoder reads the hidden sign from).
struct SubBlockLevels {
    uint32_t nonzero;
    int32_t parity;
};

SubBlockLevels summarise_sub_block(const int32_t* sub_block, int size, int scan_idx) {
    uint32_t raster = 0;
    int32_t odd = 0;  // |level| and level are odd together (two's complement)
    for (int row = 0; row < 4; row++, sub_block += size) {
        for (int column = 0; column < 4; column++) {
            raster |= uint32_t{sub_block[column] != 0} << (4 * row + column);
            odd ^= sub_block[column];
        }
    }
    return {static_cast<uint32_t>(kRasterToScan.low[scan_idx][raster & 0xff] |
                                  kRasterToScan.high[scan_idx][raster >> 8]),
            odd & 1};
}

// Candidates are ranked by (cost, then higher scan position first), the order in which a walk
// from the top position down keeping the first strictly cheaper candidate would pick them.
// 64 bits, so that any 32-bit cost keeps its order.
constexpr int64_t rank_of(int64_t cost, int n) {
    return cost * 16 + (15 - n);
}
constexpr int position_of_rank(int64_t rank) {
    return 15 - static_cast<int>(rank & 15);
}
// Worse than every candidate whose cost is below INT_MAX.
constexpr int64_t kNoCandidate = rank_of(INT_MAX, 15);

struct ParityChangeInput {
    const int32_t* levels;          // the sub-block's first level, raster order
    uint32_t nonzero;               // SubBlockLevels::nonzero
    const int32_t* coeffs;          // the sub-block's first coefficient, raster order
    const int32_t* rounding_error;  // likewise
    const uint16_t* in_sub_block;
    int first, top;  // first significant position; the highest position that may change
    bool sign_negative;
};

// The scan position whose +-1 change flips the parity at the least distortion, or -1. With e
// the rounding error, the distortion grows by 256 - 2e going up and 256 + 2e going down, so
// ranking by -e (up) and +e (down) orders the candidates by cost: a nonzero level moves
// towards its coefficient (cost -|e|), a zero level can only go up (cost -e).
int cheapest_parity_change(const ParityChangeInput& in) {
    int64_t best = kNoCandidate;
    for (int n = in.first + 1; n <= in.top; n++) {
        const int64_t e = in.rounding_error[in.in_sub_block[n]];
        const bool goes_down = ((in.nonzero >> n) & 1) != 0 && e <= 0;
        best = std::min(best, rank_of(goes_down ? e : -e, n));
    }
    // The first level may grow, or shrink unless that removes it: the hidden sign would move.
    const int32_t first_level = in.levels[in.in_sub_block[in.first]];
    const int64_t first_error = in.rounding_error[in.in_sub_block[in.first]];
    if (first_error > 0) {
        best = std::min(best, rank_of(-first_error, in.first));
    } else if (first_level != 1 && first_level != -1) {
        best = std::min(best, rank_of(first_error, in.first));
    }
    // Before the first level only a coefficient of the hidden sign may become the new first.
    for (int n = 0; n < in.first; n++) {
        const int offset = in.in_sub_block[n];
        if ((in.coeffs[offset] < 0) != in.sign_negative) continue;
        best = std::min(best, rank_of(-int64_t{in.rounding_error[offset]}, n));
    }
    return best < kNoCandidate ? position_of_rank(best) : -1;
}

// Moves the level at raster offset k by one step towards or away from zero as chosen above; a
// level at the 16-bit limit can only shrink.
void change_level(int32_t* levels, const int32_t* coeffs, const int32_t* rounding_error, int k) {
    if (levels[k] == 0) {
        levels[k] = coeffs[k] < 0 ? -1 : 1;
        return;
    }
    int change = rounding_error[k] > 0 ? 1 : -1;
    if (levels[k] == 32767 || levels[k] == -32768) change = -1;
    levels[k] += levels[k] > 0 ? change : -change;
}

}  // namespace

void apply_sign_data_hiding(int32_t* levels, const int32_t* coeffs, const int32_t* rounding_error,
                            int log2_size, int scan_idx) {
    const int size = 1 << log2_size;
    const int sub_block_count = 1 << (2 * (log2_size - 2));
    const CoefficientScan& scan = coefficient_scan(log2_size, scan_idx);
    const uint16_t* in_sub_block = scan.in_sub_block.data();
    // The last sub-block (in scan order) with a level: no new level may appear after its last
    // position, or the last significant position would move.
    bool found_last_sub_block = false;
    for (int i = sub_block_count - 1; i >= 0; i--) {
        const int base = scan.sub_block[i];
        const SubBlockLevels sub = summarise_sub_block(levels + base, size, scan_idx);
        if (sub.nonzero == 0) continue;
        const int first = std::countr_zero(sub.nonzero);
        const int last = std::bit_width(sub.nonzero) - 1;
        const bool is_last_sub_block = !found_last_sub_block;
        found_last_sub_block = true;
        // 7.3.8.11: signHidden only where lastSigScanPos - firstSigScanPos > 3.
        if (last - first <= 3) continue;
        const bool sign_negative = levels[base + in_sub_block[first]] < 0;
        if (int32_t{sign_negative} == sub.parity) continue;

        const int n = cheapest_parity_change({levels + base, sub.nonzero, coeffs + base, rounding_error + base,
                                              in_sub_block, first, is_last_sub_block ? last : 15, sign_negative});
        if (n >= 0) change_level(levels, coeffs, rounding_error, base + in_sub_block[n]);
    }
}

}  // namespace tc
