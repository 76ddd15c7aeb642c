#include "predict/intra_references.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>

#include "common/block_types.h"

namespace tc {

namespace {

constexpr int kBitDepth = 8;

// H.265 clause 8.4.4.2.3, intraHorVerDistThres[nTbS] for nTbS = 8, 16, 32, indexed by log2(nTbS).
constexpr int kIntraHorVerDistThreshold[6] = {0, 0, 0, 7, 1, 0};

// biIntFlag of H.265 clause 8.4.4.2.3 without its size and colour component conditions.
bool edges_are_flat(const IntraReferences& refs) {
    const int size = refs.size;
    const int corner = refs.samples[2 * size];
    const int left_end = refs.samples[0];
    const int left_middle = refs.samples[size];  // p[-1][N-1]
    const int top_end = refs.samples[4 * size];
    const int top_middle = refs.samples[3 * size];  // p[N-1][-1]
    const int threshold = 1 << (kBitDepth - 5);
    return std::abs(corner + top_end - 2 * top_middle) < threshold &&
           std::abs(corner + left_end - 2 * left_middle) < threshold;
}

// Strong intra smoothing: each edge becomes the straight line from the corner to its far end.
void interpolate_edges(const IntraReferences& in, IntraReferences& out) {
    const int length = 2 * in.size;  // 64: the weights below sum to 64, hence ">> 6" and "+ 32"
    const int corner = in.samples[length];
    const int left_end = in.samples[0];
    const int top_end = in.samples[2 * length];
    out.samples[length] = static_cast<uint8_t>(corner);
    for (int k = 0; k < length; ++k) {
        // k = 0 is the sample next to the corner; k = 2N-1 reproduces the far end unchanged.
        const int left = ((length - 1 - k) * corner + (k + 1) * left_end + 32) >> 6;
        const int top = ((length - 1 - k) * corner + (k + 1) * top_end + 32) >> 6;
        out.samples[length - 1 - k] = static_cast<uint8_t>(left);
        out.samples[length + 1 + k] = static_cast<uint8_t>(top);
    }
}

void smooth_121(const IntraReferences& in, IntraReferences& out) {
    const int last = 4 * in.size;
    out.samples[0] = in.samples[0];
    out.samples[last] = in.samples[last];
    for (int i = 1; i < last; ++i) {
        out.samples[i] = static_cast<uint8_t>(
            (in.samples[i - 1] + 2 * in.samples[i] + in.samples[i + 1] + 2) >> 2);
    }
}

// gather_intra_references without constrained intra prediction. The available references then
// have a simple shape: MinTbAddrZs grows strictly down a column and along a row (z-order inside a
// CTU, raster order between CTUs) and the plane ends below and to the right, so the available part
// of the left column is a run from its top (rows y .. y + left - 1) and that of the top row a run
// from its left end. Each 4x4 luma block is still decided at the sample the per-sample procedure
// meets first; the scans stop at the first unavailable one.
void gather_without_constraint(const uint8_t* plane, ptrdiff_t stride, int plane_width,
                               int plane_height, int x, int y, int size, int chroma_shift,
                               const ZscanAvailability& availability, int64_t curr_address,
                               const uint8_t* above_row, IntraReferences& out) {
    const int extent = 2 * size, corner = 2 * size;
    const int unit_mask = (4 >> chroma_shift) - 1;
    auto available = [&](int plane_x, int plane_y) {
        return availability.available_to(curr_address, plane_x << chroma_shift,
                                         plane_y << chroma_shift);
    };
    int left = 0;  // available rows of the left column, from row y down
    if (x >= 1) {
        const int rows = std::clamp(plane_height - y, 0, extent);
        while (left < rows) {
            const int unit_end = std::min(rows, ((y + left) | unit_mask) + 1 - y);
            if (!available(x - 1, y + unit_end - 1)) break;  // the unit's bottom-most sample
            left = unit_end;
        }
    }
    int top = 0;  // available samples of the top row, from column x on
    if (y >= 1) {
        const int columns = std::clamp(plane_width - x, 0, extent);
        while (top < columns) {
            const int unit_end = std::min(columns, ((x + top) | unit_mask) + 1 - x);
            if (!available(x + top, y - 1)) break;  // the unit's left-most sample
            top = unit_end;
        }
    }
    const bool corner_available = x >= 1 && y >= 1 && available(x - 1, y - 1);

    const uint8_t* left_column = plane + y * stride + (x - 1);
    for (int k = 0; k < left; ++k) out.samples[corner - 1 - k] = left_column[k * stride];
    if (corner_available) out.samples[corner] = above_row[x - 1];
    if (top > 0) std::memcpy(out.samples + corner + 1, above_row + x, static_cast<size_t>(top));
    if (left == extent && corner_available && top == extent) return;

    // Substitution (clause 8.4.4.2.2) for this shape: the samples before the first available one
    // take its value, every later unavailable one its predecessor's.
    if (left == 0 && !corner_available && top == 0) {
        std::fill_n(out.samples, 4 * size + 1, static_cast<uint8_t>(1 << (kBitDepth - 1)));
        return;
    }
    const int first = left > 0 ? corner - left : corner_available ? corner : corner + 1;
    std::fill_n(out.samples, first, out.samples[first]);
    if (!corner_available && left > 0) out.samples[corner] = out.samples[corner - 1];
    std::fill_n(out.samples + corner + 1 + top, extent - top, out.samples[corner + top]);
}

}  // namespace

void gather_intra_references(const uint8_t* plane, ptrdiff_t stride, int plane_width,
                             int plane_height, int x, int y, int size, int chroma_shift,
                             const ZscanAvailability& availability, IntraReferences& out,
                             const BlockInfoMap* intra_only, const uint8_t* above_row) {
    out.size = size;
    if (above_row == nullptr) above_row = plane + (y - 1) * stride;  // read only where y >= 1
    const int corner = 2 * size;
    const int luma_x_curr = x << chroma_shift, luma_y_curr = y << chroma_shift;
    const int64_t curr_address = availability.min_tb_address_zs(luma_x_curr, luma_y_curr);
    // Availability is a property of the 4x4 luma block a sample lies in: it is decided once per
    // run of samples in one such block, at the run's first sample inside the plane.
    const int unit_mask = (4 >> chroma_shift) - 1;
    auto unit_available = [&](int plane_x, int plane_y) {
        const int luma_x = plane_x << chroma_shift, luma_y = plane_y << chroma_shift;
        if (!availability.available_to(curr_address, luma_x, luma_y)) return false;
        if (intra_only == nullptr) return true;
        const BlockInfo* info = intra_only->find(luma_x, luma_y);
        return info != nullptr && info->pred_mode == PredMode::kIntra;
    };
    if (intra_only == nullptr) {
        gather_without_constraint(plane, stride, plane_width, plane_height, x, y, size, chroma_shift,
                                  availability, curr_address, above_row, out);
        return;
    }
    // Constrained intra prediction: inter blocks leave holes anywhere, so each run of samples in
    // one 4x4 luma block is decided and copied on its own.
    bool is_available[4 * 32 + 1];
    bool all_available = true;

    // The left column, bottom-up: samples[i] = p[-1][2N-1-i] at (x - 1, y + 2N-1-i).
    const int left_x = x - 1;
    const bool left_column_inside = left_x >= 0 && left_x < plane_width;
    for (int i = 0; i < corner;) {
        const int bottom = y + corner - 1 - i;  // the run goes up to the top of its unit
        const int run = std::min(corner - i, (bottom & unit_mask) + 1);
        const int first_inside = std::min(bottom, plane_height - 1);  // rows >= 0 here
        const bool run_available = left_column_inside && first_inside >= bottom - run + 1 &&
                                   unit_available(left_x, first_inside);
        for (int k = 0; k < run; ++k) {
            const int row = bottom - k;
            const bool sample_available = run_available && row <= first_inside;
            is_available[i + k] = sample_available;
            out.samples[i + k] = sample_available ? plane[row * stride + left_x] : 0;
            all_available &= sample_available;
        }
        i += run;
    }

    // The corner p[-1][-1].
    const int top_y = y - 1;
    const bool top_row_inside = top_y >= 0 && top_y < plane_height;
    const bool corner_available = top_row_inside && left_column_inside && unit_available(left_x, top_y);
    is_available[corner] = corner_available;
    out.samples[corner] = corner_available ? above_row[left_x] : 0;
    all_available &= corner_available;

    // The top row, left to right: samples[2N+1+j] = p[j][-1] at (x + j, y - 1).
    for (int j = 0; j < corner;) {
        const int left = x + j;  // x >= 0: the run starts inside on the left
        const int run = std::min(corner - j, unit_mask + 1 - (left & unit_mask));
        const int inside = top_row_inside ? std::clamp(plane_width - left, 0, run) : 0;
        const bool run_available = inside > 0 && unit_available(left, top_y);
        const int copied = run_available ? inside : 0;
        uint8_t* destination = out.samples + corner + 1 + j;
        if (copied > 0) std::memcpy(destination, above_row + left, static_cast<size_t>(copied));
        std::fill_n(destination + copied, run - copied, uint8_t{0});
        std::fill_n(is_available + corner + 1 + j, copied, true);
        std::fill_n(is_available + corner + 1 + j + copied, run - copied, false);
        all_available &= copied == run;
        j += run;
    }

    if (!all_available) substitute_intra_references(is_available, out);
}

void substitute_intra_references(const bool* is_available, IntraReferences& refs) {
    const int count = 4 * refs.size + 1;
    int first_available = 0;
    while (first_available < count && !is_available[first_available]) ++first_available;
    if (first_available == count) {
        std::fill_n(refs.samples, count, static_cast<uint8_t>(1 << (kBitDepth - 1)));
        return;
    }
    refs.samples[0] = refs.samples[first_available];
    for (int i = 1; i < count; ++i) {
        if (!is_available[i]) refs.samples[i] = refs.samples[i - 1];
    }
}

bool intra_filter_applies(int log2_size, int mode) {
    if (mode == kIntraDc || log2_size == 2) return false;
    const int distance_to_hor_ver =
        std::min(std::abs(mode - kIntraVertical), std::abs(mode - kIntraHorizontal));
    return distance_to_hor_ver > kIntraHorVerDistThreshold[log2_size];
}

void filter_intra_references(const IntraReferences& in, int log2_size, bool strong_intra_smoothing,
                             IntraReferences& out) {
    const IntraReferences source = in;  // lets `in` and `out` be the same object
    out.size = source.size;
    if (strong_intra_smoothing && log2_size == 5 && edges_are_flat(source)) {
        interpolate_edges(source, out);
    } else {
        smooth_121(source, out);
    }
}

}  // namespace tc
