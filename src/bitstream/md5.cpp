#include "bitstream/md5.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <utility>

namespace tc {
namespace {

// RFC 1321 3.4: T[i] = floor(2^32 * abs(sin(i + 1))).
constexpr uint32_t kSineTable[64] = {
    0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
    0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
    0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
    0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
    0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
    0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
    0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
    0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391,
};

// RFC 1321 3.4: left-rotation amounts, four per round.
constexpr int kRotations[4][4] = {
    {7, 12, 17, 22}, {5, 9, 14, 20}, {4, 11, 16, 23}, {6, 10, 15, 21}};

uint32_t load_le32(const uint8_t* p) {
    return uint32_t{p[0]} | (uint32_t{p[1]} << 8) | (uint32_t{p[2]} << 16) | (uint32_t{p[3]} << 24);
}

// One of the 64 steps (RFC 1321 3.4), with everything known at compile time so that the
// unrolled rounds keep the four words in registers: step s works on the words rotated s
// places, a = b + ((a + f(b, c, d) + X[k] + T[s]) <<< r).
template <int kStep>
inline void md5_step(uint32_t (&v)[4], const uint32_t* words) {
    constexpr int kRound = kStep / 16;
    constexpr int kA = (4 - kStep % 4) % 4, kB = (kA + 1) % 4, kC = (kA + 2) % 4, kD = (kA + 3) % 4;
    const uint32_t b = v[kB], c = v[kC], d = v[kD];
    uint32_t mixed;
    int word_index;
    if constexpr (kRound == 0) {  // F(X,Y,Z) = XY v not(X) Z
        mixed = d ^ (b & (c ^ d));
        word_index = kStep;
    } else if constexpr (kRound == 1) {  // G(X,Y,Z) = XZ v Y not(Z)
        // The two terms share no bit, so v is +; Y not(Z) does not wait for b = X, which the
        // chain of steps does: written as a sum it joins the others before b is known.
        word_index = (5 * kStep + 1) % 16;
        const uint32_t early = v[kA] + kSineTable[kStep] + words[word_index] + (c & ~d);
        v[kA] = b + std::rotl(early + (b & d), kRotations[kRound][kStep % 4]);
        return;
    } else if constexpr (kRound == 2) {  // H(X,Y,Z) = X xor Y xor Z
        mixed = (c ^ d) ^ b;  // b, the newest word, last
        word_index = (3 * kStep + 5) % 16;
    } else {  // I(X,Y,Z) = Y xor (X v not(Z))
        mixed = c ^ (b | ~d);
        word_index = (7 * kStep) % 16;
    }
    // The terms that do not wait for b first, so that only f(b, c, d) joins after b is known.
    const uint32_t early = v[kA] + kSineTable[kStep] + words[word_index];
    v[kA] = b + std::rotl(early + mixed, kRotations[kRound][kStep % 4]);
}

template <int... kSteps>
inline void md5_steps(uint32_t (&v)[4], const uint32_t* words, std::integer_sequence<int, kSteps...>) {
    (md5_step<kSteps>(v, words), ...);
}

// Two independent messages' steps side by side.
template <int... kSteps>
inline void md5_steps_two(uint32_t (&va)[4], const uint32_t* words_a, uint32_t (&vb)[4], const uint32_t* words_b,
                          std::integer_sequence<int, kSteps...>) {
    ((md5_step<kSteps>(va, words_a), md5_step<kSteps>(vb, words_b)), ...);
}

}  // namespace

void Md5::process_block(const uint8_t* block) {
    uint32_t words[16];
    for (int i = 0; i < 16; ++i) words[i] = load_le32(block + 4 * i);
    uint32_t v[4] = {state_[0], state_[1], state_[2], state_[3]};
    md5_steps(v, words, std::make_integer_sequence<int, 64>{});
    for (int i = 0; i < 4; ++i) state_[i] += v[i];
}

void Md5::update_block(const uint8_t* block) {
    total_bytes_ += 64;
    process_block(block);
}

void Md5::update_blocks(Md5& a, const uint8_t* block_a, Md5& b, const uint8_t* block_b) {
    uint32_t words_a[16], words_b[16];
    for (int i = 0; i < 16; ++i) {
        words_a[i] = load_le32(block_a + 4 * i);
        words_b[i] = load_le32(block_b + 4 * i);
    }
    uint32_t va[4] = {a.state_[0], a.state_[1], a.state_[2], a.state_[3]};
    uint32_t vb[4] = {b.state_[0], b.state_[1], b.state_[2], b.state_[3]};
    md5_steps_two(va, words_a, vb, words_b, std::make_integer_sequence<int, 64>{});
    for (int i = 0; i < 4; ++i) {
        a.state_[i] += va[i];
        b.state_[i] += vb[i];
    }
    a.total_bytes_ += 64;
    b.total_bytes_ += 64;
}

void Md5::update(const uint8_t* data, size_t size) {
    total_bytes_ += size;
    if (buffered_ > 0) {
        const size_t take = std::min(size, buffer_.size() - buffered_);
        std::memcpy(buffer_.data() + buffered_, data, take);
        buffered_ += take;
        data += take;
        size -= take;
        if (buffered_ < buffer_.size()) return;
        process_block(buffer_.data());
        buffered_ = 0;
    }
    for (; size >= 64; data += 64, size -= 64) process_block(data);
    if (size > 0) {
        std::memcpy(buffer_.data(), data, size);
        buffered_ = size;
    }
}

std::array<uint8_t, 16> Md5::finish() {
    // RFC 1321 3.1-3.2: a 1 bit, zeros to 56 mod 64 bytes, then the bit length, little-endian.
    const uint64_t bit_length = total_bytes_ * 8;
    uint8_t padding[72] = {0x80};
    const size_t padding_size = (buffered_ < 56) ? 56 - buffered_ : 120 - buffered_;
    for (int i = 0; i < 8; ++i)
        padding[padding_size + i] = static_cast<uint8_t>(bit_length >> (8 * i));
    update(padding, padding_size + 8);

    std::array<uint8_t, 16> digest;
    for (int i = 0; i < 4; ++i)
        for (int j = 0; j < 4; ++j) digest[4 * i + j] = static_cast<uint8_t>(state_[i] >> (8 * j));
    *this = Md5{};
    return digest;
}

}  // namespace tc
