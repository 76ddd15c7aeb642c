// One sample plane with a padded border, rows 64-byte aligned.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>

namespace tc {

class Plane {
public:
    // Allocates width x height samples with `padding` extra samples on every side.
    // Returns false when memory is short.
    bool allocate(int width, int height, int padding);

    int width() const { return width_; }
    int height() const { return height_; }
    ptrdiff_t stride() const { return stride_; }
    uint8_t* data() { return origin_; }
    const uint8_t* data() const { return origin_; }
    uint8_t* row(int y) { return origin_ + y * stride_; }
    const uint8_t* row(int y) const { return origin_ + y * stride_; }
    uint8_t* at(int x, int y) { return origin_ + y * stride_ + x; }
    const uint8_t* at(int x, int y) const { return origin_ + y * stride_ + x; }

    // Copies a tightly packed source of src_width x src_height (<= this plane's size)
    // and replicates its right and bottom edges over the rest of the plane.
    void fill_from(const uint8_t* src, int src_width, int src_height);
    // fill_from for rows [first_row, end_row) only (disjoint ranges may run in parallel).
    void fill_rows_from(const uint8_t* src, int src_width, int src_height, int first_row, int end_row);
    // Copies the top-left region of out_width x out_height into a tightly packed buffer.
    void copy_to(uint8_t* dst, int out_width, int out_height) const;

    // The whole allocation, padding included (for page-locking it for GPU uploads).
    const uint8_t* allocation() const { return buffer_.get(); }
    size_t allocation_bytes() const { return allocation_bytes_; }

private:
    struct AlignedFree {
        void operator()(uint8_t* p) const;
    };
    std::unique_ptr<uint8_t, AlignedFree> buffer_;
    uint8_t* origin_ = nullptr;
    int width_ = 0, height_ = 0, padding_ = 0;
    ptrdiff_t stride_ = 0;
    size_t allocation_bytes_ = 0;
};

// A 4:2:0 picture: planes[0] luma, planes[1] Cb, planes[2] Cr.
struct Picture {
    Plane planes[3];
    bool allocate(int luma_width, int luma_height, int padding) {
        return planes[0].allocate(luma_width, luma_height, padding) &&
               planes[1].allocate(luma_width / 2, luma_height / 2, padding / 2) &&
               planes[2].allocate(luma_width / 2, luma_height / 2, padding / 2);
    }
};

}  // namespace tc
