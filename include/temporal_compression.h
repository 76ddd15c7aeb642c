/*
 * tcenc: a low-latency H.265/HEVC encoder.
 * Public C API. Copyright (c) 2026 the tcenc authors. BSD-2-Clause.
 *
 * Usage in short:
 *
 *   TCConfig cfg = { 1920, 1080, 60, 0.6f, false };
 *   tc_config_set(&cfg, "qp", "27");          // optional extended settings
 *   TCContext* ctx = tc_init(&cfg);
 *   size_t cap = tc_max_output_size(&cfg);
 *   uint8_t* out = malloc(cap);
 *   for each frame:
 *       size_t size = cap;
 *       int rc = tc_process_frame(ctx, frame, out, &size);   // size = bytes written
 *       if (rc < 0) fprintf(stderr, "%s\n", tc_last_error(ctx));
 *   tc_destroy(ctx);
 *
 * Threading: one context must be used by one thread at a time; different
 * contexts are fully independent. The library never prints, never exits and
 * never aborts on bad input.
 */
#ifndef TEMPORAL_COMPRESSION_H
#define TEMPORAL_COMPRESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32)
#define TC_API __declspec(dllexport)
#else
#define TC_API __attribute__((visibility("default")))
#endif

/* ------------------------------------------------------------------ */
/* Version                                                             */
/* ------------------------------------------------------------------ */
#define TC_VERSION_MAJOR 0
#define TC_VERSION_MINOR 1
#define TC_VERSION_PATCH 0

/* Returns a static string such as "tcenc 0.1.0". */
TC_API const char* tc_version(void);

/* ------------------------------------------------------------------ */
/* Error codes. Every failing call returns one of these (negative).    */
/* ------------------------------------------------------------------ */
enum {
    TC_OK = 0,
    TC_ERR_INVALID_ARG = -1,     /* NULL pointer or argument out of range */
    TC_ERR_INVALID_CONFIG = -2,  /* TCConfig or an extended setting is invalid */
    TC_ERR_BUFFER_TOO_SMALL = -3, /* *output_size now holds the size needed */
    TC_ERR_OUT_OF_MEMORY = -4,
    TC_ERR_UNSUPPORTED = -5,     /* valid request that this build cannot do yet */
    TC_ERR_INTERNAL = -6,        /* a bug: please report it */
    TC_ERR_STATE = -7            /* call not allowed in the current state */
};

/* A static English description of an error code. Never NULL. */
TC_API const char* tc_error_string(int code);

/* ------------------------------------------------------------------ */
/* Configuration                                                       */
/* ------------------------------------------------------------------ */

/*
 * width, height: luma size in samples. Both must be even (4:2:0), from 16
 *   to 8192 (width) and 4320 (height) (HEVC level 6.2 limits).
 * fps: frames per second, 1..300. Written into the VUI timing information.
 * qp_factor: quality dial in [0,1], 1 = best. QP = round(51 * (1 - qp_factor)).
 *   An explicit "qp" setting through tc_config_set overrides it.
 * enable_hardware_accel: use the CUDA backend when one is built and a GPU is
 *   present (same as the setting "gpu"). In this version the GPU builds the
 *   motion pyramid, runs the coarse per-CTU motion search and searches a vector
 *   for every 16x16 block; the analysis on the CPU then chooses among those
 *   vectors instead of searching (its stream differs from the CPU path's, within
 *   about 1-2 % in size at equal quality), and the rest runs on the CPU. Without
 *   a GPU the encoder silently falls back to the CPU path
 *   (tc_hardware_accel_active says so).
 *
 * Pictures: an IDR picture every "keyint" frames (and at scene cuts), P
 * pictures between them predicted from the last "ref" pictures (low-delay P:
 * every reference precedes the picture), and with "bframes" B pictures
 * predicted from both sides (random access: the output is delayed).
 */
typedef struct {
    uint32_t width, height, fps;
    float qp_factor;
    bool enable_hardware_accel;
} TCConfig;

/* Opaque encoder handle. */
typedef struct {
    uint64_t handle;
} TCContext;

/*
 * Extended settings, x265 param style. Settings are stored per TCConfig
 * object (keyed by its address) until tc_init takes them: tc_init consumes
 * them, so set them again before another tc_init with the same object.
 * tc_max_output_size sees them without consuming them. Call tc_config_reset
 * to drop the settings of a TCConfig that will not reach tc_init.
 * Returns TC_OK, TC_ERR_INVALID_ARG (NULL) or TC_ERR_INVALID_CONFIG (unknown
 * name, bad value; tc_init_error() then says which).
 *
 *   name          values          meaning
 *   "preset"      ultrafast|superfast|veryfast|faster|fast|medium|slow
 *                                 speed against compression (default medium);
 *                                 sets the search knobs below and ref, rect and
 *                                 sao, not the GOP: set it first, later settings
 *                                 override it (README.md lists what each sets)
 *   "qp"          0..51           constant QP (overrides qp_factor)
 *   "keyint"      1..1000         IDR period in frames (default 120; 1 = all
 *                                 intra); same as tc_set_gop_structure's gop_size
 *   "ref"         1..4            reference pictures of P pictures (default 1)
 *   "merange"     0..1024         motion search range in full samples
 *                                 (0 = by picture size: 64 up to 1080p, 96 up
 *                                 to 4K, 128 above)
 *   "deblock"     0|1             deblocking filter (default 1)
 *   "sao"         0|1             sample adaptive offset (default 1)
 *   "rect"        0|1             2NxN / Nx2N prediction units (default 1)
 *   "threads"     0..256          worker threads, 0 = one per core (default):
 *                                 CTU rows in wavefront order; the stream is the
 *                                 same for every thread count
 *   "wpp"         0|1             wavefront parallel processing (default 1):
 *                                 entropy_coding_sync_enabled_flag; 0 codes the
 *                                 CTUs on one thread
 *   "slices"      1..16           slices per picture (default 1), bands of whole
 *                                 CTU rows (at most one per row), each its own
 *                                 slice segment NAL unit: nothing is predicted,
 *                                 entropy coded or filtered across their
 *                                 boundaries, so their wavefronts run side by
 *                                 side (lower latency on many cores, a few %
 *                                 more bits)
 *   "frame-threads" 0|1|2         frame-level threads (default 1): with few CTU
 *                                 rows per worker, a B picture nothing predicts
 *                                 from and the next picture are coded at once
 *                                 (TCFrameStats.pair; the same stream); 2 also
 *                                 codes the next mini-GOP's anchor beside the
 *                                 first B picture of a mini-GOP of up to three
 *                                 B-frames (every picture in a pair, the same
 *                                 stream), at one more mini-GOP of delay: the
 *                                 output runs up to 2B+1 frames behind
 *   "lookahead-thread" 0|1        with B-frames, the lookahead (frame complexity,
 *                                 scene cuts) on a thread of its own (default 1;
 *                                 the same stream)
 *   "coarse-prefetch" 0|1         with B-frames and wpp, the coarse motion search
 *                                 of the next planned pictures runs while the
 *                                 picture before them is coded, in the workers'
 *                                 waits (default 1; the same stream)
 *   "psnr"        0|1             measure each picture's PSNR for
 *                                 tc_get_frame_stats (default 1; 0: a pass over
 *                                 every sample less, about 2 % of ultrafast, and
 *                                 the PSNR fields are 0; the same stream)
 *   "full-range"  0|1             signal full-range samples in the VUI
 *   "bframes"     0..7            B-frames between anchors (default 0: low-delay
 *                                 P, zero delay); see tc_process_frame's delay
 *   "b-adapt"     0|1             fewer B-frames where the lookahead sees fast
 *                                 motion (default 1; "preset" ultrafast sets 0,
 *                                 the other presets 1)
 *   "b-qp-offset" 0..12           QP of the B pictures above the QP (default 2)
 *                                 at the first pyramid level, one more per level
 *                                 above it (1: the QPs before 2026-12-04)
 *   "tune"        zerolatency|psnr|none  zerolatency: no B-frames, no
 *                                 lookahead, each call returns its own frame;
 *                                 psnr: what tcenc always does (no psycho-visual
 *                                 tuning), accepted for x265 users
 *   search knobs (set by "preset"):
 *   "max-cu-size" 8|16|32|64      largest CU tried (64x64 CTUs split down to it)
 *   "min-cu-size" 8|16|32|64      smallest CU inside the picture (8 allows 4x4
 *                                 intra partitions)
 *   "subme"       0..2            fractional motion: 0 none, 1 half, 2 quarter
 *   "early-skip"  0|1             code the best merge candidate first; a CU it
 *                                 codes without residual is skipped unsearched
 *   "rskip"       0|1             no split of an inter CU without residual
 *   "estimate-rate" 0|1           residual rate of the decisions estimated from
 *                                 the levels, not counted bin by bin
 *   "full-rd-inter" 0|1           code both merge and searched vector (1) or
 *                                 only the one that predicts better (0)
 *   "intra-in-inter" 0|1          try intra CUs in inter pictures
 *   "fast-intra"  0|1             decide that from planar, DC, H and V only
 *   "chroma-mode-search" 0|1      all chroma intra modes by RD (1) or the luma
 *                                 mode only (0)
 *   "sao-band"    0|1             SAO band offsets considered (default 1;
 *                                 ultrafast 0: edge offsets or none)
 *   "qpel-after-hpel" 0|1         the quarter-sample step only where the
 *                                 half-sample step moved the vector (default 0;
 *                                 ultrafast 1)
 *   "subpel-fit"  0|1             the fractional vector fitted from the SATD of
 *                                 the four full-sample neighbours (at most 3
 *                                 vectors interpolated) instead of the half- and
 *                                 quarter-sample steps (default 0; ultrafast 1)
 *   "open-gop"    0|1             intra pictures after the first are CRA (POC
 *                                 continues), not IDR (default 0)
 *   "scenecut"    0..100          scene-cut sensitivity, 0 = off (default 40):
 *                                 a cut starts a new GOP with an intra picture
 *   "min-keyint"  0..1000         no scene-cut intra picture closer than this to
 *                                 the last one (0 = fps/4)
 *   "intra-refresh" 0|1           a column of intra CTUs sweeps the picture every
 *                                 keyint frames instead of IDR pictures, with a
 *                                 recovery point SEI per cycle (bframes 0 only)
 *   "low-delay-b" 0|1             without B-frames: B pictures whose two lists
 *                                 hold the same earlier pictures (zero delay)
 *   "realtime"    0|1             when frames take longer than 1/fps, step down:
 *                                 fewer B-frames, a short GOP (8), half the search
 *                                 range, no rectangular partitions, no 8x8 CUs;
 *                                 back up with headroom (TCFrameStats.speed_*)
 *   "gpu"         0|1             enable_hardware_accel (default: TCConfig's)
 *   "gpu-device"  0..63           CUDA device index (default 0)
 *   "gpu-algorithm-on-cpu"  0|1   with "gpu", run the GPU's algorithm on the
 *                                 CPU, with or without a GPU (testing: the
 *                                 stream a GPU gives, slowly)
 *   "gpu-decisions" 0|1           with "gpu", P pictures decided, predicted,
 *                                 transformed and reconstructed on the GPU (one
 *                                 pass, inter only, 8x8..32x32 CUs); the CPU only
 *                                 signals, filters and entropy-codes them. Faster,
 *                                 larger streams; turns sign hiding off (default 0)
 *   "gpu-filters" 0|1             with "gpu-decisions", the GPU also deblocks
 *                                 those pictures and, in one slice, decides
 *                                 (per CTB, merge left only) and applies SAO, keeping
 *                                 the picture as the next one's reference; less
 *                                 CPU work (default 1; 0: the CPU's filters)
 *   "pipeline"    0|1             low-delay P (bframes 0): each picture's MD5
 *                                 hash is computed on a thread of its own while
 *                                 the next picture is coded; its output comes
 *                                 from the next call (one frame more delay; the
 *                                 flush returns the last). No external reference
 *                                 pictures. Higher frame rates where the serial
 *                                 hash is the longest step (4K, 8K) (default 0)
 *   "pipeline-rows" 0|1           with "pipeline" (not with "realtime"): each
 *                                 picture's rows (signalling or analysis,
 *                                 filters, entropy coding) also run into the
 *                                 next call, beside its frame intake and motion
 *                                 search; output two calls after the frame (the
 *                                 flush returns the last two). The same stream;
 *                                 faster on many cores with "gpu-decisions"
 *                                 (default 0)
 */
TC_API int tc_config_set(TCConfig* config, const char* name, const char* value);
TC_API void tc_config_reset(TCConfig* config);

/*
 * Creates an encoder. Returns NULL when config is NULL or invalid or memory is
 * short; tc_init_error() then tells why. All memory the encoder needs is
 * allocated here.
 */
TC_API TCContext* tc_init(const TCConfig* config);

/* Describes why the last tc_init call on this thread returned NULL, or why the
 * last tc_config_set call on this thread refused its setting. */
TC_API const char* tc_init_error(void);

/* Upper bound of the bytes one tc_process_frame call can write for this
 * configuration. Size the output buffer once with it. 0 if config is bad. */
TC_API size_t tc_max_output_size(const TCConfig* config);

/*
 * Encodes one frame.
 * current_frame: planar YUV 4:2:0, width*height*3/2 bytes (Y, then U, then V,
 *   each plane tightly packed). The frame is copied; the caller may reuse it.
 *   NULL means end of stream: flush what is held back.
 * Delay: each call returns at most one coded picture, in decoding order.
 *   Without B-frames (the default, and always with tune=zerolatency) the call
 *   that receives frame N returns frame N's access unit: zero delay. With
 *   b_frame_count B > 0, frames wait until their mini-GOP (up to B+1 frames)
 *   is complete, so a call may return 0 bytes and the output runs up to B
 *   frames behind the input (2B+1 with "frame-threads" 2 where it applies;
 *   tc_get_frame_stats says which frame came out).
 *   With the setting "pipeline" every picture comes out of the call after the
 *   one that received its frame (the first call returns 0 bytes); with
 *   "pipeline-rows" too, two calls after (the first two return 0 bytes).
 *   At the end, call with NULL repeatedly until it returns 0 bytes: each call
 *   returns one held-back picture. Every input frame comes out exactly once.
 * output_buffer / output_size: *output_size is the capacity of output_buffer
 *   on entry and the bytes written on return (an Annex B access unit: start
 *   codes, parameter sets before IDR pictures, slice, MD5 picture hash SEI;
 *   after tc_use_reference_frame, the external picture's access unit first).
 *   If the capacity is too small the call returns TC_ERR_BUFFER_TOO_SMALL,
 *   writes the needed size into *output_size and nothing into the buffer;
 *   the frame is kept and the next call with current_frame == NULL (or the
 *   same frame pointer) and a large enough buffer returns its output. No
 *   frame is lost.
 * Returns the number of bytes written (>= 0) or a negative TC_ERR_* code.
 */
TC_API int tc_process_frame(TCContext* ctx, const uint8_t* current_frame,
                            uint8_t* output_buffer, size_t* output_size);

/* Frees the encoder and everything it owns. NULL is a no-op. */
TC_API void tc_destroy(TCContext* ctx);

/* Description of the last error on this context ("" if none). Never NULL. */
TC_API const char* tc_last_error(TCContext* ctx);
/* The TC_ERR_* code of the last error on this context (TC_OK if none). */
TC_API int tc_last_error_code(TCContext* ctx);

/*
 * 1 when the GPU (CUDA backend) runs this encoder's accelerated stages, 0 when
 * they run on the CPU: not asked for, built without CUDA, no CUDA device, or
 * "gpu-algorithm-on-cpu". Falling back is not an error (tc_last_error stays
 * TC_OK); callers that want to tell the user ask here. TC_ERR_INVALID_ARG for
 * a NULL context.
 */
TC_API int tc_hardware_accel_active(TCContext* ctx);

/*
 * GOP structure: gop_size 1..120 is the intra (IDR) period, 1 = all intra;
 * it takes effect from the next frame. b_frame_count 0..7 is the number of
 * B-frames between anchors (hierarchical: with 3, display order B B B P is
 * coded P B B B, the middle B a reference for the outer two); it takes effect
 * from the next mini-GOP, and a count above the one the current sequence
 * started with begins a new IDR. The context's buffers are sized at tc_init
 * for up to 7 B-frames (3 above 4096x2304 unless "bframes" asks for more,
 * none with tune=zerolatency); more records TC_ERR_UNSUPPORTED. Out-of-range
 * values record TC_ERR_INVALID_ARG.
 */
TC_API void tc_set_gop_structure(TCContext* ctx, int gop_size, int b_frame_count);

/*
 * One prediction block of the last coded frame.
 * x, y, width, height: the block in luma samples.
 * list: 0 (L0) or 1 (L1) for inter blocks, -1 for intra blocks. A
 *   bi-predicted block of a B picture appears twice, once per list.
 * ref_idx: index in RefPicList0/1 (-1 for intra blocks). In P pictures index
 *   0 is the previous picture, 1 the one before, ...; an external reference
 *   picture (tc_use_reference_frame) comes last. In B pictures list 0 starts
 *   with the closest earlier picture, list 1 with the closest later one.
 * mv_x, mv_y: vector in 1/8 luma sample units (the coded quarter-sample
 *   vector * 2); 0 for intra blocks.
 * cost: the encoder's decision cost of the block (SSE + lambda * bits).
 */
typedef struct {
    int32_t x, y;
    int32_t width, height;
    int32_t list;
    int32_t ref_idx;
    int32_t mv_x, mv_y;
    uint32_t cost;
} MotionVector;

/*
 * Copies up to max_mvs prediction blocks of the last coded frame (they tile
 * the picture) and returns how many it wrote. With mvs == NULL and
 * max_mvs == 0 it returns how many there are. TC_ERR_STATE before the first
 * frame.
 */
TC_API int tc_get_motion_vectors(TCContext* ctx, MotionVector* mvs, size_t max_mvs);

/*
 * Supplies an external reference picture (a clean background, a recovery
 * point), same layout and size as tc_process_frame's frame (the caller
 * guarantees width*height*3/2 bytes). Low-delay GOPs only (b_frame_count 0):
 * with B-frames it records TC_ERR_UNSUPPORTED. The frame is copied. Before the next
 * frame the encoder codes it as an intra picture with pic_output_flag = 0
 * (decoders hold it but never display it) and keeps it as a long-term
 * reference that every following P picture may predict from, until the next
 * IDR or the next call. Records TC_ERR_INVALID_ARG for NULL and TC_ERR_STATE
 * when the GOP is all intra.
 */
TC_API void tc_use_reference_frame(TCContext* ctx, const uint8_t* ref_frame);

/* ------------------------------------------------------------------ */
/* Extensions beyond the seed API: reconstruction and statistics.      */
/* ------------------------------------------------------------------ */

/* Per-frame statistics of the last coded picture (pictures come in decoding
 * order: frame_number says which input frame it was). */
typedef struct {
    int64_t frame_number;   /* input order, from 0 */
    int32_t poc;            /* picture order count */
    char slice_type;        /* 'I', 'P' or 'B' */
    int32_t qp;
    uint64_t bits;          /* size of the call's output in bits */
    double psnr_y, psnr_u, psnr_v; /* against the input frame, dB (100 if equal);
                                      0 with the "psnr" setting 0 */
    double encode_ms;       /* wall time of the tc_process_frame call */
    int32_t speed_step;     /* "realtime": 0 = as configured, higher = cheaper */
    char speed_change[128]; /* "realtime": why the speed level changed after this
                               picture ("" if it did not), e.g.
                               "late 6/8 frames, mean 1.31x budget: b-frames 3->2" */
    int32_t pair;           /* frame-level threads ("frame-threads"): 1 = this picture
                               and another one were coded at the same time, in this
                               call; 2 = this picture was coded in an earlier call,
                               beside another one (this call only returned it);
                               0 = alone */
} TCFrameStats;

TC_API int tc_get_frame_stats(TCContext* ctx, TCFrameStats* stats);

/*
 * Where the wall time of the last call that produced a picture went, stage by stage
 * (milliseconds; a stage that runs on several threads counts once, as wall time).
 * The six add up to about TCFrameStats.encode_ms.
 */
typedef struct {
    double input_ms;    /* the call's input frame: copy, pyramid, lookahead, GOP planning */
    double motion_ms;   /* coarse motion search per CTU (on the GPU with "gpu") */
    double analysis_ms; /* mode decisions, motion refinement, reconstruction (WPP rows), with
                           deblocking, SAO, picture hash, reference border, PSNR and (WPP) the
                           CABAC substreams of the rows above running behind it */
    double filter_ms;   /* after the last row's analysis: the rest of those rows' work */
    double entropy_ms;  /* slice header and NAL units (without WPP: the CABAC slice data) */
    double other_ms;    /* the rest: motion store, statistics */
    double background_ms; /* "pipeline-rows": the wall time of this picture's rows (analysis,
                             filters, substreams, slice data) on the encoder's own thread,
                             beside later calls; not part of the six above. 0 otherwise */
} TCFrameStageTimes;

TC_API int tc_get_frame_stage_times(TCContext* ctx, TCFrameStageTimes* times);

/*
 * Copies the reconstruction (what a decoder outputs) of the last coded frame,
 * width*height*3/2 bytes in the input layout. buffer_size must be at least
 * that. Returns the bytes written or a negative TC_ERR_* code.
 */
TC_API int tc_get_reconstructed_frame(TCContext* ctx, uint8_t* buffer, size_t buffer_size);

#ifdef __cplusplus
}
#endif

#endif /* TEMPORAL_COMPRESSION_H */
