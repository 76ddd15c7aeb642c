// One CABAC context variable and its initialization (H.265 9.3.2.2).
#pragma once

#include <algorithm>
#include <cstdint>

namespace tc {

// pStateIdx (0..62) and valMps in one byte, pStateIdx * 2 + valMps: a coded bin indexes the
// transition table with it and the bin as they are, and loads and stores one byte.
struct ContextModel {
    uint8_t packed = 0;
    int state() const { return packed >> 1; }  // pStateIdx
    int mps() const { return packed & 1; }      // valMps
};

// H.265 9.3.2.2, equations (9-6) and (9-7): derives pStateIdx and valMps from initValue and
// SliceQpY.
inline void init_context(ContextModel& context, int init_value, int slice_qp) {
    const int slope_index = init_value >> 4;
    const int offset_index = init_value & 15;
    const int m = slope_index * 5 - 45;
    const int n = (offset_index << 3) - 16;
    const int pre_context_state = std::clamp(((m * std::clamp(slice_qp, 0, 51)) >> 4) + n, 1, 126);
    const bool mps = pre_context_state > 63;
    const int state = mps ? pre_context_state - 64 : 63 - pre_context_state;
    context.packed = static_cast<uint8_t>(state << 1 | (mps ? 1 : 0));
}

}  // namespace tc
