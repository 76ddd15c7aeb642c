#include "transform/inverse_transform.h"

#include <algorithm>

#include "transform/transform_matrix.h"

namespace tc {
namespace {

// x = M^T c for the N-point DCT by even/odd decomposition: the even coefficients go through the
// N/2-point inverse (the even rows are symmetric) and the odd coefficients through the left half
// of the odd rows, whose right half is the mirror image with the sign flipped.
template <int N>
void inverse_dct_1d(const int32_t* in, int32_t* out) {
    if constexpr (N == 2) {
        out[0] = 64 * (in[0] + in[1]);
        out[1] = 64 * (in[0] - in[1]);
    } else {
        constexpr int kHalf = N / 2;
        constexpr int kRowStep = 32 / N;
        int32_t even_in[kHalf];
        for (int k = 0; k < kHalf; ++k) even_in[k] = in[2 * k];
        int32_t even[kHalf];
        inverse_dct_1d<kHalf>(even_in, even);
        int32_t odd[kHalf] = {};
        for (int k = 0; k < kHalf; ++k) {
            const int32_t coefficient = in[2 * k + 1];
            if (coefficient == 0) continue;  // high frequencies are mostly zero
            const int16_t* basis = kDctMatrix[(2 * k + 1) * kRowStep];
            for (int i = 0; i < kHalf; ++i) odd[i] += basis[i] * coefficient;
        }
        for (int i = 0; i < kHalf; ++i) {
            out[i] = even[i] + odd[i];
            out[N - 1 - i] = even[i] - odd[i];
        }
    }
}

// x = D^T c for the 4-point DST, factored with 29 + 55 = 84 so that it needs 8 multiplications.
void inverse_dst_1d(const int32_t* in, int32_t* out) {
    const int32_t sum02 = in[0] + in[2];
    const int32_t sum23 = in[2] + in[3];
    const int32_t diff03 = in[0] - in[3];
    const int32_t scaled1 = 74 * in[1];
    out[0] = 29 * sum02 + 55 * sum23 + scaled1;
    out[1] = 55 * diff03 - 29 * sum23 + scaled1;
    out[2] = 74 * (in[0] - in[2] + in[3]);
    out[3] = 55 * sum02 + 29 * diff03 - scaled1;
}

// Largest absolute column sum of a matrix: bounds |x[i]| / max|c[k]| for one 1-D pass.
template <int Rows, int Columns>
constexpr int64_t max_column_gain(const int16_t (&matrix)[Rows][Columns], int size, int row_step) {
    int64_t largest = 0;
    for (int i = 0; i < size; ++i) {
        int64_t sum = 0;
        for (int k = 0; k < size; ++k) {
            const int entry = matrix[k * row_step][i];
            sum += entry < 0 ? -entry : entry;
        }
        largest = std::max(largest, sum);
    }
    return largest;
}

// Both passes take inputs in [-32768, 32767] (the coefficients by 8.6.3's clipping, the
// intermediate by the clip below), so every partial sum stays within 32768 * max_column_gain,
// and the final (r + 2048) >> 12 fits int16 without clipping.
constexpr int64_t kWorstGain = max_column_gain(kDctMatrix, 32, 1);
static_assert(kWorstGain >= max_column_gain(kDctMatrix, 16, 2) &&
                  kWorstGain >= max_column_gain(kDctMatrix, 8, 4) &&
                  kWorstGain >= max_column_gain(kDctMatrix, 4, 8) &&
                  kWorstGain >= max_column_gain(kDstMatrix, 4, 1),
              "the 32-point DCT has the largest gain");
static_assert(32768 * kWorstGain + (1 << 11) <= INT32_MAX, "inverse transform sums fit in int32");
static_assert((32768 * kWorstGain + (1 << 11)) >> 12 <= INT16_MAX,
              "inverse transform output fits in int16");

constexpr int32_t clip_to_int16(int32_t value) {
    return std::clamp<int32_t>(value, INT16_MIN, INT16_MAX);
}

template <int N, void (*Transform1d)(const int32_t*, int32_t*)>
void inverse_2d(const int32_t* coeffs, int16_t* residual, ptrdiff_t residual_stride) {
    // 8.6.4.2 step 1 and 2: vertical transforms, then g = Clip3(coeffMin, coeffMax, (e + 64) >> 7).
    int32_t intermediate[N * N];
    int32_t line[N];
    int32_t line_out[N];
    for (int x = 0; x < N; ++x) {
        for (int v = 0; v < N; ++v) line[v] = coeffs[v * N + x];
        Transform1d(line, line_out);
        for (int y = 0; y < N; ++y)
            intermediate[y * N + x] = clip_to_int16((line_out[y] + 64) >> 7);
    }
    // 8.6.4.2 step 3: horizontal transforms; 8.6.2: r = (r + (1 << (bdShift - 1))) >> bdShift.
    constexpr int kBdShift = 20 - 8;
    for (int y = 0; y < N; ++y) {
        Transform1d(&intermediate[y * N], line_out);
        for (int x = 0; x < N; ++x) {
            residual[y * residual_stride + x] =
                static_cast<int16_t>((line_out[x] + (1 << (kBdShift - 1))) >> kBdShift);
        }
    }
}

}  // namespace

void inverse_dst_4x4_scalar(const int32_t* coeffs, int16_t* residual, ptrdiff_t residual_stride) {
    inverse_2d<4, inverse_dst_1d>(coeffs, residual, residual_stride);
}
void inverse_dct_4x4_scalar(const int32_t* coeffs, int16_t* residual, ptrdiff_t residual_stride) {
    inverse_2d<4, inverse_dct_1d<4>>(coeffs, residual, residual_stride);
}
void inverse_dct_8x8_scalar(const int32_t* coeffs, int16_t* residual, ptrdiff_t residual_stride) {
    inverse_2d<8, inverse_dct_1d<8>>(coeffs, residual, residual_stride);
}
void inverse_dct_16x16_scalar(const int32_t* coeffs, int16_t* residual, ptrdiff_t residual_stride) {
    inverse_2d<16, inverse_dct_1d<16>>(coeffs, residual, residual_stride);
}
void inverse_dct_32x32_scalar(const int32_t* coeffs, int16_t* residual, ptrdiff_t residual_stride) {
    inverse_2d<32, inverse_dct_1d<32>>(coeffs, residual, residual_stride);
}

void inverse_transform(int log2_size, bool use_dst, const int32_t* coeffs, int16_t* residual,
                       ptrdiff_t residual_stride) {
    PixelKernels scalar{};
    init_scalar_pixel_kernels(scalar);
    inverse_transform(scalar, log2_size, use_dst, coeffs, residual, residual_stride);
}

void inverse_transform(const PixelKernels& kernels, int log2_size, bool use_dst, const int32_t* coeffs,
                       int16_t* residual, ptrdiff_t residual_stride) {
    if (log2_size < 2 || log2_size > 5) return;
    if (use_dst) {
        kernels.inverse_dst_4x4(coeffs, residual, residual_stride);
    } else {
        kernels.inverse_dct[log2_size - 2](coeffs, residual, residual_stride);
    }
}

}  // namespace tc
