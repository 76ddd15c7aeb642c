// The accelerated coding of a P picture (issue 7, DESIGN.md §4): the backend decides every
// coding unit of the picture, predicts it from the reconstructed reference, transforms,
// quantises and reconstructs it, all in one pass with no dependency between coding units,
// and hands back per 8x8 unit the decision, the levels and the reconstruction (before the
// in-loop filters, or after those it was asked for). The CPU then only turns that into the CTU
// decision records (merge and AMVP signalling, which need the neighbours), entropy-codes them
// and applies the filters the backend left.
//
// The algorithm (the same on both backends; accel/inter_coding_steps.h has its steps):
// - Coding units, per 32x32 area of the (coded, multiple-of-8) picture: one 32x32 CU when the
//   area lies inside the picture and its four 16x16 block vectors (the block search's) are
//   equal; else one 16x16 CU per 16x16 block inside the picture (or four 8x8 CUs, each with
//   its own vector, where the split decisions split the block: accel/cu_split_steps.h), and 8x8
//   CUs (with their 16x16 block's vector) where a 16x16 block crosses the picture's right or
//   bottom edge.
// - Every CU: 2Nx2N inter, list 0, reference index 0, its block vector; one transform unit per
//   component of the CU's size (chroma half of it); uni-prediction as H.265 8.5.3.3.3 reads it
//   from the reference (samples outside the picture repeat its edge); residual = source -
//   prediction; the project's forward DCT (transform/forward_transform.h), the inter dead-zone
//   quantiser (transform/quantize.h, is_intra = false) at the picture's QP (luma) and QP'c
//   (chroma); scaling and inverse DCT as H.265 8.6; reconstruction = clip(prediction +
//   residual), or the prediction where every level of the block is zero or where the levels do
//   not pay for their rate (residual_pays: the squared error they remove against lambda times
//   an estimate of their bits; the block's cbf bit is then clear). Before that, after the
//   quantiser, each 4x4 sub-block's levels are set to 0 where they do not pay (sub_block_pays).
// - Deblocking, where the parameters ask for it: the picture's luma edges as
//   accel/inter_deblocking_steps.h filters them, after every CU is reconstructed; then, where
//   asked for, every CTB's SAO statistics (collect_inter_sao_statistics_on_cpu, whose CTB
//   regions filter/sao_statistics_region.h gives), and where asked for, SAO decided from them
//   and applied (accel/inter_sao_steps.h).
// - Sign data hiding where the parameters ask for it (accel/sign_hiding_steps.h, the CPU path's
//   decisions): the picture then needs sign_data_hiding_enabled_flag = 1, else 0.
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>

#include "accel/host_device.h"
#include "common/block_types.h"
#include "common/motion.h"
#include "kernels/pixel_kernels.h"
#include "picture/plane.h"

namespace tc {

constexpr int kInterUnitLog2 = 3;  // the decision grid: 8x8 luma units
constexpr int kInterUnitSize = 1 << kInterUnitLog2;

TC_HOST_DEVICE constexpr int inter_unit_columns(int width) {
    return (width + kInterUnitSize - 1) >> kInterUnitLog2;
}
TC_HOST_DEVICE constexpr int inter_unit_rows(int height) {
    return (height + kInterUnitSize - 1) >> kInterUnitLog2;
}
// The picture's CTUs, whose CTBs the SAO statistics describe.
TC_HOST_DEVICE constexpr int inter_ctu_columns(int width) { return (width + kCtuSize - 1) >> kLog2CtuSize; }
TC_HOST_DEVICE constexpr int inter_ctu_rows(int height) { return (height + kCtuSize - 1) >> kLog2CtuSize; }

// What the backend decided for one 8x8 luma unit: the coding unit covering it.
struct InterCodedUnit {
    Mv mv;                // quarter samples, list 0, reference index 0
    uint8_t cu_log2 = 0;  // 3, 4 or 5; 0 outside the picture
    uint8_t cbf = 0;      // bit c: the CU's transform block of component c has non-zero levels
    // 0 inter; else a 16x16 intra CU (accel/intra_coding_steps.h) with IntraPredModeY + 1, its
    // chroma predicted with the same mode (intra_chroma_pred_mode 4), mv (0, 0).
    uint8_t intra = 0;
    uint8_t reserved = 0;
};
static_assert(sizeof(InterCodedUnit) == 8,
              "InterCodedUnit is copied between host and device as is");

// The deblocking of the reconstruction after the coding (accel/inter_deblocking_steps.h): luma
// edges of bS 1 and 2 (bS 2: an intra CU on either side) with beta and the tC of each bS at the
// picture's QP, chroma edges of bS 2 with chroma's tC; no edge on the upper boundary of a slice
// (InterCodingParameters::slices).
struct InterDeblocking {
    bool enabled = false;
    int beta = 0, tc = 0;
    int tc_intra = 0;      // luma, bS 2
    bool chroma = false;   // chroma edges too (there are intra CUs: InterCodingParameters::intra_waves)
    int chroma_tc = 0;     // Cb and Cr (no chroma QP offsets), bS 2
};

// The SAO statistics of one CTB of one component (filter/sao_estimation.h's SaoStatistics) in
// 32 bits: a CTB's counts and sums of differences stay below 64 * 64 * 255 < 2^31.
struct InterSaoStatistics {
    int32_t band_count[32];
    int32_t band_sum[32];
    int32_t edge_count[4][5];  // [sao_eo_class][edgeIdx after remapping]
    int32_t edge_sum[4][5];
};

// One CTB's SAO parameters of one component as the accelerator decides them
// (accel/inter_sao_steps.h): SaoTypeIdx (0 none, 1 band, 2 edge), sao_band_position,
// sao_eo_class and SaoOffsetVal[1..4] with their signs (the effective ones: of the left CTB
// where merge_left, sao_merge_left_flag, is 1).
struct InterSaoDecision {
    uint8_t type = 0;
    uint8_t band_position = 0;
    uint8_t eo_class = 0;
    uint8_t merge_left = 0;
    int8_t offsets[4] = {0, 0, 0, 0};
};
static_assert(sizeof(InterSaoDecision) == 8, "InterSaoDecision is copied between host and device as is");

struct SaoStatistics;  // filter/sao_estimation.h
// SaoStatistics in 32 bits and back (a CTB's values fit: see InterSaoStatistics).
InterSaoStatistics narrow_sao_statistics(const SaoStatistics& statistics);
void widen_sao_statistics(const InterSaoStatistics& narrow, SaoStatistics& statistics);
struct SaoComponentParameters;  // filter/sao.h
// A decision as the syntax and the CPU's filter take it (without its merge flag).
void widen_sao_decision(const InterSaoDecision& decision, SaoComponentParameters& parameters);

struct InterCodingParameters {
    int qp = 32;         // luma QP
    int chroma_qp = 32;  // QP'c of Cb and Cr (the picture has no chroma QP offsets)
    // The residual decision's lambda (SSE per bit) in 1/256 (inter_coding_steps.h,
    // residual_pays); 0 keeps every block that has levels.
    int64_t lambda_q8 = 0;
    // The vector field's smoothing before the coding (inter_coding_steps.h): sqrt(lambda) in
    // 1/256; 0 codes the block vectors as given.
    int sqrt_lambda_q8 = 0;
    // Off: the reconstruction is handed back before the in-loop filters.
    InterDeblocking deblocking{};
    // The SAO statistics of every CTB of the (deblocked) reconstruction against the source, as
    // collect_sao_statistics counts them (InterCodingView::sao_statistics).
    bool sao_statistics = false;
    // The picture's slices (common/slice_rows.h's layout of the CTU rows), which the deblocking
    // and the SAO statistics do not cross.
    int slices = 1;
    // SAO decided and applied by the backend (accel/inter_sao_steps.h, with lambda_q8; needs
    // sao_statistics and one slice): the reconstruction handed back is then the final picture,
    // and InterCodingView::sao_decisions holds every CTB's parameters.
    bool sao = false;
    // With the smoothing (sqrt_lambda_q8 > 0), the coding-unit sizes by cost after it
    // (inter_coding_steps.h: 32x32 and 64x64 areas take one vector where that costs less).
    bool area_decisions = false;
    // Sign data hiding (accel/sign_hiding_steps.h) on every transform block's levels after the
    // quantiser, for a picture whose PPS has sign_data_hiding_enabled_flag = 1.
    bool sign_hiding = false;
    // The skip decisions after the coding (accel/skip_decision_steps.h; needs lambda_q8): 0 none,
    // else how many of the A1 and B1 merge candidates the slices' merge lists hold (1 or 2:
    // MaxNumMergeCand, at most 2).
    int skip_candidates = 0;
    // With the smoothing, 8x8 CUs inside the picture where they cost less than a 16x16 CU
    // (accel/cu_split_steps.h), after the area decisions.
    bool split_decisions = false;
    // With the smoothing and lambda: 16x16 intra CUs where they cost less
    // (accel/intra_coding_steps.h), in at most this many waves; 0 none.
    int intra_waves = 0;
    // With intra_waves: 8x8 intra CUs too, where the layout makes 8x8 CUs
    // (accel/intra_unit_steps.h), in at most this many waves after the 16x16 ones; 0 none.
    int intra_unit_waves = 0;
};

// The backend's results for one picture, in memory the backend owns (pinned host memory on a
// GPU), valid as MotionAccelerator::launch_inter_picture says. Planes are tightly
// packed with the given strides (in elements), at the coded picture size (chroma halved).
struct InterCodingView {
    const InterCodedUnit* units = nullptr;  // raster order, inter_unit_columns x inter_unit_rows
    int unit_columns = 0, unit_rows = 0;
    // Per component: each transform block's levels row-major in the block's own rectangle of the
    // plane (level (u, v) of the block at (x0, y0) at [(y0 + v) * stride + x0 + u]). Only blocks
    // whose cbf bit is set are written; the rest of the plane is undefined.
    const int16_t* levels[3] = {nullptr, nullptr, nullptr};
    // Per component: the reconstruction, before the in-loop filters or (deblocked) after the
    // deblocking that InterCodingParameters::deblocking asked for.
    const uint8_t* reconstruction[3] = {nullptr, nullptr, nullptr};
    ptrdiff_t stride[3] = {0, 0, 0};  // of levels and reconstruction alike
    bool deblocked = false;
    // Where the parameters asked for them: per CTU (raster order over inter_ctu_columns) the
    // statistics of Y, Cb and Cr; else null.
    const InterSaoStatistics* sao_statistics = nullptr;
    // With InterCodingParameters::sao: per CTU the decisions of Y, Cb and Cr, applied to the
    // reconstruction; else null.
    const InterSaoDecision* sao_decisions = nullptr;
};

// The reference pictures a backend holds for this coding
// (MotionAccelerator::upload_reconstruction).
constexpr int kMaxReconstructionSlots = 16;

// The results of one picture in one buffer, with every pointer of an InterCodingView into it,
// writable: the units, then the levels and the reconstruction of each component, then the SAO
// statistics and decisions. The CUDA backend copies such a buffer from the device in one piece.
struct InterCodingOutput {
    InterCodedUnit* units = nullptr;
    int unit_columns = 0, unit_rows = 0;
    int16_t* levels[3] = {nullptr, nullptr, nullptr};
    uint8_t* reconstruction[3] = {nullptr, nullptr, nullptr};
    ptrdiff_t stride[3] = {0, 0, 0};
    InterSaoStatistics* sao_statistics = nullptr;  // 3 per CTU
    InterSaoDecision* sao_decisions = nullptr;     // 3 per CTU

    // The results of a coding with `parameters`: deblocked and with SAO statistics and SAO as
    // they asked.
    InterCodingView view(const InterCodingParameters& parameters) const;
};

// Bytes of the buffer for a width x height picture, and the output laid out in `buffer` (at
// least 8-byte aligned, of that many bytes).
size_t inter_coding_output_bytes(int width, int height);
InterCodingOutput inter_coding_output(void* buffer, int width, int height);

// A picture as the coding reads it: luma width x height, Cb and Cr (width / 2) x (height / 2),
// each plane with its stride.
struct InterCodingPlanes {
    const uint8_t* samples[3] = {nullptr, nullptr, nullptr};
    ptrdiff_t stride[3] = {0, 0, 0};
};

// Whether the planes of `picture` hold a width x height picture (chroma halved) at least.
bool picture_covers(const Picture& picture, int width, int height);

// A candidate's vector and its SATD (the four tiles' block_tile_satd against the source block),
// as a smoothing pass costed it for a block: kSmoothingCandidates (inter_coding_steps.h) entries
// a block. A later pass of the same picture (the same planes) takes a candidate's SATD from the
// block's entries where the previous pass costed that vector, instead of predicting it again
// (the same values, so the same vectors; after the first pass 60-80 % of the distinct
// candidates were there, on the panned 1080p clip, crowd_run and driving_pan).
struct SmoothingCacheEntry {
    int16_t x, y;
    uint32_t satd;
};

// One half of a smoothing pass over the block vectors (inter_coding_steps.h) on the CPU: `out`
// (the size of `in`) receives every block's vector, smoothed where the block lies inside the
// picture and smoothing_block_in_half(bx, by, half). `source` and `reference` are luma planes of
// width x height. `cache` (kSmoothingCandidates entries a block of `in`, or empty: none)
// receives the SATDs of the blocks it smooths; with `use_cache` (a later pass of the same
// picture) it takes those of the previous pass from it. `moved` (a flag a block of `in`, clear
// before the first pass, or empty: none) receives whether each decision changed the block's
// vector; with `use_cache` the blocks smoothing_block_settled names keep their vector undecided.
void smooth_block_vectors_on_cpu(const PixelKernels& kernels, int width, int height, const uint8_t* source,
                                 ptrdiff_t source_stride, const uint8_t* reference, ptrdiff_t reference_stride,
                                 std::span<const Mv> in, int sqrt_lambda_q8, int half, std::span<Mv> out,
                                 std::span<SmoothingCacheEntry> cache = {}, bool use_cache = false,
                                 std::span<uint8_t> moved = {});

// One step of the coding-unit sizes by cost (inter_coding_steps.h) on the CPU: `out` (the size
// of `in`) receives the field with every area of side_blocks x side_blocks blocks (2: 32x32, 4:
// 64x64) that lies inside the picture decided. `area_costs` (area_cost_count entries) receives
// the chosen cost of every 32x32 area inside the picture in the first step (side 2) and gives
// them to the second (side 4).
void decide_area_vectors_on_cpu(const PixelKernels& kernels, int width, int height, const uint8_t* source,
                                ptrdiff_t source_stride, const uint8_t* reference, ptrdiff_t reference_stride,
                                std::span<const Mv> in, int sqrt_lambda_q8, int side_blocks, std::span<Mv> out,
                                std::span<uint64_t> area_costs);
size_t area_cost_count(int width, int height);

// The 8x8 CUs inside the picture (accel/cu_split_steps.h) on the CPU, after the area decisions:
// `unit_vectors` (a vector per 8x8 unit, raster order over inter_unit_columns x inter_unit_rows)
// receives for every unit its quarter's vector where its block splits, else its block's vector
// in `field`.
void decide_unit_vectors_on_cpu(const PixelKernels& kernels, int width, int height, const uint8_t* source,
                                ptrdiff_t source_stride, const uint8_t* reference, ptrdiff_t reference_stride,
                                std::span<const Mv> field, int sqrt_lambda_q8, std::span<Mv> unit_vectors);

// The skip decisions (accel/skip_decision_steps.h) of a coded picture on the CPU, after the coding
// and before the deblocking: step 1 writes every unit's choice into `choices` and the leaned-on
// marks into `leaned` (a byte a unit each, raster order; `leaned` clear before), step 2 changes
// the CUs that take a candidate in out (units and reconstruction). Nothing unless
// parameters.skip_candidates > 0 and parameters.lambda_q8 > 0.
void decide_inter_skips_on_cpu(const PixelKernels& kernels, int width, int height, const InterCodingPlanes& source,
                               const InterCodingPlanes& reference, const InterCodingParameters& parameters,
                               const InterCodingOutput& out, std::span<uint8_t> choices, std::span<uint8_t> leaned);

// The deblocking of a coded picture's luma on the CPU (accel/inter_deblocking_steps.h): every
// vertical edge segment of the width x height plane, then every horizontal one, with the units
// its coding wrote (InterCodingOutput's raster order). Nothing unless deblocking.enabled.
void deblock_inter_picture_on_cpu(uint8_t* luma, ptrdiff_t stride, int width, int height,
                                  const InterCodedUnit* units, int unit_columns,
                                  const InterDeblocking& deblocking, int slices);
// The same for both chroma planes (rows `stride` apart, width / 2 x height / 2): nothing unless
// deblocking.enabled and deblocking.chroma.
void deblock_inter_chroma_on_cpu(uint8_t* cb, uint8_t* cr, ptrdiff_t stride, int width, int height,
                                 const InterCodedUnit* units, int unit_columns, const InterDeblocking& deblocking,
                                 int slices);

// The SAO statistics of every CTB of a coded picture on the CPU: collect_sao_statistics
// (filter/sao_estimation.h) of `source` against out.reconstruction into out.sao_statistics, in
// the slices of common/slice_rows.h's layout.
void collect_inter_sao_statistics_on_cpu(const PixelKernels& kernels, int width, int height,
                                         const InterCodingPlanes& source, const InterCodingOutput& out,
                                         int slices);

// SAO on the CPU as the accelerator does it (accel/inter_sao_steps.h): every CTB's decisions
// from out.sao_statistics into out.sao_decisions, then applied to out.reconstruction, which
// `deblocked` (inter_coding_picture_bytes, scratch) receives a copy of first.
void apply_inter_sao_on_cpu(int width, int height, int64_t lambda_q8, const InterCodingOutput& out,
                            uint8_t* deblocked);

// The bytes of plane c (0 luma, 1 and 2 chroma at half size) of a width x height picture, and
// of its three planes tightly packed.
size_t inter_coding_plane_bytes(int width, int height, int c);
size_t inter_coding_picture_bytes(int width, int height);

// The coding of a P picture on the CPU (the CPU mirror of the CUDA kernel): `source` against
// `reference`, both width x height (multiples of 8), given one vector per 16x16 block (raster
// order over block_search_columns x block_search_rows) and, for 8x8 CUs inside the picture, one
// per 8x8 unit (decide_unit_vectors_on_cpu's, or empty: none). Prediction, transforms and
// quantisation go through `kernels` (SIMD versions compute the same integers as the steps of
// accel/inter_coding_steps.h, which the kernel uses). Writes every unit, the levels of every
// transform block (also those without non-zero levels) and the reconstruction, deblocked as
// deblock_inter_picture_on_cpu and with the SAO statistics of collect_inter_sao_statistics_on_cpu
// and the SAO of apply_inter_sao_on_cpu (`sao_scratch`: inter_coding_picture_bytes) when the
// parameters ask for them, and the skip decisions of decide_inter_skips_on_cpu where they ask for
// those (`skip_scratch`: 2 bytes a unit), and the intra CUs of decide_intra_blocks_on_cpu where
// they ask for those (`intra_scratch`: intra_scratch_bytes). False when the size or the number of
// vectors is wrong, SAO is asked for without its statistics, with several slices or without
// scratch, or the skip decisions or the intra CUs without theirs.
bool code_inter_picture_on_cpu(const PixelKernels& kernels, int width, int height,
                               const InterCodingPlanes& source, const InterCodingPlanes& reference,
                               std::span<const Mv> block_vectors, std::span<const Mv> unit_vectors,
                               const InterCodingParameters& parameters,
                               const InterCodingOutput& out, uint8_t* sao_scratch = nullptr,
                               uint8_t* skip_scratch = nullptr, uint8_t* intra_scratch = nullptr);

// The intra CUs' decision and waves (accel/intra_coding_steps.h) on the CPU: `modes` (a byte a
// 16x16 block, raster order over block_search_columns x block_search_rows) receives 1 + the mode
// of every intra candidate, else 0; `waves` (as many) every candidate's wave, 0 where it stays
// inter. `field` and `unit_vectors` (or empty) are the coding's vectors.
void decide_intra_blocks_on_cpu(const PixelKernels& kernels, int width, int height, const InterCodingPlanes& source,
                                const InterCodingPlanes& reference, std::span<const Mv> field,
                                std::span<const Mv> unit_vectors, const InterCodingParameters& parameters,
                                std::span<uint8_t> modes, std::span<uint8_t> waves);
// The 8x8 intra candidates (accel/intra_unit_steps.h) of the picture whose 16x16 candidates
// decide_intra_blocks_on_cpu left `block_waves`: `modes` (a byte per 8x8 unit, raster order over
// inter_unit_columns x inter_unit_rows) receives 1 + the mode of every candidate, else 0;
// `waves` (as many) every candidate's wave, 0 where it stays inter.
void decide_intra_units_on_cpu(const PixelKernels& kernels, int width, int height, const InterCodingPlanes& source,
                               const InterCodingPlanes& reference, std::span<const Mv> field,
                               std::span<const Mv> unit_vectors, const InterCodingParameters& parameters,
                               std::span<const uint8_t> block_waves, std::span<uint8_t> modes,
                               std::span<uint8_t> waves);
// Bytes of code_inter_picture_on_cpu's intra scratch: the modes and the waves of the 16x16 blocks,
// then of the 8x8 units.
size_t intra_scratch_bytes(int width, int height);

}  // namespace tc
