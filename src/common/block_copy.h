// Copies of small blocks of 8-bit samples (4..64 wide), the analysis' most frequent copies:
// a prediction into the reconstruction, a snapshot of a CU's samples and back. With the width
// known at compile time each row is a few register moves; a memcpy of a run-time length is a
// library call per row (4.4 % of a two-thread bikes ultrafast encode was memmove, most of it
// from these rows).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace tc {

namespace detail {

template <int kWidth>
inline void copy_rows(uint8_t* destination, ptrdiff_t destination_stride, const uint8_t* source,
                      ptrdiff_t source_stride, int height) {
    for (int row = 0; row < height; row++) {
        std::memcpy(destination + row * destination_stride, source + row * source_stride, kWidth);
    }
}

}  // namespace detail

inline void copy_block(uint8_t* destination, ptrdiff_t destination_stride, const uint8_t* source,
                       ptrdiff_t source_stride, int width, int height) {
    switch (width) {
        case 4: return detail::copy_rows<4>(destination, destination_stride, source, source_stride, height);
        case 8: return detail::copy_rows<8>(destination, destination_stride, source, source_stride, height);
        case 16: return detail::copy_rows<16>(destination, destination_stride, source, source_stride, height);
        case 32: return detail::copy_rows<32>(destination, destination_stride, source, source_stride, height);
        case 64: return detail::copy_rows<64>(destination, destination_stride, source, source_stride, height);
        default:
            for (int row = 0; row < height; row++) {
                std::memcpy(destination + row * destination_stride, source + row * source_stride,
                            static_cast<size_t>(width));
            }
    }
}

}  // namespace tc
