// One CABAC context variable and its initialization (H.265 9.3.2.2).
#pragma once

#include <algorithm>
#include <cstdint>

namespace tc {

struct ContextModel {
    uint8_t state = 0;  // pStateIdx, 0..62
    uint8_t mps = 0;    // valMps
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
    context.mps = mps ? 1 : 0;
    context.state = static_cast<uint8_t>(mps ? pre_context_state - 64 : 63 - pre_context_state);
}

}  // namespace tc
