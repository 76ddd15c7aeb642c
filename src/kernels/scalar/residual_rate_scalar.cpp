// The reference of PixelKernels::estimate_residual_rate (src/kernels/residual_rate.h).
#include <bit>
#include <cstdlib>
#include <cstring>

#include "kernels/pixel_kernels.h"
#include "kernels/residual_rate.h"

namespace tc {

uint64_t estimate_residual_rate_scalar(const int16_t* levels, int log2_size) {
    const int size = 1 << log2_size;
    const int sub_blocks = size >> 2;
    int64_t half_bits = 0;
    residual_rate::Tail tail;
    for (int ys = 0; ys < sub_blocks; ys++) {
        for (int xs = 0; xs < sub_blocks; xs++) {
            // Most sub-blocks are empty: four 8-byte rows tell.
            uint64_t any_level = 0;
            for (int y = 0; y < 4; y++) {
                uint64_t row_levels;
                std::memcpy(&row_levels, levels + ((ys << 2) + y) * size + (xs << 2),
                            sizeof(row_levels));
                any_level |= row_levels;
            }
            if (any_level == 0) continue;
            int nonzero = 0, diagonal = -1, last_x = 0, last_y = 0;
            for (int y = 0; y < 4; y++) {
                const int16_t* row = levels + ((ys << 2) + y) * size + (xs << 2);
                for (int x = 0; x < 4; x++) {
                    const unsigned magnitude = static_cast<unsigned>(std::abs(row[x]));
                    if (magnitude == 0) continue;
                    nonzero++;
                    if (x + y >= diagonal) {
                        diagonal = x + y;
                        last_x = x;
                        last_y = y;
                    }
                    if (magnitude == 1) {
                        half_bits += 5;
                    } else if (magnitude == 2) {
                        half_bits += 8;
                    } else {
                        half_bits += 8 + 4 * std::bit_width(magnitude - 2);
                    }
                }
            }
            half_bits +=
                residual_rate::fold_sub_block(tail, xs, ys, nonzero, diagonal, last_x, last_y);
        }
    }
    half_bits += residual_rate::tail_half_bits(tail);
    return static_cast<uint64_t>(half_bits) * residual_rate::kHalfBit;
}

}  // namespace tc
