// Scalar reference versions of the pixel kernels.
#include <algorithm>
#include <cstdlib>

#include "bitstream/md5.h"
#include "filter/deblocking_edge_filters.h"
#include "filter/sao.h"
#include "kernels/pixel_kernels.h"
#include "kernels/residual_rate.h"
#include "motion/pyramid.h"
#include "predict/inter_interpolation.h"
#include "predict/inter_weighting.h"
#include "predict/intra_predict.h"
#include "transform/forward_transform.h"
#include "transform/inverse_transform.h"
#include "transform/quantize.h"
#include "transform/zero_quantization.h"

namespace tc {
namespace {

uint64_t sse_scalar(const uint8_t* a, ptrdiff_t a_stride, const uint8_t* b, ptrdiff_t b_stride,
                    int width, int height) {
    uint64_t sum = 0;
    for (int y = 0; y < height; y++, a += a_stride, b += b_stride) {
        for (int x = 0; x < width; x++) {
            const int d = a[x] - b[x];
            sum += static_cast<uint64_t>(d * d);
        }
    }
    return sum;
}

uint32_t sad_scalar(const uint8_t* a, ptrdiff_t a_stride, const uint8_t* b, ptrdiff_t b_stride, int width,
                    int height) {
    uint32_t sum = 0;
    for (int y = 0; y < height; y++, a += a_stride, b += b_stride) {
        for (int x = 0; x < width; x++) sum += static_cast<uint32_t>(std::abs(a[x] - b[x]));
    }
    return sum;
}

void sad_8x8_row_scalar(const uint8_t* source, ptrdiff_t source_stride, const uint8_t* reference,
                        ptrdiff_t reference_stride, int count, uint32_t* sads) {
    for (int i = 0; i < count; i++) sads[i] = sad_scalar(source, source_stride, reference + i, reference_stride, 8, 8);
}

void sad_x4_scalar(const uint8_t* source, ptrdiff_t source_stride, const uint8_t* const candidates[4],
                   ptrdiff_t candidate_stride, int width, int height, uint32_t sads[4]) {
    for (int i = 0; i < 4; i++) sads[i] = sad_scalar(source, source_stride, candidates[i], candidate_stride, width, height);
}

uint32_t hadamard_4x4(const uint8_t* a, ptrdiff_t a_stride, const uint8_t* b, ptrdiff_t b_stride) {
    int d[16], m[16];
    for (int y = 0; y < 4; y++) {
        for (int x = 0; x < 4; x++) d[y * 4 + x] = a[y * a_stride + x] - b[y * b_stride + x];
    }
    for (int y = 0; y < 4; y++) {  // rows
        const int* r = d + y * 4;
        const int s0 = r[0] + r[3], s1 = r[1] + r[2], t0 = r[0] - r[3], t1 = r[1] - r[2];
        m[y * 4 + 0] = s0 + s1;
        m[y * 4 + 1] = t0 + t1;
        m[y * 4 + 2] = s0 - s1;
        m[y * 4 + 3] = t0 - t1;
    }
    uint32_t sum = 0;
    for (int x = 0; x < 4; x++) {  // columns
        const int s0 = m[x] + m[12 + x], s1 = m[4 + x] + m[8 + x];
        const int t0 = m[x] - m[12 + x], t1 = m[4 + x] - m[8 + x];
        sum += std::abs(s0 + s1) + std::abs(t0 + t1) + std::abs(s0 - s1) + std::abs(t0 - t1);
    }
    return (sum + 1) >> 1;
}

void hadamard_1d_8(int* v, int step) {
    int t[8];
    for (int i = 0; i < 4; i++) {
        t[i] = v[i * step] + v[(i + 4) * step];
        t[i + 4] = v[i * step] - v[(i + 4) * step];
    }
    int u[8];
    for (int h = 0; h < 8; h += 4) {
        u[h + 0] = t[h + 0] + t[h + 2];
        u[h + 1] = t[h + 1] + t[h + 3];
        u[h + 2] = t[h + 0] - t[h + 2];
        u[h + 3] = t[h + 1] - t[h + 3];
    }
    for (int h = 0; h < 8; h += 2) {
        v[h * step] = u[h] + u[h + 1];
        v[(h + 1) * step] = u[h] - u[h + 1];
    }
}

uint32_t hadamard_8x8(const uint8_t* a, ptrdiff_t a_stride, const uint8_t* b, ptrdiff_t b_stride) {
    int d[64];
    for (int y = 0; y < 8; y++) {
        for (int x = 0; x < 8; x++) d[y * 8 + x] = a[y * a_stride + x] - b[y * b_stride + x];
    }
    for (int y = 0; y < 8; y++) hadamard_1d_8(d + y * 8, 1);
    for (int x = 0; x < 8; x++) hadamard_1d_8(d + x, 8);
    uint32_t sum = 0;
    for (int i = 0; i < 64; i++) sum += std::abs(d[i]);
    return (sum + 2) >> 2;
}

uint32_t satd_scalar(const uint8_t* a, ptrdiff_t a_stride, const uint8_t* b, ptrdiff_t b_stride,
                     int width, int height) {
    uint32_t sum = 0;
    const int step = (width % 8 == 0 && height % 8 == 0) ? 8 : 4;
    for (int y = 0; y < height; y += step) {
        for (int x = 0; x < width; x += step) {
            const uint8_t* pa = a + y * a_stride + x;
            const uint8_t* pb = b + y * b_stride + x;
            sum += step == 8 ? hadamard_8x8(pa, a_stride, pb, b_stride)
                             : hadamard_4x4(pa, a_stride, pb, b_stride);
        }
    }
    return sum;
}

void subtract_scalar(const uint8_t* source, ptrdiff_t source_stride, const uint8_t* prediction,
                     ptrdiff_t prediction_stride, int16_t* residual, ptrdiff_t residual_stride,
                     int size) {
    for (int y = 0; y < size; y++) {
        for (int x = 0; x < size; x++) {
            residual[y * residual_stride + x] =
                static_cast<int16_t>(source[y * source_stride + x] - prediction[y * prediction_stride + x]);
        }
    }
}

void add_clip_scalar(const uint8_t* prediction, ptrdiff_t prediction_stride, const int16_t* residual,
                     ptrdiff_t residual_stride, uint8_t* destination, ptrdiff_t destination_stride,
                     int size) {
    for (int y = 0; y < size; y++) {
        for (int x = 0; x < size; x++) {
            const int v = prediction[y * prediction_stride + x] + residual[y * residual_stride + x];
            destination[y * destination_stride + x] = static_cast<uint8_t>(std::clamp(v, 0, 255));
        }
    }
}

void sao_band_statistics_scalar(const uint8_t* source, ptrdiff_t source_stride, const uint8_t* deblocked,
                                ptrdiff_t deblocked_stride, int width, int height, int64_t count[32],
                                int64_t sum[32]) {
    for (int y = 0; y < height; y++, source += source_stride, deblocked += deblocked_stride) {
        for (int x = 0; x < width; x++) {
            const int band = deblocked[x] >> kSaoBandShift;
            count[band]++;
            sum[band] += source[x] - deblocked[x];
        }
    }
}

void sao_edge_statistics_scalar(const uint8_t* source, ptrdiff_t source_stride, const uint8_t* deblocked,
                                ptrdiff_t deblocked_stride, int eo_class, int width, int height,
                                int64_t count[5], int64_t sum[5]) {
    const SaoEdgeNeighbours& neighbours = kSaoEdgeNeighbours[eo_class];
    const ptrdiff_t first = neighbours.dy[0] * deblocked_stride + neighbours.dx[0];
    const ptrdiff_t second = neighbours.dy[1] * deblocked_stride + neighbours.dx[1];
    for (int y = 0; y < height; y++, source += source_stride, deblocked += deblocked_stride) {
        for (int x = 0; x < width; x++) {
            const int sample = deblocked[x];
            const int category =
                kSaoEdgeCategory[sao_raw_edge_index(sample, deblocked[x + first], deblocked[x + second])];
            count[category]++;
            sum[category] += source[x] - sample;
        }
    }
}

}  // namespace

void init_scalar_pixel_kernels(PixelKernels& kernels) {
    kernels.sse = sse_scalar;
    kernels.sad = sad_scalar;
    kernels.satd = satd_scalar;
    kernels.subtract = subtract_scalar;
    kernels.add_clip = add_clip_scalar;
    kernels.sad_x4 = sad_x4_scalar;
    kernels.sad_8x8_row = sad_8x8_row_scalar;
    kernels.interpolate_luma = interpolate_luma_block_scalar;
    kernels.interpolate_chroma = interpolate_chroma_block_scalar;
    kernels.interpolate_luma_uni = interpolate_luma_uni_scalar;
    kernels.interpolate_chroma_uni = interpolate_chroma_uni_scalar;
    kernels.weighted_uni = weighted_uni;
    kernels.weighted_bi = weighted_bi;
    kernels.predict_intra[0] = predict_intra_4x4_scalar;  // intra_predict.cpp
    kernels.predict_intra[1] = predict_intra_8x8_scalar;
    kernels.predict_intra[2] = predict_intra_16x16_scalar;
    kernels.predict_intra[3] = predict_intra_32x32_scalar;
    kernels.forward_dct[0] = forward_dct_4x4_scalar;
    kernels.forward_dct[1] = forward_dct_8x8_scalar;
    kernels.forward_dct[2] = forward_dct_16x16_scalar;
    kernels.forward_dct[3] = forward_dct_32x32_scalar;
    kernels.forward_dst_4x4 = forward_dst_4x4_scalar;
    kernels.inverse_dct[0] = inverse_dct_4x4_scalar;
    kernels.inverse_dct[1] = inverse_dct_8x8_scalar;
    kernels.inverse_dct[2] = inverse_dct_16x16_scalar;
    kernels.inverse_dct[3] = inverse_dct_32x32_scalar;
    kernels.inverse_dst_4x4 = inverse_dst_4x4_scalar;
    kernels.quantize = quantize;
    kernels.dequantize = dequantize;
    kernels.quantizes_to_zero = quantizes_to_zero_scalar;
    kernels.estimate_residual_rate = estimate_residual_rate_scalar;  // residual_rate_scalar.cpp
    kernels.downscale_2x = downscale_2x_scalar;
    kernels.sao_band_statistics = sao_band_statistics_scalar;
    kernels.sao_edge_statistics = sao_edge_statistics_scalar;
    kernels.sao_apply_band = sao_apply_band_scalar;  // sao_apply_scalar.cpp
    kernels.sao_apply_edge = sao_apply_edge_scalar;
    kernels.deblock_luma_horizontal = deblock_luma_horizontal_scalar;
    kernels.deblock_luma_vertical = deblock_luma_vertical_scalar;
    kernels.deblock_chroma_horizontal = deblock_chroma_horizontal_scalar;
    kernels.deblock_chroma_vertical = deblock_chroma_vertical_scalar;
    kernels.md5_lanes = md5_lanes_scalar;  // md5_lanes_scalar.cpp
}

}  // namespace tc
