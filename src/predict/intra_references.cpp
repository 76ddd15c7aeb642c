#include "predict/intra_references.h"

#include <algorithm>
#include <cstdlib>

namespace tc {

namespace {

constexpr int kBitDepth = 8;

// H.265 clause 8.4.4.2.3, intraHorVerDistThres[nTbS] for nTbS = 8, 16, 32, indexed by log2(nTbS).
constexpr int kIntraHorVerDistThreshold[6] = {0, 0, 0, 7, 1, 0};

constexpr int kDcMode = 1;

// Position in this plane of reference sample `index` (see IntraReferences) of the block at (x, y).
struct SamplePosition {
    int x;
    int y;
};

SamplePosition reference_position(int x, int y, int size, int index) {
    const int corner = 2 * size;
    if (index <= corner) return {x - 1, y + (corner - 1 - index)};
    return {x + (index - corner - 1), y - 1};
}

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

}  // namespace

void gather_intra_references(const uint8_t* plane, ptrdiff_t stride, int plane_width,
                             int plane_height, int x, int y, int size, int chroma_shift,
                             const ZscanAvailability& availability, IntraReferences& out,
                             const BlockInfoMap* intra_only) {
    const int count = 4 * size + 1;
    bool is_available[4 * 32 + 1];
    out.size = size;
    const int x_curr_luma = x << chroma_shift;
    const int y_curr_luma = y << chroma_shift;
    // Availability is a property of the 4x4 luma block a sample lies in: check it once per block.
    int checked_unit_x = -1, checked_unit_y = -1;
    bool unit_available = false;
    for (int i = 0; i < count; ++i) {
        const SamplePosition p = reference_position(x, y, size, i);
        const bool inside_plane = p.x >= 0 && p.y >= 0 && p.x < plane_width && p.y < plane_height;
        if (inside_plane) {
            const int luma_x = p.x << chroma_shift, luma_y = p.y << chroma_shift;
            if ((luma_x >> 2) != checked_unit_x || (luma_y >> 2) != checked_unit_y) {
                checked_unit_x = luma_x >> 2;
                checked_unit_y = luma_y >> 2;
                unit_available = availability.available(x_curr_luma, y_curr_luma, luma_x, luma_y);
                if (unit_available && intra_only != nullptr) {
                    const BlockInfo* info = intra_only->find(luma_x, luma_y);
                    unit_available = info != nullptr && info->pred_mode == PredMode::kIntra;
                }
            }
        }
        is_available[i] = inside_plane && unit_available;
        out.samples[i] = is_available[i] ? plane[p.y * stride + p.x] : 0;
    }
    substitute_intra_references(is_available, out);
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
    if (mode == kDcMode || log2_size == 2) return false;
    const int distance_to_hor_ver = std::min(std::abs(mode - 26), std::abs(mode - 10));
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
