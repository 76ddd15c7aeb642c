// Enumerations shared by every stage: prediction and partition modes of H.265 7.4.9.5.
#pragma once
#include <cstdint>

namespace tc {

enum class PredMode : uint8_t { kInter = 0, kIntra = 1, kSkip = 2 };

// H.265 Table 7-10 (part_mode). Asymmetric partitions follow later.
enum class PartMode : uint8_t { k2Nx2N = 0, k2NxN = 1, kNx2N = 2, kNxN = 3 };

enum class SliceType : uint8_t { kB = 0, kP = 1, kI = 2 };  // H.265 Table 7-7

constexpr int kLog2CtuSize = 6;
constexpr int kCtuSize = 1 << kLog2CtuSize;
constexpr int kLog2MinCuSize = 3;
constexpr int kLog2MaxTbSize = 5;
constexpr int kLog2MinTbSize = 2;

// Intra prediction modes (H.265 8.4.2).
constexpr int kIntraPlanar = 0;
constexpr int kIntraDc = 1;
constexpr int kIntraHorizontal = 10;
constexpr int kIntraVertical = 26;
constexpr int kIntraModeCount = 35;

}  // namespace tc
