// Rate-distortion cost helpers: lambda from QP, chroma QP mapping.
#pragma once
#include <cmath>
#include <cstdint>

namespace tc {

// Lagrange multiplier for SSE distortion (HM's choice for intra pictures:
// 0.57 * 2^((QP - 12) / 3)).
inline double qp_to_lambda(int qp) { return 0.57 * std::pow(2.0, (qp - 12) / 3.0); }

// QpC for 4:2:0 from the luma QP with zero chroma offsets (H.265 Table 8-10).
inline int chroma_qp(int luma_qp) {
    static constexpr int kTable[14] = {29, 30, 31, 32, 33, 33, 34, 34, 35, 35, 36, 36, 37, 37};
    if (luma_qp < 30) return luma_qp;
    if (luma_qp > 43) return luma_qp - 6;
    return kTable[luma_qp - 30];
}

// Fractional bits (1/32768) to bits.
inline double fractional_to_bits(uint64_t fractional) { return static_cast<double>(fractional) / 32768.0; }

}  // namespace tc
