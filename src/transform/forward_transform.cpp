#include "transform/forward_transform.h"

#include "transform/transform_matrix.h"

namespace tc {
namespace {

// y = M x for the N-point DCT by even/odd decomposition: with e[i] = x[i] + x[N-1-i] and
// o[i] = x[i] - x[N-1-i], the even outputs are the N/2-point DCT of e and the odd outputs only
// need the left half of the (antisymmetric) odd rows applied to o.
template <int N>
void forward_dct_1d(const int32_t* in, int32_t* out) {
    if constexpr (N == 2) {
        out[0] = 64 * (in[0] + in[1]);
        out[1] = 64 * (in[0] - in[1]);
    } else {
        constexpr int kHalf = N / 2;
        constexpr int kRowStep = 32 / N;
        int32_t even[kHalf];
        int32_t odd[kHalf];
        for (int i = 0; i < kHalf; ++i) {
            even[i] = in[i] + in[N - 1 - i];
            odd[i] = in[i] - in[N - 1 - i];
        }
        int32_t even_out[kHalf];
        forward_dct_1d<kHalf>(even, even_out);
        for (int k = 0; k < kHalf; ++k) {
            out[2 * k] = even_out[k];
            const int16_t* basis = kDctMatrix[(2 * k + 1) * kRowStep];
            int32_t sum = 0;
            for (int i = 0; i < kHalf; ++i) sum += basis[i] * odd[i];
            out[2 * k + 1] = sum;
        }
    }
}

// y = D x for the 4-point DST, factored with 29 + 55 = 84 so that it needs 8 multiplications.
void forward_dst_1d(const int32_t* in, int32_t* out) {
    const int32_t sum03 = in[0] + in[3];
    const int32_t sum13 = in[1] + in[3];
    const int32_t diff01 = in[0] - in[1];
    const int32_t scaled2 = 74 * in[2];
    out[0] = 29 * sum03 + 55 * sum13 + scaled2;
    out[1] = 74 * (in[0] + in[1] - in[3]);
    out[2] = 29 * diff01 + 55 * sum03 - scaled2;
    out[3] = 55 * diff01 - 29 * sum13 + scaled2;
}

constexpr int32_t round_shift(int32_t value, int shift) {
    return (value + (1 << (shift - 1))) >> shift;
}

// Worst case of the two passes: every row of the N-point matrix has absolute sum at most 64 * N
// (the DC row), so the row pass gives |t| <= 64 * N * R >> (log2 N - 1) = 128 * R, and the column
// pass sums to at most 64 * N * 128 * R plus its rounding, largest at N = 32.
static_assert(int64_t{64} * 32 * 128 * kMaxForwardResidual + (1 << 10) <= INT32_MAX,
              "forward transform intermediates must fit in int32");

template <int N, void (*Transform1d)(const int32_t*, int32_t*)>
void forward_2d(const int16_t* residual, ptrdiff_t residual_stride, int32_t* coeffs) {
    constexpr int kLog2 = N == 4 ? 2 : N == 8 ? 3 : N == 16 ? 4 : 5;
    constexpr int kRowShift = kLog2 - 1;
    constexpr int kColumnShift = kLog2 + 6;

    // After the row pass, transposed[k * N + y] holds horizontal frequency k of row y, so that
    // the column pass reads contiguous memory.
    int32_t transposed[N * N];
    int32_t line[N];
    int32_t line_out[N];
    for (int y = 0; y < N; ++y) {
        for (int x = 0; x < N; ++x) line[x] = residual[y * residual_stride + x];
        Transform1d(line, line_out);
        for (int k = 0; k < N; ++k) transposed[k * N + y] = round_shift(line_out[k], kRowShift);
    }
    for (int k = 0; k < N; ++k) {
        Transform1d(&transposed[k * N], line_out);
        for (int v = 0; v < N; ++v) coeffs[v * N + k] = round_shift(line_out[v], kColumnShift);
    }
}

}  // namespace

void forward_dst_4x4_scalar(const int16_t* residual, ptrdiff_t residual_stride, int32_t* coeffs) {
    forward_2d<4, forward_dst_1d>(residual, residual_stride, coeffs);
}
void forward_dct_4x4_scalar(const int16_t* residual, ptrdiff_t residual_stride, int32_t* coeffs) {
    forward_2d<4, forward_dct_1d<4>>(residual, residual_stride, coeffs);
}
void forward_dct_8x8_scalar(const int16_t* residual, ptrdiff_t residual_stride, int32_t* coeffs) {
    forward_2d<8, forward_dct_1d<8>>(residual, residual_stride, coeffs);
}
void forward_dct_16x16_scalar(const int16_t* residual, ptrdiff_t residual_stride, int32_t* coeffs) {
    forward_2d<16, forward_dct_1d<16>>(residual, residual_stride, coeffs);
}
void forward_dct_32x32_scalar(const int16_t* residual, ptrdiff_t residual_stride, int32_t* coeffs) {
    forward_2d<32, forward_dct_1d<32>>(residual, residual_stride, coeffs);
}

void forward_transform(int log2_size, bool use_dst, const int16_t* residual,
                       ptrdiff_t residual_stride, int32_t* coeffs) {
    PixelKernels scalar{};
    init_scalar_pixel_kernels(scalar);
    forward_transform(scalar, log2_size, use_dst, residual, residual_stride, coeffs);
}

void forward_transform(const PixelKernels& kernels, int log2_size, bool use_dst, const int16_t* residual,
                       ptrdiff_t residual_stride, int32_t* coeffs) {
    if (log2_size < 2 || log2_size > 5) return;
    if (use_dst) {
        kernels.forward_dst_4x4(residual, residual_stride, coeffs);
    } else {
        kernels.forward_dct[log2_size - 2](residual, residual_stride, coeffs);
    }
}

}  // namespace tc
