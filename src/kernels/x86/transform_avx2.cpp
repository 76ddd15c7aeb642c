// AVX2 forward and inverse transforms (src/transform/forward_transform.h, inverse_transform.h),
// bit-exact with the scalar references for every input in their documented ranges.
//
// Method. A 1-D pass is written "vertically": out[o] = sum_i A[o][i] * in[i], where in[i] and
// out[o] are whole rows of a block (8 or 16 columns per register), so the even/odd butterflies of
// the partial-butterfly factorisation are plain vector adds of rows and _mm256_madd_epi16 of two
// interleaved int16 rows with a broadcast coefficient pair gives two terms of eight sums at once.
// A horizontal pass is a vertical pass on the transposed block (8x8 int16 transposes).
//
// Why it is exact. Integer sums do not depend on their order, so any factorisation gives the
// scalar sums as long as nothing overflows; the roundings and clips are applied where the scalar
// code applies them:
//  * inverse: the coefficients (int16 range by 8.6.3) are packed to int16 losslessly; all sums are
//    int32 (inverse_transform.cpp proves the worst case fits); the intermediate clip to int16 is a
//    saturating pack, which is exactly Clip3(-32768, 32767, .); the output fits int16.
//  * forward: with |residual| <= 255 every row of the N-point matrix has absolute sum <= 64 * N
//    (asserted below), so the row pass output (rounded, shifted by log2 N - 1) is at most
//    128 * 255 = 32640 and is stored as int16 for the column pass; the row-pass butterflies are
//    at most 16 * 255 in int16. The column pass uses no butterflies (t[y] + t[N-1-y] could need 17
//    bits) and sums in int32. Blocks with a larger residual (up to kMaxForwardResidual, never from
//    8-bit video) take the scalar path.
// The 4x4 transforms (DCT and DST) hold the whole block in one register: madd with a repeated
// matrix row gives pairs of products that one horizontal add finishes.
#include "kernels/x86/kernel_init_x86.h"

#if defined(__AVX2__)
#include <immintrin.h>

#include <array>
#include <cstdint>

#include "transform/forward_transform.h"
#include "transform/inverse_transform.h"
#include "transform/transform_matrix.h"

namespace tc {
namespace {

// ---- the row-range bound of the forward fast path ------------------------------------------

constexpr int kFastResidual = 255;  // 8-bit residuals

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
constexpr int max_dst_row_gain() {
    int largest = 0;
    for (const auto& row : kDstMatrix) {
        int sum = 0;
        for (const int entry : row) sum += entry < 0 ? -entry : entry;
        largest = sum > largest ? sum : largest;
    }
    return largest;
}
static_assert(
    max_row_gain(4) <= 64 * 4 && max_row_gain(8) <= 64 * 8 && max_row_gain(16) <= 64 * 16 &&
        max_row_gain(32) <= 64 * 32 && max_dst_row_gain() <= 64 * 4,
    "row pass of an 8-bit residual fits int16: |t| <= 64 N * 255 >> (log2 N - 1) = 32640");

// ---- 128/256-bit operations under one name, so that a pass serves 8 and 16 columns -------------

__m128i add16(__m128i a, __m128i b) {
    return _mm_add_epi16(a, b);
}
__m256i add16(__m256i a, __m256i b) {
    return _mm256_add_epi16(a, b);
}
__m128i sub16(__m128i a, __m128i b) {
    return _mm_sub_epi16(a, b);
}
__m256i sub16(__m256i a, __m256i b) {
    return _mm256_sub_epi16(a, b);
}
__m128i add32(__m128i a, __m128i b) {
    return _mm_add_epi32(a, b);
}
__m256i add32(__m256i a, __m256i b) {
    return _mm256_add_epi32(a, b);
}
__m128i sub32(__m128i a, __m128i b) {
    return _mm_sub_epi32(a, b);
}
__m256i sub32(__m256i a, __m256i b) {
    return _mm256_sub_epi32(a, b);
}
__m128i interleave_low(__m128i a, __m128i b) {
    return _mm_unpacklo_epi16(a, b);
}
__m256i interleave_low(__m256i a, __m256i b) {
    return _mm256_unpacklo_epi16(a, b);
}
__m128i interleave_high(__m128i a, __m128i b) {
    return _mm_unpackhi_epi16(a, b);
}
__m256i interleave_high(__m256i a, __m256i b) {
    return _mm256_unpackhi_epi16(a, b);
}
__m128i multiply_pairs(__m128i a, __m128i b) {
    return _mm_madd_epi16(a, b);
}
__m256i multiply_pairs(__m256i a, __m256i b) {
    return _mm256_madd_epi16(a, b);
}
__m128i pack_saturated(__m128i a, __m128i b) {
    return _mm_packs_epi32(a, b);
}
__m256i pack_saturated(__m256i a, __m256i b) {
    return _mm256_packs_epi32(a, b);
}

template <typename Vec>
Vec broadcast32(int32_t value) {
    if constexpr (sizeof(Vec) == 16) {
        return _mm_set1_epi32(value);
    } else {
        return _mm256_set1_epi32(value);
    }
}

// (value + 2^(shift-1)) >> shift, as the scalar round_shift.
template <int Shift>
__m128i round_shift(__m128i value) {
    return _mm_srai_epi32(_mm_add_epi32(value, _mm_set1_epi32(1 << (Shift - 1))), Shift);
}
template <int Shift>
__m256i round_shift(__m256i value) {
    return _mm256_srai_epi32(_mm256_add_epi32(value, _mm256_set1_epi32(1 << (Shift - 1))), Shift);
}

template <typename Vec>
Vec load_row(const int16_t* p) {
    if constexpr (sizeof(Vec) == 16) {
        return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    } else {
        return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
    }
}
void store_row(int16_t* p, __m128i v) {
    _mm_storeu_si128(reinterpret_cast<__m128i*>(p), v);
}
void store_row(int16_t* p, __m256i v) {
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(p), v);
}

// int32 coefficients packed to int16 in column order (lossless in the documented int16 range).
template <typename Vec>
Vec load_coefficients(const int32_t* p) {
    if constexpr (sizeof(Vec) == 16) {
        return _mm_packs_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)),
                               _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 4)));
    } else {
        const __m256i packed =
            _mm256_packs_epi32(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)),
                               _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + 8)));
        return _mm256_permute4x64_epi64(packed, 0xd8);  // per-lane packing -> column order
    }
}

// A row of 32-bit results: `low` holds the columns that interleave_low paired (0-3, and 8-11 in
// the upper 128-bit lane), `high` the others. pack_saturated(low, high) is in column order.
struct Sums128 {
    __m128i low, high;
};
struct Sums256 {
    __m256i low, high;
};

void store_sums(int32_t* p, Sums128 row) {
    _mm_storeu_si128(reinterpret_cast<__m128i*>(p), row.low);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(p + 4), row.high);
}
void store_sums(int32_t* p, Sums256 row) {
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(p),
                        _mm256_permute2x128_si256(row.low, row.high, 0x20));
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(p + 8),
                        _mm256_permute2x128_si256(row.low, row.high, 0x31));
}

// ---- the matrices of the vertical passes ---------------------------------------------------

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
template <int N, Part P, typename Vec, typename Sums>
void multiply(const Vec* in, Sums* out) {
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

// The N-point forward DCT of the rows in[0..N-1] by even/odd decomposition (forward_dct_1d), with
// int16 butterflies: only for inputs small enough that 2^depth * |in| fits (see the header).
template <int N, typename Vec, typename Sums>
void forward_dct_butterfly(const Vec* in, Sums* out) {
    if constexpr (N == 4) {
        multiply<4, Part::kForward>(in, out);
    } else {
        Vec even[N / 2], odd[N / 2];
        for (int i = 0; i < N / 2; i++) {
            even[i] = add16(in[i], in[N - 1 - i]);
            odd[i] = sub16(in[i], in[N - 1 - i]);
        }
        Sums even_out[N / 2], odd_out[N / 2];
        forward_dct_butterfly<N / 2>(even, even_out);
        multiply<N, Part::kForwardOdd>(odd, odd_out);
        for (int k = 0; k < N / 2; k++) {
            out[2 * k] = even_out[k];
            out[2 * k + 1] = odd_out[k];
        }
    }
}

// The N-point inverse DCT of the rows in[0..N-1] by even/odd decomposition (inverse_dct_1d); the
// butterflies act on the int32 sums.
template <int N, typename Vec, typename Sums>
void inverse_dct_butterfly(const Vec* in, Sums* out) {
    if constexpr (N == 4) {
        multiply<4, Part::kInverse>(in, out);
    } else {
        Vec even_in[N / 2], odd_in[N / 2];
        for (int k = 0; k < N / 2; k++) {
            even_in[k] = in[2 * k];
            odd_in[k] = in[2 * k + 1];
        }
        Sums even[N / 2], odd[N / 2];
        inverse_dct_butterfly<N / 2>(even_in, even);
        multiply<N, Part::kInverseOdd>(odd_in, odd);
        for (int i = 0; i < N / 2; i++) {
            out[i] = {add32(even[i].low, odd[i].low), add32(even[i].high, odd[i].high)};
            out[N - 1 - i] = {sub32(even[i].low, odd[i].low), sub32(even[i].high, odd[i].high)};
        }
    }
}

// ---- transposes and the range check --------------------------------------------------------

void transpose_8x8(const int16_t* source, ptrdiff_t source_stride, int16_t* destination,
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

// Whether every sample of the N x N block lies in [-255, 255] (the forward fast path's range).
template <int N>
bool within_fast_range(const int16_t* residual, ptrdiff_t stride) {
    __m128i magnitudes = _mm_setzero_si128();  // OR of |sample|; -32768 gives 0x8000, outside too
    for (int y = 0; y < N; y++) {
        for (int x = 0; x < N; x += 8) {
            const __m128i row =
                _mm_loadu_si128(reinterpret_cast<const __m128i*>(residual + y * stride + x));
            magnitudes = _mm_or_si128(magnitudes, _mm_abs_epi16(row));
        }
    }
    return _mm_testz_si128(magnitudes, _mm_set1_epi16(static_cast<int16_t>(~kFastResidual)));
}

// ---- 8x8, 16x16 and 32x32 -------------------------------------------------------------------

constexpr int log2_of(int n) {
    return n == 4 ? 2 : n == 8 ? 3 : n == 16 ? 4 : 5;
}

// The registers of a pass: 16 columns for 16x16 and 32x32, 8 for 8x8.
template <int N>
struct Rows {
    using Vec = __m256i;
    using Sums = Sums256;
};
template <>
struct Rows<8> {
    using Vec = __m128i;
    using Sums = Sums128;
};

template <int N, void (*Scalar)(const int16_t*, ptrdiff_t, int32_t*)>
void forward_dct_avx2(const int16_t* residual, ptrdiff_t residual_stride, int32_t* coeffs) {
    using Vec = typename Rows<N>::Vec;
    using Sums = typename Rows<N>::Sums;
    constexpr int kColumns = sizeof(Vec) / sizeof(int16_t);
    if (!within_fast_range<N>(residual, residual_stride)) {
        Scalar(residual, residual_stride, coeffs);
        return;
    }
    // Row pass as a vertical pass on the transposed block: rows_transformed[k][y] = t[y][k].
    alignas(32) int16_t transposed[N * N];
    alignas(32) int16_t rows_transformed[N * N];
    transpose<N>(residual, residual_stride, transposed, N);
    for (int x = 0; x < N; x += kColumns) {
        Vec in[N];
        Sums out[N];
        for (int i = 0; i < N; i++) in[i] = load_row<Vec>(transposed + i * N + x);
        forward_dct_butterfly<N>(in, out);
        for (int k = 0; k < N; k++) {
            constexpr int kShift = log2_of(N) - 1;
            store_row(
                rows_transformed + k * N + x,
                pack_saturated(round_shift<kShift>(out[k].low), round_shift<kShift>(out[k].high)));
        }
    }
    // Column pass on t[y][k], straight into the row-major coefficients.
    transpose<N>(rows_transformed, N, transposed, N);
    for (int x = 0; x < N; x += kColumns) {
        Vec in[N];
        Sums out[N];
        for (int i = 0; i < N; i++) in[i] = load_row<Vec>(transposed + i * N + x);
        multiply<N, Part::kForward>(in, out);
        for (int v = 0; v < N; v++) {
            constexpr int kShift = log2_of(N) + 6;
            store_sums(coeffs + v * N + x,
                       Sums{round_shift<kShift>(out[v].low), round_shift<kShift>(out[v].high)});
        }
    }
}

template <int N>
void inverse_dct_avx2(const int32_t* coeffs, int16_t* residual, ptrdiff_t residual_stride) {
    using Vec = typename Rows<N>::Vec;
    using Sums = typename Rows<N>::Sums;
    constexpr int kColumns = sizeof(Vec) / sizeof(int16_t);
    // 8.6.4.2 step 1 and 2: vertical transforms, g = Clip3(coeffMin, coeffMax, (e + 64) >> 7)
    // (the saturating pack is the clip).
    alignas(32) int16_t intermediate[N * N];
    for (int x = 0; x < N; x += kColumns) {
        Vec in[N];
        Sums out[N];
        for (int i = 0; i < N; i++) in[i] = load_coefficients<Vec>(coeffs + i * N + x);
        inverse_dct_butterfly<N>(in, out);
        for (int y = 0; y < N; y++) {
            store_row(intermediate + y * N + x,
                      pack_saturated(round_shift<7>(out[y].low), round_shift<7>(out[y].high)));
        }
    }
    // Step 3 as a vertical pass on the transposed intermediate, giving the transposed residual;
    // 8.6.2: (r + 2048) >> 12, which fits int16.
    alignas(32) int16_t transposed[N * N];
    transpose<N>(intermediate, N, transposed, N);
    for (int y = 0; y < N; y += kColumns) {
        Vec in[N];
        Sums out[N];
        for (int i = 0; i < N; i++) in[i] = load_row<Vec>(transposed + i * N + y);
        inverse_dct_butterfly<N>(in, out);
        for (int x = 0; x < N; x++) {
            store_row(intermediate + x * N + y,
                      pack_saturated(round_shift<12>(out[x].low), round_shift<12>(out[x].high)));
        }
    }
    transpose<N>(intermediate, N, residual, residual_stride);
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

Matrix4 forward_matrix_4(bool dst) {
    return make_matrix_4(
        [dst](int j, int i) { return dst ? kDstMatrix[j][i] : kDctMatrix[8 * j][i]; });
}
Matrix4 inverse_matrix_4(bool dst) {
    return make_matrix_4(
        [dst](int j, int i) { return dst ? kDstMatrix[i][j] : kDctMatrix[8 * i][j]; });
}

struct Products4 {
    __m256i first, second;
};

Products4 products_4x4(__m256i block, const Matrix4& matrix) {
    const __m256i p0 = _mm256_madd_epi16(block, matrix.rows[0]),
                  p1 = _mm256_madd_epi16(block, matrix.rows[1]);
    const __m256i p2 = _mm256_madd_epi16(block, matrix.rows[2]),
                  p3 = _mm256_madd_epi16(block, matrix.rows[3]);
    return {_mm256_hadd_epi32(p0, p1), _mm256_hadd_epi32(p2, p3)};
}

// From the int16 pack of a products_4x4 result, whose 32-bit element j of the low (high) lane
// holds column j of rows 0 and 1 (2 and 3), the block of its columns: {W^T rows 0 1 | 2 3}.
__m256i columns_of_packed_4x4(__m256i packed) {
    return _mm256_shuffle_epi32(_mm256_permute4x64_epi64(packed, 0xd8), 0xd8);
}

__m256i load_block_4x4(const int16_t* p, ptrdiff_t stride) {
    const auto row = [&](int y) {
        return _mm_loadl_epi64(reinterpret_cast<const __m128i*>(p + y * stride));
    };
    return _mm256_inserti128_si256(_mm256_castsi128_si256(_mm_unpacklo_epi64(row(0), row(1))),
                                   _mm_unpacklo_epi64(row(2), row(3)), 1);
}

template <bool Dst>
void forward_4x4_avx2(const int16_t* residual, ptrdiff_t residual_stride, int32_t* coeffs) {
    const __m256i block = load_block_4x4(residual, residual_stride);
    // |sample| <= 255 as within_fast_range: no bit above the low 8 (abs(-32768) is 0x8000).
    if (!_mm256_testz_si256(_mm256_abs_epi16(block),
                            _mm256_set1_epi16(static_cast<int16_t>(~kFastResidual)))) {
        (Dst ? forward_dst_4x4_scalar : forward_dct_4x4_scalar)(residual, residual_stride, coeffs);
        return;
    }
    const Matrix4 matrix = forward_matrix_4(Dst);
    // Row pass: W = t, shift 1; its columns are the rows of the column pass.
    const Products4 rows = products_4x4(block, matrix);
    const __m256i transposed = columns_of_packed_4x4(
        _mm256_packs_epi32(round_shift<1>(rows.first), round_shift<1>(rows.second)));
    // Column pass on t^T: W[k][v] = coeffs[v][k], shift 8.
    const Products4 columns = products_4x4(transposed, matrix);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(coeffs),
                        _mm256_permute4x64_epi64(round_shift<8>(columns.first), 0xd8));
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(coeffs + 8),
                        _mm256_permute4x64_epi64(round_shift<8>(columns.second), 0xd8));
}

template <bool Dst>
void inverse_4x4_avx2(const int32_t* coeffs, int16_t* residual, ptrdiff_t residual_stride) {
    const Matrix4 matrix = inverse_matrix_4(Dst);
    // The coefficients as int16 columns: packing gives {rows 0 2 | rows 1 3}; gather the 32-bit
    // pairs of each column half, then interleave the words into whole columns.
    const __m256i packed =
        _mm256_packs_epi32(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(coeffs)),
                           _mm256_loadu_si256(reinterpret_cast<const __m256i*>(coeffs + 8)));
    const __m256i halves =
        _mm256_permutevar8x32_epi32(packed, _mm256_setr_epi32(0, 4, 2, 6, 1, 5, 3, 7));
    const __m256i words_to_columns =
        _mm256_setr_epi8(0, 1, 4, 5, 8, 9, 12, 13, 2, 3, 6, 7, 10, 11, 14, 15,  //
                         0, 1, 4, 5, 8, 9, 12, 13, 2, 3, 6, 7, 10, 11, 14, 15);
    const __m256i columns = _mm256_shuffle_epi8(halves, words_to_columns);
    // Vertical pass: W[x][y] = e[y][x]; the saturating pack is the clip to int16.
    const Products4 vertical = products_4x4(columns, matrix);
    const __m256i intermediate = columns_of_packed_4x4(
        _mm256_packs_epi32(round_shift<7>(vertical.first), round_shift<7>(vertical.second)));
    // Horizontal pass: W[y][x] = r[y][x], packed as {r00 r10 r01 r11 ... | rows 2 3}.
    const Products4 horizontal = products_4x4(intermediate, matrix);
    const __m256i result = _mm256_shuffle_epi8(
        _mm256_packs_epi32(round_shift<12>(horizontal.first), round_shift<12>(horizontal.second)),
        words_to_columns);
    const __m128i rows01 = _mm256_castsi256_si128(result),
                  rows23 = _mm256_extracti128_si256(result, 1);
    _mm_storel_epi64(reinterpret_cast<__m128i*>(residual), rows01);
    _mm_storel_epi64(reinterpret_cast<__m128i*>(residual + residual_stride),
                     _mm_unpackhi_epi64(rows01, rows01));
    _mm_storel_epi64(reinterpret_cast<__m128i*>(residual + 2 * residual_stride), rows23);
    _mm_storel_epi64(reinterpret_cast<__m128i*>(residual + 3 * residual_stride),
                     _mm_unpackhi_epi64(rows23, rows23));
}

}  // namespace

void init_transform_avx2(PixelKernels& kernels) {
    kernels.forward_dct[0] = forward_4x4_avx2<false>;
    kernels.forward_dct[1] = forward_dct_avx2<8, forward_dct_8x8_scalar>;
    kernels.forward_dct[2] = forward_dct_avx2<16, forward_dct_16x16_scalar>;
    kernels.forward_dct[3] = forward_dct_avx2<32, forward_dct_32x32_scalar>;
    kernels.forward_dst_4x4 = forward_4x4_avx2<true>;
    kernels.inverse_dct[0] = inverse_4x4_avx2<false>;
    kernels.inverse_dct[1] = inverse_dct_avx2<8>;
    kernels.inverse_dct[2] = inverse_dct_avx2<16>;
    kernels.inverse_dct[3] = inverse_dct_avx2<32>;
    kernels.inverse_dst_4x4 = inverse_4x4_avx2<true>;
}

}  // namespace tc

#endif
