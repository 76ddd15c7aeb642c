// Tables of the CABAC arithmetic coding engine (H.265 clause 9.3.4.3.2) and the bin cost table
// used for rate estimation.
#pragma once

#include <array>
#include <cstdint>

namespace tc {

// H.265 9.3.4.3.2.2, Table 9-52 (v4+ numbering; Table 9-46 in v1):
// rangeTabLps[pStateIdx][qRangeIdx], qRangeIdx = (ivlCurrRange >> 6) & 3.
constexpr uint8_t kRangeTabLps[64][4] = {
    {128, 176, 208, 240}, {128, 167, 197, 227}, {128, 158, 187, 216}, {123, 150, 178, 205},
    {116, 142, 169, 195}, {111, 135, 160, 185}, {105, 128, 152, 175}, {100, 122, 144, 166},
    {95, 116, 137, 158},  {90, 110, 130, 150},  {85, 104, 123, 142},  {81, 99, 117, 135},
    {77, 94, 111, 128},   {73, 89, 105, 122},   {69, 85, 100, 116},   {66, 80, 95, 110},
    {62, 76, 90, 104},    {59, 72, 86, 99},     {56, 69, 81, 94},     {53, 65, 77, 89},
    {51, 62, 73, 85},     {48, 59, 69, 80},     {46, 56, 66, 76},     {43, 53, 63, 72},
    {41, 50, 59, 69},     {39, 48, 56, 65},     {37, 45, 54, 62},     {35, 43, 51, 59},
    {33, 41, 48, 56},     {32, 39, 46, 53},     {30, 37, 43, 50},     {29, 35, 41, 48},
    {27, 33, 39, 45},     {26, 31, 37, 43},     {24, 30, 35, 41},     {23, 28, 33, 39},
    {22, 27, 32, 37},     {21, 26, 30, 35},     {20, 24, 29, 33},     {19, 23, 27, 31},
    {18, 22, 26, 30},     {17, 21, 25, 28},     {16, 20, 23, 27},     {15, 19, 22, 25},
    {14, 18, 21, 24},     {14, 17, 20, 23},     {13, 16, 19, 22},     {12, 15, 18, 21},
    {12, 14, 17, 20},     {11, 14, 16, 19},     {11, 13, 15, 18},     {10, 12, 15, 17},
    {10, 12, 14, 16},     {9, 11, 13, 15},      {9, 11, 12, 14},      {8, 10, 12, 14},
    {8, 9, 11, 13},       {7, 9, 11, 12},       {7, 9, 10, 12},       {7, 8, 10, 11},
    {6, 8, 9, 11},        {6, 7, 9, 10},        {6, 7, 8, 9},         {2, 2, 2, 2},
};

// The same table with each state's four ranges in one word, qRangeIdx q in bits 8q..8q+7: the
// encoder loads the word before the range is known and picks the byte with a shift, which
// keeps a memory load off the chain from one bin's range to the next.
constexpr std::array<uint32_t, 64> make_range_tab_lps_words() {
    std::array<uint32_t, 64> words{};
    for (int state = 0; state < 64; state++) {
        for (int q = 0; q < 4; q++) words[state] |= uint32_t{kRangeTabLps[state][q]} << (8 * q);
    }
    return words;
}
inline constexpr std::array<uint32_t, 64> kRangeTabLpsWords = make_range_tab_lps_words();

// H.265 9.3.4.3.2.2, Table 9-53 (v4+ numbering; Table 9-47 in v1): transIdxLps[pStateIdx].
// The MPS transition is transIdxMps = min(pStateIdx + 1, 62).
// clang-format off
constexpr uint8_t kTransIdxLps[64] = {
    0,  0,  1,  2,  2,  4,  4,  5,  6,  7,  8,  9,  9,  11, 11, 12,
    13, 13, 15, 15, 16, 16, 18, 18, 19, 19, 21, 21, 22, 22, 23, 24,
    24, 25, 26, 26, 27, 27, 28, 29, 29, 30, 30, 30, 31, 32, 32, 33,
    33, 33, 34, 34, 35, 35, 35, 36, 36, 36, 37, 37, 37, 38, 38, 63,
};
// clang-format on

constexpr uint8_t trans_idx_mps(int state) {
    return static_cast<uint8_t>(state < 62 ? state + 1 : 62);
}

// Not normative: the cost, in 1/32768 bit, of coding a bin in each pStateIdx, as
// kCabacBinCost[pStateIdx][0] for the MPS and [1] for the LPS. Derived from the probability model
// the state machine approximates, pLPS(s) = 0.5 * (0.01875 / 0.5)^(s / 63):
// cost = round(-log2(p) * 32768) with p = 1 - pLPS(s) for the MPS and pLPS(s) for the LPS.
constexpr int kCabacCostFracBits = 15;
// clang-format off
constexpr uint32_t kCabacBinCost[64][2] = {
    {32768, 32768}, {30426, 35232}, {28306, 37696}, {26377, 40159},
    {24617, 42623}, {23005, 45087}, {21523, 47551}, {20159, 50015},
    {18899, 52479}, {17734, 54942}, {16653, 57406}, {15650, 59870},
    {14717, 62334}, {13849, 64798}, {13038, 67262}, {12282, 69725},
    {11575, 72189}, {10914, 74653}, {10294, 77117}, {9714, 79581},
    {9169, 82044},  {8658, 84508},  {8178, 86972},  {7727, 89436},
    {7303, 91900},  {6903, 94364},  {6527, 96827},  {6173, 99291},
    {5840, 101755}, {5525, 104219}, {5228, 106683}, {4948, 109147},
    {4684, 111610}, {4435, 114074}, {4199, 116538}, {3977, 119002},
    {3767, 121466}, {3568, 123929}, {3380, 126393}, {3202, 128857},
    {3034, 131321}, {2876, 133785}, {2725, 136249}, {2583, 138712},
    {2448, 141176}, {2321, 143640}, {2200, 146104}, {2086, 148568},
    {1978, 151032}, {1875, 153495}, {1778, 155959}, {1686, 158423},
    {1599, 160887}, {1517, 163351}, {1439, 165814}, {1364, 168278},
    {1294, 170742}, {1228, 173206}, {1164, 175670}, {1105, 178134},
    {1048, 180597}, {994, 183061},  {943, 185525},  {895, 187989},
};
// clang-format on

}  // namespace tc
