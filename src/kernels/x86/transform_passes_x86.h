// The building blocks of the x86 transform kernels (transform_avx2.cpp, transform_avx512.cpp,
// transform_zero_avx2.cpp), in registers of 8, 16 or 32 int16 columns: a 1-D pass is written
// "vertically", out[o] = sum_i A[o][i] * in[i] with in[i] and out[o] whole rows of a block, so
// that madd of two interleaved int16 rows with a broadcast coefficient pair gives two terms of a
// row of int32 sums; a horizontal pass is a vertical pass on the transposed block. Integer sums do
// not depend on their order, so every factorisation gives the scalar sums while nothing overflows
// (the callers prove the ranges).
// Internal linkage, as simd_loads_x86.h: each ISA's file gets its own copies.
#pragma once
#include <immintrin.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "transform/transform_matrix.h"

// Class templates over the vector types (Sums<__m256i>) make GCC report that the types'
// __may_alias__ attribute is dropped from the template argument; the members keep their vector
// type and alignment, and nothing here reads them through other types. Off for the including file.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wignored-attributes"
#endif

namespace tc {
namespace {

// ---- one name per operation for 128-, 256- (and 512-) bit registers --------------------------

inline __m128i add16(__m128i a, __m128i b) {
    return _mm_add_epi16(a, b);
}
inline __m256i add16(__m256i a, __m256i b) {
    return _mm256_add_epi16(a, b);
}
inline __m128i sub16(__m128i a, __m128i b) {
    return _mm_sub_epi16(a, b);
}
inline __m256i sub16(__m256i a, __m256i b) {
    return _mm256_sub_epi16(a, b);
}
inline __m128i add32(__m128i a, __m128i b) {
    return _mm_add_epi32(a, b);
}
inline __m256i add32(__m256i a, __m256i b) {
    return _mm256_add_epi32(a, b);
}
inline __m128i sub32(__m128i a, __m128i b) {
    return _mm_sub_epi32(a, b);
}
inline __m256i sub32(__m256i a, __m256i b) {
    return _mm256_sub_epi32(a, b);
}
inline __m128i interleave_low(__m128i a, __m128i b) {
    return _mm_unpacklo_epi16(a, b);
}
inline __m256i interleave_low(__m256i a, __m256i b) {
    return _mm256_unpacklo_epi16(a, b);
}
inline __m128i interleave_high(__m128i a, __m128i b) {
    return _mm_unpackhi_epi16(a, b);
}
inline __m256i interleave_high(__m256i a, __m256i b) {
    return _mm256_unpackhi_epi16(a, b);
}
inline __m128i multiply_pairs(__m128i a, __m128i b) {
    return _mm_madd_epi16(a, b);
}
inline __m256i multiply_pairs(__m256i a, __m256i b) {
    return _mm256_madd_epi16(a, b);
}
inline __m128i pack_saturated(__m128i a, __m128i b) {
    return _mm_packs_epi32(a, b);
}
inline __m256i pack_saturated(__m256i a, __m256i b) {
    return _mm256_packs_epi32(a, b);
}
inline __m128i magnitude16(__m128i a) {
    return _mm_abs_epi16(a);
}
inline __m256i magnitude16(__m256i a) {
    return _mm256_abs_epi16(a);
}
inline __m128i bitwise_or(__m128i a, __m128i b) {
    return _mm_or_si128(a, b);
}
inline __m256i bitwise_or(__m256i a, __m256i b) {
    return _mm256_or_si256(a, b);
}
// Whether no lane has a bit of `mask` set.
inline bool none_of_bits(__m128i a, int16_t mask) {
    return _mm_testz_si128(a, _mm_set1_epi16(mask)) != 0;
}
inline bool none_of_bits(__m256i a, int16_t mask) {
    return _mm256_testz_si256(a, _mm256_set1_epi16(mask)) != 0;
}
inline void store_row(int16_t* p, __m128i v) {
    _mm_storeu_si128(reinterpret_cast<__m128i*>(p), v);
}
inline void store_row(int16_t* p, __m256i v) {
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(p), v);
}
template <int Shift>
__m128i shift_right32(__m128i a) {
    return _mm_srai_epi32(a, Shift);
}
template <int Shift>
__m256i shift_right32(__m256i a) {
    return _mm256_srai_epi32(a, Shift);
}

#if defined(__AVX512BW__)
inline __m512i add16(__m512i a, __m512i b) {
    return _mm512_add_epi16(a, b);
}
inline __m512i sub16(__m512i a, __m512i b) {
    return _mm512_sub_epi16(a, b);
}
inline __m512i add32(__m512i a, __m512i b) {
    return _mm512_add_epi32(a, b);
}
inline __m512i sub32(__m512i a, __m512i b) {
    return _mm512_sub_epi32(a, b);
}
inline __m512i interleave_low(__m512i a, __m512i b) {
    return _mm512_unpacklo_epi16(a, b);
}
inline __m512i interleave_high(__m512i a, __m512i b) {
    return _mm512_unpackhi_epi16(a, b);
}
inline __m512i multiply_pairs(__m512i a, __m512i b) {
    return _mm512_madd_epi16(a, b);
}
inline __m512i pack_saturated(__m512i a, __m512i b) {
    return _mm512_packs_epi32(a, b);
}
inline __m512i magnitude16(__m512i a) {
    return _mm512_abs_epi16(a);
}
inline __m512i bitwise_or(__m512i a, __m512i b) {
    return _mm512_or_si512(a, b);
}
inline bool none_of_bits(__m512i a, int16_t mask) {
    return _mm512_test_epi16_mask(a, _mm512_set1_epi16(mask)) == 0;
}
inline void store_row(int16_t* p, __m512i v) {
    _mm512_storeu_si512(p, v);
}
template <int Shift>
__m512i shift_right32(__m512i a) {
    return _mm512_srai_epi32(a, Shift);
}
#endif

template <typename Vec>
Vec broadcast32(int32_t value) {
    if constexpr (sizeof(Vec) == 16) {
        return _mm_set1_epi32(value);
    } else if constexpr (sizeof(Vec) == 32) {
        return _mm256_set1_epi32(value);
    } else {
#if defined(__AVX512F__)
        return _mm512_set1_epi32(value);
#endif
    }
}

template <typename Vec>
Vec load_row(const int16_t* p) {
    if constexpr (sizeof(Vec) == 16) {
        return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    } else if constexpr (sizeof(Vec) == 32) {
        return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
    } else {
#if defined(__AVX512F__)
        return _mm512_loadu_si512(p);
#endif
    }
}

// (value + 2^(shift-1)) >> shift, as the scalar round_shift.
template <int Shift, typename Vec>
Vec round_shift(Vec value) {
    return shift_right32<Shift>(add32(value, broadcast32<Vec>(1 << (Shift - 1))));
}

// A row of int32 results: `low` holds the columns that interleave_low paired (0-3 of every
// 8-column group), `high` the others (4-7). pack_saturated(low, high) is in column order.
template <typename Vec>
struct Sums {
    Vec low, high;
};

// The rounded sums of a row, stored as int32 in column order.
template <int Shift>
void store_rounded(int32_t* p, const Sums<__m128i>& row) {
    _mm_storeu_si128(reinterpret_cast<__m128i*>(p), round_shift<Shift>(row.low));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(p + 4), round_shift<Shift>(row.high));
}
template <int Shift>
void store_rounded(int32_t* p, const Sums<__m256i>& row) {
    const __m256i low = round_shift<Shift>(row.low), high = round_shift<Shift>(row.high);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(p), _mm256_permute2x128_si256(low, high, 0x20));
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(p + 8),
                        _mm256_permute2x128_si256(low, high, 0x31));
}
#if defined(__AVX512F__)
template <int Shift>
void store_rounded(int32_t* p, const Sums<__m512i>& row) {
    const __m512i low = round_shift<Shift>(row.low), high = round_shift<Shift>(row.high);
    const __m512i first = _mm512_setr_epi64(0, 1, 8, 9, 2, 3, 10, 11);
    const __m512i second = _mm512_setr_epi64(4, 5, 12, 13, 6, 7, 14, 15);
    _mm512_storeu_si512(p, _mm512_permutex2var_epi64(low, first, high));
    _mm512_storeu_si512(p + 16, _mm512_permutex2var_epi64(low, second, high));
}
#endif

// ---- the matrices --------------------------------------------------------------------------

constexpr int log2_of(int n) {
    return n == 4 ? 2 : n == 8 ? 3 : n == 16 ? 4 : 5;
}

// Which matrix a product applies, for the N-point DCT M[k][n] = kDctMatrix[k * 32 / N][n]:
enum class Part {
    kForward,     // out[k] = sum_n M[k][n] in[n]                        (N x N)
    kForwardOdd,  // out[k] = sum_n M[2k+1][n] in[n], n < N/2            (the odd rows' left half)
    kInverse,     // out[n] = sum_k M[k][n] in[k]                        (N x N)
    kInverseOdd,  // out[n] = sum_k M[2k+1][n] in[k], n, k < N/2
};

template <int N, Part P>
constexpr int kProductSize = (P == Part::kForwardOdd || P == Part::kInverseOdd) ? N / 2 : N;

template <int N, Part P>
constexpr int16_t coefficient(int out, int in) {
    constexpr int kStep = 32 / N;
    switch (P) {
        case Part::kForward:
            return kDctMatrix[out * kStep][in];
        case Part::kForwardOdd:
            return kDctMatrix[(2 * out + 1) * kStep][in];
        case Part::kInverse:
            return kDctMatrix[in * kStep][out];
        case Part::kInverseOdd:
            return kDctMatrix[(2 * in + 1) * kStep][out];
    }
    return 0;
}

// pairs[o][p]: the coefficients of inputs 2p and 2p + 1 as the two int16 halves that madd
// multiplies with interleave_low/high(in[2p], in[2p + 1]).
template <int N, Part P>
constexpr auto make_pairs() {
    constexpr int kSize = kProductSize<N, P>;
    std::array<std::array<int32_t, kSize / 2>, kSize> pairs{};
    for (int o = 0; o < kSize; o++) {
        for (int p = 0; p < kSize / 2; p++) {
            const uint32_t first = static_cast<uint16_t>(coefficient<N, P>(o, 2 * p));
            const uint32_t second = static_cast<uint16_t>(coefficient<N, P>(o, 2 * p + 1));
            pairs[o][p] = static_cast<int32_t>(first | (second << 16));
        }
    }
    return pairs;
}
template <int N, Part P>
inline constexpr auto kPairs = make_pairs<N, P>();

// out[o] = sum_i A[o][i] in[i] for the matrix A of (N, P), in int32.
template <int N, Part P, typename Vec>
void multiply(const Vec* in, Sums<Vec>* out) {
    constexpr int kSize = kProductSize<N, P>;
    Vec low[kSize / 2], high[kSize / 2];
    for (int p = 0; p < kSize / 2; p++) {
        low[p] = interleave_low(in[2 * p], in[2 * p + 1]);
        high[p] = interleave_high(in[2 * p], in[2 * p + 1]);
    }
    for (int o = 0; o < kSize; o++) {
        Vec pair = broadcast32<Vec>(kPairs<N, P>[o][0]);
        Vec sum_low = multiply_pairs(low[0], pair), sum_high = multiply_pairs(high[0], pair);
        for (int p = 1; p < kSize / 2; p++) {
            pair = broadcast32<Vec>(kPairs<N, P>[o][p]);
            sum_low = add32(sum_low, multiply_pairs(low[p], pair));
            sum_high = add32(sum_high, multiply_pairs(high[p], pair));
        }
        out[o] = {sum_low, sum_high};
    }
}

// The N-point forward DCT of the rows in[0..N-1] by even/odd decomposition with int16 butterflies
// (e[i] = in[i] + in[N-1-i], o[i] = in[i] - in[N-1-i]): only for inputs with
// 2^(log2 N - 2) * |in| <= 32767, which keeps every butterfly in int16.
template <int N, typename Vec>
void forward_dct_butterfly(const Vec* in, Sums<Vec>* out) {
    if constexpr (N == 4) {
        multiply<4, Part::kForward>(in, out);
    } else {
        Vec even[N / 2], odd[N / 2];
        for (int i = 0; i < N / 2; i++) {
            even[i] = add16(in[i], in[N - 1 - i]);
            odd[i] = sub16(in[i], in[N - 1 - i]);
        }
        Sums<Vec> even_out[N / 2], odd_out[N / 2];
        forward_dct_butterfly<N / 2>(even, even_out);
        multiply<N, Part::kForwardOdd>(odd, odd_out);
        for (int k = 0; k < N / 2; k++) {
            out[2 * k] = even_out[k];
            out[2 * k + 1] = odd_out[k];
        }
    }
}

// The largest |input| of an N-point butterfly pass: 2^(log2 N - 2) * |in| <= 32767.
template <int N>
inline constexpr int kButterflyInputLimit = 32767 >> (log2_of(N) - 2);

// ---- transposes ------------------------------------------------------------------------------

inline void transpose_8x8(const int16_t* source, ptrdiff_t source_stride, int16_t* destination,
                          ptrdiff_t destination_stride) {
    __m128i r[8];
    for (int i = 0; i < 8; i++)
        r[i] = _mm_loadu_si128(reinterpret_cast<const __m128i*>(source + i * source_stride));
    const __m128i a0 = _mm_unpacklo_epi16(r[0], r[1]), a1 = _mm_unpackhi_epi16(r[0], r[1]);
    const __m128i a2 = _mm_unpacklo_epi16(r[2], r[3]), a3 = _mm_unpackhi_epi16(r[2], r[3]);
    const __m128i a4 = _mm_unpacklo_epi16(r[4], r[5]), a5 = _mm_unpackhi_epi16(r[4], r[5]);
    const __m128i a6 = _mm_unpacklo_epi16(r[6], r[7]), a7 = _mm_unpackhi_epi16(r[6], r[7]);
    const __m128i b0 = _mm_unpacklo_epi32(a0, a2), b1 = _mm_unpackhi_epi32(a0, a2);
    const __m128i b2 = _mm_unpacklo_epi32(a1, a3), b3 = _mm_unpackhi_epi32(a1, a3);
    const __m128i b4 = _mm_unpacklo_epi32(a4, a6), b5 = _mm_unpackhi_epi32(a4, a6);
    const __m128i b6 = _mm_unpacklo_epi32(a5, a7), b7 = _mm_unpackhi_epi32(a5, a7);
    const __m128i columns[8] = {_mm_unpacklo_epi64(b0, b4), _mm_unpackhi_epi64(b0, b4),
                                _mm_unpacklo_epi64(b1, b5), _mm_unpackhi_epi64(b1, b5),
                                _mm_unpacklo_epi64(b2, b6), _mm_unpackhi_epi64(b2, b6),
                                _mm_unpacklo_epi64(b3, b7), _mm_unpackhi_epi64(b3, b7)};
    for (int i = 0; i < 8; i++) {
        _mm_storeu_si128(reinterpret_cast<__m128i*>(destination + i * destination_stride),
                         columns[i]);
    }
}

template <int N>
void transpose(const int16_t* source, ptrdiff_t source_stride, int16_t* destination,
               ptrdiff_t destination_stride) {
    for (int y = 0; y < N; y += 8) {
        for (int x = 0; x < N; x += 8) {
            transpose_8x8(source + y * source_stride + x, source_stride,
                          destination + x * destination_stride + y, destination_stride);
        }
    }
}

// The registers of an AVX2 pass over an N x N block: 16 columns for 16x16 and 32x32, 8 for 8x8.
template <int N>
using PassRegister = std::conditional_t<N == 8, __m128i, __m256i>;

// ---- the forward fast path: 8-bit residuals ---------------------------------------------------

constexpr int kFastResidual = 255;

constexpr int max_row_gain(int size) {
    int largest = 0;
    for (int k = 0; k < size; k++) {
        int sum = 0;
        for (int n = 0; n < size; n++) {
            const int entry = kDctMatrix[k * (32 / size)][n];
            sum += entry < 0 ? -entry : entry;
        }
        largest = sum > largest ? sum : largest;
    }
    return largest;
}
static_assert(
    max_row_gain(4) <= 64 * 4 && max_row_gain(8) <= 64 * 8 && max_row_gain(16) <= 64 * 16 &&
        max_row_gain(32) <= 64 * 32,
    "row pass of an 8-bit residual fits int16: |t| <= 64 N * 255 >> (log2 N - 1) = 32640");

// Whether every sample of the N x N block lies in [-255, 255], read Vec-wide (abs(-32768) is
// 0x8000: outside too).
template <int N, typename Vec>
bool within_fast_range(const int16_t* residual, ptrdiff_t stride) {
    constexpr int kColumns = sizeof(Vec) / sizeof(int16_t);
    Vec magnitudes = broadcast32<Vec>(0);
    for (int y = 0; y < N; y++) {
        for (int x = 0; x < N; x += kColumns) {
            magnitudes =
                bitwise_or(magnitudes, magnitude16(load_row<Vec>(residual + y * stride + x)));
        }
    }
    return none_of_bits(magnitudes, static_cast<int16_t>(~kFastResidual));
}

// The row pass of the forward DCT of an 8-bit residual (|sample| <= 255, so that its butterflies
// fit int16 and its rounded output, at most 128 * 255 = 32640, fits int16: max_row_gain) on the
// transposed residual: rows_transformed[k * N + y] = t[y][k]. Returns the OR of |t| over the
// block.
template <int N, typename Vec>
Vec forward_row_pass(const int16_t* transposed_residual, int16_t* rows_transformed) {
    constexpr int kColumns = sizeof(Vec) / sizeof(int16_t);
    constexpr int kShift = log2_of(N) - 1;
    Vec magnitudes = broadcast32<Vec>(0);
    for (int x = 0; x < N; x += kColumns) {
        Vec in[N];
        Sums<Vec> out[N];
        for (int i = 0; i < N; i++) in[i] = load_row<Vec>(transposed_residual + i * N + x);
        forward_dct_butterfly<N>(in, out);
        for (int k = 0; k < N; k++) {
            const Vec t =
                pack_saturated(round_shift<kShift>(out[k].low), round_shift<kShift>(out[k].high));
            magnitudes = bitwise_or(magnitudes, magnitude16(t));
            store_row(rows_transformed + k * N + x, t);
        }
    }
    return magnitudes;
}

// ---- 4x4 --------------------------------------------------------------------------------------
//
// The block is one register of 16 int16, rows 0 and 1 in the low 128-bit lane, rows 2 and 3 in
// the high one. products_4x4 returns W[r][j] = sum_i A[j][i] Z[r][i] for the four rows r of Z as
//   first  = {W00 W10 W01 W11 | W20 W30 W21 W31},  second = {W02 W12 W03 W13 | W22 W32 W23 W33}.

struct Matrix4 {
    __m256i rows[4];  // A[j][0..3], repeated for the four rows of a block
};

template <typename Entry>
Matrix4 make_matrix_4(Entry entry) {
    Matrix4 matrix;
    for (int j = 0; j < 4; j++) {
        uint64_t row = 0;
        for (int i = 0; i < 4; i++) row |= uint64_t{static_cast<uint16_t>(entry(j, i))} << (16 * i);
        matrix.rows[j] = _mm256_set1_epi64x(static_cast<int64_t>(row));
    }
    return matrix;
}

inline Matrix4 forward_matrix_4(bool dst) {
    return make_matrix_4(
        [dst](int j, int i) { return dst ? kDstMatrix[j][i] : kDctMatrix[8 * j][i]; });
}

struct Products4 {
    __m256i first, second;
};

inline Products4 products_4x4(__m256i block, const Matrix4& matrix) {
    const __m256i p0 = _mm256_madd_epi16(block, matrix.rows[0]),
                  p1 = _mm256_madd_epi16(block, matrix.rows[1]);
    const __m256i p2 = _mm256_madd_epi16(block, matrix.rows[2]),
                  p3 = _mm256_madd_epi16(block, matrix.rows[3]);
    return {_mm256_hadd_epi32(p0, p1), _mm256_hadd_epi32(p2, p3)};
}

// From the int16 pack of a products_4x4 result, whose 32-bit element j of the low (high) lane
// holds column j of rows 0 and 1 (2 and 3), the block of its columns: {W^T rows 0 1 | 2 3}.
inline __m256i columns_of_packed_4x4(__m256i packed) {
    return _mm256_shuffle_epi32(_mm256_permute4x64_epi64(packed, 0xd8), 0xd8);
}

// The forward row pass of a 4x4 block of 8-bit residuals (shift 1; |t| <= 128 * 255 fits int16),
// returned as its columns: the rows of the column pass.
inline __m256i forward_row_pass_4x4(__m256i block, const Matrix4& matrix) {
    const Products4 rows = products_4x4(block, matrix);
    return columns_of_packed_4x4(
        _mm256_packs_epi32(round_shift<1>(rows.first), round_shift<1>(rows.second)));
}

}  // namespace
}  // namespace tc
