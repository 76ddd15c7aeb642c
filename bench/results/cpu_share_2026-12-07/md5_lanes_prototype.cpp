// Scratch prototype (thirty-third session; a record, not built by the project): MD5 of eight
// independent messages on the eight 32-bit lanes of AVX2, checked against tc::Md5 and timed.
//   g++ -O2 -std=c++20 -mavx2 -Isrc bench/results/cpu_share_2026-12-07/md5_lanes_prototype.cpp \
//     src/bitstream/md5.cpp -o /tmp/md5_lanes && /tmp/md5_lanes
#include <immintrin.h>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <random>
#include <vector>
#include <utility>
#include "bitstream/md5.h"

constexpr uint32_t kT[64] = {
    0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
    0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
    0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
    0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
    0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
    0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
    0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
    0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391};
constexpr int kR[4][4] = {{7, 12, 17, 22}, {5, 9, 14, 20}, {4, 11, 16, 23}, {6, 10, 15, 21}};

template <int kStep>
inline void step(__m256i (&v)[4], const __m256i* w) {
    constexpr int kRound = kStep / 16;
    constexpr int kA = (4 - kStep % 4) % 4, kB = (kA + 1) % 4, kC = (kA + 2) % 4, kD = (kA + 3) % 4;
    const __m256i b = v[kB], c = v[kC], d = v[kD];
    __m256i f;
    int k;
    if constexpr (kRound == 0) { f = _mm256_xor_si256(d, _mm256_and_si256(b, _mm256_xor_si256(c, d))); k = kStep; }
    else if constexpr (kRound == 1) { f = _mm256_or_si256(_mm256_and_si256(b, d), _mm256_andnot_si256(d, c)); k = (5 * kStep + 1) % 16; }
    else if constexpr (kRound == 2) { f = _mm256_xor_si256(_mm256_xor_si256(c, d), b); k = (3 * kStep + 5) % 16; }
    else { f = _mm256_xor_si256(c, _mm256_or_si256(b, _mm256_xor_si256(d, _mm256_set1_epi32(-1)))); k = (7 * kStep) % 16; }
    __m256i a = _mm256_add_epi32(_mm256_add_epi32(v[kA], _mm256_set1_epi32(static_cast<int>(kT[kStep]))), w[k]);
    a = _mm256_add_epi32(a, f);
    constexpr int r = kR[kRound][kStep % 4];
    a = _mm256_or_si256(_mm256_slli_epi32(a, r), _mm256_srli_epi32(a, 32 - r));
    v[kA] = _mm256_add_epi32(b, a);
}
template <int... kS>
inline void steps(__m256i (&v)[4], const __m256i* w, std::integer_sequence<int, kS...>) { (step<kS>(v, w), ...); }

// blocks[l]: lane l's message (whole 64-byte blocks, `count` of them).
void md5x8_blocks(__m256i (&state)[4], const uint8_t* const* messages, size_t count) {
    const __m256i index = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    (void)index;
    for (size_t n = 0; n < count; n++) {
        __m256i w[16];
        // Transpose: word k of each lane's block (8x8 32-bit transposes of words 0-7 and 8-15).
        for (int half = 0; half < 2; half++) {
            __m256i r[8];
            for (int l = 0; l < 8; l++) r[l] = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(messages[l] + 64 * n + 32 * half));
            const __m256i t0 = _mm256_unpacklo_epi32(r[0], r[1]), t1 = _mm256_unpackhi_epi32(r[0], r[1]);
            const __m256i t2 = _mm256_unpacklo_epi32(r[2], r[3]), t3 = _mm256_unpackhi_epi32(r[2], r[3]);
            const __m256i t4 = _mm256_unpacklo_epi32(r[4], r[5]), t5 = _mm256_unpackhi_epi32(r[4], r[5]);
            const __m256i t6 = _mm256_unpacklo_epi32(r[6], r[7]), t7 = _mm256_unpackhi_epi32(r[6], r[7]);
            const __m256i u0 = _mm256_unpacklo_epi64(t0, t2), u1 = _mm256_unpackhi_epi64(t0, t2);
            const __m256i u2 = _mm256_unpacklo_epi64(t1, t3), u3 = _mm256_unpackhi_epi64(t1, t3);
            const __m256i u4 = _mm256_unpacklo_epi64(t4, t6), u5 = _mm256_unpackhi_epi64(t4, t6);
            const __m256i u6 = _mm256_unpacklo_epi64(t5, t7), u7 = _mm256_unpackhi_epi64(t5, t7);
            __m256i* o = w + 8 * half;
            o[0] = _mm256_permute2x128_si256(u0, u4, 0x20); o[1] = _mm256_permute2x128_si256(u1, u5, 0x20);
            o[2] = _mm256_permute2x128_si256(u2, u6, 0x20); o[3] = _mm256_permute2x128_si256(u3, u7, 0x20);
            o[4] = _mm256_permute2x128_si256(u0, u4, 0x31); o[5] = _mm256_permute2x128_si256(u1, u5, 0x31);
            o[6] = _mm256_permute2x128_si256(u2, u6, 0x31); o[7] = _mm256_permute2x128_si256(u3, u7, 0x31);
        }
        __m256i v[4] = {state[0], state[1], state[2], state[3]};
        steps(v, w, std::make_integer_sequence<int, 64>{});
        for (int i = 0; i < 4; i++) state[i] = _mm256_add_epi32(state[i], v[i]);
    }
}

int main() {
    const size_t bytes = 3840 * 2160;  // a 4K luma plane, whole blocks
    std::vector<std::vector<uint8_t>> m(8, std::vector<uint8_t>(bytes));
    std::mt19937 rng(5);
    for (auto& v : m) for (auto& x : v) x = static_cast<uint8_t>(rng());
    const uint8_t* p[8];
    for (int l = 0; l < 8; l++) p[l] = m[l].data();
    // Correctness: each lane's state after the blocks, then the padding block (the same length
    // for all lanes), against tc::Md5.
    __m256i state[4] = {_mm256_set1_epi32(0x67452301), _mm256_set1_epi32(static_cast<int>(0xefcdab89u)),
                        _mm256_set1_epi32(static_cast<int>(0x98badcfeu)), _mm256_set1_epi32(0x10325476)};
    auto t0 = std::chrono::steady_clock::now();
    md5x8_blocks(state, p, bytes / 64);
    auto t1 = std::chrono::steady_clock::now();
    uint8_t pad[64] = {0x80};
    const uint64_t bits = bytes * 8;
    for (int i = 0; i < 8; i++) pad[56 + i] = static_cast<uint8_t>(bits >> (8 * i));
    const uint8_t* pp[8];
    for (int l = 0; l < 8; l++) pp[l] = pad;
    md5x8_blocks(state, pp, 1);
    alignas(32) uint32_t s[4][8];
    for (int i = 0; i < 4; i++) _mm256_store_si256(reinterpret_cast<__m256i*>(s[i]), state[i]);
    int ok = 0;
    for (int l = 0; l < 8; l++) {
        tc::Md5 md5;
        md5.update(m[l].data(), bytes);
        const auto d = md5.finish();
        uint8_t mine[16];
        for (int i = 0; i < 4; i++) for (int j = 0; j < 4; j++) mine[4 * i + j] = static_cast<uint8_t>(s[i][l] >> (8 * j));
        ok += std::memcmp(mine, d.data(), 16) == 0;
    }
    // Timing: best of 5 each.
    double lanes = 1e9, one = 1e9, two = 1e9;
    for (int r = 0; r < 5; r++) {
        auto a = std::chrono::steady_clock::now();
        md5x8_blocks(state, p, bytes / 64);
        auto b = std::chrono::steady_clock::now();
        tc::Md5 x; x.update(m[0].data(), bytes);
        auto c = std::chrono::steady_clock::now();
        tc::Md5 y, z;
        for (size_t n = 0; n < bytes / 64; n++) tc::Md5::update_blocks(y, m[0].data() + 64 * n, z, m[1].data() + 64 * n);
        auto d = std::chrono::steady_clock::now();
        lanes = std::min(lanes, std::chrono::duration<double, std::milli>(b - a).count());
        one = std::min(one, std::chrono::duration<double, std::milli>(c - b).count());
        two = std::min(two, std::chrono::duration<double, std::milli>(d - c).count());
    }
    std::printf("lanes matching tc::Md5: %d of 8\n", ok);
    std::printf("4K luma plane (%.1f MB): one chain %.2f ms; two chains interleaved %.2f ms (%.2f a chain); eight AVX2 lanes %.2f ms (%.2f a chain)\n",
                bytes / 1e6, one, two, two / 2, lanes, lanes / 8);
    (void)t0; (void)t1;
}
