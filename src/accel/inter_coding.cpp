#include "accel/inter_coding.h"

#include <algorithm>
#include <array>
#include <cstring>

#include "accel/block_search_steps.h"
#include "accel/cu_split_steps.h"
#include "accel/inter_coding_steps.h"
#include "accel/inter_deblocking_steps.h"
#include "accel/intra_coding_steps.h"
#include "accel/intra_unit_steps.h"
#include "accel/inter_sao_steps.h"
#include "accel/skip_decision_steps.h"
#include "accel/slice_layout_steps.h"
#include "common/scan_order.h"
#include "filter/sao_estimation.h"
#include "transform/sign_data_hiding.h"
#include "transform/transform_matrix.h"

namespace tc {

namespace {

constexpr size_t align8(size_t bytes) {
    return (bytes + 7) & ~size_t{7};
}

// The largest block the coding predicts and transforms (a 32x32 CU's luma).
constexpr int kMaxBlock = kInterAreaSize;
// A prediction window: the block and the filter's reach (3 before and 4 after for luma), rows
// long enough for the SIMD interpolation's overread (kKernelOverread past the last sample read).
constexpr int kWindowRows = kMaxBlock + 7;
constexpr ptrdiff_t kWindowStride = 64;
static_assert(kWindowStride >= kMaxBlock + 7 + kKernelOverread);

// Copies the w x h samples at (x, y) of a width x height plane into `window`, the samples
// outside the plane taking the nearest edge sample (the clipped reads of H.265 8.5.3.3.3).
void copy_window(const uint8_t* plane, ptrdiff_t stride, int width, int height, int x, int y, int w,
                 int h, uint8_t* window) {
    for (int j = 0; j < h; j++) {
        const uint8_t* row = plane + clamp_index(y + j, height) * stride;
        uint8_t* out = window + j * kWindowStride;
        if (x >= 0 && x + w <= width) {
            std::memcpy(out, row + x, static_cast<size_t>(w));
        } else {
            for (int i = 0; i < w; i++) out[i] = row[clamp_index(x + i, width)];
        }
    }
}

// One picture's coding: the inputs and where the results go.
struct PictureCoding {
    const PixelKernels& kernels;
    int width, height;
    const InterCodingPlanes& source;
    const InterCodingPlanes& reference;
    const InterCodingParameters& parameters;
    const InterCodingOutput& out;
};

// The sub-block decision (sub_block_pays) on every 4x4 sub-block of an n x n block's levels
// (row-major, with their coefficients): the levels of those that do not pay become 0. Returns
// whether any level is left.
bool drop_unpaid_sub_blocks(int32_t* levels, const int32_t* coefficients, int log2_size, int qp, int64_t lambda_q8) {
    const int n = 1 << log2_size;
    bool any_left = false;
    for (int y0 = 0; y0 < n; y0 += 4) {
        for (int x0 = 0; x0 < n; x0 += 4) {
            std::array<int32_t, 16> level, coefficient;
            bool any = false;
            for (int i = 0; i < 16; i++) {
                const size_t at = static_cast<size_t>((y0 + i / 4) * n + x0 + i % 4);
                level[static_cast<size_t>(i)] = levels[at];
                coefficient[static_cast<size_t>(i)] = coefficients[at];
                any |= levels[at] != 0;
            }
            if (!any) continue;
            if (sub_block_pays(level.data(), coefficient.data(), log2_size, qp, lambda_q8)) {
                any_left = true;
                continue;
            }
            for (int i = 0; i < 16; i++) levels[(y0 + i / 4) * n + x0 + i % 4] = 0;
        }
    }
    return any_left;
}

// The prediction of component c of `cu` (H.265 8.5.3.3.3) through the kernel table, from a
// window that holds every sample the filters read, into `prediction` (rows kMaxBlock apart).
void predict_block(const PictureCoding& p, const InterCu& cu, int c, uint8_t* prediction) {
    const int log2_size = c == 0 ? cu.log2_size : cu.log2_size - 1;
    const int n = 1 << log2_size;
    const int shift = c == 0 ? 0 : 1;
    const int x0 = cu.x >> shift, y0 = cu.y >> shift;
    const int width = p.width >> shift, height = p.height >> shift;
    alignas(64) std::array<uint8_t, kWindowRows * kWindowStride> window{};
    if (c == 0) {
        copy_window(p.reference.samples[0], p.reference.stride[0], width, height,
                    x0 + (cu.mv.x >> 2) - 3, y0 + (cu.mv.y >> 2) - 3, n + 7, n + 7, window.data());
        p.kernels.interpolate_luma_uni(window.data() + 3 * kWindowStride + 3, kWindowStride, n, n,
                                       cu.mv.x & 3, cu.mv.y & 3, prediction, kMaxBlock);
    } else {
        copy_window(p.reference.samples[c], p.reference.stride[c], width, height,
                    x0 + (cu.mv.x >> 3) - 1, y0 + (cu.mv.y >> 3) - 1, n + 3, n + 3, window.data());
        p.kernels.interpolate_chroma_uni(window.data() + kWindowStride + 1, kWindowStride, n, n,
                                         cu.mv.x & 7, cu.mv.y & 7, prediction, kMaxBlock);
    }
}

// The intra prediction (accel/intra_coding_steps.h) of component c of the 16x16 CU `cu` with
// `mode` from `plane` (rows `stride` apart: the reconstruction, or the source for the decision)
// into `prediction` (rows prediction_stride apart).
void predict_intra_cu(const uint8_t* plane, ptrdiff_t stride, int width, int height, int slices, const InterCu& cu,
                      int c, int mode, uint8_t* prediction, ptrdiff_t prediction_stride) {
    const int shift = c == 0 ? 0 : 1;
    predict_intra_block(plane, stride, width, height, slices, shift, cu.x >> shift, cu.y >> shift,
                        cu.log2_size - shift, mode, prediction, prediction_stride);
}

// Codes the transform block of component c of `cu` (H.265 8.5.3.3.3 prediction, or intra
// prediction with intra_mode from the reconstruction where intra_mode >= 0, then the project's
// forward transform and inter or intra quantiser, then 8.6.3 and 8.6.4 for the reconstruction).
// Returns whether it has non-zero levels.
bool code_block(const PictureCoding& p, const InterCu& cu, int c, int intra_mode = -1) {
    const int log2_size = c == 0 ? cu.log2_size : cu.log2_size - 1;
    const int n = 1 << log2_size;
    const int shift = c == 0 ? 0 : 1;
    const int x0 = cu.x >> shift, y0 = cu.y >> shift;

    alignas(64) std::array<uint8_t, kMaxBlock * kMaxBlock> prediction;
    if (intra_mode >= 0) {
        predict_intra_cu(p.out.reconstruction[c], p.out.stride[c], p.width, p.height, p.parameters.slices, cu, c,
                         intra_mode, prediction.data(), kMaxBlock);
    } else {
        predict_block(p, cu, c, prediction.data());
    }

    alignas(64) std::array<int16_t, kMaxBlock * kMaxBlock> residual;
    alignas(64) std::array<int32_t, kMaxBlock * kMaxBlock> coefficients;
    alignas(64) std::array<int32_t, kMaxBlock * kMaxBlock> levels;
    const uint8_t* source = p.source.samples[c] + y0 * p.source.stride[c] + x0;
    p.kernels.subtract(source, p.source.stride[c], prediction.data(), kMaxBlock, residual.data(),
                       kMaxBlock, n);
    p.kernels.forward_dct[log2_size - 2](residual.data(), kMaxBlock, coefficients.data());
    const int qp = c == 0 ? p.parameters.qp : p.parameters.chroma_qp;
    alignas(64) std::array<int32_t, kMaxBlock * kMaxBlock> rounding_errors;
    bool nonzero = p.kernels.quantize(coefficients.data(), levels.data(),
                                      p.parameters.sign_hiding ? rounding_errors.data() : nullptr,
                                      log2_size, qp, intra_mode >= 0) != 0;
    if (nonzero && p.parameters.lambda_q8 > 0) {
        nonzero = drop_unpaid_sub_blocks(levels.data(), coefficients.data(), log2_size, qp,
                                         component_lambda_q8(p.parameters.lambda_q8, c));
    }
    // Hiding changes a level of a sub-block that has some by one, never removing its first.
    if (nonzero && p.parameters.sign_hiding) {
        apply_sign_data_hiding(levels.data(), coefficients.data(), rounding_errors.data(), log2_size, kScanDiagonal);
    }

    const ptrdiff_t stride = p.out.stride[c];
    int16_t* level_rows = p.out.levels[c] + y0 * stride + x0;
    for (int y = 0; y < n; y++) {
        for (int x = 0; x < n; x++)
            level_rows[y * stride + x] =
                static_cast<int16_t>(levels[static_cast<size_t>(y * n + x)]);
    }
    uint8_t* reconstruction = p.out.reconstruction[c] + y0 * stride + x0;
    if (!nonzero) {
        for (int y = 0; y < n; y++)
            std::memcpy(reconstruction + y * stride, prediction.data() + y * kMaxBlock,
                        static_cast<size_t>(n));
        return false;
    }
    p.kernels.dequantize(levels.data(), coefficients.data(), log2_size, qp);
    p.kernels.inverse_dct[log2_size - 2](coefficients.data(), residual.data(), kMaxBlock);
    p.kernels.add_clip(prediction.data(), kMaxBlock, residual.data(), kMaxBlock, reconstruction,
                       stride, n);
    if (p.parameters.lambda_q8 <= 0) return true;
    int level_bits = 0;
    for (int i = 0; i < n * n; i++) level_bits += level_rate_bits(levels[static_cast<size_t>(i)]);
    const uint64_t sse_without =
        p.kernels.sse(source, p.source.stride[c], prediction.data(), kMaxBlock, n, n);
    const uint64_t sse_with =
        p.kernels.sse(source, p.source.stride[c], reconstruction, stride, n, n);
    if (residual_pays(sse_without, sse_with, level_bits, log2_size, component_lambda_q8(p.parameters.lambda_q8, c)))
        return true;
    for (int y = 0; y < n; y++) {
        std::memcpy(reconstruction + y * stride, prediction.data() + y * kMaxBlock,
                    static_cast<size_t>(n));
    }
    return false;
}

// The SATDs (block_tile_satd) of the four 8x8 tiles (z-order) of the 16x16 `source_block`
// (stride 16) against its prediction with `v` from the reference plane, the block's top-left
// sample at (x0, y0); where `satd_16x16` is given, also the block's block_satd_16x16 into it.
void predicted_tile_satds(const PixelKernels& kernels, int width, int height, const uint8_t* source_block,
                          const uint8_t* reference, ptrdiff_t reference_stride, int x0, int y0, Mv v,
                          uint32_t* tile_satds, uint32_t* satd_16x16 = nullptr) {
    constexpr int kSide = kBlockSearchSize;
    alignas(64) std::array<uint8_t, kWindowRows * kWindowStride> window{};
    alignas(64) std::array<uint8_t, kSide * kSide> prediction;
    copy_window(reference, reference_stride, width, height, x0 + (v.x >> 2) - 3, y0 + (v.y >> 2) - 3, kSide + 7,
                kSide + 7, window.data());
    kernels.interpolate_luma_uni(window.data() + 3 * kWindowStride + 3, kWindowStride, kSide, kSide, v.x & 3, v.y & 3,
                                 prediction.data(), kSide);
    for (int tile = 0; tile < 4; tile++) tile_satds[tile] = block_tile_satd(source_block, prediction.data(), tile & 1, tile >> 1);
    if (satd_16x16 != nullptr) *satd_16x16 = block_satd_16x16(source_block, prediction.data());
}

// The sum of the four.
uint32_t predicted_block_satd(const PixelKernels& kernels, int width, int height, const uint8_t* source_block,
                              const uint8_t* reference, ptrdiff_t reference_stride, int x0, int y0, Mv v) {
    uint32_t tile_satds[4];
    predicted_tile_satds(kernels, width, height, source_block, reference, reference_stride, x0, y0, v, tile_satds);
    return tile_satds[0] + tile_satds[1] + tile_satds[2] + tile_satds[3];
}

// The 16x16 block of `source` at (x0, y0) with stride 16.
std::array<uint8_t, kBlockSearchSize * kBlockSearchSize> source_block_at(const uint8_t* source,
                                                                          ptrdiff_t source_stride, int x0, int y0) {
    std::array<uint8_t, kBlockSearchSize * kBlockSearchSize> block;
    for (int y = 0; y < kBlockSearchSize; y++) {
        std::memcpy(block.data() + y * kBlockSearchSize, source + (y0 + y) * source_stride + x0, kBlockSearchSize);
    }
    return block;
}

}  // namespace

void smooth_block_vectors_on_cpu(const PixelKernels& kernels, int width, int height,
                                 const uint8_t* source, ptrdiff_t source_stride,
                                 const uint8_t* reference, ptrdiff_t reference_stride,
                                 std::span<const Mv> in, int sqrt_lambda_q8, int half, std::span<Mv> out,
                                 std::span<SmoothingCacheEntry> cache, bool use_cache, std::span<uint8_t> moved) {
    const int columns = block_search_columns(width), rows = block_search_rows(height);
    constexpr int kSide = kBlockSearchSize;
    for (int by = 0; by < rows; by++) {
        for (int bx = 0; bx < columns; bx++) {
            const size_t index = static_cast<size_t>(by) * columns + bx;
            out[index] = in[index];
            if (!smoothing_block_inside(width, height, bx, by) || !smoothing_block_in_half(bx, by, half)) continue;
            if (use_cache && !moved.empty() && smoothing_block_settled(moved.data(), columns, rows, bx, by)) continue;
            const int x0 = bx * kSide, y0 = by * kSide;
            alignas(64) const std::array<uint8_t, kSide * kSide> source_block = source_block_at(source, source_stride, x0, y0);
            SmoothingCacheEntry* entries =
                cache.empty() ? nullptr : cache.data() + index * static_cast<size_t>(kSmoothingCandidates);
            std::array<SmoothingCacheEntry, kSmoothingCandidates> costed;  // this pass's
            uint32_t best_cost = 0;
            for (int k = 0; k < kSmoothingCandidates; k++) {
                const Mv v = smoothing_candidate(in.data(), columns, rows, bx, by, k);
                // An equal earlier candidate's SATD, or the previous pass's, or predicted here.
                bool known = false;
                uint32_t satd = 0;
                for (int j = 0; j < k && !known; j++) {
                    known = costed[static_cast<size_t>(j)].x == v.x && costed[static_cast<size_t>(j)].y == v.y;
                    satd = costed[static_cast<size_t>(j)].satd;
                }
                for (int j = 0; use_cache && entries != nullptr && j < kSmoothingCandidates && !known; j++) {
                    known = entries[j].x == v.x && entries[j].y == v.y;
                    satd = entries[j].satd;
                }
                if (!known) {
                    satd = predicted_block_satd(kernels, width, height, source_block.data(), reference,
                                                reference_stride, x0, y0, v);
                }
                costed[static_cast<size_t>(k)] = SmoothingCacheEntry{v.x, v.y, satd};
                const uint32_t cost = smoothing_rate(in.data(), columns, rows, bx, by, v, sqrt_lambda_q8) + satd;
                if (k == 0 || cost < best_cost) {
                    best_cost = cost;
                    out[index] = v;
                }
            }
            if (entries != nullptr) std::copy(costed.begin(), costed.end(), entries);
            if (!moved.empty()) moved[index] = out[index] == in[index] ? 0 : 1;
        }
    }
}

void decide_area_vectors_on_cpu(const PixelKernels& kernels, int width, int height, const uint8_t* source,
                                ptrdiff_t source_stride, const uint8_t* reference, ptrdiff_t reference_stride,
                                std::span<const Mv> in, int sqrt_lambda_q8, int side_blocks, std::span<Mv> out,
                                std::span<uint64_t> area_costs) {
    const int columns = block_search_columns(width), rows = block_search_rows(height);
    std::copy(in.begin(), in.end(), out.begin());
    for (int by = 0; by + side_blocks <= rows; by += side_blocks) {
        for (int bx = 0; bx + side_blocks <= columns; bx += side_blocks) {
            if (!area_inside(width, height, bx, by, side_blocks)) continue;
            Mv candidates[kAreaCandidates];
            int first_equal[kAreaCandidates];
            if (!area_candidates(in.data(), columns, bx, by, side_blocks, candidates, first_equal)) continue;
            // Every block's SATD with every distinct candidate.
            const int blocks = side_blocks * side_blocks;
            uint32_t satd[kAreaCandidates * kMaxAreaBlocks] = {};
            for (int b = 0; b < blocks; b++) {
                const int x0 = (bx + b % side_blocks) * kBlockSearchSize, y0 = (by + b / side_blocks) * kBlockSearchSize;
                alignas(64) const auto block = source_block_at(source, source_stride, x0, y0);
                for (int k = 0; k < kAreaCandidates; k++) {
                    if (first_equal[k] != k) continue;
                    satd[k * kMaxAreaBlocks + b] = predicted_block_satd(kernels, width, height, block.data(), reference,
                                                                        reference_stride, x0, y0, candidates[k]);
                }
            }
            uint64_t chosen = 0;
            const int choice = decide_area(in.data(), columns, bx, by, side_blocks, candidates, first_equal, satd,
                                           area_costs.data(), sqrt_lambda_q8, chosen);
            if (choice >= 0) {
                for (int b = 0; b < blocks; b++) {
                    out[static_cast<size_t>(by + b / side_blocks) * columns + bx + b % side_blocks] = candidates[choice];
                }
            }
            if (side_blocks == 2) area_costs[static_cast<size_t>(area_cost_index(columns, bx, by))] = chosen;
        }
    }
}

void decide_unit_vectors_on_cpu(const PixelKernels& kernels, int width, int height, const uint8_t* source,
                                ptrdiff_t source_stride, const uint8_t* reference, ptrdiff_t reference_stride,
                                std::span<const Mv> field, int sqrt_lambda_q8, std::span<Mv> unit_vectors) {
    const int columns = block_search_columns(width), rows = block_search_rows(height);
    const int unit_columns = inter_unit_columns(width), unit_rows = inter_unit_rows(height);
    for (int by = 0; by < rows; by++) {
        for (int bx = 0; bx < columns; bx++) {
            const Mv block_vector = field[static_cast<size_t>(by) * columns + bx];
            Mv chosen[4] = {block_vector, block_vector, block_vector, block_vector};
            if (block_is_16x16_cu(field.data(), width, height, bx, by)) {
                const int x0 = bx * kBlockSearchSize, y0 = by * kBlockSearchSize;
                alignas(64) const auto block = source_block_at(source, source_stride, x0, y0);
                Mv candidates[kSplitCandidates];
                uint32_t satd[4 * kSplitCandidates];
                uint32_t whole_satd = 0;
                for (int k = 0; k < kSplitCandidates; k++) {
                    candidates[k] = split_candidate(field.data(), columns, rows, bx, by, k);
                    // An equal earlier candidate's SATDs, else predicted here (as the kernel does).
                    int first = k;
                    for (int j = k - 1; j >= 0; j--) {
                        if (candidates[j] == candidates[k]) first = j;
                    }
                    uint32_t tiles[4];
                    if (first == k) {
                        predicted_tile_satds(kernels, width, height, block.data(), reference, reference_stride, x0,
                                             y0, candidates[k], tiles, k == 0 ? &whole_satd : nullptr);
                    }
                    for (int q = 0; q < 4; q++) {
                        satd[q * kSplitCandidates + k] = first == k ? tiles[q] : satd[q * kSplitCandidates + first];
                    }
                }
                Mv quarters[4];
                if (decide_block_split(field.data(), columns, bx, by, candidates, satd, whole_satd, sqrt_lambda_q8,
                                       quarters)) {
                    std::copy_n(quarters, 4, chosen);
                }
            }
            for (int q = 0; q < 4; q++) {
                const int unit = quarter_unit_index(unit_columns, unit_rows, bx, by, q);
                if (unit >= 0) unit_vectors[static_cast<size_t>(unit)] = chosen[q];
            }
        }
    }
}

size_t area_cost_count(int width, int height) {
    return static_cast<size_t>((block_search_columns(width) + 1) / 2) *
           static_cast<size_t>((block_search_rows(height) + 1) / 2);
}

InterCodingView InterCodingOutput::view(const InterCodingParameters& parameters) const {
    InterCodingView view;
    view.units = units;
    view.deblocked = parameters.deblocking.enabled;
    view.sao_statistics = parameters.sao_statistics ? sao_statistics : nullptr;
    view.sao_decisions = parameters.sao ? sao_decisions : nullptr;
    view.unit_columns = unit_columns;
    view.unit_rows = unit_rows;
    for (int c = 0; c < 3; c++) {
        view.levels[c] = levels[c];
        view.reconstruction[c] = reconstruction[c];
        view.stride[c] = stride[c];
    }
    return view;
}

namespace {
// The byte offsets of InterCodingOutput's parts: units, levels of Y, Cb, Cr, reconstruction
// of Y, Cb, Cr, SAO statistics, SAO decisions, the end.
std::array<size_t, 10> output_offsets(int width, int height) {
    const size_t units = static_cast<size_t>(inter_unit_columns(width)) *
                         static_cast<size_t>(inter_unit_rows(height));
    const size_t luma = static_cast<size_t>(width) * static_cast<size_t>(height);
    const size_t chroma = static_cast<size_t>(width / 2) * static_cast<size_t>(height / 2);
    const size_t ctbs = 3 * static_cast<size_t>(inter_ctu_columns(width)) * static_cast<size_t>(inter_ctu_rows(height));
    std::array<size_t, 10> offsets{};
    offsets[1] = align8(units * sizeof(InterCodedUnit));
    offsets[2] = offsets[1] + align8(luma * sizeof(int16_t));
    offsets[3] = offsets[2] + align8(chroma * sizeof(int16_t));
    offsets[4] = offsets[3] + align8(chroma * sizeof(int16_t));
    offsets[5] = offsets[4] + align8(luma);
    offsets[6] = offsets[5] + align8(chroma);
    offsets[7] = offsets[6] + align8(chroma);
    offsets[8] = offsets[7] + align8(ctbs * sizeof(InterSaoStatistics));
    offsets[9] = offsets[8] + align8(ctbs * sizeof(InterSaoDecision));
    return offsets;
}
}  // namespace

bool picture_covers(const Picture& picture, int width, int height) {
    return picture.planes[0].width() >= width && picture.planes[0].height() >= height &&
           picture.planes[1].width() >= width / 2 && picture.planes[1].height() >= height / 2 &&
           picture.planes[2].width() >= width / 2 && picture.planes[2].height() >= height / 2;
}

size_t inter_coding_output_bytes(int width, int height) {
    return output_offsets(width, height)[9];
}

size_t inter_coding_plane_bytes(int width, int height, int c) {
    return c == 0 ? static_cast<size_t>(width) * static_cast<size_t>(height)
                  : static_cast<size_t>(width / 2) * static_cast<size_t>(height / 2);
}

size_t inter_coding_picture_bytes(int width, int height) {
    return inter_coding_plane_bytes(width, height, 0) + 2 * inter_coding_plane_bytes(width, height, 1);
}

InterCodingOutput inter_coding_output(void* buffer, int width, int height) {
    const std::array<size_t, 10> offsets = output_offsets(width, height);
    uint8_t* bytes = static_cast<uint8_t*>(buffer);
    InterCodingOutput out;
    out.units = reinterpret_cast<InterCodedUnit*>(bytes);
    out.unit_columns = inter_unit_columns(width);
    out.unit_rows = inter_unit_rows(height);
    for (int c = 0; c < 3; c++) {
        out.levels[c] = reinterpret_cast<int16_t*>(bytes + offsets[static_cast<size_t>(1 + c)]);
        out.reconstruction[c] = bytes + offsets[static_cast<size_t>(4 + c)];
        out.stride[c] = c == 0 ? width : width / 2;
    }
    out.sao_statistics = reinterpret_cast<InterSaoStatistics*>(bytes + offsets[7]);
    out.sao_decisions = reinterpret_cast<InterSaoDecision*>(bytes + offsets[8]);
    return out;
}

namespace {

// The cost of `cu` as coded in `out` (its cbf bits `cbf`), in the skip decisions' units: over the
// components skip_block_cost of its reconstruction's squared error and its levels' bits, plus
// `signalling_bits` at the luma lambda.
int64_t coded_cu_cost(const PixelKernels& kernels, const InterCodingPlanes& source, const InterCodingOutput& out,
                      const InterCodingParameters& parameters, const InterCu& cu, int cbf, int signalling_bits) {
    int64_t cost = skip_signalling_cost(signalling_bits, parameters.lambda_q8);
    for (int c = 0; c < 3; c++) {
        const int shift = c == 0 ? 0 : 1, log2_size = cu.log2_size - shift, n = 1 << log2_size;
        const ptrdiff_t offset = (cu.y >> shift) * out.stride[c] + (cu.x >> shift);
        const bool has_levels = ((cbf >> c) & 1) != 0;
        int level_bits = 0;
        for (int y = 0; has_levels && y < n; y++) {
            for (int x = 0; x < n; x++) level_bits += level_rate_bits(out.levels[c][offset + y * out.stride[c] + x]);
        }
        const uint8_t* s = source.samples[c] + (cu.y >> shift) * source.stride[c] + (cu.x >> shift);
        const uint64_t sse = kernels.sse(s, source.stride[c], out.reconstruction[c] + offset, out.stride[c], n, n);
        cost += skip_block_cost(sse, has_levels, level_bits, log2_size, component_lambda_q8(parameters.lambda_q8, c));
    }
    return cost;
}

// The waves of the candidates in `modes` (a grid of `columns` x `rows` cells of 1 << log2_size
// luma samples a side) into `waves`, each a pass in place (intra_wave_ready_in: the same as all
// cells at once).
void assign_intra_waves(const uint8_t* modes, uint8_t* waves, int columns, int rows, int log2_size, int width,
                        int height, int slices, int wave_count) {
    for (int wave = 1; wave <= wave_count; wave++) {
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < columns; x++) {
                if (intra_wave_ready_in(modes, waves, columns, log2_size, width, height, slices, x, y, wave)) {
                    waves[static_cast<size_t>(y) * columns + x] = static_cast<uint8_t>(wave);
                }
            }
        }
    }
}

}  // namespace

size_t intra_scratch_bytes(int width, int height) {
    return 2 * static_cast<size_t>(block_search_columns(width)) * static_cast<size_t>(block_search_rows(height)) +
           2 * static_cast<size_t>(inter_unit_columns(width)) * static_cast<size_t>(inter_unit_rows(height));
}

void decide_intra_units_on_cpu(const PixelKernels& kernels, int width, int height, const InterCodingPlanes& source,
                               const InterCodingPlanes& reference, std::span<const Mv> field,
                               std::span<const Mv> unit_vectors, const InterCodingParameters& parameters,
                               std::span<const uint8_t> block_waves, std::span<uint8_t> modes,
                               std::span<uint8_t> waves) {
    std::fill(modes.begin(), modes.end(), uint8_t{0});
    std::fill(waves.begin(), waves.end(), uint8_t{0});
    if (parameters.intra_waves <= 0 || parameters.intra_unit_waves <= 0 || parameters.sqrt_lambda_q8 <= 0) return;
    const int unit_columns = inter_unit_columns(width), unit_rows = inter_unit_rows(height);
    const Mv* units = unit_vectors.empty() ? nullptr : unit_vectors.data();
    IntraUnitPicture picture;
    picture.width = width;
    picture.height = height;
    picture.slices = parameters.slices;
    for (int c = 0; c < 3; c++) {
        picture.source[c] = source.samples[c];
        picture.source_stride[c] = source.stride[c];
    }
    const InterCodingOutput no_output;
    const PictureCoding coding{kernels, width, height, source, reference, parameters, no_output};
    for (int uy = 0; uy < unit_rows; uy++) {
        for (int ux = 0; ux < unit_columns; ux++) {
            if (!intra_unit_eligible(field.data(), units, block_waves.data(), width, height, parameters.slices, ux,
                                     uy)) {
                continue;
            }
            const InterCu cu = inter_cu_of_unit(field.data(), units, width, height, ux, uy);
            alignas(64) std::array<uint8_t, kMaxBlock * kMaxBlock> predicted;
            predict_block(coding, cu, 0, predicted.data());
            std::array<uint8_t, 64> prediction;
            for (int i = 0; i < 64; i++) prediction[i] = predicted[(i / 8) * kMaxBlock + i % 8];
            const uint32_t inter_satd =
                intra_unit_satd(source.samples[0], source.stride[0], cu.x, cu.y, prediction.data());
            IntraUnitWork work;
            modes[static_cast<size_t>(uy) * unit_columns + ux] = static_cast<uint8_t>(decide_intra_unit_on_lanes(
                picture, parameters.sqrt_lambda_q8, ux, uy,
                intra_unit_decision_inter_cost(inter_satd,
                                               intra_unit_vector_bits(field.data(), units, width, height, ux, uy),
                                               parameters.sqrt_lambda_q8),
                SerialLanes{}, work));
        }
    }
    assign_intra_waves(modes.data(), waves.data(), unit_columns, unit_rows, kIntraUnitLog2, width, height,
                       parameters.slices, parameters.intra_unit_waves);
}

void decide_intra_blocks_on_cpu(const PixelKernels& kernels, int width, int height, const InterCodingPlanes& source,
                                const InterCodingPlanes& reference, std::span<const Mv> field,
                                std::span<const Mv> unit_vectors, const InterCodingParameters& parameters,
                                std::span<uint8_t> modes, std::span<uint8_t> waves) {
    std::fill(modes.begin(), modes.end(), uint8_t{0});
    std::fill(waves.begin(), waves.end(), uint8_t{0});
    if (parameters.intra_waves <= 0 || parameters.sqrt_lambda_q8 <= 0) return;
    const int columns = block_search_columns(width), rows = block_search_rows(height);
    for (int by = 0; by < rows; by++) {
        for (int bx = 0; bx < columns; bx++) {
            if (!intra_block_eligible(field.data(), unit_vectors.empty() ? nullptr : unit_vectors.data(), width, height,
                                      bx, by)) {
                continue;
            }
            const int x0 = bx * kIntraCuSize, y0 = by * kIntraCuSize;
            alignas(64) const auto block = source_block_at(source.samples[0], source.stride[0], x0, y0);
            const Mv v = field[static_cast<size_t>(by) * columns + bx];
            uint32_t tiles[4], whole = 0;
            predicted_tile_satds(kernels, width, height, block.data(), reference.samples[0], reference.stride[0], x0, y0,
                                 v, tiles, &whole);
            uint64_t best = whole + cu_vector_rate(field.data(), columns, bx, by, 1, v, parameters.sqrt_lambda_q8);
            int best_mode = -1;
            const InterCu cu{x0, y0, kIntraCuLog2, Mv{}};
            for (int k = 0; k < kIntraDecisionModes; k++) {
                const int mode = intra_decision_mode(k);
                alignas(64) std::array<uint8_t, kIntraCuSize * kIntraCuSize> prediction;
                predict_intra_cu(source.samples[0], source.stride[0], width, height, parameters.slices, cu, 0, mode,
                                 prediction.data(), kIntraCuSize);
                const uint64_t cost =
                    intra_mode_cost(block_satd_16x16(block.data(), prediction.data()), mode, parameters.sqrt_lambda_q8);
                if (cost < best) {
                    best = cost;
                    best_mode = mode;
                }
            }
            if (best_mode >= 0) modes[static_cast<size_t>(by) * columns + bx] = static_cast<uint8_t>(1 + best_mode);
        }
    }
    assign_intra_waves(modes.data(), waves.data(), columns, rows, kIntraCuLog2, width, height, parameters.slices,
                       parameters.intra_waves);
}

bool code_inter_picture_on_cpu(const PixelKernels& kernels, int width, int height,
                               const InterCodingPlanes& source, const InterCodingPlanes& reference,
                               std::span<const Mv> block_vectors, std::span<const Mv> unit_vectors,
                               const InterCodingParameters& parameters,
                               const InterCodingOutput& out, uint8_t* sao_scratch, uint8_t* skip_scratch,
                               uint8_t* intra_scratch) {
    const bool intra = parameters.intra_waves > 0 && parameters.sqrt_lambda_q8 > 0;
    if (width <= 0 || height <= 0 || width % 8 != 0 || height % 8 != 0 ||
        block_vectors.size() != static_cast<size_t>(block_search_columns(width)) *
                                    static_cast<size_t>(block_search_rows(height)) ||
        (!unit_vectors.empty() && unit_vectors.size() != static_cast<size_t>(inter_unit_columns(width)) *
                                                             static_cast<size_t>(inter_unit_rows(height))) ||
        out.unit_columns != inter_unit_columns(width) || out.unit_rows != inter_unit_rows(height) ||
        (parameters.sao && (!parameters.sao_statistics || parameters.slices != 1 || sao_scratch == nullptr)) ||
        (parameters.skip_candidates > 0 && skip_scratch == nullptr) ||
        (intra && (intra_scratch == nullptr || parameters.intra_waves > 255 || parameters.intra_unit_waves > 255))) {
        return false;
    }
    const PictureCoding picture{kernels, width, height, source, reference, parameters, out};
    // The intra CUs: decided before the coding, their units marked before the skip decisions,
    // coded after them.
    const int block_columns = block_search_columns(width);
    const size_t blocks = static_cast<size_t>(block_columns) * static_cast<size_t>(block_search_rows(height));
    const std::span<uint8_t> intra_modes(intra_scratch, intra ? blocks : 0);
    const std::span<uint8_t> intra_waves(intra ? intra_scratch + blocks : nullptr, intra ? blocks : 0);
    const bool intra_units = intra && parameters.intra_unit_waves > 0;
    const size_t units = static_cast<size_t>(out.unit_columns) * static_cast<size_t>(out.unit_rows);
    const std::span<uint8_t> unit_modes(intra_units ? intra_scratch + 2 * blocks : nullptr, intra_units ? units : 0);
    const std::span<uint8_t> unit_waves(intra_units ? intra_scratch + 2 * blocks + units : nullptr,
                                        intra_units ? units : 0);
    if (intra) {
        decide_intra_blocks_on_cpu(kernels, width, height, source, reference, block_vectors, unit_vectors, parameters,
                                   intra_modes, intra_waves);
    }
    if (intra_units) {
        decide_intra_units_on_cpu(kernels, width, height, source, reference, block_vectors, unit_vectors, parameters,
                                  intra_waves, unit_modes, unit_waves);
    }
    for (int unit_y = 0; unit_y < out.unit_rows; unit_y++) {
        for (int unit_x = 0; unit_x < out.unit_columns; unit_x++) {
            const InterCu cu =
                inter_cu_of_unit(block_vectors.data(), unit_vectors.empty() ? nullptr : unit_vectors.data(), width,
                                 height, unit_x, unit_y);
            // Each CU is coded at its top-left unit, which comes first in raster order, and its
            // decision copied into every unit it covers.
            if (cu.x != unit_x * kInterUnitSize || cu.y != unit_y * kInterUnitSize) continue;
            InterCodedUnit unit;
            unit.mv = cu.mv;
            unit.cu_log2 = static_cast<uint8_t>(cu.log2_size);
            for (int c = 0; c < 3; c++)
                unit.cbf |= static_cast<uint8_t>(code_block(picture, cu, c) ? 1 << c : 0);
            const int span = 1 << (cu.log2_size - kInterUnitLog2);
            for (int j = 0; j < span; j++) {
                std::fill_n(out.units + static_cast<size_t>(unit_y + j) * out.unit_columns + unit_x,
                            span, unit);
            }
        }
    }
    const auto for_each_intra_cu = [&](auto visit) {
        for (size_t i = 0; i < intra_waves.size(); i++) {
            if (intra_waves[i] == 0) continue;
            const int unit_x = 2 * static_cast<int>(i % block_columns), unit_y = 2 * static_cast<int>(i / block_columns);
            visit(intra_waves[i], intra_modes[i], &out.units[static_cast<size_t>(unit_y) * out.unit_columns + unit_x]);
        }
    };
    if (intra) {
        // Marked, the inter coding kept (its vector and cbf stay in the units) for the choice.
        for_each_intra_cu([&](int, int mode_plus_1, InterCodedUnit* top_left) {
            for (InterCodedUnit* unit : {top_left, top_left + 1, top_left + out.unit_columns, top_left + out.unit_columns + 1}) {
                unit->intra = static_cast<uint8_t>(mode_plus_1);
            }
        });
        for (size_t i = 0; i < unit_waves.size(); i++) {
            if (unit_waves[i] != 0) out.units[i].intra = unit_modes[i];
        }
    }
    if (parameters.skip_candidates > 0) {
        std::fill_n(skip_scratch, 2 * units, uint8_t{0});
        decide_inter_skips_on_cpu(kernels, width, height, source, reference, parameters, out,
                                  std::span<uint8_t>(skip_scratch, units), std::span<uint8_t>(skip_scratch + units, units));
    }
    // Wave by wave: each candidate coded intra with the cheapest mode, kept where that costs less
    // than its inter coding.
    for (int wave = 1; intra && wave <= parameters.intra_waves; wave++) {
        for_each_intra_cu([&](int cu_wave, int mode_plus_1, InterCodedUnit* top_left) {
            if (cu_wave != wave) return;
            const int unit_index = static_cast<int>(top_left - out.units);
            const int unit_x = unit_index % out.unit_columns, unit_y = unit_index / out.unit_columns;
            const InterCu cu{unit_x * kInterUnitSize, unit_y * kInterUnitSize, kIntraCuLog2, top_left->mv};
            InterCodedUnit inter = top_left[0];
            inter.intra = 0;
            const int64_t inter_cost =
                coded_cu_cost(kernels, source, out, parameters, cu, inter.cbf,
                              intra_inter_vector_bits(out.units, out.unit_columns, height, parameters.slices, unit_x, unit_y));
            // The inter coding's samples, for where it stays.
            std::array<std::array<uint8_t, kIntraCuSize * kIntraCuSize>, 3> kept_samples;
            std::array<std::array<int16_t, kIntraCuSize * kIntraCuSize>, 3> kept_levels;
            for (int c = 0; c < 3; c++) {
                const int shift = c == 0 ? 0 : 1, n = kIntraCuSize >> shift;
                const ptrdiff_t offset = (cu.y >> shift) * out.stride[c] + (cu.x >> shift);
                for (int y = 0; y < n; y++) {
                    std::memcpy(&kept_samples[c][y * n], out.reconstruction[c] + offset + y * out.stride[c], n);
                    std::memcpy(&kept_levels[c][y * n], out.levels[c] + offset + y * out.stride[c], n * sizeof(int16_t));
                }
            }
            // The mode again, of all 35, from the reconstruction's samples around the CU.
            alignas(64) const auto block = source_block_at(source.samples[0], source.stride[0], cu.x, cu.y);
            uint64_t best = 0;
            for (int mode = 0; mode < kIntraModes; mode++) {
                alignas(64) std::array<uint8_t, kIntraCuSize * kIntraCuSize> prediction;
                predict_intra_cu(out.reconstruction[0], out.stride[0], width, height, parameters.slices, cu, 0, mode,
                                 prediction.data(), kIntraCuSize);
                const uint64_t cost =
                    intra_mode_cost(block_satd_16x16(block.data(), prediction.data()), mode, parameters.sqrt_lambda_q8);
                if (mode == 0 || cost < best) {
                    best = cost;
                    mode_plus_1 = mode + 1;
                }
            }
            InterCodedUnit unit;
            unit.cu_log2 = kIntraCuLog2;
            unit.intra = static_cast<uint8_t>(mode_plus_1);
            for (int c = 0; c < 3; c++) {
                unit.cbf |= static_cast<uint8_t>(code_block(picture, cu, c, mode_plus_1 - 1) ? 1 << c : 0);
            }
            const int64_t intra_cost = coded_cu_cost(kernels, source, out, parameters, cu, unit.cbf,
                                                     kIntraCuBits + intra_mode_bits(mode_plus_1 - 1));
            if (!intra_cu_pays(intra_cost, inter_cost)) {
                unit = inter;
                for (int c = 0; c < 3; c++) {
                    const int shift = c == 0 ? 0 : 1, n = kIntraCuSize >> shift;
                    const ptrdiff_t offset = (cu.y >> shift) * out.stride[c] + (cu.x >> shift);
                    for (int y = 0; y < n; y++) {
                        std::memcpy(out.reconstruction[c] + offset + y * out.stride[c], &kept_samples[c][y * n], n);
                        std::memcpy(out.levels[c] + offset + y * out.stride[c], &kept_levels[c][y * n], n * sizeof(int16_t));
                    }
                }
            }
            top_left[0] = top_left[1] = top_left[out.unit_columns] = top_left[out.unit_columns + 1] = unit;
        });
    }
    // Then the 8x8 candidates, wave by wave.
    IntraUnitPicture unit_picture;
    unit_picture.width = width;
    unit_picture.height = height;
    unit_picture.slices = parameters.slices;
    unit_picture.dct_matrix = &kDctMatrix[0][0];
    for (int c = 0; c < 3; c++) {
        unit_picture.source[c] = source.samples[c];
        unit_picture.source_stride[c] = source.stride[c];
        unit_picture.reconstruction[c] = out.reconstruction[c];
        unit_picture.levels[c] = out.levels[c];
        unit_picture.stride[c] = out.stride[c];
    }
    for (int wave = 1; intra_units && wave <= parameters.intra_unit_waves; wave++) {
        for (size_t i = 0; i < unit_waves.size(); i++) {
            if (unit_waves[i] != wave) continue;
            const int ux = static_cast<int>(i % out.unit_columns), uy = static_cast<int>(i / out.unit_columns);
            IntraUnitWork work;
            IntraUnitCoding coding;
            const int mode = intra_unit_mode_on_lanes(unit_picture, parameters.sqrt_lambda_q8, ux, uy, SerialLanes{}, work);
            code_intra_unit_candidate(unit_picture, parameters, out.units, out.unit_columns, ux, uy, mode, SerialLanes{},
                                      work, coding);
        }
    }
    deblock_inter_picture_on_cpu(out.reconstruction[0], out.stride[0], width, height, out.units,
                                 out.unit_columns, parameters.deblocking, parameters.slices);
    deblock_inter_chroma_on_cpu(out.reconstruction[1], out.reconstruction[2], out.stride[1], width, height, out.units,
                                out.unit_columns, parameters.deblocking, parameters.slices);
    if (parameters.sao_statistics) {
        collect_inter_sao_statistics_on_cpu(kernels, width, height, source, out, parameters.slices);
    }
    if (parameters.sao) apply_inter_sao_on_cpu(width, height, parameters.lambda_q8, out, sao_scratch);
    return true;
}

void apply_inter_sao_on_cpu(int width, int height, int64_t lambda_q8, const InterCodingOutput& out,
                            uint8_t* deblocked) {
    const int ctu_columns = inter_ctu_columns(width);
    const size_t ctbs = static_cast<size_t>(ctu_columns) * static_cast<size_t>(inter_ctu_rows(height));
    for (size_t ctu = 0; ctu < ctbs; ctu++) {
        decide_inter_sao(out.sao_statistics + 3 * ctu, lambda_q8, out.sao_decisions + 3 * ctu);
    }
    for (int row = 0; row < inter_ctu_rows(height); row++) {
        const size_t first = 3 * static_cast<size_t>(row) * static_cast<size_t>(ctu_columns);
        merge_inter_sao_row(out.sao_statistics + first, out.sao_decisions + first, ctu_columns, row > 0, lambda_q8);
    }
    uint8_t* copy = deblocked;
    for (int c = 0; c < 3; c++) {
        const int shift = c == 0 ? 0 : 1;
        const int plane_width = width >> shift, plane_height = height >> shift, ctb_log2 = kLog2CtuSize - shift;
        for (int y = 0; y < plane_height; y++) {
            std::memcpy(copy + static_cast<ptrdiff_t>(y) * plane_width, out.reconstruction[c] + y * out.stride[c],
                        static_cast<size_t>(plane_width));
        }
        for (int y = 0; y < plane_height; y++) {
            uint8_t* row = out.reconstruction[c] + y * out.stride[c];
            for (int x = 0; x < plane_width; x++) {
                const size_t ctu = static_cast<size_t>(y >> ctb_log2) * ctu_columns + static_cast<size_t>(x >> ctb_log2);
                row[x] = inter_sao_sample(copy, plane_width, plane_width, plane_height, x, y,
                                          out.sao_decisions[3 * ctu + static_cast<size_t>(c)]);
            }
        }
        copy += inter_coding_plane_bytes(width, height, c);
    }
}

static_assert(sizeof(InterSaoStatistics::band_count) / sizeof(int32_t) == kSaoBandCount &&
                  sizeof(InterSaoStatistics::edge_count[0]) / sizeof(int32_t) == kSaoEdgeCategories,
              "InterSaoStatistics has SaoStatistics's classes");

InterSaoStatistics narrow_sao_statistics(const SaoStatistics& statistics) {
    InterSaoStatistics narrow;
    std::copy_n(statistics.band_count, kSaoBandCount, narrow.band_count);
    std::copy_n(statistics.band_sum, kSaoBandCount, narrow.band_sum);
    for (int k = 0; k < 4; k++) {
        std::copy_n(statistics.edge_count[k], kSaoEdgeCategories, narrow.edge_count[k]);
        std::copy_n(statistics.edge_sum[k], kSaoEdgeCategories, narrow.edge_sum[k]);
    }
    return narrow;
}

void widen_sao_decision(const InterSaoDecision& decision, SaoComponentParameters& parameters) {
    parameters.type = decision.type;
    parameters.band_position = decision.band_position;
    parameters.eo_class = decision.eo_class;
    std::copy_n(decision.offsets, 4, parameters.offsets);
}

void widen_sao_statistics(const InterSaoStatistics& narrow, SaoStatistics& statistics) {
    std::copy_n(narrow.band_count, kSaoBandCount, statistics.band_count);
    std::copy_n(narrow.band_sum, kSaoBandCount, statistics.band_sum);
    for (int k = 0; k < 4; k++) {
        std::copy_n(narrow.edge_count[k], kSaoEdgeCategories, statistics.edge_count[k]);
        std::copy_n(narrow.edge_sum[k], kSaoEdgeCategories, statistics.edge_sum[k]);
    }
}

void collect_inter_sao_statistics_on_cpu(const PixelKernels& kernels, int width, int height,
                                         const InterCodingPlanes& source, const InterCodingOutput& out,
                                         int slices) {
    const int ctu_rows = inter_ctu_rows(height), ctu_columns = inter_ctu_columns(width);
    for (int ctu_y = 0; ctu_y < ctu_rows; ctu_y++) {
        const SliceSpan slice = slice_span_of_row(ctu_rows, slices, ctu_y);
        for (int ctu_x = 0; ctu_x < ctu_columns; ctu_x++) {
            for (int c = 0; c < 3; c++) {
                const int shift = c == 0 ? 0 : 1, size = kCtuSize >> shift;
                out.sao_statistics[(static_cast<size_t>(ctu_y) * ctu_columns + ctu_x) * 3 + c] =
                    narrow_sao_statistics(collect_sao_statistics(
                        kernels, source.samples[c], source.stride[c], out.reconstruction[c], out.stride[c],
                        width >> shift, height >> shift, ctu_x * size, ctu_y * size, size, slice.first_row * size,
                        slice.end_row * size));
            }
        }
    }
}

void decide_inter_skips_on_cpu(const PixelKernels& kernels, int width, int height, const InterCodingPlanes& source,
                               const InterCodingPlanes& reference, const InterCodingParameters& parameters,
                               const InterCodingOutput& out, std::span<uint8_t> choices, std::span<uint8_t> leaned) {
    if (parameters.skip_candidates <= 0 || parameters.lambda_q8 <= 0) return;
    const PictureCoding picture{kernels, width, height, source, reference, parameters, out};
    const int columns = out.unit_columns;
    const auto cu_at = [&](int unit_x, int unit_y, Mv mv) {
        const InterCodedUnit& unit = out.units[static_cast<size_t>(unit_y) * columns + unit_x];
        return InterCu{unit_x * kInterUnitSize, unit_y * kInterUnitSize, unit.cu_log2, mv};
    };
    const auto is_cu_start = [&](int unit_x, int unit_y) {
        const int log2 = out.units[static_cast<size_t>(unit_y) * columns + unit_x].cu_log2;
        if (log2 < kInterUnitLog2) return false;  // outside the picture
        const int mask = (1 << (log2 - kInterUnitLog2)) - 1;
        return (unit_x & mask) == 0 && (unit_y & mask) == 0;
    };
    // The squared error of component c of `cu` against `samples` (rows `stride` apart).
    const auto block_sse = [&](const InterCu& cu, int c, const uint8_t* samples, ptrdiff_t stride) {
        const int shift = c == 0 ? 0 : 1, n = 1 << (cu.log2_size - shift);
        const uint8_t* s = source.samples[c] + (cu.y >> shift) * source.stride[c] + (cu.x >> shift);
        return kernels.sse(s, source.stride[c], samples, stride, n, n);
    };
    // Step 1.
    for (int unit_y = 0; unit_y < out.unit_rows; unit_y++) {
        for (int unit_x = 0; unit_x < columns; unit_x++) {
            if (!is_cu_start(unit_x, unit_y)) continue;
            const InterCodedUnit& unit = out.units[static_cast<size_t>(unit_y) * columns + unit_x];
            int own_bits = 0;
            const SkipCandidates candidates = skip_candidates(out.units, columns, height, parameters.slices,
                                                              parameters.skip_candidates, unit_x, unit_y, own_bits);
            if (candidates.leaned_unit >= 0) leaned[static_cast<size_t>(candidates.leaned_unit)] = 1;
            int choice = 0;
            if (candidates.count > 0) {
                const InterCu cu = cu_at(unit_x, unit_y, unit.mv);
                int64_t coded = skip_signalling_cost(own_bits, parameters.lambda_q8);
                for (int c = 0; c < 3; c++) {
                    const int shift = c == 0 ? 0 : 1, log2_size = cu.log2_size - shift, n = 1 << log2_size;
                    const ptrdiff_t offset = (cu.y >> shift) * out.stride[c] + (cu.x >> shift);
                    const bool has_levels = ((unit.cbf >> c) & 1) != 0;
                    int level_bits = 0;
                    for (int y = 0; has_levels && y < n; y++) {
                        for (int x = 0; x < n; x++) level_bits += level_rate_bits(out.levels[c][offset + y * out.stride[c] + x]);
                    }
                    coded += skip_block_cost(block_sse(cu, c, out.reconstruction[c] + offset, out.stride[c]), has_levels,
                                             level_bits, log2_size, component_lambda_q8(parameters.lambda_q8, c));
                }
                int64_t candidate_cost[2] = {0, 0};
                for (int k = 0; k < candidates.count; k++) {
                    const InterCu alternative = cu_at(unit_x, unit_y, candidates.vector[k]);
                    candidate_cost[k] = skip_signalling_cost(kSkipBits, parameters.lambda_q8);
                    for (int c = 0; c < 3; c++) {
                        alignas(64) std::array<uint8_t, kMaxBlock * kMaxBlock> prediction;
                        predict_block(picture, alternative, c, prediction.data());
                        candidate_cost[k] += skip_block_cost(block_sse(alternative, c, prediction.data(), kMaxBlock), false,
                                                             0, 0, 0);
                    }
                }
                choice = skip_choice(candidates, coded, candidate_cost);
            }
            const int span = 1 << (unit.cu_log2 - kInterUnitLog2);
            for (int j = 0; j < span; j++) {
                std::fill_n(choices.begin() + static_cast<ptrdiff_t>(unit_y + j) * columns + unit_x, span,
                            static_cast<uint8_t>(choice));
            }
        }
    }
    // Step 2.
    for (int unit_y = 0; unit_y < out.unit_rows; unit_y++) {
        for (int unit_x = 0; unit_x < columns; unit_x++) {
            if (!is_cu_start(unit_x, unit_y)) continue;
            InterCodedUnit unit = out.units[static_cast<size_t>(unit_y) * columns + unit_x];
            const int kind = choices[static_cast<size_t>(unit_y) * columns + unit_x];
            if (!skip_applies(choices.data(), leaned.data(), columns, unit_x, unit_y, unit.cu_log2, kind)) continue;
            unit.mv = out.units[static_cast<size_t>(skip_source_unit(columns, unit_x, unit_y, unit.cu_log2, kind))].mv;
            unit.cbf = 0;
            const InterCu cu = cu_at(unit_x, unit_y, unit.mv);
            for (int c = 0; c < 3; c++) {
                const int shift = c == 0 ? 0 : 1, n = 1 << (cu.log2_size - shift);
                alignas(64) std::array<uint8_t, kMaxBlock * kMaxBlock> prediction;
                predict_block(picture, cu, c, prediction.data());
                uint8_t* reconstruction = out.reconstruction[c] + (cu.y >> shift) * out.stride[c] + (cu.x >> shift);
                for (int y = 0; y < n; y++) {
                    std::memcpy(reconstruction + y * out.stride[c], prediction.data() + y * kMaxBlock, static_cast<size_t>(n));
                }
            }
            const int span = 1 << (unit.cu_log2 - kInterUnitLog2);
            for (int j = 0; j < span; j++) {
                std::fill_n(out.units + static_cast<size_t>(unit_y + j) * columns + unit_x, span, unit);
            }
        }
    }
}

void deblock_inter_picture_on_cpu(uint8_t* luma, ptrdiff_t stride, int width, int height,
                                  const InterCodedUnit* units, int unit_columns,
                                  const InterDeblocking& deblocking, int slices) {
    if (!deblocking.enabled) return;
    // 8.7.2: every vertical edge of the picture before any horizontal one.
    for (int j = 0; j < vertical_edge_segment_rows(height); j++) {
        for (int i = 0; i < vertical_edge_segment_columns(width); i++) {
            deblock_inter_segment(luma, stride, height, units, unit_columns, deblocking, slices, true, i, j);
        }
    }
    for (int j = 0; j < horizontal_edge_segment_rows(height); j++) {
        for (int i = 0; i < horizontal_edge_segment_columns(width); i++) {
            deblock_inter_segment(luma, stride, height, units, unit_columns, deblocking, slices, false, i, j);
        }
    }
}

void deblock_inter_chroma_on_cpu(uint8_t* cb, uint8_t* cr, ptrdiff_t stride, int width, int height,
                                 const InterCodedUnit* units, int unit_columns, const InterDeblocking& deblocking,
                                 int slices) {
    if (!deblocking.enabled || !deblocking.chroma) return;
    for (uint8_t* plane : {cb, cr}) {
        for (int j = 0; j < chroma_vertical_edge_segment_rows(height); j++) {
            for (int i = 0; i < chroma_vertical_edge_segment_columns(width); i++) {
                deblock_inter_chroma_segment(plane, stride, height, units, unit_columns, deblocking, slices, true, i, j);
            }
        }
        for (int j = 0; j < chroma_horizontal_edge_segment_rows(height); j++) {
            for (int i = 0; i < chroma_horizontal_edge_segment_columns(width); i++) {
                deblock_inter_chroma_segment(plane, stride, height, units, unit_columns, deblocking, slices, false, i, j);
            }
        }
    }
}

}  // namespace tc
