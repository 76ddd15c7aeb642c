// AVX2 forward and inverse transforms (src/transform/forward_transform.h, inverse_transform.h),
// bit-exact with the scalar references for every input in their documented ranges.
//
// Method. A 1-D pass is written "vertically": out[o] = sum_i A[o][i] * in[i], where in[i] and
// out[o] are whole rows of a block (8 or 16 columns per register), so the even/odd butterflies of
// the partial-butterfly factorisation are plain vector adds of rows and _mm256_madd_epi16 of two
// interleaved int16 rows with a broadcast coefficient pair gives two terms of eight sums at once.
// A horizontal pass is a vertical pass on the transposed block (8x8 int16 transposes). The
// operations, matrices, transposes and the forward row pass are transform_passes_x86.h's.
//
// Why it is exact. Integer sums do not depend on their order, so any factorisation gives the
// scalar sums as long as nothing overflows; the roundings and clips are applied where the scalar
// code applies them:
//  * inverse: the coefficients (int16 range by 8.6.3) are packed to int16 losslessly; all sums are
//    int32 (inverse_transform.cpp proves the worst case fits); the intermediate clip to int16 is a
//    saturating pack, which is exactly Clip3(-32768, 32767, .); the output fits int16.
//  * forward: with |residual| <= 255 every row of the N-point matrix has absolute sum <= 64 * N
//    (asserted in transform_passes_x86.h), so the row pass output (rounded, shifted by log2 N - 1)
//    is at most 128 * 255 = 32640 and is stored as int16 for the column pass; the row-pass
//    butterflies are at most 16 * 255 in int16. The column pass uses no butterflies (t[y] +
//    t[N-1-y] could need 17 bits) and sums in int32. Blocks with a larger residual (up to
//    kMaxForwardResidual, never from 8-bit video) take the scalar path.
// The 4x4 transforms (DCT and DST) hold the whole block in one register: madd with a repeated
// matrix row gives pairs of products that one horizontal add finishes.
#include "kernels/x86/kernel_init_x86.h"

#if defined(__AVX2__)
#include <immintrin.h>

#include <cstdint>

#include "kernels/x86/transform_passes_x86.h"
#include "transform/forward_transform.h"
#include "transform/inverse_transform.h"
#include "transform/transform_matrix.h"

namespace tc {
namespace {

// ---- the DST's row-range bound (the DCT's is in transform_passes_x86.h) -------------------

constexpr int max_dst_row_gain() {
    int largest = 0;
    for (const auto& row : kDstMatrix) {
        int sum = 0;
        for (const int entry : row) sum += entry < 0 ? -entry : entry;
        largest = sum > largest ? sum : largest;
    }
    return largest;
}
static_assert(max_dst_row_gain() <= 64 * 4,
              "row pass of an 8-bit residual fits int16: |t| <= 64 * 4 * 255 >> 1 = 32640");

// ---- the inverse transform's loads and butterflies ---------------------------------------------

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

// The N-point inverse DCT of the rows in[0..N-1] by even/odd decomposition (inverse_dct_1d); the
// butterflies act on the int32 sums.
template <int N, typename Vec>
void inverse_dct_butterfly(const Vec* in, Sums<Vec>* out) {
    if constexpr (N == 4) {
        multiply<4, Part::kInverse>(in, out);
    } else {
        Vec even_in[N / 2], odd_in[N / 2];
        for (int k = 0; k < N / 2; k++) {
            even_in[k] = in[2 * k];
            odd_in[k] = in[2 * k + 1];
        }
        Sums<Vec> even[N / 2], odd[N / 2];
        inverse_dct_butterfly<N / 2>(even_in, even);
        multiply<N, Part::kInverseOdd>(odd_in, odd);
        for (int i = 0; i < N / 2; i++) {
            out[i] = {add32(even[i].low, odd[i].low), add32(even[i].high, odd[i].high)};
            out[N - 1 - i] = {sub32(even[i].low, odd[i].low), sub32(even[i].high, odd[i].high)};
        }
    }
}

// ---- 8x8, 16x16 and 32x32 -------------------------------------------------------------------

template <int N, void (*Scalar)(const int16_t*, ptrdiff_t, int32_t*)>
void forward_dct_avx2(const int16_t* residual, ptrdiff_t residual_stride, int32_t* coeffs) {
    using Vec = PassRegister<N>;
    constexpr int kColumns = sizeof(Vec) / sizeof(int16_t);
    if (!within_fast_range<N, __m128i>(residual, residual_stride)) {
        Scalar(residual, residual_stride, coeffs);
        return;
    }
    // Row pass as a vertical pass on the transposed block: rows_transformed[k][y] = t[y][k].
    alignas(32) int16_t transposed[N * N];
    alignas(32) int16_t rows_transformed[N * N];
    transpose<N>(residual, residual_stride, transposed, N);
    forward_row_pass<N, Vec>(transposed, rows_transformed);
    // Column pass on t[y][k], straight into the row-major coefficients.
    transpose<N>(rows_transformed, N, transposed, N);
    for (int x = 0; x < N; x += kColumns) {
        Vec in[N];
        Sums<Vec> out[N];
        for (int i = 0; i < N; i++) in[i] = load_row<Vec>(transposed + i * N + x);
        multiply<N, Part::kForward>(in, out);
        for (int v = 0; v < N; v++) store_rounded<log2_of(N) + 6>(coeffs + v * N + x, out[v]);
    }
}

template <int N>
void inverse_dct_avx2(const int32_t* coeffs, int16_t* residual, ptrdiff_t residual_stride) {
    using Vec = PassRegister<N>;
    constexpr int kColumns = sizeof(Vec) / sizeof(int16_t);
    // 8.6.4.2 step 1 and 2: vertical transforms, g = Clip3(coeffMin, coeffMax, (e + 64) >> 7)
    // (the saturating pack is the clip).
    alignas(32) int16_t intermediate[N * N];
    for (int x = 0; x < N; x += kColumns) {
        Vec in[N];
        Sums<Vec> out[N];
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
        Sums<Vec> out[N];
        for (int i = 0; i < N; i++) in[i] = load_row<Vec>(transposed + i * N + y);
        inverse_dct_butterfly<N>(in, out);
        for (int x = 0; x < N; x++) {
            store_row(intermediate + x * N + y,
                      pack_saturated(round_shift<12>(out[x].low), round_shift<12>(out[x].high)));
        }
    }
    transpose<N>(intermediate, N, residual, residual_stride);
}

// ---- 4x4 (the block layout and products_4x4 of transform_passes_x86.h) ----------------------

Matrix4 inverse_matrix_4(bool dst) {
    return make_matrix_4(
        [dst](int j, int i) { return dst ? kDstMatrix[i][j] : kDctMatrix[8 * i][j]; });
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
    // |sample| <= 255 as within_fast_range.
    if (!none_of_bits(magnitude16(block), static_cast<int16_t>(~kFastResidual))) {
        (Dst ? forward_dst_4x4_scalar : forward_dct_4x4_scalar)(residual, residual_stride, coeffs);
        return;
    }
    const Matrix4 matrix = forward_matrix_4(Dst);
    // Row pass: W = t, shift 1; its columns are the rows of the column pass.
    const __m256i transposed = forward_row_pass_4x4(block, matrix);
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
