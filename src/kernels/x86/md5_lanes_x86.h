// The MD5 lane kernels of AVX2 and AVX-512 (md5_lanes_avx2.cpp, md5_lanes_avx512.cpp): the
// kMd5Lanes messages' states in the 32-bit lanes of four 256-bit registers, each lane's block
// transposed into sixteen registers of one message word each, and the 64 steps (RFC 1321 3.4)
// on all lanes at once. What differs between the ISAs, the round functions and the rotation,
// comes from the Ops template argument (AVX-512 has a three-input logic instruction and a
// rotate). Internal linkage, as simd_loads_x86.h: each ISA's file gets its own copies.
#pragma once
#include <immintrin.h>

#include <cstddef>
#include <cstdint>
#include <utility>

#include "bitstream/md5_constants.h"
#include "kernels/pixel_kernels.h"

namespace tc {
namespace {

static_assert(kMd5Lanes == 8, "one 256-bit register of 32-bit lanes");

// Words 8h .. 8h + 7 of the eight lanes' blocks (h = half, 0 or 1): word k of lane l is
// out[k][l], by the 8x8 transpose of 32-bit elements.
inline void md5_transpose_half(const uint8_t* const* blocks, size_t offset, __m256i* out) {
    __m256i r[8];
    for (int l = 0; l < 8; l++)
        r[l] = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(blocks[l] + offset));
    const __m256i t0 = _mm256_unpacklo_epi32(r[0], r[1]), t1 = _mm256_unpackhi_epi32(r[0], r[1]);
    const __m256i t2 = _mm256_unpacklo_epi32(r[2], r[3]), t3 = _mm256_unpackhi_epi32(r[2], r[3]);
    const __m256i t4 = _mm256_unpacklo_epi32(r[4], r[5]), t5 = _mm256_unpackhi_epi32(r[4], r[5]);
    const __m256i t6 = _mm256_unpacklo_epi32(r[6], r[7]), t7 = _mm256_unpackhi_epi32(r[6], r[7]);
    const __m256i u0 = _mm256_unpacklo_epi64(t0, t2), u1 = _mm256_unpackhi_epi64(t0, t2);
    const __m256i u2 = _mm256_unpacklo_epi64(t1, t3), u3 = _mm256_unpackhi_epi64(t1, t3);
    const __m256i u4 = _mm256_unpacklo_epi64(t4, t6), u5 = _mm256_unpackhi_epi64(t4, t6);
    const __m256i u6 = _mm256_unpacklo_epi64(t5, t7), u7 = _mm256_unpackhi_epi64(t5, t7);
    out[0] = _mm256_permute2x128_si256(u0, u4, 0x20);
    out[1] = _mm256_permute2x128_si256(u1, u5, 0x20);
    out[2] = _mm256_permute2x128_si256(u2, u6, 0x20);
    out[3] = _mm256_permute2x128_si256(u3, u7, 0x20);
    out[4] = _mm256_permute2x128_si256(u0, u4, 0x31);
    out[5] = _mm256_permute2x128_si256(u1, u5, 0x31);
    out[6] = _mm256_permute2x128_si256(u2, u6, 0x31);
    out[7] = _mm256_permute2x128_si256(u3, u7, 0x31);
}

// Step kStep on all lanes: a = b + ((a + f(b, c, d) + X[k] + T[s]) <<< r), the terms that do not
// wait for b first (as the scalar chain, md5.cpp).
template <class Ops, int kStep>
inline void md5_lane_step(__m256i (&v)[4], const __m256i* words) {
    constexpr int kRound = kStep / 16;
    constexpr int kA = md5_word_a(kStep), kB = (kA + 1) % 4, kC = (kA + 2) % 4, kD = (kA + 3) % 4;
    const __m256i early = _mm256_add_epi32(
        _mm256_add_epi32(v[kA], _mm256_set1_epi32(static_cast<int>(kMd5SineTable[kStep]))),
        words[md5_word_index(kStep)]);
    constexpr int kRotation = kMd5Rotations[kRound][kStep % 4];
    if constexpr (kRound == 1 && Ops::kSplitsG) {
        // G = (b and d) + (c and not d), the terms sharing no bit: the second joins before b is
        // known, so that only one instruction of f waits for it (as the scalar chain, md5.cpp).
        const __m256i before_b = _mm256_add_epi32(early, _mm256_andnot_si256(v[kD], v[kC]));
        v[kA] = _mm256_add_epi32(v[kB], Ops::template rotate_left<kRotation>(_mm256_add_epi32(
                                            before_b, _mm256_and_si256(v[kB], v[kD]))));
        return;
    }
    const __m256i mixed = Ops::template round_function<kRound>(v[kB], v[kC], v[kD]);
    v[kA] = _mm256_add_epi32(v[kB],
                             Ops::template rotate_left<kRotation>(_mm256_add_epi32(early, mixed)));
}

template <class Ops, int... kSteps>
inline void md5_lane_steps(__m256i (&v)[4], const __m256i* words,
                           std::integer_sequence<int, kSteps...>) {
    (md5_lane_step<Ops, kSteps>(v, words), ...);
}

// PixelKernels::md5_lanes with Ops' round functions: lanes without blocks read a block of zeros
// and keep their state.
template <class Ops>
void md5_lanes_x86(uint32_t (*state)[kMd5Lanes], const uint8_t* const* blocks, size_t count) {
    alignas(32) static constexpr uint8_t kZeros[64] = {};
    const uint8_t* lanes[kMd5Lanes];
    alignas(32) int32_t active[kMd5Lanes];
    for (int l = 0; l < kMd5Lanes; l++) {
        lanes[l] = blocks[l] != nullptr ? blocks[l] : kZeros;
        active[l] = blocks[l] != nullptr ? -1 : 0;
    }
    const size_t stride[kMd5Lanes] = {
        blocks[0] ? 64u : 0u, blocks[1] ? 64u : 0u, blocks[2] ? 64u : 0u, blocks[3] ? 64u : 0u,
        blocks[4] ? 64u : 0u, blocks[5] ? 64u : 0u, blocks[6] ? 64u : 0u, blocks[7] ? 64u : 0u};
    __m256i s[4], initial[4];
    for (int i = 0; i < 4; i++) {
        s[i] = initial[i] = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(state[i]));
    }
    for (size_t n = 0; n < count; n++) {
        __m256i words[16];
        md5_transpose_half(lanes, 0, words);
        md5_transpose_half(lanes, 32, words + 8);
        __m256i v[4] = {s[0], s[1], s[2], s[3]};
        md5_lane_steps<Ops>(v, words, std::make_integer_sequence<int, 64>{});
        for (int i = 0; i < 4; i++) s[i] = _mm256_add_epi32(s[i], v[i]);
        for (int l = 0; l < kMd5Lanes; l++) lanes[l] += stride[l];
    }
    const __m256i keep = _mm256_load_si256(reinterpret_cast<const __m256i*>(active));
    for (int i = 0; i < 4; i++) {
        _mm256_storeu_si256(reinterpret_cast<__m256i*>(state[i]),
                            _mm256_blendv_epi8(initial[i], s[i], keep));
    }
}

}  // namespace
}  // namespace tc
