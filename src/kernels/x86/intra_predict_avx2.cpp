// AVX2 intra sample prediction (H.265 clauses 8.4.4.2.4 to 8.4.4.2.6), one kernel per block size,
// bit-exact with the scalar reference in src/predict/intra_predict.cpp.
//
// Angular modes interpolate pairs of reference samples with pmaddubsw on the byte weights
// (32 - f, f); pmulhrsw by 1 << 10 is the "+ 16 >> 5" of the spec. The vertical modes (18..34)
// read each row as a run of the reference line. The horizontal ones (2..17) are predicted row by
// row too, without a transpose: column x of a row takes the pair at a fixed offset idx(x) from the
// row's start, so one 16-byte window of the reference line and a pshufb per 16 columns gather a
// row (the offsets of 16 columns span at most 15 bytes). Planar and DC use 16-bit arithmetic.
#include <immintrin.h>

#include <algorithm>
#include <array>
#include <cstring>

#include "common/block_types.h"
#include "kernels/x86/kernel_init_x86.h"
#include "kernels/x86/simd_loads_x86.h"
#include "predict/intra_predict.h"

namespace tc {
namespace {

constexpr int kFirstVerticalMode = 18;

constexpr int log2_of(int size) {
    return size == 4 ? 2 : size == 8 ? 3 : size == 16 ? 4 : 5;
}

inline uint32_t load_u32(const uint8_t* p) {
    uint32_t value;
    std::memcpy(&value, p, 4);
    return value;
}
inline uint64_t load_u64(const uint8_t* p) {
    uint64_t value;
    std::memcpy(&value, p, 8);
    return value;
}

inline uint8_t clip_pixel(int value) {
    return static_cast<uint8_t>(std::clamp(value, 0, 255));
}

// The byte pair (32 - f, f) as one 16-bit lane for pmaddubsw: the first sample gets 32 - f.
inline int interpolation_weights(int fraction) {
    return (fraction << 8) | (32 - fraction);
}

// (x + 16) >> 5 for the 16-bit sums of pmaddubsw (0..8160).
inline __m256i round_shift_5(__m256i sums) {
    return _mm256_mulhrs_epi16(sums, _mm256_set1_epi16(1 << 10));
}

inline void store_8_bytes(uint8_t* p, __m128i v) {
    _mm_storel_epi64(reinterpret_cast<__m128i*>(p), v);
}
inline void store_16_bytes(uint8_t* p, __m128i v) {
    _mm_storeu_si128(reinterpret_cast<__m128i*>(p), v);
}
inline void store_4_bytes(uint8_t* p, int v) {
    std::memcpy(p, &v, 4);
}

// Four rows of 8 samples from packus(A, B) with A = rows (0 | 1), B = rows (2 | 3) by lane: lane 0
// holds rows 0 and 2, lane 1 rows 1 and 3.
inline void store_4_rows_8(__m256i packed, uint8_t* prediction, ptrdiff_t stride) {
    const __m128i low = _mm256_castsi256_si128(packed), high = _mm256_extracti128_si256(packed, 1);
    store_8_bytes(prediction, low);
    store_8_bytes(prediction + stride, high);
    // The upper halves (no double stores: the rows need not be 8-byte aligned).
    store_8_bytes(prediction + 2 * stride, _mm_unpackhi_epi64(low, low));
    store_8_bytes(prediction + 3 * stride, _mm_unpackhi_epi64(high, high));
}

// Four rows of 4 samples from packus(R, R) with R = rows (0, 1 | 2, 3) by lane.
inline void store_4_rows_4(__m256i packed, uint8_t* prediction, ptrdiff_t stride) {
    const __m128i low = _mm256_castsi256_si128(packed), high = _mm256_extracti128_si256(packed, 1);
    store_4_bytes(prediction, _mm_cvtsi128_si32(low));
    store_4_bytes(prediction + stride, _mm_extract_epi32(low, 1));
    store_4_bytes(prediction + 2 * stride, _mm_cvtsi128_si32(high));
    store_4_bytes(prediction + 3 * stride, _mm_extract_epi32(high, 1));
}

// ---- the reference line ref[] of clause 8.4.4.2.6
// -------------------------------------------------

// ref[-32..-1], ref[0..2N] and 32 bytes of padding, so that the loads below never leave the buffer
// and read only defined bytes (the padding repeats ref[2N]; its samples always get weight 0 or
// land in lanes that are not stored).
struct ReferenceLine {
    alignas(32) uint8_t storage[32 + 65 + 32 + 31];
    uint8_t* ref() { return storage + 32; }
};

// ref[0..2N] = references[2N..0]: the left column read upwards from the corner.
template <int N>
void copy_reversed(const uint8_t* references, uint8_t* ref) {
    if constexpr (N == 4) {
        const __m128i reverse = _mm_setr_epi8(7, 6, 5, 4, 3, 2, 1, 0, 15, 14, 13, 12, 11, 10, 9, 8);
        store_8_bytes(ref, _mm_shuffle_epi8(load_8_bytes(references + 1), reverse));
    } else {
        const __m128i reverse = _mm_setr_epi8(15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
        for (int chunk = 0; chunk < 2 * N / 16; chunk++) {
            const __m128i source = load_16_bytes(references + 2 * N - 16 * chunk - 15);
            store_16_bytes(ref + 16 * chunk, _mm_shuffle_epi8(source, reverse));
        }
    }
    ref[2 * N] = references[0];
}

// Builds ref[] for an angular mode: the main edge (the top row for the vertical modes, the left
// column for the horizontal ones) from the corner on, extended for negative angles by projecting
// the side edge onto it (the invAngle equation of clause 8.4.4.2.6).
template <int N>
const uint8_t* build_reference_line(const uint8_t* references, int mode, ReferenceLine& line) {
    uint8_t* ref = line.ref();
    const bool vertical = mode >= kFirstVerticalMode;
    if (vertical) {
        std::memcpy(ref, references + 2 * N, 2 * N + 1);
    } else {
        copy_reversed<N>(references, ref);
    }
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(ref + 2 * N + 1),
                        _mm256_set1_epi8(static_cast<char>(ref[2 * N])));
    const int angle = kIntraPredAngle[mode];
    const int first = (N * angle) >> 5;
    if (angle < 0 && first < -1) {
        const int inverse_angle = kIntraInverseAngle[mode - 11];
        // side[k] = references[2N - k] (left column) or references[2N + k] (top row).
        const uint8_t* corner = references + 2 * N;
        const int direction = vertical ? -1 : 1;
        for (int x = first; x <= -1; x++)
            ref[x] = corner[direction * ((x * inverse_angle + 128) >> 8)];
    }
    return ref;
}

// ---- vertical modes: each row is a run of ref[] ------------------------------------------------

struct RowStep {
    int index;    // iIdx
    int weights;  // interpolation_weights(iFact)
};

inline RowStep row_step(int y, int angle) {
    const int position = (y + 1) * angle;
    return {position >> 5, interpolation_weights(position & 31)};
}

// Rows of 8 samples: the pairs (ref[i], ref[i + 1]) of one row from a 16-byte load.
inline __m256i two_rows_8(const uint8_t* ref, RowStep first, RowStep second) {
    const __m256i pairs = _mm256_setr_epi8(0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8,  //
                                           0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8);
    const __m256i samples = load_two_rows_16(ref + first.index + 1, ref + second.index + 1);
    const __m256i weights =
        _mm256_inserti128_si256(_mm256_set1_epi16(static_cast<short>(first.weights)),
                                _mm_set1_epi16(static_cast<short>(second.weights)), 1);
    return round_shift_5(_mm256_maddubs_epi16(_mm256_shuffle_epi8(samples, pairs), weights));
}

template <int N>
void predict_vertical_angular(const uint8_t* ref, int angle, uint8_t* prediction,
                              ptrdiff_t stride) {
    if constexpr (N == 4) {
        RowStep steps[4];
        for (int y = 0; y < 4; y++) steps[y] = row_step(y, angle);
        const __m128i rows01 = _mm_unpacklo_epi64(load_8_bytes(ref + steps[0].index + 1),
                                                  load_8_bytes(ref + steps[1].index + 1));
        const __m128i rows23 = _mm_unpacklo_epi64(load_8_bytes(ref + steps[2].index + 1),
                                                  load_8_bytes(ref + steps[3].index + 1));
        const __m256i pairs =
            _mm256_setr_epi8(0, 1, 1, 2, 2, 3, 3, 4, 8, 9, 9, 10, 10, 11, 11, 12,  //
                             0, 1, 1, 2, 2, 3, 3, 4, 8, 9, 9, 10, 10, 11, 11, 12);
        const __m256i samples = _mm256_shuffle_epi8(
            _mm256_inserti128_si256(_mm256_castsi128_si256(rows01), rows23, 1), pairs);
        const __m256i weights =
            _mm256_setr_epi64x((static_cast<int64_t>(steps[0].weights) * 0x0001000100010001LL),
                               static_cast<int64_t>(steps[1].weights) * 0x0001000100010001LL,
                               static_cast<int64_t>(steps[2].weights) * 0x0001000100010001LL,
                               static_cast<int64_t>(steps[3].weights) * 0x0001000100010001LL);
        const __m256i values = round_shift_5(_mm256_maddubs_epi16(samples, weights));
        store_4_rows_4(_mm256_packus_epi16(values, values), prediction, stride);
    } else if constexpr (N == 8) {
        for (int y = 0; y < 8; y += 4) {
            const __m256i rows01 = two_rows_8(ref, row_step(y, angle), row_step(y + 1, angle));
            const __m256i rows23 = two_rows_8(ref, row_step(y + 2, angle), row_step(y + 3, angle));
            store_4_rows_8(_mm256_packus_epi16(rows01, rows23), prediction + y * stride, stride);
        }
    } else if constexpr (N == 16) {
        for (int y = 0; y < 16; y += 2) {
            const RowStep first = row_step(y, angle), second = row_step(y + 1, angle);
            const __m256i a = load_two_rows_16(ref + first.index + 1, ref + second.index + 1);
            const __m256i b = load_two_rows_16(ref + first.index + 2, ref + second.index + 2);
            const __m256i weights =
                _mm256_inserti128_si256(_mm256_set1_epi16(static_cast<short>(first.weights)),
                                        _mm_set1_epi16(static_cast<short>(second.weights)), 1);
            const __m256i low =
                round_shift_5(_mm256_maddubs_epi16(_mm256_unpacklo_epi8(a, b), weights));
            const __m256i high =
                round_shift_5(_mm256_maddubs_epi16(_mm256_unpackhi_epi8(a, b), weights));
            const __m256i packed = _mm256_packus_epi16(low, high);
            store_16_bytes(prediction + y * stride, _mm256_castsi256_si128(packed));
            store_16_bytes(prediction + (y + 1) * stride, _mm256_extracti128_si256(packed, 1));
        }
    } else {
        for (int y = 0; y < 32; y++) {
            const RowStep step = row_step(y, angle);
            const __m256i a = load_32_bytes(ref + step.index + 1);
            const __m256i b = load_32_bytes(ref + step.index + 2);
            const __m256i weights = _mm256_set1_epi16(static_cast<short>(step.weights));
            const __m256i low =
                round_shift_5(_mm256_maddubs_epi16(_mm256_unpacklo_epi8(a, b), weights));
            const __m256i high =
                round_shift_5(_mm256_maddubs_epi16(_mm256_unpackhi_epi8(a, b), weights));
            _mm256_storeu_si256(reinterpret_cast<__m256i*>(prediction + y * stride),
                                _mm256_packus_epi16(low, high));
        }
    }
}

// ---- horizontal modes: each row gathered from a window of ref[] --------------------------------

// For one size and one horizontal mode: per column x, the offsets in the row's window of the
// samples ref[y + idx(x) + 1] and ref[y + idx(x) + 2] (the same one twice when f(x) is 0, so that
// angle 32 needs no 17th byte) and their weights; per block of 16 columns, where the window starts
// in ref[] for row 0. Row y's window starts y samples later.
struct GatherPattern {
    std::array<uint8_t, 64> offsets{};
    std::array<uint8_t, 64> weights{};
    std::array<int, 2> window_start{};
};

constexpr GatherPattern make_gather_pattern(int size, int mode) {
    GatherPattern pattern;
    const int angle = kIntraPredAngle[mode];
    for (int block = 0; block * 16 < size; block++) {
        const int begin = block * 16, end = std::min(size, begin + 16);
        int start = 1000;
        for (int x = begin; x < end; x++) start = std::min(start, (((x + 1) * angle) >> 5) + 1);
        pattern.window_start[block] = start;
        for (int x = begin; x < end; x++) {
            const int position = (x + 1) * angle, fraction = position & 31;
            const int offset = (position >> 5) + 1 - start;
            pattern.offsets[2 * x] = static_cast<uint8_t>(offset);
            pattern.offsets[2 * x + 1] = static_cast<uint8_t>(offset + (fraction != 0 ? 1 : 0));
            pattern.weights[2 * x] = static_cast<uint8_t>(32 - fraction);
            pattern.weights[2 * x + 1] = static_cast<uint8_t>(fraction);
        }
    }
    return pattern;
}

// Indexed by mode - 2 (modes 2..17).
template <int N>
constexpr std::array<GatherPattern, 16> make_gather_patterns() {
    std::array<GatherPattern, 16> patterns{};
    for (int mode = 2; mode < kFirstVerticalMode; mode++)
        patterns[mode - 2] = make_gather_pattern(N, mode);
    return patterns;
}

// The largest window offset a kernel uses: the pattern's own plus the rows that share one window
// (N = 4: 4 rows, N = 8: 8 rows, else 1). pshufb reaches 16 bytes.
template <int N>
constexpr bool windows_fit(const std::array<GatherPattern, 16>& patterns) {
    const int shared_rows = N <= 8 ? N : 1;
    for (const GatherPattern& pattern : patterns) {
        for (int i = 0; i < 2 * N; i++) {
            if (pattern.offsets[i] + shared_rows - 1 > 15) return false;
        }
    }
    return true;
}

template <int N>
constexpr std::array<GatherPattern, 16> kGatherPatterns = make_gather_patterns<N>();
static_assert(windows_fit<4>(kGatherPatterns<4>) && windows_fit<8>(kGatherPatterns<8>) &&
              windows_fit<16>(kGatherPatterns<16>) && windows_fit<32>(kGatherPatterns<32>));

inline __m256i load_pattern_32(const std::array<uint8_t, 64>& bytes, int offset) {
    return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(bytes.data() + offset));
}

template <int N>
void predict_horizontal_angular(const uint8_t* ref, int mode, uint8_t* prediction,
                                ptrdiff_t stride) {
    const GatherPattern& pattern = kGatherPatterns<N>[mode - 2];
    if constexpr (N == 4) {
        // One window for the four rows; lane 0 gathers rows 0 and 1, lane 1 rows 2 and 3.
        const __m256i window =
            _mm256_broadcastsi128_si256(load_16_bytes(ref + pattern.window_start[0]));
        const __m256i offsets = _mm256_add_epi8(
            _mm256_set1_epi64x(static_cast<int64_t>(load_u64(pattern.offsets.data()))),
            _mm256_setr_epi8(0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1,  //
                             2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3));
        const __m256i weights =
            _mm256_set1_epi64x(static_cast<int64_t>(load_u64(pattern.weights.data())));
        const __m256i values =
            round_shift_5(_mm256_maddubs_epi16(_mm256_shuffle_epi8(window, offsets), weights));
        store_4_rows_4(_mm256_packus_epi16(values, values), prediction, stride);
    } else if constexpr (N == 8) {
        // One window for the eight rows; row r's offsets are the pattern's plus r.
        const __m256i window =
            _mm256_broadcastsi128_si256(load_16_bytes(ref + pattern.window_start[0]));
        const __m256i offsets = _mm256_broadcastsi128_si256(load_16_bytes(pattern.offsets.data()));
        const __m256i weights = _mm256_broadcastsi128_si256(load_16_bytes(pattern.weights.data()));
        const __m256i lane_row =
            _mm256_setr_epi8(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  //
                             1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1);
        for (int y = 0; y < 8; y += 4) {
            const __m256i offsets01 = _mm256_add_epi8(
                offsets, _mm256_add_epi8(lane_row, _mm256_set1_epi8(static_cast<char>(y))));
            const __m256i offsets23 = _mm256_add_epi8(offsets01, _mm256_set1_epi8(2));
            const __m256i rows01 = round_shift_5(
                _mm256_maddubs_epi16(_mm256_shuffle_epi8(window, offsets01), weights));
            const __m256i rows23 = round_shift_5(
                _mm256_maddubs_epi16(_mm256_shuffle_epi8(window, offsets23), weights));
            store_4_rows_8(_mm256_packus_epi16(rows01, rows23), prediction + y * stride, stride);
        }
    } else if constexpr (N == 16) {
        const __m256i offsets = load_pattern_32(pattern.offsets, 0);
        const __m256i weights = load_pattern_32(pattern.weights, 0);
        const uint8_t* window = ref + pattern.window_start[0];
        for (int y = 0; y < 16; y += 2) {
            const __m256i row0 = _mm256_broadcastsi128_si256(load_16_bytes(window + y));
            const __m256i row1 = _mm256_broadcastsi128_si256(load_16_bytes(window + y + 1));
            const __m256i values0 =
                round_shift_5(_mm256_maddubs_epi16(_mm256_shuffle_epi8(row0, offsets), weights));
            const __m256i values1 =
                round_shift_5(_mm256_maddubs_epi16(_mm256_shuffle_epi8(row1, offsets), weights));
            // packus interleaves by lane: (row 0 columns 0-7, row 1 0-7 | row 0 8-15, row 1 8-15).
            const __m256i packed =
                _mm256_permute4x64_epi64(_mm256_packus_epi16(values0, values1), 0xD8);
            store_16_bytes(prediction + y * stride, _mm256_castsi256_si128(packed));
            store_16_bytes(prediction + (y + 1) * stride, _mm256_extracti128_si256(packed, 1));
        }
    } else {
        const __m256i offsets0 = load_pattern_32(pattern.offsets, 0),
                      offsets1 = load_pattern_32(pattern.offsets, 32);
        const __m256i weights0 = load_pattern_32(pattern.weights, 0),
                      weights1 = load_pattern_32(pattern.weights, 32);
        const uint8_t* window0 = ref + pattern.window_start[0];
        const uint8_t* window1 = ref + pattern.window_start[1];
        for (int y = 0; y < 32; y++) {
            const __m256i block0 = _mm256_broadcastsi128_si256(load_16_bytes(window0 + y));
            const __m256i block1 = _mm256_broadcastsi128_si256(load_16_bytes(window1 + y));
            const __m256i values0 = round_shift_5(
                _mm256_maddubs_epi16(_mm256_shuffle_epi8(block0, offsets0), weights0));
            const __m256i values1 = round_shift_5(
                _mm256_maddubs_epi16(_mm256_shuffle_epi8(block1, offsets1), weights1));
            const __m256i packed =
                _mm256_permute4x64_epi64(_mm256_packus_epi16(values0, values1), 0xD8);
            _mm256_storeu_si256(reinterpret_cast<__m256i*>(prediction + y * stride), packed);
        }
    }
}

// The edge filters of modes 26 (first column) and 10 (first row): the main edge's first sample
// plus half the side edge's gradient from the corner.
template <int N>
void filter_vertical_edge(const uint8_t* references, uint8_t* prediction, ptrdiff_t stride) {
    const int corner = references[2 * N], top = references[2 * N + 1];
    for (int y = 0; y < N; y++)
        prediction[y * stride] = clip_pixel(top + ((references[2 * N - 1 - y] - corner) >> 1));
}

template <int N>
void filter_horizontal_edge(const uint8_t* references, uint8_t* prediction) {
    const int corner = references[2 * N], left = references[2 * N - 1];
    for (int x = 0; x < N; x++)
        prediction[x] = clip_pixel(left + ((references[2 * N + 1 + x] - corner) >> 1));
}

template <int N>
void predict_angular(const uint8_t* references, int mode, bool boundary_filters,
                     uint8_t* prediction, ptrdiff_t stride) {
    ReferenceLine line;
    const uint8_t* ref = build_reference_line<N>(references, mode, line);
    if (mode >= kFirstVerticalMode) {
        predict_vertical_angular<N>(ref, kIntraPredAngle[mode], prediction, stride);
        if (boundary_filters && mode == kIntraVertical)
            filter_vertical_edge<N>(references, prediction, stride);
    } else {
        predict_horizontal_angular<N>(ref, mode, prediction, stride);
        if (boundary_filters && mode == kIntraHorizontal)
            filter_horizontal_edge<N>(references, prediction);
    }
}

// ---- planar ---------------------------------------------------------------------------------

// Column weights (N - 1 - x, x + 1) as byte pairs for pmaddubsw, 32 columns.
template <int N>
constexpr std::array<uint8_t, 64> make_planar_column_weights() {
    std::array<uint8_t, 64> weights{};
    for (int x = 0; x < 32; x++) {
        weights[2 * x] = static_cast<uint8_t>(std::max(0, N - 1 - x));
        weights[2 * x + 1] = static_cast<uint8_t>(x + 1);
    }
    return weights;
}

template <int N>
constexpr std::array<uint8_t, 64> kPlanarColumnWeights = make_planar_column_weights<N>();

// clause 8.4.4.2.5: horizontal(x, y) = (N-1-x) * left[y] + (x+1) * topRight by pmaddubsw of the
// pair (left[y], topRight); vertical(x, y) = (N-1-y) * top[x] + (y+1) * bottomLeft, which grows by
// bottomLeft - top[x] from row to row.
template <int N>
void predict_planar(const uint8_t* references, uint8_t* prediction, ptrdiff_t stride) {
    constexpr int shift = log2_of(N) + 1;
    const int top_right = references[3 * N + 1], bottom_left = references[N - 1];
    const uint8_t* top = references + 2 * N + 1;
    auto left_pair = [&](int y) {
        return static_cast<short>(references[2 * N - 1 - y] | (top_right << 8));
    };
    const __m256i bottom_left_words = _mm256_set1_epi16(static_cast<short>(bottom_left));
    const __m256i rounding = _mm256_set1_epi16(static_cast<short>(N));
    if constexpr (N == 4) {
        // Lane 0 rows 0 and 1, lane 1 rows 2 and 3, four columns each.
        const __m256i top_words =
            _mm256_cvtepu8_epi16(_mm_set1_epi32(static_cast<int>(load_u32(top))));
        const __m256i rows = _mm256_setr_epi16(0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3);
        // (N-1-y) * top + (y+1) * bottomLeft = 3 * top + bottomLeft + y * (bottomLeft - top).
        const __m256i vertical = _mm256_add_epi16(
            _mm256_add_epi16(_mm256_mullo_epi16(top_words, _mm256_set1_epi16(3)),
                             bottom_left_words),
            _mm256_mullo_epi16(rows, _mm256_sub_epi16(bottom_left_words, top_words)));
        const __m256i pairs = _mm256_setr_epi16(
            left_pair(0), left_pair(0), left_pair(0), left_pair(0), left_pair(1), left_pair(1),
            left_pair(1), left_pair(1), left_pair(2), left_pair(2), left_pair(2), left_pair(2),
            left_pair(3), left_pair(3), left_pair(3), left_pair(3));
        const __m256i column_weights =
            _mm256_set1_epi64x(static_cast<int64_t>(load_u64(kPlanarColumnWeights<4>.data())));
        const __m256i horizontal = _mm256_maddubs_epi16(pairs, column_weights);
        const __m256i values = _mm256_srli_epi16(
            _mm256_add_epi16(_mm256_add_epi16(horizontal, vertical), rounding), shift);
        store_4_rows_4(_mm256_packus_epi16(values, values), prediction, stride);
    } else if constexpr (N == 8) {
        // Lane 0 holds row y, lane 1 row y + 1.
        const __m256i top_words = _mm256_broadcastsi128_si256(_mm_cvtepu8_epi16(load_8_bytes(top)));
        const __m256i step = _mm256_sub_epi16(bottom_left_words, top_words);
        __m256i vertical = _mm256_add_epi16(_mm256_mullo_epi16(top_words, _mm256_set1_epi16(N - 1)),
                                            bottom_left_words);
        vertical = _mm256_add_epi16(
            _mm256_add_epi16(vertical, rounding),
            _mm256_inserti128_si256(_mm256_setzero_si256(), _mm256_castsi256_si128(step), 1));
        const __m256i two_steps = _mm256_add_epi16(step, step);
        const __m256i column_weights =
            _mm256_broadcastsi128_si256(load_16_bytes(kPlanarColumnWeights<8>.data()));
        auto two_rows = [&](int y) {
            const __m256i pairs = _mm256_inserti128_si256(_mm256_set1_epi16(left_pair(y)),
                                                          _mm_set1_epi16(left_pair(y + 1)), 1);
            const __m256i values = _mm256_srli_epi16(
                _mm256_add_epi16(_mm256_maddubs_epi16(pairs, column_weights), vertical), shift);
            vertical = _mm256_add_epi16(vertical, two_steps);
            return values;
        };
        for (int y = 0; y < 8; y += 4) {
            const __m256i rows01 = two_rows(y);
            const __m256i rows23 = two_rows(y + 2);
            store_4_rows_8(_mm256_packus_epi16(rows01, rows23), prediction + y * stride, stride);
        }
    } else if constexpr (N == 16) {
        const __m256i top_words = _mm256_cvtepu8_epi16(load_16_bytes(top));
        const __m256i step = _mm256_sub_epi16(bottom_left_words, top_words);
        __m256i vertical = _mm256_add_epi16(
            _mm256_add_epi16(_mm256_mullo_epi16(top_words, _mm256_set1_epi16(N - 1)),
                             bottom_left_words),
            rounding);
        // The column weights in the lane order of cvtepu8: columns 0-7 | 8-15.
        const __m256i column_weights = load_pattern_32(kPlanarColumnWeights<16>, 0);
        auto row = [&](int y) {
            const __m256i values = _mm256_srli_epi16(
                _mm256_add_epi16(
                    _mm256_maddubs_epi16(_mm256_set1_epi16(left_pair(y)), column_weights),
                    vertical),
                shift);
            vertical = _mm256_add_epi16(vertical, step);
            return values;
        };
        for (int y = 0; y < 16; y += 2) {
            const __m256i row0 = row(y);
            const __m256i row1 = row(y + 1);
            const __m256i packed = _mm256_permute4x64_epi64(_mm256_packus_epi16(row0, row1), 0xD8);
            store_16_bytes(prediction + y * stride, _mm256_castsi256_si128(packed));
            store_16_bytes(prediction + (y + 1) * stride, _mm256_extracti128_si256(packed, 1));
        }
    } else {
        // Columns in the lane order of unpacklo/unpackhi: (0-7 | 16-23) and (8-15 | 24-31), which
        // packus puts back in order.
        const __m256i top_bytes = load_32_bytes(top);
        const __m256i top_low = _mm256_unpacklo_epi8(top_bytes, _mm256_setzero_si256());
        const __m256i top_high = _mm256_unpackhi_epi8(top_bytes, _mm256_setzero_si256());
        const __m256i step_low = _mm256_sub_epi16(bottom_left_words, top_low);
        const __m256i step_high = _mm256_sub_epi16(bottom_left_words, top_high);
        const __m256i first_row_weight = _mm256_set1_epi16(N - 1);
        __m256i vertical_low = _mm256_add_epi16(
            _mm256_add_epi16(_mm256_mullo_epi16(top_low, first_row_weight), bottom_left_words),
            rounding);
        __m256i vertical_high = _mm256_add_epi16(
            _mm256_add_epi16(_mm256_mullo_epi16(top_high, first_row_weight), bottom_left_words),
            rounding);
        const __m256i weights = load_pattern_32(kPlanarColumnWeights<32>, 0);
        const __m256i weights_low =
            _mm256_permute2x128_si256(weights, load_pattern_32(kPlanarColumnWeights<32>, 32), 0x20);
        const __m256i weights_high =
            _mm256_permute2x128_si256(weights, load_pattern_32(kPlanarColumnWeights<32>, 32), 0x31);
        for (int y = 0; y < 32; y++) {
            const __m256i pair = _mm256_set1_epi16(left_pair(y));
            const __m256i low = _mm256_srli_epi16(
                _mm256_add_epi16(_mm256_maddubs_epi16(pair, weights_low), vertical_low), shift);
            const __m256i high = _mm256_srli_epi16(
                _mm256_add_epi16(_mm256_maddubs_epi16(pair, weights_high), vertical_high), shift);
            _mm256_storeu_si256(reinterpret_cast<__m256i*>(prediction + y * stride),
                                _mm256_packus_epi16(low, high));
            vertical_low = _mm256_add_epi16(vertical_low, step_low);
            vertical_high = _mm256_add_epi16(vertical_high, step_high);
        }
    }
}

// ---- DC -------------------------------------------------------------------------------------

template <int N>
int sum_of_edges(const uint8_t* references) {
    const uint8_t* left = references + N;  // p[-1][N-1] .. p[-1][0]
    const uint8_t* top = references + 2 * N + 1;
    if constexpr (N == 4) {
        const __m128i both = _mm_unpacklo_epi32(load_4_bytes(left), load_4_bytes(top));
        return _mm_cvtsi128_si32(_mm_sad_epu8(both, _mm_setzero_si128()));
    } else if constexpr (N == 8) {
        const __m128i both = _mm_unpacklo_epi64(load_8_bytes(left), load_8_bytes(top));
        const __m128i sums = _mm_sad_epu8(both, _mm_setzero_si128());
        return _mm_cvtsi128_si32(sums) + _mm_extract_epi32(sums, 2);
    } else if constexpr (N == 16) {
        const __m128i sums = _mm_add_epi64(_mm_sad_epu8(load_16_bytes(left), _mm_setzero_si128()),
                                           _mm_sad_epu8(load_16_bytes(top), _mm_setzero_si128()));
        return _mm_cvtsi128_si32(sums) + _mm_extract_epi32(sums, 2);
    } else {
        const __m256i sums =
            _mm256_add_epi64(_mm256_sad_epu8(load_32_bytes(left), _mm256_setzero_si256()),
                             _mm256_sad_epu8(load_32_bytes(top), _mm256_setzero_si256()));
        const __m128i halves =
            _mm_add_epi64(_mm256_castsi256_si128(sums), _mm256_extracti128_si256(sums, 1));
        return _mm_cvtsi128_si32(halves) + _mm_extract_epi32(halves, 2);
    }
}

template <int N>
void predict_dc(const uint8_t* references, bool boundary_filters, uint8_t* prediction,
                ptrdiff_t stride) {
    const int dc = (sum_of_edges<N>(references) + N) >> (log2_of(N) + 1);
    const __m256i fill = _mm256_set1_epi8(static_cast<char>(dc));
    for (int y = 0; y < N; y++) {
        uint8_t* row = prediction + y * stride;
        if constexpr (N == 4) {
            store_4_bytes(row, _mm256_cvtsi256_si32(fill));
        } else if constexpr (N == 8) {
            store_8_bytes(row, _mm256_castsi256_si128(fill));
        } else if constexpr (N == 16) {
            store_16_bytes(row, _mm256_castsi256_si128(fill));
        } else {
            _mm256_storeu_si256(reinterpret_cast<__m256i*>(row), fill);
        }
    }
    if (!boundary_filters) return;
    // The first row and column move a quarter of the way to their neighbours (clause 8.4.4.2.6).
    const uint8_t* top = references + 2 * N + 1;
    const int three_dc = 3 * dc + 2;
    for (int x = 1; x < N; x++) prediction[x] = static_cast<uint8_t>((top[x] + three_dc) >> 2);
    for (int y = 1; y < N; y++)
        prediction[y * stride] = static_cast<uint8_t>((references[2 * N - 1 - y] + three_dc) >> 2);
    prediction[0] = static_cast<uint8_t>((references[2 * N - 1] + 2 * dc + top[0] + 2) >> 2);
}

template <int N>
void predict_intra_avx2(const uint8_t* references, int mode, bool boundary_filters,
                        uint8_t* prediction, ptrdiff_t stride) {
    if (mode == kIntraPlanar) {
        predict_planar<N>(references, prediction, stride);
    } else if (mode == kIntraDc) {
        predict_dc<N>(references, boundary_filters, prediction, stride);
    } else {
        predict_angular<N>(references, mode, boundary_filters, prediction, stride);
    }
}

}  // namespace

void init_intra_predict_avx2(PixelKernels& kernels) {
    kernels.predict_intra[0] = predict_intra_avx2<4>;
    kernels.predict_intra[1] = predict_intra_avx2<8>;
    kernels.predict_intra[2] = predict_intra_avx2<16>;
    kernels.predict_intra[3] = predict_intra_avx2<32>;
}

}  // namespace tc
