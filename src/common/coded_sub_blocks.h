// Which 4x4 sub-blocks of a square block of levels hold a nonzero level: one raster pass,
// so that the coefficient coding and sign hiding skip empty sub-blocks without walking
// their scan positions.
#pragma once
#include <cstdint>

namespace tc {

// coded[x][y] = 1 where sub-block (x, y) of the (1 << log2_size)-wide block has a nonzero
// level (log2_size 2..5). Returns how many do.
template <class Level>
int mark_coded_sub_blocks(const Level* levels, int log2_size, uint8_t coded[8][8]) {
    const int size = 1 << log2_size;
    const int sub_blocks = size >> 2;
    int count = 0;
    for (int y = 0; y < sub_blocks; y++) {
        for (int x = 0; x < sub_blocks; x++) {
            const Level* p = levels + (y << 2) * size + (x << 2);
            bool any = false;
            for (int row = 0; row < 4; row++, p += size) any |= (p[0] | p[1] | p[2] | p[3]) != 0;
            coded[x][y] = any ? 1 : 0;
            count += any ? 1 : 0;
        }
    }
    return count;
}

}  // namespace tc
