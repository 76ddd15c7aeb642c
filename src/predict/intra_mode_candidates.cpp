#include "predict/intra_mode_candidates.h"

namespace tc {

namespace {
int neighbour_mode(const BlockInfoMap& map, int x_nb, int y_nb) {
    const BlockInfo* nb = map.find(x_nb, y_nb);
    if (nb == nullptr || nb->pred_mode != PredMode::kIntra) return kIntraDc;
    return nb->intra_mode;
}
}  // namespace

std::array<int, 3> derive_most_probable_modes(const BlockInfoMap& map, int x, int y) {
    // Left neighbour (x-1, y); above neighbour (x, y-1) only inside the current CTU row.
    // Everything left or above in the picture precedes the block in decoding order
    // (single slice, no tiles), so "available" reduces to "inside the picture".
    const int mode_a = neighbour_mode(map, x - 1, y);
    const bool above_in_ctu = (y - 1) >= ((y >> kLog2CtuSize) << kLog2CtuSize);
    const int mode_b = above_in_ctu ? neighbour_mode(map, x, y - 1) : kIntraDc;
    if (mode_a == mode_b) {
        if (mode_a < 2) return {kIntraPlanar, kIntraDc, kIntraVertical};
        return {mode_a, 2 + ((mode_a + 29) % 32), 2 + ((mode_a - 2 + 1) % 32)};
    }
    int third;
    if (mode_a != kIntraPlanar && mode_b != kIntraPlanar) {
        third = kIntraPlanar;
    } else if (mode_a != kIntraDc && mode_b != kIntraDc) {
        third = kIntraDc;
    } else {
        third = kIntraVertical;
    }
    return {mode_a, mode_b, third};
}

int chroma_mode_from_syntax(int chroma_syntax, int luma_mode) {
    static constexpr int kCandidates[4] = {kIntraPlanar, kIntraVertical, kIntraHorizontal, kIntraDc};
    if (chroma_syntax == 4) return luma_mode;
    const int mode = kCandidates[chroma_syntax];
    return mode == luma_mode ? 34 : mode;
}

}  // namespace tc
