// common/slice_rows.h's layout of a picture's CTU rows into slices in closed form, for the
// steps that the CPU mirror and the CUDA kernels share (no tables in device code): `slices`
// clamped to [1, ctu_rows], the first ctu_rows % count slices one row longer than the others.
#pragma once
#include "accel/host_device.h"

namespace tc {

struct SliceSpan {
    int first_row, end_row;  // CTU rows [first_row, end_row)
};

// The slice that holds CTU row `row` of a picture of ctu_rows rows cut into `slices` slices.
TC_HOST_DEVICE inline SliceSpan slice_span_of_row(int ctu_rows, int slices, int row) {
    const int count = slices < 1 ? 1 : slices > ctu_rows ? ctu_rows : slices;
    const int q = ctu_rows / count, m = ctu_rows % count;
    const int long_rows = m * (q + 1);  // the first m slices take q + 1 rows
    if (row < long_rows) {
        const int first = row / (q + 1) * (q + 1);
        return SliceSpan{first, first + q + 1};
    }
    const int first = long_rows + (row - long_rows) / q * q;
    return SliceSpan{first, first + q};
}

TC_HOST_DEVICE inline bool ctu_row_starts_slice(int ctu_rows, int slices, int row) {
    return slice_span_of_row(ctu_rows, slices, row).first_row == row;
}

}  // namespace tc
