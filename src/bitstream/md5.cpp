#include "bitstream/md5.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <utility>

#include "bitstream/md5_constants.h"

namespace tc {
namespace {

uint32_t load_le32(const uint8_t* p) {
    return uint32_t{p[0]} | (uint32_t{p[1]} << 8) | (uint32_t{p[2]} << 16) | (uint32_t{p[3]} << 24);
}

// One of the 64 steps (RFC 1321 3.4), with everything known at compile time so that the
// unrolled rounds keep the four words in registers: step s works on the words rotated s
// places, a = b + ((a + f(b, c, d) + X[k] + T[s]) <<< r).
template <int kStep>
inline void md5_step(uint32_t (&v)[4], const uint32_t* words) {
    constexpr int kRound = kStep / 16, kRotation = kMd5Rotations[kRound][kStep % 4];
    constexpr int kA = md5_word_a(kStep), kB = (kA + 1) % 4, kC = (kA + 2) % 4, kD = (kA + 3) % 4;
    const uint32_t b = v[kB], c = v[kC], d = v[kD];
    // The terms that do not wait for b first, so that only f(b, c, d) joins after b is known.
    const uint32_t early = v[kA] + kMd5SineTable[kStep] + words[md5_word_index(kStep)];
    uint32_t mixed;
    if constexpr (kRound == 0) {  // F(X,Y,Z) = XY v not(X) Z
        mixed = d ^ (b & (c ^ d));
    } else if constexpr (kRound == 1) {  // G(X,Y,Z) = XZ v Y not(Z)
        // The two terms share no bit, so v is +; Y not(Z) does not wait for b = X, which the
        // chain of steps does: written as a sum it joins the others before b is known.
        v[kA] = b + std::rotl(early + (c & ~d) + (b & d), kRotation);
        return;
    } else if constexpr (kRound == 2) {  // H(X,Y,Z) = X xor Y xor Z
        mixed = (c ^ d) ^ b;             // b, the newest word, last
    } else {                             // I(X,Y,Z) = Y xor (X v not(Z))
        mixed = c ^ (b | ~d);
    }
    v[kA] = b + std::rotl(early + mixed, kRotation);
}

template <int... kSteps>
inline void md5_steps(uint32_t (&v)[4], const uint32_t* words,
                      std::integer_sequence<int, kSteps...>) {
    (md5_step<kSteps>(v, words), ...);
}

// Two independent messages' steps side by side.
template <int... kSteps>
inline void md5_steps_two(uint32_t (&va)[4], const uint32_t* words_a, uint32_t (&vb)[4],
                          const uint32_t* words_b, std::integer_sequence<int, kSteps...>) {
    ((md5_step<kSteps>(va, words_a), md5_step<kSteps>(vb, words_b)), ...);
}

}  // namespace

void md5_compress(uint32_t (&state)[4], const uint8_t* block) {
    uint32_t words[16];
    for (int i = 0; i < 16; ++i) words[i] = load_le32(block + 4 * i);
    uint32_t v[4] = {state[0], state[1], state[2], state[3]};
    md5_steps(v, words, std::make_integer_sequence<int, 64>{});
    for (int i = 0; i < 4; ++i) state[i] += v[i];
}

void Md5::process_block(const uint8_t* block) {
    uint32_t v[4] = {state_[0], state_[1], state_[2], state_[3]};
    md5_compress(v, block);
    for (int i = 0; i < 4; ++i) state_[i] = v[i];
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

void Md5::update_lanes(Md5LanesKernel kernel, Md5* const* md5, const uint8_t* const* blocks,
                       size_t count) {
    alignas(32) uint32_t state[4][kMd5Lanes];
    const uint8_t* lane_blocks[kMd5Lanes];
    for (int lane = 0; lane < kMd5Lanes; lane++) {
        lane_blocks[lane] = md5[lane] ? blocks[lane] : nullptr;
        for (int i = 0; i < 4; i++)
            state[i][lane] = md5[lane] ? md5[lane]->state_[static_cast<size_t>(i)] : 0;
    }
    kernel(state, lane_blocks, count);
    for (int lane = 0; lane < kMd5Lanes; lane++) {
        if (!md5[lane]) continue;
        for (int i = 0; i < 4; i++) md5[lane]->state_[static_cast<size_t>(i)] = state[i][lane];
        md5[lane]->total_bytes_ += 64 * count;
    }
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
