// Scalar reference of the MD5 lane kernel (kernels/pixel_kernels.h, md5_lanes): each lane's
// blocks through the scalar compression, one lane after another.
#include "bitstream/md5.h"

namespace tc {

void md5_lanes_scalar(uint32_t (*state)[kMd5Lanes], const uint8_t* const* blocks, size_t count) {
    for (int lane = 0; lane < kMd5Lanes; lane++) {
        if (blocks[lane] == nullptr) continue;
        uint32_t words[4] = {state[0][lane], state[1][lane], state[2][lane], state[3][lane]};
        for (size_t n = 0; n < count; n++) md5_compress(words, blocks[lane] + 64 * n);
        for (int i = 0; i < 4; i++) state[i][lane] = words[i];
    }
}

}  // namespace tc
