// AVX2 PixelKernels::quantizes_to_zero (src/transform/zero_quantization.h): whether the forward
// DCT of source - prediction quantises to all-zero levels, exactly as forward_dct then quantize.
//
// Cheaper than that pair in four ways, in the order the work is done:
//  * the DC first, from row sums (psadbw of source and prediction): about half of the blocks
//    that do not quantise to zero have a non-zero DC level, and they stop here;
//  * no levels or rounding errors: a coefficient quantises to zero exactly when its column-pass
//    sum lies in the range of zero_level_range, two vector operations per eight sums;
//  * the column pass with int16 butterflies where the row pass's output is small enough for them
//    (transform_avx2.cpp's column pass multiplies by the whole matrix, because t[y] + t[N-1-y] can
//    need 17 bits: here max |t| is measured first, and a block past kButterflyInputLimit takes the
//    whole matrix);
//  * early exit: the column pass checks its outputs per 8 or 16 columns, even (lower) frequencies
//    before odd ones, and stops at the first non-zero level.
// The residual of 8-bit samples lies in [-255, 255], which the row pass's int16 ranges need.
#include "kernels/x86/kernel_init_x86.h"

#if defined(__AVX2__)
#include <immintrin.h>

#include <cstdint>

#include "kernels/x86/simd_loads_x86.h"
#include "kernels/x86/transform_passes_x86.h"
#include "transform/zero_quantization.h"

namespace tc {
namespace {

// ---- the zero range as a signed compare --------------------------------------------------------

// A sum quantises to zero when uint32(sum + bias) < range; flipping the sign bit of both sides
// turns that into a signed compare: non-zero exactly when sum + (bias ^ 2^31) > (range - 1) ^ 2^31.
template <typename Vec>
struct ZeroBound {
    explicit ZeroBound(const ZeroLevelRange& zero)
        : bias(broadcast32<Vec>(static_cast<int32_t>(zero.bias ^ 0x80000000u))),
          above(broadcast32<Vec>(static_cast<int32_t>((zero.range - 1) ^ 0x80000000u))) {}
    Vec bias, above;
};

inline __m128i greater32(__m128i a, __m128i b) {
    return _mm_cmpgt_epi32(a, b);
}
inline __m256i greater32(__m256i a, __m256i b) {
    return _mm256_cmpgt_epi32(a, b);
}
inline bool all_zero(__m128i a) {
    return _mm_testz_si128(a, a) != 0;
}
inline bool all_zero(__m256i a) {
    return _mm256_testz_si256(a, a) != 0;
}

// Whether every sum of out[0..count-1] quantises to zero.
template <typename Vec>
bool sums_quantize_to_zero(const Sums<Vec>* out, int count, const ZeroBound<Vec>& bound) {
    Vec nonzero = greater32(add32(out[0].low, bound.bias), bound.above);
    nonzero = bitwise_or(nonzero, greater32(add32(out[0].high, bound.bias), bound.above));
    for (int i = 1; i < count; i++) {
        nonzero = bitwise_or(nonzero, greater32(add32(out[i].low, bound.bias), bound.above));
        nonzero = bitwise_or(nonzero, greater32(add32(out[i].high, bound.bias), bound.above));
    }
    return all_zero(nonzero);
}

// ---- the DC from row sums ----------------------------------------------------------------------

// The residual sums of four rows of an N-wide block, one per 64-bit lane (as int64).
template <int N>
__m256i four_row_sums(const uint8_t* source, ptrdiff_t source_stride, const uint8_t* prediction,
                      ptrdiff_t prediction_stride) {
    const auto difference = [](__m256i a, __m256i b) {
        const __m256i zero = _mm256_setzero_si256();
        return _mm256_sub_epi64(_mm256_sad_epu8(a, zero), _mm256_sad_epu8(b, zero));
    };
    const auto load_four_8 = [](const uint8_t* p, ptrdiff_t stride) {
        const __m128i rows01 = _mm_unpacklo_epi64(load_8_bytes(p), load_8_bytes(p + stride));
        const __m128i rows23 =
            _mm_unpacklo_epi64(load_8_bytes(p + 2 * stride), load_8_bytes(p + 3 * stride));
        return _mm256_inserti128_si256(_mm256_castsi128_si256(rows01), rows23, 1);
    };
    if constexpr (N == 8) {
        return difference(load_four_8(source, source_stride),
                          load_four_8(prediction, prediction_stride));
    } else if constexpr (N == 16) {
        // {a a | b b} and {c c | d d} -> {a c | b d}
        const __m256i ab = difference(load_two_rows_16(source, source + source_stride),
                                      load_two_rows_16(prediction, prediction + prediction_stride));
        const __m256i cd =
            difference(load_two_rows_16(source + 2 * source_stride, source + 3 * source_stride),
                       load_two_rows_16(prediction + 2 * prediction_stride,
                                        prediction + 3 * prediction_stride));
        return _mm256_add_epi64(_mm256_unpacklo_epi64(ab, cd), _mm256_unpackhi_epi64(ab, cd));
    } else {
        __m256i row[4];  // {q q | q q} of one row each
        for (int i = 0; i < 4; i++) {
            row[i] = difference(load_32_bytes(source + i * source_stride),
                                load_32_bytes(prediction + i * prediction_stride));
        }
        const __m256i ab = _mm256_add_epi64(_mm256_unpacklo_epi64(row[0], row[1]),
                                            _mm256_unpackhi_epi64(row[0], row[1]));
        const __m256i cd = _mm256_add_epi64(_mm256_unpacklo_epi64(row[2], row[3]),
                                            _mm256_unpackhi_epi64(row[2], row[3]));
        return _mm256_add_epi64(_mm256_permute2x128_si256(ab, cd, 0x20),
                                _mm256_permute2x128_si256(ab, cd, 0x31));
    }
}

// dc_row_pass_sum for N = 8, 16, 32.
template <int N>
int32_t dc_row_pass_sum_avx2(const uint8_t* source, ptrdiff_t source_stride,
                             const uint8_t* prediction, ptrdiff_t prediction_stride) {
    constexpr int kShift = log2_of(N) - 1;
    // Row sums are at most 32 * 255 in magnitude, so the low 32 bits of each 64-bit lane hold
    // 64 * sum exactly and the 32-bit operations give the rounded row DC there (the high halves
    // are never read).
    __m256i total = _mm256_setzero_si256();
    for (int y = 0; y < N; y += 4) {
        const __m256i sums =
            four_row_sums<N>(source + y * source_stride, source_stride,
                             prediction + y * prediction_stride, prediction_stride);
        const __m256i scaled =
            _mm256_add_epi32(_mm256_slli_epi32(sums, 6), _mm256_set1_epi32(1 << (kShift - 1)));
        total = _mm256_add_epi32(total, _mm256_srai_epi32(scaled, kShift));
    }
    const __m128i halves =
        _mm_add_epi32(_mm256_castsi256_si128(total), _mm256_extracti128_si256(total, 1));
    return _mm_cvtsi128_si32(halves) + _mm_extract_epi32(halves, 2);
}

// ---- 8x8, 16x16 and 32x32
// ------------------------------------------------------------------------

template <int N, typename Vec>
void subtract_rows(const uint8_t* source, ptrdiff_t source_stride, const uint8_t* prediction,
                   ptrdiff_t prediction_stride, int16_t* residual) {
    for (int y = 0; y < N; y++, source += source_stride, prediction += prediction_stride) {
        if constexpr (N == 8) {
            store_row(residual + y * N, _mm_sub_epi16(_mm_cvtepu8_epi16(load_8_bytes(source)),
                                                      _mm_cvtepu8_epi16(load_8_bytes(prediction))));
        } else {
            for (int x = 0; x < N; x += 16) {
                store_row(residual + y * N + x, widen_difference(load_16_bytes(source + x),
                                                                 load_16_bytes(prediction + x)));
            }
        }
    }
}

// Whether the column pass of the rows in[0..N-1] (t[y] for 8 or 16 columns) quantises to zero, by
// butterflies (in within kButterflyInputLimit<N>): the even outputs (the N/2-point DCT of the even
// butterflies, lower frequencies first by recursion), then the odd ones.
template <int N, typename Vec>
bool butterfly_columns_quantize_to_zero(const Vec* in, const ZeroBound<Vec>& bound) {
    if constexpr (N == 4) {
        Sums<Vec> out[4];
        multiply<4, Part::kForward>(in, out);
        return sums_quantize_to_zero(out, 4, bound);
    } else {
        Vec even[N / 2], odd[N / 2];
        for (int i = 0; i < N / 2; i++) {
            even[i] = add16(in[i], in[N - 1 - i]);
            odd[i] = sub16(in[i], in[N - 1 - i]);
        }
        if (!butterfly_columns_quantize_to_zero<N / 2>(even, bound)) return false;
        Sums<Vec> out[N / 2];
        multiply<N, Part::kForwardOdd>(odd, out);
        return sums_quantize_to_zero(out, N / 2, bound);
    }
}

template <int N>
bool quantizes_to_zero_avx2(const uint8_t* source, ptrdiff_t source_stride,
                            const uint8_t* prediction, ptrdiff_t prediction_stride, int qp,
                            bool is_intra) {
    using Vec = PassRegister<N>;
    constexpr int kColumns = sizeof(Vec) / sizeof(int16_t);
    const ZeroLevelRange zero = zero_level_range(log2_of(N), qp, is_intra);
    const int32_t dc_sum =
        64 * dc_row_pass_sum_avx2<N>(source, source_stride, prediction, prediction_stride);
    if (static_cast<uint32_t>(dc_sum) + zero.bias >= zero.range) return false;

    alignas(32) int16_t block[N * N];
    alignas(32) int16_t transposed[N * N];
    subtract_rows<N, Vec>(source, source_stride, prediction, prediction_stride, block);
    transpose<N>(block, N, transposed, N);
    const Vec magnitudes =
        forward_row_pass<N, Vec>(transposed, block);  // block[k * N + y] = t[y][k]
    transpose<N>(block, N, transposed, N);            // transposed[y * N + k] = t[y][k]

    const ZeroBound<Vec> bound(zero);
    // Butterflies when no |t| passes their limit 2^b - 1: no bit above the low b (|t| <= 32640).
    const bool butterflies =
        none_of_bits(magnitudes, static_cast<int16_t>(~kButterflyInputLimit<N>));
    for (int x = 0; x < N; x += kColumns) {
        Vec in[N];
        for (int y = 0; y < N; y++) in[y] = load_row<Vec>(transposed + y * N + x);
        if (butterflies) {
            if (!butterfly_columns_quantize_to_zero<N>(in, bound)) return false;
        } else {
            Sums<Vec> out[N];
            multiply<N, Part::kForward>(in, out);
            if (!sums_quantize_to_zero(out, N, bound)) return false;
        }
    }
    return true;
}

// ---- 4x4 ----------------------------------------------------------------------------------------
//
// The block is one register of 16 int16, rows 0 and 1 in the low 128-bit lane, rows 2 and 3 in the
// high one, as transform_avx2.cpp's forward_4x4_avx2: products_4x4 returns W[r][j] = sum_i
// M[j][i] Z[r][i] for the four rows r of Z as
//   first = {W00 W10 W01 W11 | W20 W30 W21 W31},  second = {W02 W12 W03 W13 | W22 W32 W23 W33}.

bool quantizes_to_zero_4x4_avx2(const uint8_t* source, ptrdiff_t source_stride,
                                const uint8_t* prediction, ptrdiff_t prediction_stride, int qp,
                                bool is_intra) {
    const __m256i block = widen_difference(load_4x4_bytes(source, source_stride),
                                           load_4x4_bytes(prediction, prediction_stride));
    // The row pass, then its columns as the rows of the column pass.
    const Matrix4 matrix = forward_matrix_4(false);
    const Products4 columns = products_4x4(forward_row_pass_4x4(block, matrix), matrix);
    const ZeroBound<__m256i> bound(zero_level_range(2, qp, is_intra));
    const Sums<__m256i> sums{columns.first, columns.second};
    return sums_quantize_to_zero(&sums, 1, bound);
}

bool quantizes_to_zero_avx2_dispatch(const uint8_t* source, ptrdiff_t source_stride,
                                     const uint8_t* prediction, ptrdiff_t prediction_stride,
                                     int log2_size, int qp, bool is_intra) {
    switch (log2_size) {
        case 2:
            return quantizes_to_zero_4x4_avx2(source, source_stride, prediction, prediction_stride,
                                              qp, is_intra);
        case 3:
            return quantizes_to_zero_avx2<8>(source, source_stride, prediction, prediction_stride,
                                             qp, is_intra);
        case 4:
            return quantizes_to_zero_avx2<16>(source, source_stride, prediction, prediction_stride,
                                              qp, is_intra);
        default:
            return quantizes_to_zero_avx2<32>(source, source_stride, prediction, prediction_stride,
                                              qp, is_intra);
    }
}

}  // namespace

void init_transform_zero_avx2(PixelKernels& kernels) {
    kernels.quantizes_to_zero = quantizes_to_zero_avx2_dispatch;
}

}  // namespace tc

#endif
