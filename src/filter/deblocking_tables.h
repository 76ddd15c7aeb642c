#pragma once
// Thresholds of the deblocking filter: beta and tC from their QP-indexed tables and the chroma
// QP mapping, for BitDepth 8 (so beta = beta' and tC = tC').

#include <algorithm>
#include <array>
#include <cstdint>

namespace tc {

// H.265 (v8) Table 8-12: beta' indexed by Q = 0..51.
inline constexpr std::array<uint8_t, 52> kDeblockBetaTable = {
    0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,   // Q 0..15
    6,  7,  8,  9,  10, 11, 12, 13, 14, 15, 16, 17, 18,              // Q 16..28
    20, 22, 24, 26, 28, 30, 32, 34, 36, 38, 40, 42, 44, 46, 48, 50,  // Q 29..44
    52, 54, 56, 58, 60, 62, 64,                                      // Q 45..51
};

// H.265 (v8) Table 8-12: tC' indexed by Q = 0..53.
inline constexpr std::array<uint8_t, 54> kDeblockTcTable = {
    0,  0,  0,  0, 0, 0, 0, 0, 0, 0, 0,  0,  0,  0,  0,  0,  0, 0,  // Q 0..17
    1,  1,  1,  1, 1, 1, 1, 1, 1,                                   // Q 18..26
    2,  2,  2,  2, 3, 3, 3, 3,                                      // Q 27..34
    4,  4,  4,  5, 5, 6, 6, 7, 8, 9, 10, 11, 13, 14, 16, 18,        // Q 35..50
    20, 22, 24,                                                     // Q 51..53
};

// H.265 (v8) Table 8-10, ChromaArrayType == 1: QpC for qPi = 30..43 (below 30 QpC = qPi, above
// 43 QpC = qPi - 6).
inline constexpr std::array<uint8_t, 14> kChromaQpTable420 = {29, 30, 31, 32, 33, 33, 34,
                                                              34, 35, 35, 36, 36, 37, 37};

constexpr int chroma_qp_from_qpi(int qpi) {
    if (qpi < 30) return qpi;
    if (qpi > 43) return qpi - 6;
    return kChromaQpTable420[static_cast<size_t>(qpi - 30)];
}

// H.265 8.7.2.5.3: beta from qPL = (QpQ + QpP + 1) >> 1.
constexpr int luma_beta(int qp_average, int beta_offset_div2) {
    return kDeblockBetaTable[static_cast<size_t>(
        std::clamp(qp_average + 2 * beta_offset_div2, 0, 51))];
}

// H.265 8.7.2.5.3: tC for a luma edge of boundary strength bS (1 or 2).
constexpr int luma_tc(int qp_average, int boundary_strength, int tc_offset_div2) {
    const int q = qp_average + 2 * (boundary_strength - 1) + 2 * tc_offset_div2;
    return kDeblockTcTable[static_cast<size_t>(std::clamp(q, 0, 53))];
}

// H.265 8.7.2.5.5: tC for a chroma edge (always bS 2) with cQpPicOffset 0.
constexpr int chroma_tc(int qp_average, int tc_offset_div2) {
    const int q = chroma_qp_from_qpi(qp_average) + 2 + 2 * tc_offset_div2;
    return kDeblockTcTable[static_cast<size_t>(std::clamp(q, 0, 53))];
}

}  // namespace tc
