// AVX2 deblocking edge filters (H.265 8.7.2.5.3, 8.7.2.5.6 to 8.7.2.5.8), bit-identical to the
// scalar references in src/filter/deblocking_edge_filters.cpp. Four 4-line segments (16 lines)
// at a time, one line per 16-bit lane: the segment decisions (dE, dEp, dEq, strong or normal)
// come from lanes 0 and 3 of each segment's four, broadcast over the four with a byte shuffle;
// every candidate result is computed for every lane and the decisions pick with blends. A
// vertical edge is transposed into the layout of a horizontal one and back. Segments past the
// end of a call (fewer than four left) go through a small buffer, so that no sample outside
// the segments is read or written.
#include "kernels/x86/kernel_init_x86.h"

#if defined(__AVX2__)
#include <immintrin.h>

#include <algorithm>
#include <cstring>

#include "kernels/x86/simd_loads_x86.h"

namespace tc {
namespace {

// The 8 samples p3..q3 of 16 lines across an edge, one line per 16-bit lane.
struct LumaLines {
    __m256i p3, p2, p1, p0, q0, q1, q2, q3;
};

// Broadcasts lane 0 (line 0) or lane 3 (line 3) of each segment's four lanes over the four.
__m256i line0_of_segment(__m256i v) {
    const __m256i pick = _mm256_setr_epi8(0, 1, 0, 1, 0, 1, 0, 1, 8, 9, 8, 9, 8, 9, 8, 9,  //
                                          0, 1, 0, 1, 0, 1, 0, 1, 8, 9, 8, 9, 8, 9, 8, 9);
    return _mm256_shuffle_epi8(v, pick);
}
__m256i line3_of_segment(__m256i v) {
    const __m256i pick =
        _mm256_setr_epi8(6, 7, 6, 7, 6, 7, 6, 7, 14, 15, 14, 15, 14, 15, 14, 15,  //
                         6, 7, 6, 7, 6, 7, 6, 7, 14, 15, 14, 15, 14, 15, 14, 15);
    return _mm256_shuffle_epi8(v, pick);
}

// The 4 bytes values[0..3] of four segments as 16 int16 lanes, each value over its segment's 4.
__m256i segment_values(const uint8_t* values) {
    const __m128i spread = _mm_setr_epi8(0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3);
    return _mm256_cvtepu8_epi16(_mm_shuffle_epi8(load_4_bytes(values), spread));
}

__m256i clip3(__m256i value, __m256i low, __m256i high) {
    return _mm256_min_epi16(_mm256_max_epi16(value, low), high);
}

// a < b as a lane mask.
__m256i less_than(__m256i a, __m256i b) {
    return _mm256_cmpgt_epi16(b, a);
}

// Filters the lines in place (values may leave 0..255; the caller's packus clips as Clip1Y
// does); false when no line changes.
bool filter_luma_lines(LumaLines& l, __m256i beta, __m256i tc) {
    // 8.7.2.5.3: second derivatives per line, their sums over lines 0 and 3 per segment.
    const __m256i dp = _mm256_abs_epi16(
        _mm256_add_epi16(_mm256_sub_epi16(l.p2, _mm256_slli_epi16(l.p1, 1)), l.p0));
    const __m256i dq = _mm256_abs_epi16(
        _mm256_add_epi16(_mm256_sub_epi16(l.q2, _mm256_slli_epi16(l.q1, 1)), l.q0));
    const __m256i dp_segment = _mm256_add_epi16(line0_of_segment(dp), line3_of_segment(dp));
    const __m256i dq_segment = _mm256_add_epi16(line0_of_segment(dq), line3_of_segment(dq));
    const __m256i zero = _mm256_setzero_si256();
    const __m256i filtered = _mm256_and_si256(
        less_than(_mm256_add_epi16(dp_segment, dq_segment), beta), _mm256_cmpgt_epi16(tc, zero));
    if (_mm256_testz_si256(filtered, filtered)) return false;

    // 8.7.2.5.6 (dSam) per line, the strong filter where lines 0 and 3 both allow it.
    const __m256i dpq2 = _mm256_slli_epi16(_mm256_add_epi16(dp, dq), 1);
    const __m256i flatness = _mm256_add_epi16(_mm256_abs_epi16(_mm256_sub_epi16(l.p3, l.p0)),
                                              _mm256_abs_epi16(_mm256_sub_epi16(l.q0, l.q3)));
    const __m256i step_limit = _mm256_srli_epi16(
        _mm256_add_epi16(_mm256_add_epi16(_mm256_slli_epi16(tc, 2), tc), _mm256_set1_epi16(1)), 1);
    const __m256i strong_line =
        _mm256_and_si256(_mm256_and_si256(less_than(dpq2, _mm256_srli_epi16(beta, 2)),
                                          less_than(flatness, _mm256_srli_epi16(beta, 3))),
                         less_than(_mm256_abs_epi16(_mm256_sub_epi16(l.p0, l.q0)), step_limit));
    const __m256i strong = _mm256_and_si256(
        filtered, _mm256_and_si256(line0_of_segment(strong_line), line3_of_segment(strong_line)));
    const __m256i normal = _mm256_andnot_si256(strong, filtered);

    // 8.7.2.5.7, dE == 2: weighted means clipped to 2 * tc around the original samples.
    const __m256i two = _mm256_set1_epi16(2), four = _mm256_set1_epi16(4);
    const __m256i tc2 = _mm256_slli_epi16(tc, 1);
    auto clip_strong = [&tc2](__m256i original, __m256i mean) {
        return clip3(mean, _mm256_sub_epi16(original, tc2), _mm256_add_epi16(original, tc2));
    };
    const __m256i p0_q0 = _mm256_add_epi16(l.p0, l.q0);
    const __m256i p1_p0_q0 = _mm256_add_epi16(l.p1, p0_q0);
    const __m256i p0_q0_q1 = _mm256_add_epi16(p0_q0, l.q1);
    // p2 + 2 p1 + 2 p0 + 2 q0 + q1 = (p2 + p1) + (p1 + p0 + q0) + (p0 + q0 + q1)
    const __m256i strong_p0 = clip_strong(
        l.p0,
        _mm256_srli_epi16(_mm256_add_epi16(_mm256_add_epi16(_mm256_add_epi16(l.p2, l.p1), p1_p0_q0),
                                           _mm256_add_epi16(p0_q0_q1, four)),
                          3));
    const __m256i p2_p1_p0_q0 = _mm256_add_epi16(l.p2, p1_p0_q0);
    const __m256i strong_p1 =
        clip_strong(l.p1, _mm256_srli_epi16(_mm256_add_epi16(p2_p1_p0_q0, two), 2));
    // 2 p3 + 3 p2 + p1 + p0 + q0 = 2 (p3 + p2) + (p2 + p1 + p0 + q0)
    const __m256i strong_p2 = clip_strong(
        l.p2, _mm256_srli_epi16(_mm256_add_epi16(_mm256_slli_epi16(_mm256_add_epi16(l.p3, l.p2), 1),
                                                 _mm256_add_epi16(p2_p1_p0_q0, four)),
                                3));
    // p1 + 2 p0 + 2 q0 + 2 q1 + q2 = (p1 + p0 + q0) + (p0 + q0 + q1) + (q1 + q2)
    const __m256i strong_q0 = clip_strong(
        l.q0,
        _mm256_srli_epi16(_mm256_add_epi16(_mm256_add_epi16(p1_p0_q0, p0_q0_q1),
                                           _mm256_add_epi16(_mm256_add_epi16(l.q1, l.q2), four)),
                          3));
    const __m256i p0_q0_q1_q2 = _mm256_add_epi16(p0_q0_q1, l.q2);
    const __m256i strong_q1 =
        clip_strong(l.q1, _mm256_srli_epi16(_mm256_add_epi16(p0_q0_q1_q2, two), 2));
    // p0 + q0 + q1 + 3 q2 + 2 q3 = 2 (q2 + q3) + (p0 + q0 + q1 + q2)
    const __m256i strong_q2 = clip_strong(
        l.q2, _mm256_srli_epi16(_mm256_add_epi16(_mm256_slli_epi16(_mm256_add_epi16(l.q2, l.q3), 1),
                                                 _mm256_add_epi16(p0_q0_q1_q2, four)),
                                3));

    // 8.7.2.5.7, dE == 1: delta from 9 (q0 - p0) - 3 (q1 - p1), lines where |delta| < 10 tc.
    const __m256i q0_p0 = _mm256_sub_epi16(l.q0, l.p0);
    const __m256i q1_p1 = _mm256_sub_epi16(l.q1, l.p1);
    const __m256i raw_delta = _mm256_srai_epi16(
        _mm256_add_epi16(_mm256_sub_epi16(_mm256_add_epi16(_mm256_slli_epi16(q0_p0, 3), q0_p0),
                                          _mm256_add_epi16(_mm256_slli_epi16(q1_p1, 1), q1_p1)),
                         _mm256_set1_epi16(8)),
        4);
    const __m256i tc10 = _mm256_mullo_epi16(tc, _mm256_set1_epi16(10));
    const __m256i normal_line =
        _mm256_and_si256(normal, less_than(_mm256_abs_epi16(raw_delta), tc10));
    const __m256i delta = clip3(raw_delta, _mm256_sub_epi16(zero, tc), tc);
    const __m256i normal_p0 = _mm256_add_epi16(l.p0, delta);
    const __m256i normal_q0 = _mm256_sub_epi16(l.q0, delta);
    // dEp, dEq: p1 and q1 move by at most tc >> 1.
    const __m256i side_threshold =
        _mm256_srli_epi16(_mm256_add_epi16(beta, _mm256_srli_epi16(beta, 1)), 3);
    const __m256i half_tc = _mm256_srli_epi16(tc, 1);
    const __m256i minus_half_tc = _mm256_sub_epi16(zero, half_tc);
    const __m256i one = _mm256_set1_epi16(1);
    const __m256i delta_p =
        clip3(_mm256_srai_epi16(
                  _mm256_add_epi16(
                      _mm256_sub_epi16(
                          _mm256_srli_epi16(_mm256_add_epi16(_mm256_add_epi16(l.p2, l.p0), one), 1),
                          l.p1),
                      delta),
                  1),
              minus_half_tc, half_tc);
    const __m256i delta_q =
        clip3(_mm256_srai_epi16(
                  _mm256_sub_epi16(
                      _mm256_sub_epi16(
                          _mm256_srli_epi16(_mm256_add_epi16(_mm256_add_epi16(l.q2, l.q0), one), 1),
                          l.q1),
                      delta),
                  1),
              minus_half_tc, half_tc);
    const __m256i normal_p1 = _mm256_and_si256(normal_line, less_than(dp_segment, side_threshold));
    const __m256i normal_q1 = _mm256_and_si256(normal_line, less_than(dq_segment, side_threshold));

    // Strong and normal lanes never overlap.
    l.p2 = _mm256_blendv_epi8(l.p2, strong_p2, strong);
    l.p1 = _mm256_blendv_epi8(_mm256_blendv_epi8(l.p1, _mm256_add_epi16(l.p1, delta_p), normal_p1),
                              strong_p1, strong);
    l.p0 = _mm256_blendv_epi8(_mm256_blendv_epi8(l.p0, normal_p0, normal_line), strong_p0, strong);
    l.q0 = _mm256_blendv_epi8(_mm256_blendv_epi8(l.q0, normal_q0, normal_line), strong_q0, strong);
    l.q1 = _mm256_blendv_epi8(_mm256_blendv_epi8(l.q1, _mm256_add_epi16(l.q1, delta_q), normal_q1),
                              strong_q1, strong);
    l.q2 = _mm256_blendv_epi8(l.q2, strong_q2, strong);
    return true;
}

__m256i widen(__m128i v) {
    return _mm256_cvtepu8_epi16(v);
}

// 16 int16 lanes back to 16 bytes, clipped to 0..255.
__m128i narrow(__m256i v) {
    return _mm_packus_epi16(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));
}

void store_16_bytes(uint8_t* p, __m128i v) {
    _mm_storeu_si128(reinterpret_cast<__m128i*>(p), v);
}

// Four segments of a horizontal luma edge: 16 samples of rows p3..q3.
void luma_horizontal_4(uint8_t* q0, ptrdiff_t stride, const uint8_t* beta, const uint8_t* tc) {
    LumaLines l;
    __m256i* rows[8] = {&l.p3, &l.p2, &l.p1, &l.p0, &l.q0, &l.q1, &l.q2, &l.q3};
    for (int k = 0; k < 8; k++) *rows[k] = widen(load_16_bytes(q0 + (k - 4) * stride));
    if (!filter_luma_lines(l, segment_values(beta), segment_values(tc))) return;
    for (int k = 1; k < 7; k++) store_16_bytes(q0 + (k - 4) * stride, narrow(*rows[k]));
}

// 16 rows of 8 bytes -> 8 columns of 16 bytes (column c holds byte c of every row).
void transpose_16x8(const __m128i rows[16], __m128i columns[8]) {
    __m128i pairs[8], quads[8];
    for (int i = 0; i < 8; i++) pairs[i] = _mm_unpacklo_epi8(rows[2 * i], rows[2 * i + 1]);
    // quads[2 i]: columns 0..3 of rows 4 i .. 4 i + 3; quads[2 i + 1]: columns 4..7.
    for (int i = 0; i < 4; i++) {
        quads[2 * i] = _mm_unpacklo_epi16(pairs[2 * i], pairs[2 * i + 1]);
        quads[2 * i + 1] = _mm_unpackhi_epi16(pairs[2 * i], pairs[2 * i + 1]);
    }
    for (int half = 0; half < 2; half++) {  // columns 0..3, then 4..7
        // Rows 0..7 and 8..15 of columns 4 half + (0, 1) and (2, 3).
        const __m128i top_01 = _mm_unpacklo_epi32(quads[half], quads[2 + half]);
        const __m128i top_23 = _mm_unpackhi_epi32(quads[half], quads[2 + half]);
        const __m128i bottom_01 = _mm_unpacklo_epi32(quads[4 + half], quads[6 + half]);
        const __m128i bottom_23 = _mm_unpackhi_epi32(quads[4 + half], quads[6 + half]);
        columns[4 * half + 0] = _mm_unpacklo_epi64(top_01, bottom_01);
        columns[4 * half + 1] = _mm_unpackhi_epi64(top_01, bottom_01);
        columns[4 * half + 2] = _mm_unpacklo_epi64(top_23, bottom_23);
        columns[4 * half + 3] = _mm_unpackhi_epi64(top_23, bottom_23);
    }
}

// Four segments of a vertical luma edge: 16 rows of p3..q3, transposed.
void luma_vertical_4(uint8_t* q0, ptrdiff_t stride, const uint8_t* beta, const uint8_t* tc) {
    __m128i rows[16], columns[8];
    for (int r = 0; r < 16; r++) rows[r] = load_8_bytes(q0 - 4 + r * stride);
    transpose_16x8(rows, columns);
    LumaLines l{widen(columns[0]), widen(columns[1]), widen(columns[2]), widen(columns[3]),
                widen(columns[4]), widen(columns[5]), widen(columns[6]), widen(columns[7])};
    if (!filter_luma_lines(l, segment_values(beta), segment_values(tc))) return;
    // Back to rows: pairs of columns, then quads, then 8 bytes per row.
    const __m128i p3 = narrow(l.p3), p2 = narrow(l.p2), p1 = narrow(l.p1), p0 = narrow(l.p0);
    const __m128i q0c = narrow(l.q0), q1 = narrow(l.q1), q2 = narrow(l.q2), q3 = narrow(l.q3);
    const __m128i pairs[8] = {_mm_unpacklo_epi8(p3, p2),  _mm_unpackhi_epi8(p3, p2),
                              _mm_unpacklo_epi8(p1, p0),  _mm_unpackhi_epi8(p1, p0),
                              _mm_unpacklo_epi8(q0c, q1), _mm_unpackhi_epi8(q0c, q1),
                              _mm_unpacklo_epi8(q2, q3),  _mm_unpackhi_epi8(q2, q3)};
    for (int half = 0; half < 2; half++) {  // rows 0..7, then 8..15
        const __m128i left_lo = _mm_unpacklo_epi16(pairs[half], pairs[2 + half]);
        const __m128i left_hi = _mm_unpackhi_epi16(pairs[half], pairs[2 + half]);
        const __m128i right_lo = _mm_unpacklo_epi16(pairs[4 + half], pairs[6 + half]);
        const __m128i right_hi = _mm_unpackhi_epi16(pairs[4 + half], pairs[6 + half]);
        const __m128i rows8[4] = {
            _mm_unpacklo_epi32(left_lo, right_lo), _mm_unpackhi_epi32(left_lo, right_lo),
            _mm_unpacklo_epi32(left_hi, right_hi), _mm_unpackhi_epi32(left_hi, right_hi)};
        uint8_t* row = q0 - 4 + 8 * half * stride;
        for (int i = 0; i < 4; i++, row += 2 * stride) {
            _mm_storel_epi64(reinterpret_cast<__m128i*>(row), rows8[i]);
            _mm_storel_epi64(reinterpret_cast<__m128i*>(row + stride),
                             _mm_unpackhi_epi64(rows8[i], rows8[i]));
        }
    }
}

// Chroma: the 4 samples p1, p0, q0, q1 of 16 lines; 8.7.2.5.8 changes p0 and q0 (tc 0 lanes
// keep theirs, as delta is then 0).
void filter_chroma_lines(__m256i p1, __m256i& p0, __m256i& q0, __m256i q1, __m256i tc) {
    const __m256i raw_delta = _mm256_srai_epi16(
        _mm256_add_epi16(_mm256_add_epi16(_mm256_slli_epi16(_mm256_sub_epi16(q0, p0), 2),
                                          _mm256_sub_epi16(p1, q1)),
                         _mm256_set1_epi16(4)),
        3);
    const __m256i delta = clip3(raw_delta, _mm256_sub_epi16(_mm256_setzero_si256(), tc), tc);
    p0 = _mm256_add_epi16(p0, delta);
    q0 = _mm256_sub_epi16(q0, delta);
}

// Four segments of a horizontal chroma edge: 16 samples of rows p1..q1.
void chroma_horizontal_4(uint8_t* q0, ptrdiff_t stride, const uint8_t* tc) {
    const __m256i p1 = widen(load_16_bytes(q0 - 2 * stride));
    __m256i p0 = widen(load_16_bytes(q0 - stride));
    __m256i q0_lines = widen(load_16_bytes(q0));
    const __m256i q1 = widen(load_16_bytes(q0 + stride));
    filter_chroma_lines(p1, p0, q0_lines, q1, segment_values(tc));
    store_16_bytes(q0 - stride, narrow(p0));
    store_16_bytes(q0, narrow(q0_lines));
}

// Four segments of a vertical chroma edge: 16 rows of p1..q1, transposed.
void chroma_vertical_4(uint8_t* q0, ptrdiff_t stride, const uint8_t* tc) {
    // Per 4 rows: the 4x4 bytes, transposed to columns of 4 rows.
    const __m128i transpose_4x4 =
        _mm_setr_epi8(0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15);
    __m128i quads[4];
    for (int i = 0; i < 4; i++) {
        quads[i] = _mm_shuffle_epi8(load_4x4_bytes(q0 - 2 + 4 * i * stride, stride), transpose_4x4);
    }
    const __m128i top_01 = _mm_unpacklo_epi32(quads[0], quads[1]);  // columns 0, 1 of rows 0..7
    const __m128i top_23 = _mm_unpackhi_epi32(quads[0], quads[1]);
    const __m128i bottom_01 = _mm_unpacklo_epi32(quads[2], quads[3]);  // rows 8..15
    const __m128i bottom_23 = _mm_unpackhi_epi32(quads[2], quads[3]);
    const __m256i p1 = widen(_mm_unpacklo_epi64(top_01, bottom_01));
    __m256i p0 = widen(_mm_unpackhi_epi64(top_01, bottom_01));
    __m256i q0_lines = widen(_mm_unpacklo_epi64(top_23, bottom_23));
    const __m256i q1 = widen(_mm_unpackhi_epi64(top_23, bottom_23));
    filter_chroma_lines(p1, p0, q0_lines, q1, segment_values(tc));
    const __m128i c1 = narrow(p1), c0 = narrow(p0), d0 = narrow(q0_lines), d1 = narrow(q1);
    const __m128i p_pairs[2] = {_mm_unpacklo_epi8(c1, c0), _mm_unpackhi_epi8(c1, c0)};
    const __m128i q_pairs[2] = {_mm_unpacklo_epi8(d0, d1), _mm_unpackhi_epi8(d0, d1)};
    for (int half = 0; half < 2; half++) {  // rows 0..7, then 8..15
        uint8_t rows[8][4];
        _mm_storeu_si128(reinterpret_cast<__m128i*>(rows[0]),
                         _mm_unpacklo_epi16(p_pairs[half], q_pairs[half]));
        _mm_storeu_si128(reinterpret_cast<__m128i*>(rows[4]),
                         _mm_unpackhi_epi16(p_pairs[half], q_pairs[half]));
        for (int r = 0; r < 8; r++) std::memcpy(q0 - 2 + (8 * half + r) * stride, rows[r], 4);
    }
}

bool any_nonzero_of_4(const uint8_t* tc) {
    uint32_t four;
    std::memcpy(&four, tc, 4);
    return four != 0;
}

// The last 1..3 segments of an edge: their thresholds padded with tc 0 to four.
struct TailThresholds {
    uint8_t beta[4] = {0, 0, 0, 0}, tc[4] = {0, 0, 0, 0};
    TailThresholds(const uint8_t* beta_from, const uint8_t* tc_from, int count) {
        if (beta_from != nullptr) std::copy(beta_from, beta_from + count, beta);
        std::copy(tc_from, tc_from + count, tc);
    }
};

void deblock_luma_horizontal_avx2(uint8_t* q0, ptrdiff_t stride, const uint8_t* beta,
                                  const uint8_t* tc, int segments) {
    int s = 0;
    for (; s + 4 <= segments; s += 4) {
        if (any_nonzero_of_4(tc + s)) luma_horizontal_4(q0 + 4 * s, stride, beta + s, tc + s);
    }
    if (s == segments) return;
    // Through a copy of the rows' remaining samples, so that nothing past them is touched.
    const TailThresholds tail(beta + s, tc + s, segments - s);
    const size_t bytes = static_cast<size_t>(4 * (segments - s));
    uint8_t scratch[8][16] = {};
    for (int k = 0; k < 8; k++) std::memcpy(scratch[k], q0 + 4 * s + (k - 4) * stride, bytes);
    luma_horizontal_4(scratch[4], 16, tail.beta, tail.tc);
    for (int k = 1; k < 7; k++) std::memcpy(q0 + 4 * s + (k - 4) * stride, scratch[k], bytes);
}

void deblock_luma_vertical_avx2(uint8_t* q0, ptrdiff_t stride, const uint8_t* beta,
                                const uint8_t* tc, int segments) {
    int s = 0;
    for (; s + 4 <= segments; s += 4) {
        if (any_nonzero_of_4(tc + s))
            luma_vertical_4(q0 + 4 * s * stride, stride, beta + s, tc + s);
    }
    if (s == segments) return;
    const TailThresholds tail(beta + s, tc + s, segments - s);
    const int rows = 4 * (segments - s);
    uint8_t* first = q0 + 4 * s * stride - 4;
    uint8_t scratch[16][8] = {};
    for (int r = 0; r < rows; r++) std::memcpy(scratch[r], first + r * stride, 8);
    luma_vertical_4(scratch[0] + 4, 8, tail.beta, tail.tc);
    for (int r = 0; r < rows; r++) std::memcpy(first + r * stride, scratch[r], 8);
}

void deblock_chroma_horizontal_avx2(uint8_t* q0, ptrdiff_t stride, const uint8_t* tc,
                                    int segments) {
    int s = 0;
    for (; s + 4 <= segments; s += 4) {
        if (any_nonzero_of_4(tc + s)) chroma_horizontal_4(q0 + 4 * s, stride, tc + s);
    }
    if (s == segments) return;
    const TailThresholds tail(nullptr, tc + s, segments - s);
    const size_t bytes = static_cast<size_t>(4 * (segments - s));
    uint8_t scratch[4][16] = {};
    for (int k = 0; k < 4; k++) std::memcpy(scratch[k], q0 + 4 * s + (k - 2) * stride, bytes);
    chroma_horizontal_4(scratch[2], 16, tail.tc);
    for (int k = 1; k < 3; k++) std::memcpy(q0 + 4 * s + (k - 2) * stride, scratch[k], bytes);
}

void deblock_chroma_vertical_avx2(uint8_t* q0, ptrdiff_t stride, const uint8_t* tc, int segments) {
    int s = 0;
    for (; s + 4 <= segments; s += 4) {
        if (any_nonzero_of_4(tc + s)) chroma_vertical_4(q0 + 4 * s * stride, stride, tc + s);
    }
    if (s == segments) return;
    const TailThresholds tail(nullptr, tc + s, segments - s);
    const int rows = 4 * (segments - s);
    uint8_t* first = q0 + 4 * s * stride - 2;
    uint8_t scratch[16][4] = {};
    for (int r = 0; r < rows; r++) std::memcpy(scratch[r], first + r * stride, 4);
    chroma_vertical_4(scratch[0] + 2, 4, tail.tc);
    for (int r = 0; r < rows; r++) std::memcpy(first + r * stride, scratch[r], 4);
}

}  // namespace

void init_deblocking_avx2(PixelKernels& kernels) {
    kernels.deblock_luma_horizontal = deblock_luma_horizontal_avx2;
    kernels.deblock_luma_vertical = deblock_luma_vertical_avx2;
    kernels.deblock_chroma_horizontal = deblock_chroma_horizontal_avx2;
    kernels.deblock_chroma_vertical = deblock_chroma_vertical_avx2;
}

}  // namespace tc
#endif
