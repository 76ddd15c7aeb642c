// How a picture is cut into slices: each slice a band of whole CTU rows, the rows shared out
// as evenly as they go (the first slices take one more where they do not divide). A slice
// starts a fresh CABAC state and nothing is predicted across its upper boundary (H.265 6.4.1:
// a neighbour in another slice is unavailable), so the slices' wavefronts run side by side.
#pragma once
#include <algorithm>
#include <cstdint>
#include <vector>

namespace tc {

class SliceRows {
  public:
    SliceRows() : SliceRows(1, 1) {}
    // `slices` is clamped to [1, ctu_rows].
    SliceRows(int ctu_rows, int slices) {
        rows_ = std::max(ctu_rows, 1);
        const int count = std::clamp(slices, 1, rows_);
        first_.resize(static_cast<size_t>(count) + 1);
        for (int s = 0; s <= count; s++) {
            first_[static_cast<size_t>(s)] = s * (rows_ / count) + std::min(s, rows_ % count);
        }
        slice_of_row_.resize(static_cast<size_t>(rows_));
        for (int s = 0; s < count; s++) {
            for (int row = first_row(s); row < end_row(s); row++) slice_of_row_[static_cast<size_t>(row)] = s;
        }
    }

    int count() const { return static_cast<int>(first_.size()) - 1; }
    int rows() const { return rows_; }
    // Slice s covers CTU rows [first_row(s), end_row(s)).
    int first_row(int slice) const { return first_[static_cast<size_t>(slice)]; }
    int end_row(int slice) const { return first_[static_cast<size_t>(slice) + 1]; }
    int slice_of(int row) const { return slice_of_row_[static_cast<size_t>(row)]; }
    // The first CTU row of the slice that holds `row`.
    int first_row_of(int row) const { return first_row(slice_of(row)); }
    bool starts_slice(int row) const { return first_row_of(row) == row; }
    bool ends_slice(int row) const { return end_row(slice_of(row)) == row + 1; }

  private:
    int rows_ = 1;
    std::vector<int> first_;         // count + 1 entries: the slices' first rows, then rows_
    std::vector<int> slice_of_row_;  // per CTU row
};

}  // namespace tc
