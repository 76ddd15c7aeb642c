#include "transform/sign_data_hiding.h"

#include <climits>
#include <cstdlib>

#include "common/coded_sub_blocks.h"
#include "common/scan_order.h"

namespace tc {

void apply_sign_data_hiding(int32_t* levels, const int32_t* coeffs, const int32_t* rounding_error,
                            int log2_size, int scan_idx) {
    const int log2_sub_blocks = log2_size - 2;
    const int sub_block_count = 1 << (2 * log2_sub_blocks);
    // The last sub-block (in scan order) with a level: no new level may appear after
    // its last position, or the last significant position would move.
    int last_sub_block = -1;
    int index[16];
    uint8_t coded[8][8];
    mark_coded_sub_blocks(levels, log2_size, coded);
    const CoefficientScan& scan = coefficient_scan(log2_size, scan_idx);
    for (int i = sub_block_count - 1; i >= 0; i--) {
        if (!coded[scan.sub_x[i]][scan.sub_y[i]]) continue;
        int first = -1, last = -1, sum = 0;
        for (int n = 0; n < 16; n++) {
            index[n] = scan.sub_block[i] + scan.in_sub_block[n];
            if (levels[index[n]] != 0) {
                if (first < 0) first = n;
                last = n;
                sum += std::abs(levels[index[n]]);
            }
        }
        if (last < 0) continue;
        const bool is_last_sub_block = last_sub_block < 0;
        if (is_last_sub_block) last_sub_block = i;
        if (last - first <= 3) continue;
        const int sign_negative = levels[index[first]] < 0 ? 1 : 0;
        if (sign_negative == (sum & 1)) continue;

        // Find the cheapest +-1 change that flips the parity. With e the rounding error,
        // the distortion grows by 256 - 2e going up and 256 + 2e going down, so ranking
        // by -e (up) and +e (down) orders the candidates by distortion cost.
        int best_cost = INT_MAX, best_n = -1, best_change = 0;
        for (int n = is_last_sub_block ? last : 15; n >= 0; n--) {
            const int k = index[n];
            int cost, change;
            if (levels[k] != 0) {
                if (rounding_error[k] > 0) {
                    cost = -rounding_error[k];
                    change = 1;
                } else if (n == first && std::abs(levels[k]) == 1) {
                    continue;  // removing the first level would move the hidden sign
                } else {
                    cost = rounding_error[k];
                    change = -1;
                }
            } else {
                if (n < first && ((coeffs[k] < 0) != (sign_negative == 1))) continue;
                cost = -rounding_error[k];
                change = 1;
            }
            if (cost < best_cost) {
                best_cost = cost;
                best_n = n;
                best_change = change;
            }
        }
        if (best_n < 0) continue;
        const int k = index[best_n];
        if (levels[k] == 32767 || levels[k] == -32768) best_change = -1;
        if (levels[k] == 0) {
            levels[k] = coeffs[k] < 0 ? -1 : 1;
        } else {
            levels[k] += levels[k] > 0 ? best_change : -best_change;
        }
    }
}

}  // namespace tc
