// Per-encoder table of pixel kernels (DESIGN.md §4, STYLE.md "kernel tables per instance").
// Filled with the scalar references first; SIMD versions override entries by CPU features
// (src/kernels/kernel_dispatch.h). Every version of an entry gives bit-identical results.
#pragma once
#include <cstddef>
#include <cstdint>

namespace tc {

// The transform sizes the tables hold, indexed by log2_size - 2: 4x4, 8x8, 16x16, 32x32.
inline constexpr int kTransformSizes = 4;

// SIMD versions may read up to kKernelOverread bytes past the last sample of a source row that
// the scalar version reads (picture planes have padding there); they never write more.
inline constexpr int kKernelOverread = 16;

// MD5's lanes (src/bitstream/md5.h): the messages one call of PixelKernels::md5_lanes hashes.
inline constexpr int kMd5Lanes = 8;
// MD5 compression (RFC 1321 3.4) of kMd5Lanes independent messages: for every lane l with
// blocks[l] != nullptr, the `count` 64-byte blocks from blocks[l] update its state (state[0][l],
// ..., state[3][l]: A, B, C, D) one after another; the other lanes keep theirs.
using Md5LanesKernel = void (*)(uint32_t (*state)[kMd5Lanes], const uint8_t* const* blocks, size_t count);

struct PixelKernels {
    // ---- distortion -------------------------------------------------------------------------
    // Sum of squared differences of a w x h block.
    uint64_t (*sse)(const uint8_t* a, ptrdiff_t a_stride, const uint8_t* b, ptrdiff_t b_stride,
                    int width, int height);
    // Sum of absolute differences of a w x h block.
    uint32_t (*sad)(const uint8_t* a, ptrdiff_t a_stride, const uint8_t* b, ptrdiff_t b_stride, int width,
                    int height);
    // sad of one source block against four candidate blocks that share a stride (the four
    // neighbours of a search pattern): sads[i] = sad(source, candidates[i]).
    void (*sad_x4)(const uint8_t* source, ptrdiff_t source_stride, const uint8_t* const candidates[4],
                   ptrdiff_t candidate_stride, int width, int height, uint32_t sads[4]);
    // One row of an exhaustive search: the sad of the 8x8 block at `source` against the 8x8
    // blocks at reference + i, sads[i] for i in [0, count). Reads only the reference bytes
    // those blocks cover (count + 7 per row): the coarse pyramid levels have no padding.
    void (*sad_8x8_row)(const uint8_t* source, ptrdiff_t source_stride, const uint8_t* reference,
                        ptrdiff_t reference_stride, int count, uint32_t* sads);
    // Sum of absolute Hadamard-transformed differences, 8x8 transforms where the block
    // allows, 4x4 otherwise (w, h multiples of 4).
    uint32_t (*satd)(const uint8_t* a, ptrdiff_t a_stride, const uint8_t* b, ptrdiff_t b_stride,
                     int width, int height);

    // ---- residual -----------------------------------------------------------------------------
    // residual = source - prediction, n x n.
    void (*subtract)(const uint8_t* source, ptrdiff_t source_stride, const uint8_t* prediction,
                     ptrdiff_t prediction_stride, int16_t* residual, ptrdiff_t residual_stride,
                     int size);
    // reconstruction = clip(prediction + residual), n x n.
    void (*add_clip)(const uint8_t* prediction, ptrdiff_t prediction_stride,
                     const int16_t* residual, ptrdiff_t residual_stride, uint8_t* destination,
                     ptrdiff_t destination_stride, int size);

    // ---- inter prediction (src/predict/inter_interpolation.h, inter_weighting.h) -------------
    // H.265 8.5.3.3.3 on a block whose top-left full-sample position is `source`: the luma
    // 8-tap filters for fractions (x_fraction, y_fraction) in 0..3, any width and height >= 1,
    // predSamplesLX as int16_t (values past 32767 wrapped, see prediction_value).
    void (*interpolate_luma)(const uint8_t* source, ptrdiff_t source_stride, int width, int height,
                             int x_fraction, int y_fraction, int16_t* prediction,
                             ptrdiff_t prediction_stride);
    // The chroma 4-tap filters, fractions 0..7.
    void (*interpolate_chroma)(const uint8_t* source, ptrdiff_t source_stride, int width, int height,
                               int x_fraction, int y_fraction, int16_t* prediction,
                               ptrdiff_t prediction_stride);
    // interpolate_luma / interpolate_chroma followed by weighted_uni, in one pass: a
    // uni-prediction straight to 8-bit samples (width <= 64, height <= 64).
    void (*interpolate_luma_uni)(const uint8_t* source, ptrdiff_t source_stride, int width, int height,
                                 int x_fraction, int y_fraction, uint8_t* destination,
                                 ptrdiff_t destination_stride);
    void (*interpolate_chroma_uni)(const uint8_t* source, ptrdiff_t source_stride, int width, int height,
                                   int x_fraction, int y_fraction, uint8_t* destination,
                                   ptrdiff_t destination_stride);
    // Default weighted sample prediction, H.265 8.5.3.3.4.2.
    void (*weighted_uni)(const int16_t* prediction, ptrdiff_t prediction_stride, uint8_t* destination,
                         ptrdiff_t destination_stride, int width, int height);
    void (*weighted_bi)(const int16_t* prediction0, const int16_t* prediction1, ptrdiff_t prediction_stride,
                        uint8_t* destination, ptrdiff_t destination_stride, int width, int height);

    // ---- intra prediction (src/predict/intra_predict.h, references there) ----------------------
    // H.265 8.4.4.2.5 and 8.4.4.2.6, 8-bit: the N x N block, N = 4 << index ([log2_size - 2]), of
    // intra mode 0..34 (0 planar, 1 DC, 2..34 angular) from the 4N+1 samples `references` laid out
    // as IntraReferences::samples (src/predict/intra_references.h): references[0] = p[-1][2N-1] up
    // the left column to the corner references[2N] = p[-1][-1], then along the top row to
    // references[4N] = p[2N-1][-1], already filtered when 8.4.4.2.3 says so. boundary_filters
    // turns on the DC smoothing of the first row and column and the gradient filters of modes 10
    // (first row) and 26 (first column); callers pass luma && N < 32. Writes N rows of N samples at
    // prediction + y * stride and nothing else; reads references[0..4N] only.
    void (*predict_intra[kTransformSizes])(const uint8_t* references, int mode, bool boundary_filters,
                                           uint8_t* prediction, ptrdiff_t stride);

    // ---- transform and quantisation (src/transform/) -----------------------------------------
    // Forward 2-D DCT of an n x n residual into row-major coefficients; [log2_size - 2].
    void (*forward_dct[kTransformSizes])(const int16_t* residual, ptrdiff_t residual_stride, int32_t* coeffs);
    void (*forward_dst_4x4)(const int16_t* residual, ptrdiff_t residual_stride, int32_t* coeffs);
    // Inverse 2-D transform (H.265 8.6.4.2) of row-major coefficients; [log2_size - 2].
    void (*inverse_dct[kTransformSizes])(const int32_t* coeffs, int16_t* residual, ptrdiff_t residual_stride);
    void (*inverse_dst_4x4)(const int32_t* coeffs, int16_t* residual, ptrdiff_t residual_stride);
    // See src/transform/quantize.h.
    int (*quantize)(const int32_t* coeffs, int32_t* levels, int32_t* rounding_error, int log2_size, int qp,
                    bool is_intra);
    void (*dequantize)(const int32_t* levels, int32_t* coeffs, int log2_size, int qp);
    // Whether the forward DCT of source - prediction (n x n) quantises to all-zero levels: the
    // answer of forward_dct then quantize, see src/transform/zero_quantization.h.
    bool (*quantizes_to_zero)(const uint8_t* source, ptrdiff_t source_stride, const uint8_t* prediction,
                              ptrdiff_t prediction_stride, int log2_size, int qp, bool is_intra);
    // The fast presets' estimate of residual_coding()'s bits (1/32768 bit) from n x n levels,
    // log2_size 2..5, at least one non-zero: src/kernels/residual_rate.h.
    uint64_t (*estimate_residual_rate)(const int16_t* levels, int log2_size);

    // ---- pyramid (src/motion/pyramid.h) ---------------------------------------------------------
    // destination (width x height) = rounded 2x2 averages of source (2 * width x 2 * height).
    void (*downscale_2x)(const uint8_t* source, ptrdiff_t source_stride, uint8_t* destination,
                         ptrdiff_t destination_stride, int width, int height);

    // ---- SAO statistics (src/filter/sao_estimation.cpp) -----------------------------------------
    // Over a width x height block: per band b = deblocked >> 3 (H.265 8.7.3.3, 8-bit), adds the
    // number of samples to count[b] and the sum of (source - deblocked) to sum[b], b in 0..31.
    void (*sao_band_statistics)(const uint8_t* source, ptrdiff_t source_stride, const uint8_t* deblocked,
                                ptrdiff_t deblocked_stride, int width, int height, int64_t count[32],
                                int64_t sum[32]);
    // The same per edge category (edgeIdx after the remapping of H.265 8.7.3.2, 0..4) of edge
    // class eo_class (0..3); every sample's two neighbours of that class must lie in the plane
    // (the caller clips the block).
    void (*sao_edge_statistics)(const uint8_t* source, ptrdiff_t source_stride, const uint8_t* deblocked,
                                ptrdiff_t deblocked_stride, int eo_class, int width, int height,
                                int64_t count[5], int64_t sum[5]);

    // ---- SAO application (src/filter/sao.cpp, references in scalar/sao_apply_scalar.cpp) -------
    // H.265 8.7.3.2, 8-bit, on a width x height block (both >= 1) of the deblocked `input`:
    // output = Clip3(0, 255, input + SaoOffsetVal) per sample. offsets are SaoOffsetVal[1..4];
    // any int8_t values are handled exactly (the encoder's lie in -7..7). `input` and `output` are
    // different planes. A kernel writes only the block's samples and reads only the block's
    // samples of `input` (band) or those and each one's two eo_class neighbours (edge).
    // Band offset: samples of band band_position + k (mod 32, band = sample >> 3) get offsets[k],
    // k = 0..3; the others are copied.
    void (*sao_apply_band)(const uint8_t* input, ptrdiff_t input_stride, uint8_t* output,
                           ptrdiff_t output_stride, int width, int height, int band_position,
                           const int8_t offsets[4]);
    // Edge offset of class eo_class (0..3): every sample's two neighbours of that class must lie in
    // the plane (the caller clips the block; apply_sao_block leaves the samples next to the picture
    // boundary unchanged, as 8.7.3.2 asks).
    void (*sao_apply_edge)(const uint8_t* input, ptrdiff_t input_stride, uint8_t* output,
                           ptrdiff_t output_stride, int width, int height, int eo_class,
                           const int8_t offsets[4]);

    // ---- deblocking (src/filter/deblocking.cpp, references in deblocking_edge_filters.cpp) ----
    // H.265 8.7.2.5.3, 8.7.2.5.6 and 8.7.2.5.7 on `segments` consecutive 4-line segments of one
    // luma edge: the horizontal edge above row q0 (segments side by side) or the vertical edge
    // left of column q0 (segments one below the other). Segment s has thresholds beta[s] and
    // tc[s]; tc[s] == 0 leaves it as it is.
    void (*deblock_luma_horizontal)(uint8_t* q0, ptrdiff_t stride, const uint8_t* beta, const uint8_t* tc,
                                    int segments);
    void (*deblock_luma_vertical)(uint8_t* q0, ptrdiff_t stride, const uint8_t* beta, const uint8_t* tc,
                                  int segments);
    // 8.7.2.5.8 on `segments` 4-line segments of one chroma edge, the same way.
    void (*deblock_chroma_horizontal)(uint8_t* q0, ptrdiff_t stride, const uint8_t* tc, int segments);
    void (*deblock_chroma_vertical)(uint8_t* q0, ptrdiff_t stride, const uint8_t* tc, int segments);

    // ---- picture hash (src/bitstream/md5.h; reference in scalar/md5_lanes_scalar.cpp) ---------
    Md5LanesKernel md5_lanes;
};

void init_scalar_pixel_kernels(PixelKernels& kernels);

}  // namespace tc
