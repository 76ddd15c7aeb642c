#include "picture/plane.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <new>

namespace tc {

namespace {
constexpr size_t kAlignment = 64;
constexpr ptrdiff_t align_up(ptrdiff_t value) {
    return (value + kAlignment - 1) / kAlignment * kAlignment;
}
}  // namespace

void Plane::AlignedFree::operator()(uint8_t* p) const { std::free(p); }

bool Plane::allocate(int width, int height, int padding) {
    const ptrdiff_t padded_padding = align_up(padding);
    const ptrdiff_t stride = align_up(width + 2 * padded_padding);
    const size_t rows = static_cast<size_t>(height) + 2 * padding;
    void* memory = std::aligned_alloc(kAlignment, static_cast<size_t>(stride) * rows);
    if (memory == nullptr) return false;
    // Not cleared: every sample is written before it is read, and pages nobody touches (the
    // picture buffers a short GOP never uses) then cost neither time nor memory.
    buffer_.reset(static_cast<uint8_t*>(memory));
    width_ = width;
    height_ = height;
    padding_ = padding;
    stride_ = stride;
    allocation_bytes_ = static_cast<size_t>(stride) * rows;
    origin_ = buffer_.get() + padding * stride + padded_padding;
    return true;
}

void Plane::fill_from(const uint8_t* src, int src_width, int src_height) {
    fill_rows_from(src, src_width, src_height, 0, height_);
}

void Plane::fill_rows_from(const uint8_t* src, int src_width, int src_height, int first_row, int end_row) {
    for (int y = std::max(first_row, 0); y < std::min(end_row, height_); y++) {
        const uint8_t* src_row = src + static_cast<ptrdiff_t>(std::min(y, src_height - 1)) * src_width;
        uint8_t* dst = row(y);
        std::memcpy(dst, src_row, static_cast<size_t>(src_width));
        std::memset(dst + src_width, src_row[src_width - 1], static_cast<size_t>(width_ - src_width));
    }
}

void Plane::copy_to(uint8_t* dst, int out_width, int out_height) const {
    for (int y = 0; y < out_height; y++) {
        std::memcpy(dst + static_cast<ptrdiff_t>(y) * out_width, row(y), static_cast<size_t>(out_width));
    }
}

}  // namespace tc
