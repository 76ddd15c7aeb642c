// The encoder's settings: TCConfig plus the extended "name = value" settings.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "analysis/search_effort.h"
#include "kernels/cpu_features.h"

namespace tc {

struct EncoderSettings {
    int width = 0, height = 0, fps = 0;
    int qp = 32;
    int keyint = 120;  // IDR period in frames (1 = all intra)
    int refs = 1;      // active reference pictures of P pictures (1..4)
    int search_range = 0;  // motion search range in full samples, 0 = by picture size
    bool deblock = true;
    bool sao = true;
    bool rect = true;  // 2NxN / Nx2N prediction units
    int max_merge = 5;  // MaxNumMergeCand (1..5): merge candidates per prediction unit
    // Sign data hiding (sign_data_hiding_enabled_flag): 1 on, 0 off, -1 (ultrafast's) on only where
    // the GPU codes the P pictures (gpu-decisions), where it costs no measurable time.
    int sign_hide = 1;
    int threads = 0;   // worker threads, 0 = one per core (CTU rows in wavefront order)
    bool wpp = true;   // wavefront parallel processing (entropy_coding_sync_enabled_flag)
    // Slices per picture, bands of whole CTU rows (at most the rows): each slice's wavefront
    // runs beside the others' (lower latency on many cores) at a few % of bits.
    int slices = 1;
    // Frame-level threads, where the wavefront has few rows per worker (the same stream at
    // every level): 1 codes a B picture nothing predicts from beside the picture after it,
    // each on half of the workers; 2 also codes the next mini-GOP's anchor beside the first
    // B picture of the current one, so that every picture of a mini-GOP of up to three
    // B-frames has a partner, at one more mini-GOP of output delay; 0 none.
    int frame_threads = 1;
    // With B-frames, the lookahead (each frame's complexity and scene-cut test) on a thread of
    // its own while the workers code pictures (the same stream either way).
    bool lookahead_thread = true;
    // With B-frames and WPP, the CPU's coarse motion search of the next planned pictures done
    // while the picture before them is coded, by workers that would wait (the same stream
    // either way; 0 is for tests and measurements).
    bool coarse_prefetch = true;
    // Each picture's PSNR against its input (TCFrameStats.psnr_*; 0 when off): a pass over
    // every sample, about 2 % of an ultrafast encode. The command line asks for it only with
    // --psnr or --csv.
    bool psnr = true;
    bool full_range = false;
    // GOP structure (random access with B-frames, or low delay without).
    int b_frames = 0;        // B pictures between anchors (0..7)
    bool b_adapt = true;     // fewer B-frames where the lookahead sees high motion
    // QP of a B picture of pyramid layer L >= 1 (B2 of P4 B2 b1 b3 is layer 1, b1 and b3 layer
    // 2): qp + b_qp_offset + L - 1. Fewer pictures predict from the higher layers, so their
    // bits buy less (docs/BENCHMARKS.md: 1 -> 2 better on nine of twelve preset/clip pairs,
    // 0.2-0.4 points worse on crowd_run, 4-10 % faster).
    int b_qp_offset = 2;
    int min_keyint = 0;      // scene cuts closer than this to the last intra picture are ignored (0 = auto)
    int scenecut = 40;       // scene-cut sensitivity (0 = off)
    bool open_gop = false;   // intra pictures after the first: CRA (true) or IDR (false)
    bool zero_latency = false;  // tune zerolatency: no B-frames, no lookahead delay
    // Periodic intra refresh: a column of intra CTUs sweeps the picture every keyint
    // frames instead of IDR pictures (low-delay P only).
    bool intra_refresh = false;
    // Low-delay B: the pictures between intra pictures are B pictures whose two lists hold
    // the same earlier pictures (bi-prediction without any delay); only without B-frames.
    bool low_delay_b = false;
    // --realtime: when encoding falls behind 1/fps per frame, step down to cheaper settings
    // (fewer B-frames, a short GOP, a smaller search range, fewer partitions) and back up.
    bool realtime = false;
    // Setting "gpu": pyramid, coarse and block motion search on the CUDA backend, the analysis
    // choosing among the block vectors (without a GPU: the CPU path).
    bool hardware_accel = false;
    int gpu_device = 0;           // CUDA device index ("gpu-device")
    // The accelerator's algorithm on the CPU even with a GPU ("gpu-algorithm-on-cpu"): the
    // same stream as the GPU gives, for tests on machines without one.
    bool gpu_algorithm_on_cpu = false;
    // With "gpu": P pictures decided, predicted, transformed and reconstructed by the
    // accelerator (accel/inter_coding.h), the CPU only signalling, filtering and entropy-coding
    // them ("gpu-decisions"); the accelerator hides signs as "signhide" says (-1: it does).
    bool gpu_decisions = false;
    // With "gpu-decisions": the accelerator also deblocks those pictures and counts their SAO
    // statistics (accel/inter_deblocking_steps.h, collect_inter_sao_statistics_on_cpu), which
    // the rows' finishing then leaves out ("gpu-filters", on by default since its kernels
    // equalled the mirror on an H100). The same stream either way.
    bool gpu_filters = true;
    // With "gpu-decisions": coding-unit sizes by cost after the smoothing (32x32 and 64x64 areas
    // take one vector where that costs less: accel/inter_coding_steps.h; "gpu-cu-sizes").
    bool gpu_cu_sizes = true;
    // With "gpu-decisions": after the coding, a CU whose vector no merge candidate carries takes
    // its A1 or B1 neighbour's vector as a skipped CU where that costs less
    // (accel/skip_decision_steps.h; "gpu-skips").
    bool gpu_skips = true;
    // With "gpu-decisions": 8x8 CUs inside the picture where four of them cost less than a 16x16
    // CU (accel/cu_split_steps.h; "gpu-cu8"): 1 on, 0 off, -1 (the default) on for pictures of
    // fewer luma samples than 3840x2160 (kGpuCu8AutoSamples). Below 4K they took 5 to 12 points of
    // BD-rate off; on the 4K camera clip they added 2 to 3 (docs/BENCHMARKS.md, twenty-ninth session).
    int gpu_cu8 = -1;
    // With "gpu-decisions": 16x16 intra CUs in P pictures where they cost less, coded in at most
    // this many waves (accel/intra_coding_steps.h; "gpu-intra"); 0 none.
    int gpu_intra = 8;
    // With "gpu-intra": 8x8 intra CUs too, where the layout makes 8x8 CUs (split blocks, the
    // picture's edges), coded in at most this many waves after the 16x16 ones
    // (accel/intra_unit_steps.h; "gpu-intra8"); 0 none. BD-rate 1.2 to 4.6 points better below
    // 4K (none at 4K, which has no 8x8 CUs by default); on an H100 the kernels of a 1080p picture
    // 1.95 -> 2.47 ms (docs/BENCHMARKS.md, thirty-second session).
    int gpu_intra8 = 8;
    // "gpu-async" (with "pipeline-rows" and "gpu-decisions"): a call launches its picture's
    // coding on the accelerator and returns; the rows collect the results two pictures behind
    // (one call more delay). 0: the call waits for the accelerator (the rows of the picture
    // before still run beside it). The CPU mirror runs both ways in the tests; on an H100 1 took
    // 4K 7.2 -> 6.2 ms a frame, 8K 27.2 -> 21.0 ms (docs/BENCHMARKS.md).
    bool gpu_async = true;
    // "pipeline": each picture's decoded picture hash (MD5, a serial chain of about 12 ms a 4K
    // picture) is computed on a thread of its own while the next picture is coded, and its
    // access unit comes out of the next call (one frame more delay, the flush drains it).
    // Low-delay P only (bframes 0); no external reference pictures.
    bool pipeline = false;
    // "pipeline-rows" (with "pipeline"): a picture's rows (signalling or analysis, filters,
    // substreams, slice data) also run on a thread of their own, into the next call, while that
    // call takes in the next frame and starts its motion search; the next picture's coding waits
    // for them only where it needs them (the reference reconstruction, the workers). The same
    // stream; each access unit comes out hash-threads calls after its frame (one more with
    // "gpu-async"). Not with "realtime".
    bool pipeline_rows = false;
    // "hash-threads" ("pipeline-rows"): threads that hash the pictures, each a picture at a time,
    // in turn (2-4; 0: 3 for pictures larger than two 1080p ones, else 2). A picture's MD5
    // follows its rows and has this many calls until its access unit goes out: each thread more
    // lifts the bound the hash sets (a 4K luma plane is one serial chain of 12-14 ms on one
    // core, so 2 threads bound a frame to 6-7 ms) and delays each access unit one call more (it
    // comes out hash-threads calls after its frame).
    int hash_threads = 0;
    // "hash-lanes" ("pipeline-rows"): one thread hashes the hash-threads pictures in flight
    // together, their planes on the lanes of an MD5 kernel (encoder/picture_hasher.h), instead of
    // a thread a picture (hash-threads still sets how many pictures are in flight). 1 on, 0 off,
    // -1 (the default) on where the encoder's kernels are AVX-512's, whose lanes hash about as
    // fast as a scalar chain (on an H100 host 4K 5.8-6.0 -> 5.1-5.5 ms, 8K 21.4 -> 17.6 ms a
    // frame); on AVX2 a lane's chain is about 1.8x a scalar one, so each picture's hash takes
    // longer. The same stream.
    int hash_lanes = -1;
    SearchEffort effort;  // set by the presets (default: medium)
    std::optional<CpuLevel> cpu;  // highest SIMD level; unset (auto): TCENC_CPU, else the CPU's best
};

// Limits of the picture size: HEVC level 6.2 (8192 x 4320), at least 16 x 16.
constexpr int kMinPictureSize = 16;
constexpr int kMaxPictureWidth = 8192;
constexpr int kMaxPictureHeight = 4320;
constexpr int kMaxFps = 300;
// "gpu-cu8" -1: the 8x8 CUs inside the picture below this many luma samples (3840x2160).
constexpr int64_t kGpuCu8AutoSamples = int64_t{3840} * 2160;

// Applies one extended setting. Returns false with `error` set for an unknown name
// or a value out of range.
bool apply_setting(EncoderSettings& settings, std::string_view name, std::string_view value, std::string& error);

// Checks the whole set (picture size, fps, ...). Returns false with `error` set.
bool validate_settings(const EncoderSettings& settings, std::string& error);

// QP for a qp_factor in [0, 1]: round(51 * (1 - qp_factor)).
int qp_from_factor(float qp_factor);

}  // namespace tc
