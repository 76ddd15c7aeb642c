// Motion vectors and the motion of a prediction block (H.265 8.5.3).
#pragma once
#include <cstdint>
#include <cstdlib>

namespace tc {

// A luma vector in quarter samples.
struct Mv {
    int16_t x = 0, y = 0;
    friend bool operator==(const Mv&, const Mv&) = default;
};

// The motion of one prediction block: per list a reference index (-1 = list unused)
// and a vector.
struct PuMotion {
    int8_t ref_idx[2] = {-1, -1};
    Mv mv[2];
    bool uses(int list) const { return ref_idx[list] >= 0; }
    friend bool operator==(const PuMotion&, const PuMotion&) = default;
};

}  // namespace tc
