#pragma once
// Flat quantisation (encoder side) and scaling (H.265 8.6.3, normative) of transform
// coefficients, for scaling_list_enabled_flag = 0 and BitDepth 8.

#include <cstdint>

namespace tc {

// H.265 (v4+) 8.6.3, levelScale[] = {40, 45, 51, 57, 64, 72}: the step size for qP % 6, in
// 1/64ths of a 2^(qP / 6) multiple.
inline constexpr int kLevelScale[6] = {40, 45, 51, 57, 64, 72};

// Encoder-side (non-normative) inverses of kLevelScale: round(2^20 / levelScale).
inline constexpr int kQuantScale[6] = {26214, 23302, 20560, 18396, 16384, 14564};

// Rounding offsets of the dead-zone quantiser, in 1/512 of a step: about 1/3 for intra and
// 1/6 for inter blocks.
inline constexpr int kIntraRoundingOffset = 171;
inline constexpr int kInterRoundingOffset = 85;

// Quantises the n x n coefficients (n = 1 << log2_size, qp 0..51) with a dead-zone quantiser:
// qbits = 14 + qp / 6 + (15 - 8 - log2_size), scale = {26214, 23302, 20560, 18396, 16384,
// 14564}[qp % 6], level = sign(c) * ((|c| * scale + offset) >> qbits) with
// offset = (is_intra ? 171 : 85) << (qbits - 9), levels clipped to [-32768, 32767].
// rounding_error (may be nullptr) receives, per coefficient,
// (|c| * scale - (|level| << qbits)) >> (qbits - 8) with the level before clipping: the
// distance from the chosen level in 1/256 of a quantisation step, negative when the magnitude
// was rounded up (range [-86, 170] intra, [-43, 213] inter). Sign-data hiding uses it.
// Returns the number of non-zero levels.
int quantize(const int32_t* coeffs, int32_t* levels, int32_t* rounding_error, int log2_size, int qp,
             bool is_intra);

// Scales levels back to coefficients exactly as H.265 8.6.3 with flat m = 16, BitDepth 8:
// d = Clip3(-32768, 32767, ((level * 16 * levelScale[qp % 6] << (qp / 6))
//                           + (1 << (bdShift - 1))) >> bdShift),
// bdShift = log2_size + 3, levelScale = {40, 45, 51, 57, 64, 72}. qp is 0..51.
void dequantize(const int32_t* levels, int32_t* coeffs, int log2_size, int qp);

}  // namespace tc
