#include "encoder/encoder.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "accel/block_search_steps.h"
#include "analysis/rd_cost.h"
#include "bitstream/cabac_contexts.h"
#include "bitstream/cabac_encoder.h"
#include "bitstream/ctu_syntax.h"
#include "bitstream/nal_writer.h"
#include "bitstream/picture_hash_sei.h"
#include "bitstream/recovery_point_sei.h"
#include "bitstream/sao_syntax.h"
#include "gop/dpb_requirements.h"
#include "gop/mini_gop.h"
#include "kernels/kernel_dispatch.h"
#include "encoder/level.h"
#include "filter/deblocking_tables.h"
#include "motion/motion_search.h"

namespace tc {

namespace {
constexpr int kPadding = 80;  // samples around each luma plane (motion search later reads outside)

// initType of 9.3.2.2 (cabac_init_flag is 0): 0 for I, 1 for P, 2 for B slices.
int cabac_init_type(SliceType slice_type) {
    return slice_type == SliceType::kI ? 0 : slice_type == SliceType::kP ? 1 : 2;
}

int round_up(int value, int multiple) { return (value + multiple - 1) / multiple * multiple; }

double psnr(uint64_t sse, uint64_t samples) {
    if (sse == 0) return 100.0;
    const double mse = static_cast<double>(sse) / static_cast<double>(samples);
    return 10.0 * std::log10(255.0 * 255.0 / mse);
}

// task(index, 0) for every index in [0, count): on the pool's workers, or in the calling thread
// where there is no pool.
template <class Task>
void run_on(ThreadPool* pool, int count, Task& task) {
    if (pool != nullptr) {
        pool->run(count, task);
        return;
    }
    for (int index = 0; index < count; index++) task(index, 0);
}

// The picture's last CTU rows whose substreams the tasks after the rows code, beside those rows'
// SAO and hash (RowFinisher::leave_row_decided_from; more, half the workers, was slower on an
// H100, docs/BENCHMARKS.md).
constexpr int kSubstreamRowsAfterTheRows = 2;
}  // namespace

Encoder::Encoder(const EncoderSettings& settings) : settings_(settings) {}

std::unique_ptr<Encoder> Encoder::create(const EncoderSettings& settings, std::string& error) {
    if (!validate_settings(settings, error)) return nullptr;
    const int level_idc = derive_level_idc(settings.width, settings.height, settings.fps);
    if (level_idc == 0) {
        error = "picture size and frame rate exceed HEVC level 6.2 (8192x4320 at 120 fps)";
        return nullptr;
    }
    std::unique_ptr<Encoder> encoder(new (std::nothrow) Encoder(settings));
    if (!encoder || !encoder->allocate()) {
        error = "out of memory";
        return nullptr;
    }
    encoder->sequence_.level_idc = level_idc;
    return encoder;
}

size_t Encoder::max_access_unit_size(int width, int height) {
    // Parameter sets, SEI and headers fit in 1 KiB; CABAC output of a picture stays well
    // under four times its raw size even for noise at QP 0 (tested).
    const size_t raw = static_cast<size_t>(width) * height * 3 / 2;
    return 4 * raw + 4096;
}

size_t Encoder::frame_bytes() const {
    return static_cast<size_t>(settings_.width) * settings_.height * 3 / 2;
}

bool Encoder::allocate() {
    sequence_.output_width = settings_.width;
    sequence_.output_height = settings_.height;
    sequence_.coded_width = round_up(settings_.width, 1 << kLog2MinCuSize);
    sequence_.coded_height = round_up(settings_.height, 1 << kLog2MinCuSize);
    sequence_.fps = settings_.fps;
    sequence_.full_range = settings_.full_range;
    sequence_.init_qp = settings_.qp;
    sequence_.deblocking = settings_.deblock;
    sequence_.sample_adaptive_offset = settings_.sao;
    sequence_.sign_data_hiding = settings_.sign_hide > 0;  // -1: decided with the GPU backend below
    // Intra refresh: intra prediction only from intra blocks, and no temporal motion vector
    // prediction (a decoder joining at a refresh cycle lacks the earlier motion).
    sequence_.constrained_intra_pred = settings_.intra_refresh;
    sequence_.temporal_mvp = !settings_.intra_refresh;
    // B-frames: the buffers are sized for up to 7 (3 above 4K, or what the settings ask).
    max_b_frames_ = settings_.zero_latency || settings_.pipeline ? 0
                    : static_cast<int64_t>(settings_.width) * settings_.height <= 4096 * 2304
                        ? 7
                        : std::max(settings_.b_frames, 3);
    if (settings_.zero_latency || settings_.pipeline) settings_.b_frames = 0;
    if (settings_.min_keyint == 0) settings_.min_keyint = std::min(settings_.keyint, std::max(1, settings_.fps / 4));
    declare_gop_structure();

    const int width = sequence_.coded_width, height = sequence_.coded_height;
    // Frames in the queue: a mini-GOP waiting for its anchor while the previous one's
    // B-frames are coded.
    // Anchor pairs (frame-threads 2) hold one more frame: the next mini-GOP is complete
    // before the first B picture of this one is coded.
    // "pipeline-rows" with the accelerator's coding holds one more: a picture whose rows wait
    // (rows_behind_) keeps its input frame.
    const bool may_rows_behind =
        settings_.pipeline_rows && settings_.hardware_accel && settings_.gpu_decisions && settings_.gpu_async;
    inputs_.resize(
        static_cast<size_t>(2 * max_b_frames_ + (settings_.frame_threads == 2 ? 3 : 2) + (may_rows_behind ? 1 : 0)));
    // The 1/8 pyramid level's size (Pyramid::allocate halves three times).
    if (!previous_coarse_.allocate(std::max(width / 8, 1), std::max(height / 8, 1))) return false;
    for (InputFrame& input : inputs_) {
        if (!input.source.allocate(width, height, kPadding) || !input.pyramid.allocate(width, height)) return false;
    }
    // The decoder's reference pictures, the picture being coded and an external one.
    ctu_columns_ = (width + kCtuSize - 1) / kCtuSize;
    ctu_rows_ = (height + kCtuSize - 1) / kCtuSize;
    // More workers than CTU rows would find nothing to do.
    const int workers = std::clamp(resolve_thread_count(settings_.threads), 1, ctu_rows_);
    // Frame-level threads where pairs of pictures nothing predicts from occur (two B-frames or
    // more) and the wavefront has few CTU rows per worker (at most 3: foreman CIF, 5 rows, on
    // two workers; crowd_run 720p, 12 rows, or 1080p keep their workers busy in wavefront
    // order, and two pictures at once only add cache misses: driving_pan 1080p with two
    // threads 480 -> 545 ms), up to 1080p (the second coding's buffers), not with --realtime
    // (its clock times each call).
    const bool frame_threads = settings_.frame_threads > 0 && workers >= 2 && max_b_frames_ >= 2 &&
                               ctu_rows_ <= 3 * workers && !settings_.realtime &&
                               static_cast<int64_t>(width) * height <= 1920 * 1088;
    anchor_pairs_ = frame_threads && settings_.frame_threads == 2;
    // The DPB, the current picture, and with frame-level threads the second one of a pair;
    // with anchor pairs the rest of a mini-GOP and the anchor (see encode_anchor_pair).
    const DpbRequirements largest = dpb_requirements(max_b_frames_, settings_.refs, true);
    // "pipeline": also the picture whose hash is computed while the next one is coded (which
    // may not predict from it: an intra picture).
    // "pipeline-rows": and the picture whose rows run into the next call, and the other held
    // ones, one a hash thread past the first, and with the accelerator's coding one more
    // picture whose rows wait (rows_behind_; the last returned picture's slot stays untouched
    // too: tc_get_reconstruction reads it).
    if (settings_.pipeline_rows && settings_.hash_threads == 0) {
        // Automatic: a third where one luma plane's MD5 chain takes two frame periods of the
        // GPU mode (4K on an H100 host: 2 threads 9.0-10.4 ms a frame, 3 threads 7.5-7.7 ms;
        // docs/BENCHMARKS.md).
        settings_.hash_threads = static_cast<int64_t>(width) * height > 2 * 1920 * 1088 ? 3 : 2;
    }
    const int extra_slots = (anchor_pairs_ ? 4 : frame_threads ? 2 : 1) + (settings_.pipeline ? 1 : 0) +
                            (settings_.pipeline_rows ? settings_.hash_threads : 0) + (may_rows_behind ? 1 : 0);
    slots_.resize(static_cast<size_t>(std::min(largest.max_dec_pic_buffering + extra_slots, kMaxSlots)));
    if (!external_input_.source.allocate(width, height, kPadding) || !external_input_.pyramid.allocate(width, height)) {
        return false;
    }
    for (PictureSlot& slot : slots_) {
        if (!slot.reconstruction.allocate(width, height, kPadding) || !slot.pyramid.allocate(width, height)) {
            return false;
        }
        slot.motion.allocate(width, height);
    }
    slice_rows_ = SliceRows(ctu_rows_, settings_.slices);
    availability_ = std::make_unique<ZscanAvailability>(width, height, kLog2CtuSize, slice_rows_);
    const CpuLevel cpu_level = init_pixel_kernels(kernels_, requested_cpu_level(settings_.cpu));
    if (settings_.hardware_accel) {
        // A mirror for every pyramid storage: input frames, the external one and the slots.
        const AccelerationRequest request{true, settings_.gpu_device, settings_.gpu_algorithm_on_cpu};
        const int pyramids = static_cast<int>(inputs_.size() + slots_.size()) + 1;
        accelerated_motion_ = AcceleratedMotion::create(request, width, height, pyramids);
        if (!accelerated_motion_) return false;
        // Frames upload straight from the input planes where the backend can lock them (else
        // through its own pinned buffer): the input planes are declared before, and so
        // destroyed after, accelerated_motion_.
        for (InputFrame& input : inputs_) accelerated_motion_->register_input_plane(input.source.planes[0]);
        accelerated_motion_->register_input_plane(external_input_.source.planes[0]);
        // The block search replaces the analysis's own where the GPU runs it, or where the
        // GPU's algorithm is asked for on the CPU (its stream); a --gpu run without a GPU
        // keeps the CPU path's search.
        block_motion_ = accelerated_motion_->on_gpu() || settings_.gpu_algorithm_on_cpu;
        accelerated_coding_ = block_motion_ && settings_.gpu_decisions;
        if (settings_.sign_hide < 0) sequence_.sign_data_hiding = accelerated_coding_;
        if (accelerated_coding_) {
            // The source chroma and the references' reconstructions go up every picture too.
            for (InputFrame& input : inputs_) {
                accelerated_motion_->register_input_plane(input.source.planes[1]);
                accelerated_motion_->register_input_plane(input.source.planes[2]);
            }
            for (PictureSlot& slot : slots_) accelerated_motion_->register_host_picture(slot.reconstruction);
            reconstruction_on_accelerator_.assign(slots_.size(), false);
        }
    }

    if (settings_.pipeline_rows) {
        rows_behind_ = accelerated_coding_ && settings_.gpu_async ? 1 : 0;
        hasher_count_ = settings_.hash_threads + rows_behind_;
    }
    // "pipeline-rows": a quarter of the workers (with the call's own thread) take in the next
    // frame while the others code the picture's rows (alone, the call's thread took 17 ms for a
    // 4K frame on an H100 host, where 16 workers take 2 ms, longer than the rows).
    const int input_workers = settings_.pipeline_rows ? workers / 4 : 0;
    pool_ = ThreadPool::create(workers - std::max(input_workers - 1, 0));
    if (!pool_) return false;
    if (input_workers > 1) {
        input_pool_ = ThreadPool::create(input_workers);
        if (!input_pool_) return false;
    }
    // The lookahead thread where B-frames may occur (not with tune zerolatency). It reads only the
    // host pyramid's 1/8 level (a GPU mirrors the frame from its luma plane, in the call).
    if (settings_.lookahead_thread && max_b_frames_ > 0) {
        auto job = [](void* encoder, int index) {
            auto* self = static_cast<Encoder*>(encoder);
            self->measure_input(self->inputs_[static_cast<size_t>(index)], nullptr);
        };
        lookahead_ = SerialWorker::create(static_cast<int>(inputs_.size()), job, this);
        if (!lookahead_) return false;
    }
    sequence_.entropy_coding_sync = settings_.wpp;
    // The picture codings: [0] codes every picture but the second of a pair; [1] exists with
    // frame-level threads (each coding's analyzers cover all the workers: under WPP a pair's
    // rows run on all of them, code_side_by_side) and with "pipeline" (two codings in turn:
    // one picture's waits for its hash while the next is coded); [2] and [3] with anchor pairs,
    // and with "pipeline-rows" 2 + hasher_count_ (returned last, held, coded in the background,
    // begun). Allocated on the pool, one coding a worker: most of their time is first touches of
    // new pages (640x272, two threads: 3 ms of a 4.5 ms tc_init one after another).
    const int coding_count = settings_.pipeline_rows ? 2 + hasher_count_
                             : anchor_pairs_                          ? 4
                             : frame_threads || settings_.pipeline    ? 2
                                                                      : 1;
    for (int k = 0; k < coding_count; k++) {
        codings_[static_cast<size_t>(k)].reset(new (std::nothrow) PictureCoding());
        if (!codings_[static_cast<size_t>(k)]) return false;
    }
    std::array<bool, std::tuple_size_v<decltype(codings_)>> allocated{};
    auto allocate_one = [&](int k, int) {
        PictureCoding& c = *codings_[static_cast<size_t>(k)];
        allocated[static_cast<size_t>(k)] = allocate_coding(c, workers);
        if (k > 0 || settings_.pipeline) c.access_unit.reserve(max_access_unit_size(settings_.width, settings_.height));
    };
    pool_->run(coding_count, allocate_one);
    for (int k = 0; k < coding_count; k++) {
        if (!allocated[static_cast<size_t>(k)]) return false;
    }
    if (frame_threads) {
        for (int k = 0; k < 2; k++) {
            pair_pools_[static_cast<size_t>(k)] = ThreadPool::create(k == 0 ? workers / 2 : workers - workers / 2);
            if (!pair_pools_[static_cast<size_t>(k)]) return false;
        }
    }
    if (settings_.pipeline) {
        auto job = [](void* encoder, int index) {
            auto* self = static_cast<Encoder*>(encoder);
            PictureCoding& held = *self->codings_[static_cast<size_t>(index)];
            held.digests = held.finisher.hash_settled_rows(*held.frame.reconstruction);
        };
        // "hash-lanes" -1: the lanes where they are AVX-512's (about as fast as a scalar chain).
        const bool lanes = settings_.hash_lanes == 1 || (settings_.hash_lanes == -1 && cpu_level >= CpuLevel::kAvx512);
        if (settings_.pipeline_rows && lanes) {
            picture_hasher_ = PictureHasher::create(static_cast<int>(codings_.size()), kernels_.md5_lanes);
            if (!picture_hasher_) return false;
        }
        for (int k = 0; k < hasher_count_ && !picture_hasher_; k++) {
            hashers_[static_cast<size_t>(k)] = SerialWorker::create(1, job, this);
            if (!hashers_[static_cast<size_t>(k)]) return false;
        }
    }
    if (settings_.pipeline_rows) {
        auto code = [](void* encoder, int index) {
            auto* self = static_cast<Encoder*>(encoder);
            PictureCoding& c = *self->codings_[static_cast<size_t>(index)];
            const auto start = std::chrono::steady_clock::now();
            self->code_picture(c.plan, false, c.access_unit, c);
            c.stage_times.background_ms =
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
        };
        coder_ = SerialWorker::create(1 + rows_behind_, code, this);
        if (!coder_) return false;
    }
    // The coarse searches of the next pictures in the current one's waits: where the CPU runs
    // them and a mini-GOP plans pictures ahead (B-frames), in the wavefront's waits (WPP).
    prefetches_coarse_motion_ = settings_.coarse_prefetch && !accelerated_motion_ && settings_.wpp && max_b_frames_ > 0 &&
                                !settings_.pipeline;
    if (prefetches_coarse_motion_) {
        using ListReferences = decltype(AnalysisFrame::references)::value_type;
        coarse_prefetch_.allocate(ctu_columns_, ctu_rows_, 2 * 2 * static_cast<int>(std::tuple_size_v<ListReferences>));
    }
    if (settings_.realtime) {
        SpeedLevel configured;
        configured.b_frames = settings_.b_frames;
        configured.search_range = codings_[0]->frame.search_range;
        configured.rect_partitions = settings_.rect;
        configured.min_cu_log2 = settings_.effort.min_cu_log2;
        overload_ = std::make_unique<OverloadController>(configured, settings_.fps);
    }
    return true;
}

bool Encoder::allocate_coding(PictureCoding& c, int workers) {
    const int width = sequence_.coded_width, height = sequence_.coded_height;
    if (!c.finisher.allocate(width, height, settings_.sao)) return false;
    c.blocks.allocate(width, height);
    c.decisions.resize(static_cast<size_t>(ctu_columns_) * ctu_rows_);
    for (std::vector<int>& scratch : c.median_scratch) scratch.reserve(c.decisions.size());
    for (CtuDecision& decision : c.decisions) decision.reserve();
    c.rbsp.reserve(max_access_unit_size(settings_.width, settings_.height));
    c.pool = pool_.get();

    // The CTU rows' last lines for intra prediction at the top of the rows below (column -1
    // read as a border sample, never used).
    for (size_t p = 0; p < 3; p++) {
        const int shift = p == 0 ? 0 : 1;
        if (!c.ctu_row_bottoms[p].allocate(width >> shift, ctu_rows_, 1)) return false;
    }
    AnalysisFrame& f = c.frame;
    f.kernels = &kernels_;
    f.source = &inputs_[0].source;
    f.reconstruction = &slots_[0].reconstruction;
    f.blocks = &c.blocks;
    f.ctu_row_bottoms = &c.ctu_row_bottoms;
    f.availability = availability_.get();
    f.syntax.picture_width = width;
    f.syntax.picture_height = height;
    f.syntax.slice_type = SliceType::kI;
    f.syntax.sign_data_hiding = sequence_.sign_data_hiding;
    f.syntax.max_transform_depth_intra = sequence_.max_transform_depth_intra;
    f.syntax.max_transform_depth_inter = sequence_.max_transform_depth_inter;
    f.syntax.blocks = &c.blocks;
    f.syntax.slices = &slice_rows_;
    f.strong_intra_smoothing = sequence_.strong_intra_smoothing;
    set_picture_qp(f, settings_.qp);
    f.ctu_columns = ctu_columns_;
    f.rectangular_partitions = settings_.rect;
    f.effort = settings_.effort;
    if (f.effort.scale_cu_limits && width * height > 1920 * 1088) {
        // Measured on driving_pan upscaled to 4K (ultrafast, random access, BD-rate against x265
        // ultrafast): 16 -1.5 %, 32 -9.6 %; at 1080p and below 16 is the better trade.
        f.effort.max_search_cu_log2 = std::min(f.effort.max_search_cu_log2 + 1, kLog2CtuSize);
        f.effort.max_intra_cu_log2 = std::min(f.effort.max_intra_cu_log2 + 1, kLog2CtuSize);
    }
    f.min_cu_log2 = settings_.effort.min_cu_log2;
    f.constrained_intra_pred = settings_.intra_refresh;
    const size_t blocks = block_motion_ ? static_cast<size_t>(block_search_columns(width)) *
                                              static_cast<size_t>(block_search_rows(height))
                                        : 0;
    for (auto& list : f.references) {
        for (auto& reference : list) {
            reference.coarse_vectors.assign(c.decisions.size(), Mv{});
            reference.block_vectors.assign(blocks, Mv{});
        }
    }
    f.candidates.blocks = &c.blocks;
    f.candidates.picture_width = width;
    f.candidates.picture_height = height;
    f.candidates.availability = availability_.get();
    f.candidates.max_merge_candidates = settings_.max_merge;
    f.syntax.max_merge_candidates = settings_.max_merge;
    // Default search range: 64 full samples up to 1080p, more for larger pictures.
    const int pixels = width * height;
    f.search_range = settings_.search_range > 0 ? settings_.search_range
                     : pixels > 4096 * 2304          ? 128
                     : pixels > 1920 * 1088          ? 96
                                                     : 64;
    c.wavefront = std::make_unique<Wavefront>(ctu_columns_, ctu_rows_, &slice_rows_);
    c.analysis = std::make_unique<WavefrontAnalysis>(c.frame, ctu_rows_, settings_.wpp ? workers : 1);
    if (settings_.wpp) {
        // A row's substream stays under four times its raw size, as a picture's does.
        const size_t raw_row = static_cast<size_t>(width) * kCtuSize * 3 / 2;
        c.substreams =
            std::make_unique<WavefrontSubstreams>(ctu_columns_, ctu_rows_, 4 * raw_row + 1024, &slice_rows_);
    }
    return true;
}

void Encoder::declare_gop_structure() {
    // What the sequence parameter set promises decoders; fewer references where the
    // level's DPB would be too small for them.
    declared_b_frames_ = settings_.b_frames;
    const int dpb_limit = max_dpb_size(sequence_.level_idc, settings_.width, settings_.height);
    int refs = settings_.refs;
    DpbRequirements needs = dpb_requirements(declared_b_frames_, refs, declared_b_frames_ == 0);
    while (refs > 1 && needs.max_dec_pic_buffering > dpb_limit) {
        refs--;
        needs = dpb_requirements(declared_b_frames_, refs, declared_b_frames_ == 0);
    }
    references_.set_refs(refs);
    sequence_.max_dec_pic_buffering = needs.max_dec_pic_buffering;
    sequence_.max_num_reorder = needs.max_num_reorder;
}

const Encoder::PictureSlot* Encoder::short_term_slot(int poc) const {
    for (const PictureSlot& slot : slots_) {
        if (slot.is_reference && !slot.long_term && slot.poc == poc) return &slot;
    }
    return nullptr;
}

int Encoder::free_slot(const PictureReferences& chosen, uint32_t busy) const {
    for (int i = 0; i < static_cast<int>(slots_.size()); i++) {
        const PictureSlot& slot = slots_[static_cast<size_t>(i)];
        if ((busy >> i) & 1) continue;
        bool kept = slot.is_reference && slot.long_term;
        for (int k = 0; k < chosen.rps_count && slot.is_reference; k++) {
            kept |= chosen.rps_poc[static_cast<size_t>(k)] == slot.poc;
        }
        if (!kept) return i;
    }
    return -1;
}

void Encoder::choose_references(const PicturePlan& plan, bool external, SliceHeader& header, PictureCoding& c,
                                uint32_t busy_slots, std::span<const PicturePlan> later) {
    PictureReferences chosen;
    if (external) {
        references_.keep_all(chosen);  // an intra picture that keeps every reference
    } else {
        references_.plan(plan, later, chosen);
    }
    // The long-term (external) picture stays until the next IDR or a new external one.
    int long_term_slot = -1;
    for (int i = 0; i < static_cast<int>(slots_.size()); i++) {
        const PictureSlot& slot = slots_[static_cast<size_t>(i)];
        if (slot.is_reference && slot.long_term) long_term_slot = i;
    }
    if (plan.type == PictureType::kIdr || plan.type == PictureType::kCra || (external && long_term_slot >= 0)) {
        if (long_term_slot >= 0) slots_[static_cast<size_t>(long_term_slot)].is_reference = false;
        if (plan.type == PictureType::kIdr || plan.type == PictureType::kCra || external) long_term_slot = -1;
    }
    // Short-term pictures outside the reference picture set leave the DPB.
    for (PictureSlot& slot : slots_) {
        if (!slot.is_reference || slot.long_term) continue;
        bool kept = false;
        for (int i = 0; i < chosen.rps_count; i++) kept |= chosen.rps_poc[static_cast<size_t>(i)] == slot.poc;
        slot.is_reference = kept;
    }
    // The DPB never holds more than the slots less one; a pair checks free_slot first.
    c.slot = 0;
    while (slots_[static_cast<size_t>(c.slot)].is_reference || ((busy_slots >> c.slot) & 1) != 0) c.slot++;

    c.chosen_references = chosen;
    header.short_term_count = chosen.rps_count;
    for (int i = 0; i < chosen.rps_count; i++) {
        header.short_term_poc[i] = chosen.rps_poc[static_cast<size_t>(i)];
        header.short_term_used[i] = chosen.rps_used[static_cast<size_t>(i)];
    }
    header.long_term = long_term_slot >= 0;
    if (header.long_term) header.long_term_poc = slots_[static_cast<size_t>(long_term_slot)].poc;
    // P pictures predict from the long-term picture too (after the short-term ones).
    header.long_term_used = header.long_term && plan.type == PictureType::kP && !external;

    AnalysisFrame& f = c.frame;
    for (int list = 0; list < 2; list++) {
        const auto l = static_cast<size_t>(list);
        int count = 0;
        for (int i = 0; i < chosen.count[list]; i++) {
            const PictureSlot* slot = short_term_slot(chosen.poc[l][static_cast<size_t>(i)]);
            f.references[l][static_cast<size_t>(count)].picture = &slot->reconstruction;
            f.candidates.ref_poc[l][static_cast<size_t>(count)] = slot->poc;
            f.candidates.ref_long_term[l][static_cast<size_t>(count)] = false;
            count++;
        }
        if (list == 0 && header.long_term_used) {
            const PictureSlot& slot = slots_[static_cast<size_t>(long_term_slot)];
            f.references[l][static_cast<size_t>(count)].picture = &slot.reconstruction;
            f.candidates.ref_poc[l][static_cast<size_t>(count)] = slot.poc;
            f.candidates.ref_long_term[l][static_cast<size_t>(count)] = true;
            count++;
        }
        f.ref_count[list] = count;
        header.ref_count[list] = count;
    }
    const bool b_slice = plan.type == PictureType::kB;
    f.candidates.b_slice = b_slice;
    f.candidates.current_poc = plan.poc;
    f.candidates.ref_count[0] = std::max(f.ref_count[0], 1);
    f.candidates.ref_count[1] = f.ref_count[1];
    f.syntax.ref_count[0] = std::max(f.ref_count[0], 1);
    f.syntax.ref_count[1] = f.ref_count[1];
    bool backward = false;
    for (int i = 0; i < f.ref_count[1]; i++) backward |= f.candidates.ref_poc[1][static_cast<size_t>(i)] > plan.poc;
    for (int i = 0; i < f.ref_count[0]; i++) backward |= f.candidates.ref_poc[0][static_cast<size_t>(i)] > plan.poc;
    f.candidates.no_backward_prediction = !backward;
    // Temporal candidates come from RefPicList1[0] in B slices, RefPicList0[0] in P slices.
    header.collocated_from_l0 = !b_slice;
    f.candidates.collocated_from_l0 = !b_slice;
    f.candidates.collocated = nullptr;
    const int collocated_list = b_slice ? 1 : 0;
    if (f.ref_count[collocated_list] > 0 && sequence_.temporal_mvp) {
        const Picture* collocated = f.references[static_cast<size_t>(collocated_list)][0].picture;
        for (const PictureSlot& slot : slots_) {
            if (&slot.reconstruction == collocated) {
                f.candidates.collocated = &slot.motion;
                f.candidates.collocated_poc = slot.poc;
            }
        }
    }
    f.reconstruction = &slots_[static_cast<size_t>(c.slot)].reconstruction;
}

void Encoder::prepare_motion(PictureCoding& c) {
    // Coarse vector of every CTU on the pyramid, and the median as the global motion,
    // for every reference of both lists.
    AnalysisFrame& f = c.frame;
    const Pyramid& source_pyramid = slots_[static_cast<size_t>(c.slot)].pyramid;
    BlockSearchParameters block_parameters;
    block_parameters.lambda_q8 = static_cast<int>(std::lround(f.sqrt_lambda * 256));
    block_parameters.margin = f.motion_margin;
    if (accelerated_motion_ && block_motion_) {
        // Low delay (every picture predicts first from the one before it): the next frame's
        // search starts on the GPU as soon as it is uploaded, with this picture's settings.
        if (settings_.b_frames == 0) {
            accelerated_motion_->speculate(f.search_range, block_parameters);
        } else {
            accelerated_motion_->stop_speculating();
        }
    }
    // The references whose coarse vectors the CPU searches (without an accelerator, or where it
    // failed), with the pyramid of each.
    struct CpuSearch {
        AnalysisFrame::Reference* ref;
        const Pyramid* pyramid;
    };
    using ListReferences = decltype(f.references)::value_type;
    std::array<CpuSearch, 2 * std::tuple_size_v<ListReferences>> cpu_searches;
    int cpu_search_count = 0;
    for (int list = 0; list < 2; list++) {
        for (int r = 0; r < f.ref_count[list]; r++) {
            AnalysisFrame::Reference& ref = f.references[static_cast<size_t>(list)][static_cast<size_t>(r)];
            const PictureSlot* reference = nullptr;
            for (const PictureSlot& slot : slots_) {
                if (&slot.reconstruction == ref.picture) reference = &slot;
            }
            // The accelerator fills every CTU's vector at once (without it, or when it fails,
            // the same vectors come from coarse_ctu_vector), and on a GPU (or with
            // gpu-algorithm-on-cpu) every 16x16 block's vector too.
            ref.has_block_vectors = false;
            bool accelerated = false;
            if (accelerated_motion_ && block_motion_) {
                accelerated = accelerated_motion_->motion_field(source_pyramid, reference->pyramid, f.search_range,
                                                                block_parameters, ref.coarse_vectors,
                                                                ref.block_vectors);
                ref.has_block_vectors = accelerated;
            } else if (accelerated_motion_) {
                accelerated = accelerated_motion_->coarse_vectors(source_pyramid, reference->pyramid, f.search_range,
                                                                  ref.coarse_vectors);
            }
            if (accelerated) continue;
            // Searched ahead, while the picture before this one was coded (prefetch_coarse_motion)?
            const std::vector<Mv>* ahead = coarse_prefetch_.find(
                {c.source_frame, &reference->pyramid, reference->version, f.search_range});
            if (ahead != nullptr) {
                std::copy(ahead->begin(), ahead->end(), ref.coarse_vectors.begin());
                continue;
            }
            cpu_searches[static_cast<size_t>(cpu_search_count++)] = {&ref, &reference->pyramid};
        }
    }
    if (cpu_search_count > 0) {
        finish_background();  // "pipeline-rows": the pool is free again
        // Every CTU's search is independent of the others': all of them, of every reference, in
        // one batch of single CTUs (a batch of rows a reference left workers idle at its end:
        // five rows on two workers at 640x272).
        const int ctus = ctu_rows_ * ctu_columns_;
        auto search_ctu = [&](int index, int) {
            const CpuSearch& search = cpu_searches[static_cast<size_t>(index / ctus)];
            const int ctu = index % ctus;
            search.ref->coarse_vectors[static_cast<size_t>(ctu)] =
                coarse_ctu_vector(source_pyramid, *search.pyramid, ctu % ctu_columns_, ctu / ctu_columns_,
                                  f.search_range, kernels_);
        };
        c.pool->run(cpu_search_count * ctus, search_ctu);
    }
    for (int list = 0; list < 2; list++) {
        for (int r = 0; r < f.ref_count[list]; r++) {
            AnalysisFrame::Reference& ref = f.references[static_cast<size_t>(list)][static_cast<size_t>(r)];
            std::vector<int>& xs = c.median_scratch[0];
            std::vector<int>& ys = c.median_scratch[1];
            xs.clear();
            ys.clear();
            for (const Mv& v : ref.coarse_vectors) {
                xs.push_back(v.x);
                ys.push_back(v.y);
            }
            std::nth_element(xs.begin(), xs.begin() + static_cast<ptrdiff_t>(xs.size() / 2), xs.end());
            std::nth_element(ys.begin(), ys.begin() + static_cast<ptrdiff_t>(ys.size() / 2), ys.end());
            ref.global_vector = Mv{static_cast<int16_t>(xs[xs.size() / 2]), static_cast<int16_t>(ys[ys.size() / 2])};
        }
    }
}

void Encoder::code_on_accelerator(PictureCoding& c) {
    AnalysisFrame& f = c.frame;
    const AnalysisFrame::Reference& reference = f.references[0][0];
    if (!reference.has_block_vectors || f.refresh_column_end > f.refresh_column_begin) return;
    int reference_slot = -1;
    for (size_t i = 0; i < slots_.size(); i++) {
        if (&slots_[i].reconstruction == reference.picture) reference_slot = static_cast<int>(i);
    }
    if (reference_slot < 0) return;
    const auto r = static_cast<size_t>(reference_slot);
    if (!reconstruction_on_accelerator_[r]) {
        reconstruction_on_accelerator_[r] =
            accelerated_motion_->upload_reconstruction(reference_slot, slots_[r].reconstruction);
        if (!reconstruction_on_accelerator_[r]) return;
    }
    InterCodingParameters parameters{f.qp, f.chroma_qp, std::llround(f.lambda * 256),
                                     static_cast<int>(std::lround(f.sqrt_lambda * 256))};
    // With "gpu-filters" the backend deblocks too (such a picture has luma edges of bS 0 or 1
    // only, all at f.qp, and no slice offsets: accel/inter_deblocking_steps.h) and counts the
    // SAO statistics; the rows' finishing then leaves both out.
    parameters.area_decisions = settings_.gpu_cu_sizes;
    // 8x8 CUs inside the picture (accel/cu_split_steps.h; "gpu-cu8"): by default below 4K, where
    // they paid (docs/BENCHMARKS.md, twenty-ninth session).
    parameters.split_decisions =
        settings_.gpu_cu8 > 0 ||
        (settings_.gpu_cu8 < 0 && static_cast<int64_t>(sequence_.coded_width) * sequence_.coded_height < kGpuCu8AutoSamples);
    // The skip decisions after the coding (accel/skip_decision_steps.h) with the merge lists'
    // first candidates, A1 and B1 where the lists hold two.
    parameters.skip_candidates = settings_.gpu_skips ? std::min(settings_.max_merge, 2) : 0;
    parameters.sign_hiding = sequence_.sign_data_hiding;
    parameters.deblocking.enabled = sequence_.deblocking && settings_.gpu_filters;
    parameters.deblocking.beta = luma_beta(f.qp, 0);
    parameters.deblocking.tc = luma_tc(f.qp, 1, 0);
    // 16x16 intra CUs (accel/intra_coding_steps.h; "gpu-intra"): their edges have bS 2, which
    // filters chroma too.
    parameters.intra_waves = settings_.gpu_intra;
    parameters.intra_unit_waves = settings_.gpu_intra8;
    parameters.deblocking.tc_intra = luma_tc(f.qp, 2, 0);
    parameters.deblocking.chroma = parameters.intra_waves > 0;
    parameters.deblocking.chroma_tc = chroma_tc(f.qp, 0);
    parameters.sao_statistics = c.header.sao && settings_.gpu_filters;
    parameters.slices = slice_rows_.count();
    // In one slice the backend decides and applies SAO too (accel/inter_sao_steps.h): the
    // picture it hands back is then final, and it keeps it as the next picture's reference.
    parameters.sao = parameters.sao_statistics && parameters.slices == 1;
    // With rows_behind_ ("gpu-async") the picture's rows collect the results (start_rows), on
    // coder_'s thread while the next call goes on; else the call waits for them here.
    int ticket = -1;
    if (accelerated_motion_->launch_inter_picture(slots_[static_cast<size_t>(c.slot)].pyramid, *f.source,
                                                  reference_slot, reference.block_vectors, parameters, c.inter_coding,
                                                  ticket) &&
        (rows_behind_ > 0 || accelerated_motion_->collect_inter_picture(ticket))) {
        f.accelerated_coding = &c.inter_coding;
        if (rows_behind_ > 0) c.inter_coding_ticket = ticket;
        const bool final_picture =
            (!c.header.sao || parameters.sao) && (!sequence_.deblocking || parameters.deblocking.enabled);
        if (final_picture) {
            reconstruction_on_accelerator_[static_cast<size_t>(c.slot)] =
                accelerated_motion_->keep_reconstruction(c.slot);
        }
    }
}

bool Encoder::reference_on_accelerator(const PictureCoding& c) const {
    const Picture* reference = c.frame.references[0][0].picture;
    for (size_t i = 0; i < slots_.size(); i++) {
        if (&slots_[i].reconstruction == reference) return reconstruction_on_accelerator_[i];
    }
    return false;
}

void Encoder::analyse_picture(PictureCoding& c, const CabacContexts& contexts) {
    if (settings_.wpp) {
        // The rows' turns at the finisher, in order of rows (row r's turn: once row r is
        // analysed, the CTU rows' last lines being kept for the rows below): the worker that
        // ended a row takes those it made due. With two workers, except on the last two rows,
        // it goes on with its next row instead and leaves them (nothing in the picture waits
        // for them) to a worker that would wait for the row above (`help`): the two rows then
        // alternate without one's settling holding back the other's next row (two threads:
        // bikes 0.964, foreman 0.970, crowd_run 0.957). With more workers the helpers' turns
        // wait for each other's and the last rows' pile up (8 threads 1.03-1.04, 16 threads 4K
        // 1.07, GPU mode 1.1-1.4: docs/BENCHMARKS.md), so each takes its own as before. A
        // worker that ran out of rows helps with the last turns, another settles the last row.
        const bool leave_turns = c.pool->worker_count() == 2;
        // The next pictures' coarse searches (prefetch_coarse_motion) in the waits too, after
        // any due turn; what is left runs after the rows.
        const bool prefetches = coarse_prefetch_.untaken() > 0;
        auto row_end = [&](int row, int) {
            c.finisher.row_analysed(row, !leave_turns || row + 2 >= ctu_rows_);
        };
        auto prefetch = [&]() { return prefetches && coarse_prefetch_.try_task(kernels_); };
        auto help = [&]() { return (leave_turns && c.finisher.try_turn()) || prefetch(); };
        // After the rows: a worker helps with the last turns, another settles the last row
        // beside the row above's settling; the last two rows' substreams are coded by the
        // workers after them, beside their SAO and hash (the picture's tail: one chain on one
        // worker before, 0.3 ms of a 2 ms 640x272 picture).
        c.finisher.leave_row_decided_from(ctu_rows_ - std::min(kSubstreamRowsAfterTheRows, ctu_rows_));
        auto after_rows = [&](int index, int) { c.finisher.run_after_rows(index, WaitHelper::of(prefetch)); };
        // The call's new frame, when its copy was deferred (encode_frame), beside the first row.
        auto copy_band = [&](int band, int) {
            copy_input_band(inputs_[static_cast<size_t>(pending_input_.index)], pending_input_.frame, band);
        };
        const bool copies_input = pending_input_.index >= 0 && !pending_input_.copied;
        c.analysis->analyse(*c.pool, *c.wavefront, true, contexts, c.decisions, RowCallback::of(row_end),
                            SideTasks::of(c.finisher.after_rows_tasks(), after_rows),
                            SideTasks::of(copies_input ? input_bands() : 0, copy_band),
                            leave_turns || prefetches ? WaitHelper::of(help) : WaitHelper{});
        if (copies_input) pending_input_.copied = true;
        if (coarse_prefetch_.untaken() > 0) {
            // The rest for the pool's threads while the caller's thread ends the picture and the
            // call (finish_coarse_prefetch takes what they leave).
            auto piece = [](void* encoder) {
                auto* self = static_cast<Encoder*>(encoder);
                return self->coarse_prefetch_.try_task(self->kernels_);
            };
            pool_->set_idle_work({this, piece});
        }
        return;
    }
    c.analysis->analyse(*c.pool, *c.wavefront, false, contexts, c.decisions);
    c.finisher.mark_analysed();
    // Tasks in increasing order of rows: a row's turn waits only for rows above it.
    auto finish_row = [&](int row, int) {
        if (row < ctu_rows_) {
            c.finisher.finish_row(row);
        } else {
            c.finisher.settle_last_row();
        }
    };
    c.pool->run(ctu_rows_ + 1, finish_row);
}

void Encoder::analyse_pictures_together(PictureCoding& first, PictureCoding& second) {
    // As analyse_picture's WPP path, for both.
    auto row_end_first = [&](int row, int) { first.finisher.row_analysed(row); };
    auto row_end_second = [&](int row, int) { second.finisher.row_analysed(row); };
    for (PictureCoding* c : {&first, &second}) {
        c->finisher.leave_row_decided_from(ctu_rows_ - std::min(kSubstreamRowsAfterTheRows, ctu_rows_));
    }
    auto settle_first = [&](int index, int) { first.finisher.run_after_rows(index); };
    auto settle_second = [&](int index, int) { second.finisher.run_after_rows(index); };
    auto job = [](PictureCoding& c, RowCallback row_end, SideTasks after) {
        return WavefrontAnalysis::Job{c.analysis.get(), c.wavefront.get(), &c.initial_contexts, &c.decisions,
                                      row_end, after};
    };
    const SideTasks after_first = SideTasks::of(first.finisher.after_rows_tasks(), settle_first);
    const SideTasks after_second = SideTasks::of(second.finisher.after_rows_tasks(), settle_second);
    WavefrontAnalysis::analyse_together(*pool_, job(first, RowCallback::of(row_end_first), after_first),
                                        job(second, RowCallback::of(row_end_second), after_second));
}

void Encoder::write_slices(std::vector<uint8_t>& access_unit, PictureCoding& c, const CabacContexts& initial) {
    SliceHeader& header = c.header;
    const std::vector<CtuSaoParameters>& sao_parameters = c.finisher.sao_parameters();
    BitWriter& out = c.rbsp;
    for (int slice = 0; slice < slice_rows_.count(); slice++) {
        const int first_row = slice_rows_.first_row(slice), end_row = slice_rows_.end_row(slice);
        header.segment_address = first_row * ctu_columns_;
        out.clear();
        if (settings_.wpp) {
            // The substreams are coded (behind the analysis): the header carries their sizes.
            header.entry_point_offsets = c.substreams->entry_point_offsets(slice);
            write_slice_header(out, c.sequence, header);
            c.substreams->append_to(out, slice);
        } else {
            write_slice_header(out, c.sequence, header);
            CabacContexts contexts = initial;
            CabacEncoder cabac;
            cabac.start(&out);
            const size_t first = static_cast<size_t>(first_row) * static_cast<size_t>(ctu_columns_);
            const size_t end = static_cast<size_t>(end_row) * static_cast<size_t>(ctu_columns_);
            for (size_t i = first; i < end; i++) {
                if (header.sao) {
                    const bool left = i % static_cast<size_t>(ctu_columns_) != 0;
                    const bool up = i >= first + static_cast<size_t>(ctu_columns_);
                    write_sao_syntax(cabac, contexts, sao_parameters[i], left, up);
                }
                write_coding_tree_unit(cabac, contexts, c.frame.syntax, c.decisions[i]);
                cabac.encode_terminate(i + 1 == end ? 1 : 0);  // end_of_slice_segment_flag
            }
            cabac.finish();
            out.put_trailing_bits();  // rbsp_slice_segment_trailing_bits()
        }
        write_nal_unit(access_unit, header.nal_type, 0, out.bytes().data(), out.bytes().size());
    }
    header.segment_address = 0;
    header.entry_point_offsets = {};
}

void Encoder::set_external_reference(const uint8_t* frame) {
    fill_input(external_input_, frame, input_pool());
    external_pending_ = true;
}

void Encoder::copy_input_luma(InputFrame& input, const uint8_t* frame, int first, int end) const {
    input.source.planes[0].fill_rows_from(frame, settings_.width, settings_.height, first, end);
}

void Encoder::copy_input_chroma_and_build(InputFrame& input, const uint8_t* frame, int first, int end) const {
    const int w = settings_.width, h = settings_.height;
    Plane* planes = input.source.planes;
    planes[1].fill_rows_from(frame + static_cast<size_t>(w) * h, w / 2, h / 2, first / 2, end / 2);
    planes[2].fill_rows_from(frame + static_cast<size_t>(w) * h * 5 / 4, w / 2, h / 2, first / 2, end / 2);
    for (int level = 1; level < Pyramid::kLevels; level++) {
        input.pyramid.build_rows(level, planes[0], kernels_, first >> level, end >> level);
    }
}

void Encoder::copy_input_band(InputFrame& input, const uint8_t* frame, int band) const {
    copy_input_luma(input, frame, band * kInputBand, (band + 1) * kInputBand);
    copy_input_chroma_and_build(input, frame, band * kInputBand, (band + 1) * kInputBand);
}

void Encoder::fill_input(InputFrame& input, const uint8_t* frame, ThreadPool* pool) {
    // A GPU may still read an earlier frame from a plane it uploads from in place (normally
    // long done: a whole picture was coded since).
    if (accelerated_motion_) accelerated_motion_->finish_uploads();
    if (!accelerated_motion_) {
        // One batch of bands of half a CTU row (two batches of five CTU rows left a worker idle
        // at the end of each at 640x272 on two workers).
        auto band_task = [&](int band, int) { copy_input_band(input, frame, band); };
        run_on(pool, input_bands(), band_task);
        return;
    }
    // With an accelerator, the luma first (in bands of CTU rows on the pool): the upload and
    // the GPU's pyramid then run while the CPU copies the chroma and builds its own pyramid
    // (for the lookahead).
    auto luma_task = [&](int band, int) { copy_input_luma(input, frame, band * kCtuSize, (band + 1) * kCtuSize); };
    run_on(pool, ctu_rows_, luma_task);
    accelerated_motion_->frame_arrived(input.source.planes[0], input.pyramid);
    auto chroma_task = [&](int band, int) {
        copy_input_chroma_and_build(input, frame, band * kCtuSize, (band + 1) * kCtuSize);
    };
    run_on(pool, ctu_rows_, chroma_task);
}

void Encoder::enqueue(const uint8_t* frame, bool defer) {
    int index = 0;
    while (inputs_[static_cast<size_t>(index)].in_use) index++;  // the queue never holds more than it has
    InputFrame& input = inputs_[static_cast<size_t>(index)];
    input.frame = input_count_++;
    input.in_use = true;
    queue_[static_cast<size_t>(queue_count_++)] = index;
    if (defer) {
        pending_input_ = {index, frame, false};
        return;
    }
    fill_input(input, frame, input_pool());
    if (lookahead_ && settings_.b_frames > 0) {
        lookahead_->post(index);
    } else {
        if (lookahead_) finish_lookahead();  // the frames before it first
        measure_input(input, input_pool());  // the pool, or the input workers beside the rows
    }
}

void Encoder::finish_pending_input() {
    if (pending_input_.index < 0) return;
    InputFrame& input = inputs_[static_cast<size_t>(pending_input_.index)];
    if (!pending_input_.copied) fill_input(input, pending_input_.frame, input_pool());
    lookahead_->post(pending_input_.index);  // deferred only with the lookahead thread
    pending_input_ = {};
}

void Encoder::finish_lookahead() {
    // What the lookahead thread has not begun is measured here, on the pool (idle while the
    // coding waits for it).
    auto measure_here = [](void* encoder, int index) {
        auto* self = static_cast<Encoder*>(encoder);
        self->measure_input(self->inputs_[static_cast<size_t>(index)], self->input_pool());
    };
    lookahead_->finish_here(measure_here);
}

void Encoder::measure_input(InputFrame& input, ThreadPool* pool) {
    // How the frame predicts from the one before it, on the 1/8 level.
    const Plane& coarse = input.pyramid.level(3);
    input.complexity = measure_complexity(coarse, have_previous_coarse_ ? &previous_coarse_ : nullptr, kernels_, pool);
    input.scene_cut = have_previous_coarse_ && is_scene_cut(input.complexity, settings_.scenecut);
    previous_coarse_.assign(coarse);
    have_previous_coarse_ = true;
}

int Encoder::frames_held() const {
    return queue_count_ + plan_count_ - plan_next_ + next_plan_count_ - (next_anchor_begun_ ? 1 : 0) + waiting_count_ +
           held_count_ + background_count_;
}

bool Encoder::must_be_intra(const InputFrame& input) const {
    // Also when nothing can be predicted from (after all-intra pictures, which are not kept).
    if (last_intra_frame_ < 0 || references_.kept().empty()) return true;
    const int64_t frame = input.frame;
    // A scene cut starts a new GOP, unless too close to the last intra picture.
    if (input.scene_cut && frame - last_intra_frame_ >= settings_.min_keyint) return true;
    // With intra refresh, keyint is the refresh period and no IDR picture follows the first.
    int keyint = settings_.keyint;
    if (overload_ && overload_->level().keyint_cap > 0) keyint = std::min(keyint, overload_->level().keyint_cap);
    return !settings_.intra_refresh && frame - last_intra_frame_ >= keyint;
}

void Encoder::plan_next_group() {
    plan_count_ = plan_next_ = 0;
    if (next_plan_count_ > 0) {
        // Planned early for an anchor pair; its anchor is begun (and coded, and returned).
        plan_ = next_plan_;
        plan_input_ = next_plan_input_;
        plan_count_ = next_plan_count_;
        plan_next_ = next_anchor_begun_ ? 1 : 0;
        next_plan_count_ = 0;
        next_anchor_begun_ = false;
        if (plan_next_ < plan_count_) return;
        // Only the anchor, coded beside the last mini-GOP: the group after it.
        plan_count_ = plan_next_ = 0;
    }
    plan_count_ = plan_group(plan_, plan_input_, false);
}

int Encoder::plan_group(std::array<PicturePlan, 8>& plan, std::array<int, 8>& plan_input, bool early) {
    if (queue_count_ == 0) return 0;
    if (lookahead_) finish_lookahead();  // the queued frames' complexities and scene cuts
    const InputFrame& first = inputs_[static_cast<size_t>(queue_[0])];
    auto take = [&](int n) {
        for (int i = n; i < queue_count_; i++) queue_[static_cast<size_t>(i - n)] = queue_[static_cast<size_t>(i)];
        queue_count_ -= n;
    };
    if (must_be_intra(first) || force_idr_) {
        // An intra picture (which may start a new sequence) is planned in its turn only.
        if (early) return -1;
        const bool idr = !settings_.open_gop || last_intra_frame_ < 0 || force_idr_;
        PicturePlan& picture = plan[0];
        picture.frame = first.frame;
        picture.type = idr ? PictureType::kIdr : PictureType::kCra;
        picture.reference = settings_.keyint > 1;
        picture.layer = 0;
        if (idr) {
            idr_frame_ = first.frame;
            poc_offset_ = 0;
            force_idr_ = false;
            declare_gop_structure();
        }
        picture.poc = static_cast<int>(first.frame - idr_frame_) + poc_offset_;
        last_intra_frame_ = first.frame;
        plan_input[0] = queue_[0];
        take(1);
        return 1;
    }
    // A mini-GOP: up to b_frames B pictures and their anchor, ended early before a
    // picture that must be intra. Without enough frames, wait (unless flushing).
    int n = std::min(settings_.b_frames, declared_b_frames_) + 1;
    int available = queue_count_;
    for (int i = 1; i < queue_count_; i++) {
        if (must_be_intra(inputs_[static_cast<size_t>(queue_[static_cast<size_t>(i)])])) {
            available = i;
            n = std::min(n, i);
            break;
        }
    }
    if (available < n) {
        if (!flushing_ && available == queue_count_) return 0;
        n = available;
    }
    // Adaptive B-frames: fewer where the lookahead sees fast motion or poor prediction.
    if (settings_.b_adapt && n > 1) {
        std::array<FrameComplexity, 8> upcoming;
        for (int i = 0; i < n; i++) {
            upcoming[static_cast<size_t>(i)] = inputs_[static_cast<size_t>(queue_[static_cast<size_t>(i)])].complexity;
        }
        n = 1 + choose_b_frame_count(std::span<const FrameComplexity>(upcoming.data(), static_cast<size_t>(n)), n - 1,
                                     settings_.scenecut);
    }
    const int count = plan_mini_gop(first.frame, static_cast<int>(first.frame - idr_frame_) + poc_offset_, n - 1,
                                    n == 1 && settings_.low_delay_b ? PictureType::kB : PictureType::kP, plan);
    for (int k = 0; k < count; k++) {
        plan_input[static_cast<size_t>(k)] = queue_[static_cast<size_t>(plan[static_cast<size_t>(k)].frame - first.frame)];
    }
    take(n);
    return count;
}

void Encoder::set_b_frames(int b_frames) {
    settings_.b_frames = std::min(b_frames, max_b_frames_);
    if (settings_.b_frames > declared_b_frames_) force_idr_ = true;  // a new sequence parameter set
    if (overload_) {
        // --realtime: the new count is the configuration the controller steps down from.
        SpeedLevel configured = overload_->level();
        configured.b_frames = settings_.b_frames;
        overload_ = std::make_unique<OverloadController>(configured, settings_.fps);
    }
}

void Encoder::apply_speed_level() {
    // What the controller allows, never more than the configuration.
    const SpeedLevel& level = overload_->level();
    settings_.b_frames = level.b_frames;
    for (const std::unique_ptr<PictureCoding>& coding : codings_) {
        if (!coding) continue;
        AnalysisFrame& f = coding->frame;
        f.search_range = level.search_range;
        f.rectangular_partitions = level.rect_partitions;
        f.min_cu_log2 = level.min_cu_log2;
    }
}

void Encoder::encode(const uint8_t* frame, std::vector<uint8_t>& output) {
    const double start_seconds = clock_->now_seconds();
    statistics_.speed_change[0] = '\0';
    encode_frame(frame, output);
    if (overload_ && !output.empty()) {
        if (overload_->record_frame(clock_->now_seconds() - start_seconds)) {
            apply_speed_level();
            std::snprintf(statistics_.speed_change, sizeof(statistics_.speed_change), "%s",
                          overload_->last_change_reason());
        }
        statistics_.speed_step = overload_->step();
    }
}

namespace {

// Milliseconds since `mark`, which moves to now.
double lap_ms(std::chrono::steady_clock::time_point& mark) {
    const auto now = std::chrono::steady_clock::now();
    const double ms = std::chrono::duration<double, std::milli>(now - mark).count();
    mark = now;
    return ms;
}

}  // namespace

void Encoder::encode_frame(const uint8_t* frame, std::vector<uint8_t>& output) {
    const auto call_start = std::chrono::steady_clock::now();
    auto mark = call_start;
    output.clear();
    flushing_ = frame == nullptr;
    // The new frame is copied beside the analysis of the picture coded now where that picture
    // is planned already (this call plans nothing, so nothing reads the new frame before the
    // call ends): the copy then fills the time the workers wait for the first CTU row to get
    // ahead. Every path out of the call finishes it (the caller's buffer is valid until then).
    const bool defer_input = frame != nullptr && lookahead_ && settings_.b_frames > 0 && settings_.wpp &&
                             !accelerated_motion_ && !anchor_pairs_ && !settings_.pipeline && !pair_pending_ &&
                             waiting_count_ == 0 && !external_pending_ && plan_next_ < plan_count_;
    if (frame != nullptr) enqueue(frame, defer_input);
    struct InputFinisher {
        Encoder* encoder;
        ~InputFinisher() { encoder->finish_pending_input(); }
    } input_finisher{this};
    if (pair_pending_) {
        // Coded with the picture before it: its access unit and statistics are ready.
        pair_pending_ = false;
        plan_next_++;
        const PictureCoding& second = *codings_[1];
        output.assign(second.access_unit.begin(), second.access_unit.end());
        statistics_ = second.statistics;
        statistics_.stages = {};
        statistics_.stages.input_ms = statistics_.encode_ms = lap_ms(mark);
        statistics_.pair = 2;
        last_coding_ = 1;
        return;
    }
    if (waiting_count_ > 0) {
        return_waiting(output);
        statistics_.encode_ms = lap_ms(mark);
        return;
    }
    if (plan_next_ == plan_count_) plan_next_group();
    if (plan_next_ == plan_count_) {
        // Held back (the mini-GOP is not complete), or flushing the last pipelined pictures.
        if (flushing_) finish_background();
        if (flushing_ && held_count_ > 0) return_held(output, FrameStatistics::StageTimes{}, call_start);
        return;
    }
    bool anchor_pair = false;
    if (pairs_with_next_anchor(plan_next_)) {
        // The next mini-GOP's anchor is coded beside this picture: its frames must be there.
        if (next_plan_count_ == 0) {
            const int planned = plan_group(next_plan_, next_plan_input_, true);
            if (planned == 0 && !flushing_) return;  // held back until the next mini-GOP is complete
            next_plan_count_ = std::max(planned, 0);
        }
        anchor_pair = next_plan_count_ > 0;
    }
    // "pipeline": a coding that holds no earlier picture.
    const int coding = settings_.pipeline ? free_coding() : 0;
    PictureCoding& c = *codings_[static_cast<size_t>(coding)];
    c.stage_times = {};
    c.stage_times.input_ms = lap_ms(mark);
    const int index = plan_next_++;
    PicturePlan& plan = plan_[static_cast<size_t>(index)];
    InputFrame& input = inputs_[static_cast<size_t>(plan_input_[static_cast<size_t>(index)])];
    if (external_pending_) {
        // Coded just before the picture (low-delay P only), with its POC; at an IDR
        // position it is the IDR picture itself.
        external_pending_ = false;
        PicturePlan external = plan;
        external.frame = -1;
        external.reference = false;  // kept as the long-term picture, not a short-term one
        if (external.type != PictureType::kIdr) external.type = PictureType::kP;
        encode_picture(external, external_input_, true, output, c);
        if (plan.type == PictureType::kIdr) plan.type = PictureType::kP;
        plan.poc++;
        poc_offset_++;
    }
    c.statistics.pair = 0;
    if (can_pair(index)) {
        encode_pair(index, output);
    } else if (settings_.pipeline_rows) {
        // Begun here (with the accelerator's coding: launched); its rows run on coder_'s thread
        // (after the picture before it, whose results this one's coding waited for where it
        // needed them) into the next call, with rows_behind_ into the one after.
        c.access_unit.clear();
        begin_picture(plan, input, false, c.access_unit, c, busy_slots(), later_in_group(plan_next_));
        c.plan = plan;
        c.input = plan_input_[static_cast<size_t>(index)];
        finish_background(rows_behind_);
        FrameStatistics::StageTimes t = c.stage_times;  // the call's part of the picture
        background_[static_cast<size_t>(background_count_++)] = coding;
        c.finisher.forget_settled_rows();
        coder_->post(coding);
        // The oldest picture goes out once hasher_count_ are in flight besides this one (from
        // call hasher_count_ + 1 on), its rows and hash done; the call's times go with it: its
        // stages, the rest (waiting for the picture before, posting, waiting for the hash) as
        // "other".
        if (held_count_ + background_count_ > hasher_count_) {
            if (held_count_ == 0) finish_background(background_count_ - 1);
            return_held(output, t, call_start);
            statistics_.stages.other_ms =
                std::max(0.0, statistics_.encode_ms - t.input_ms - t.motion_ms - t.analysis_ms);
        }
        // This picture's hash follows its rows, row by row as they settle: it has until the
        // picture goes out, hasher_count_ calls on (started after the rows, it had one call,
        // and the MD5 chain of a 4K picture bounded the frame). Posted after return_held, which
        // waits for this hasher's earlier picture.
        post_hash(coding);
        return;
    } else if (settings_.pipeline) {
        c.access_unit.clear();
        encode_picture(plan, input, false, c.access_unit, c);
    } else if (!anchor_pair || !encode_anchor_pair(index, output)) {
        encode_picture(plan, input, false, output, c);
    }
    input.in_use = false;
    c.statistics.encode_ms = lap_ms(mark) + c.stage_times.input_ms;
    FrameStatistics::StageTimes& t = c.stage_times;
    t.other_ms = std::max(0.0, c.statistics.encode_ms - t.input_ms - t.motion_ms - t.analysis_ms - t.filter_ms -
                                   t.entropy_ms);
    c.statistics.stages = t;
    if (settings_.pipeline) {
        // The previous picture's hash ran beside this picture's coding: its access unit goes
        // out now, and this picture's hash starts.
        if (held_count_ > 0) return_held(output, t, call_start);
        held_[static_cast<size_t>(held_count_++)] = coding;
        post_hash(coding);
        return;
    }
    statistics_ = c.statistics;
    last_coding_ = 0;
}

bool Encoder::can_pair(int index) const {
    if (!codings_[1] || external_pending_ || index + 1 >= plan_count_) return false;
    // Nothing predicts from the first picture (reference picture sets hold reference pictures
    // only), so the second, which may be a reference, needs nothing of it.
    const PicturePlan& first = plan_[static_cast<size_t>(index)];
    const PicturePlan& second = plan_[static_cast<size_t>(index + 1)];
    return first.type == PictureType::kB && !first.reference && !second.intra();
}

void Encoder::encode_pair(int index, std::vector<uint8_t>& output) {
    PictureCoding& first = *codings_[0];
    PictureCoding& second = *codings_[1];
    const PicturePlan& first_plan = plan_[static_cast<size_t>(index)];
    const PicturePlan& second_plan = plan_[static_cast<size_t>(index + 1)];
    InputFrame& first_input = inputs_[static_cast<size_t>(plan_input_[static_cast<size_t>(index)])];
    InputFrame& second_input = inputs_[static_cast<size_t>(plan_input_[static_cast<size_t>(index + 1)])];
    // In coding order on all the workers: references, slots and coarse motion. The second
    // picture's reference choice sees the plans after it, as when it is coded alone.
    begin_picture(first_plan, first_input, false, output, first, 0, later_in_group(index + 1));
    // The second picture's slot: one that its reference picture set leaves free and that the
    // first picture neither writes nor reads. Without one (more references than spare slots),
    // the two are coded one after the other.
    const uint32_t busy = slots_used_by(first);
    PictureReferences second_references;
    references_.plan(second_plan, later_in_group(index + 2), second_references);
    if (free_slot(second_references, busy) < 0) {
        code_picture(first_plan, false, output, first);
        return;
    }
    second.access_unit.clear();
    begin_picture(second_plan, second_input, false, second.access_unit, second, busy, later_in_group(index + 2));
    first.plan = first_plan;
    second.plan = second_plan;
    code_side_by_side(first, output, second, second.access_unit);
    first.statistics.pair = 1;
    second_input.in_use = false;
    pair_pending_ = true;
}

void Encoder::code_side_by_side(PictureCoding& first, std::vector<uint8_t>& first_output, PictureCoding& second,
                                std::vector<uint8_t>& second_output) {
    PictureCoding* codings[2] = {&first, &second};
    std::vector<uint8_t>* outputs[2] = {&first_output, &second_output};
    if (settings_.wpp) {
        // Both pictures' rows in one batch on all the workers (each coding has an analyzer per
        // worker): a worker that finished a row takes the next row of either picture. Each
        // picture on its half of the workers left one waiting whenever its picture was done
        // first (bikes, two threads: 25 ms of the 81 ms that pairs took; docs/BENCHMARKS.md).
        for (PictureCoding* c : codings) start_rows(c->plan, false, *c);
        analyse_pictures_together(first, second);
        auto end = [&](int k, int) { end_rows(codings[k]->plan, false, *outputs[k], *codings[k]); };
        pool_->run(2, end);
        return;
    }
    // Without WPP each picture's analysis runs on one thread: each on its half of the workers
    // (the call's stage times are the first picture's; the second's overlap them).
    first.pool = pair_pools_[0].get();
    second.pool = pair_pools_[1].get();
    auto code = [&](int k, int) { code_picture(codings[k]->plan, false, *outputs[k], *codings[k]); };
    pool_->run(2, code);
    first.pool = pool_.get();
    second.pool = pool_.get();
}

uint32_t Encoder::slots_used_by(const PictureCoding& c) const {
    uint32_t used = 1u << c.slot;
    for (int list = 0; list < 2; list++) {
        for (int r = 0; r < c.frame.ref_count[list]; r++) {
            const Picture* reference = c.frame.references[static_cast<size_t>(list)][static_cast<size_t>(r)].picture;
            for (size_t i = 0; i < slots_.size(); i++) {
                if (&slots_[i].reconstruction == reference) used |= 1u << i;
            }
        }
    }
    return used;
}

bool Encoder::pairs_with_next_anchor(int index) const {
    if (!anchor_pairs_ || external_pending_ || index != 1 || index >= plan_count_) return false;
    // The first B picture after a P (or low-delay B) anchor; the rest of the mini-GOP (at most
    // two pictures) waits in codings_[2] and [3].
    return !plan_[0].intra() && plan_[1].type == PictureType::kB && plan_count_ - 2 <= 2;
}

bool Encoder::encode_anchor_pair(int index, std::vector<uint8_t>& output) {
    // The anchor must predict from none of the pictures coded before it from plan_[index] on:
    // its lists as they will be when it is begun after them (the same choice in any order).
    const std::span<const PicturePlan> anchor_later(next_plan_.data() + 1, static_cast<size_t>(next_plan_count_ - 1));
    ReferenceStructure simulated = references_;
    PictureReferences chosen;
    for (int i = index; i < plan_count_; i++) {
        simulated.plan(plan_[static_cast<size_t>(i)], later_in_group(i + 1), chosen);
        simulated.coded(plan_[static_cast<size_t>(i)], chosen);
    }
    simulated.plan(next_plan_[0], anchor_later, chosen);
    for (int list = 0; list < 2; list++) {
        for (int r = 0; r < chosen.count[list]; r++) {
            for (int i = index; i < plan_count_; i++) {
                if (chosen.poc[static_cast<size_t>(list)][static_cast<size_t>(r)] == plan_[static_cast<size_t>(i)].poc) {
                    return false;
                }
            }
        }
    }
    // Begun in decoding order (reference picture sets, slots, coarse motion): the picture, the
    // rest of its mini-GOP, the anchor. Each takes a slot that none of the pictures begun
    // before it writes or reads (slots_ has four more than the DPB for this: the picture, the
    // rest of its mini-GOP and the anchor, beyond the references the DPB keeps).
    PictureCoding& first = *codings_[0];
    first.plan = plan_[static_cast<size_t>(index)];
    first.input = plan_input_[static_cast<size_t>(index)];
    begin_picture(first.plan, inputs_[static_cast<size_t>(first.input)], false, output, first, 0,
                  later_in_group(index + 1));
    uint32_t busy = slots_used_by(first);
    // The later pictures wait in their codings, begun into their own access units.
    auto begin_waiting = [&](int k, const PicturePlan& plan, int input, std::span<const PicturePlan> later) {
        PictureCoding& c = *codings_[static_cast<size_t>(k)];
        c.plan = plan;
        c.input = input;
        c.coded = false;
        c.stage_times = {};
        c.access_unit.clear();
        begin_picture(c.plan, inputs_[static_cast<size_t>(input)], false, c.access_unit, c, busy, later);
        busy |= slots_used_by(c);
        waiting_[static_cast<size_t>(waiting_count_++)] = k;
    };
    for (int i = index + 1; i < plan_count_; i++) {
        begin_waiting(2 + (i - index - 1), plan_[static_cast<size_t>(i)], plan_input_[static_cast<size_t>(i)],
                      later_in_group(i + 1));
    }
    plan_next_ = plan_count_;
    begin_waiting(1, next_plan_[0], next_plan_input_[0], anchor_later);
    next_anchor_begun_ = true;
    PictureCoding& anchor = *codings_[1];
    code_side_by_side(first, output, anchor, anchor.access_unit);
    anchor.coded = true;
    first.statistics.pair = 1;
    inputs_[static_cast<size_t>(anchor.input)].in_use = false;
    return true;
}

void Encoder::return_waiting(std::vector<uint8_t>& output) {
    const int k = waiting_[0];
    PictureCoding& c = *codings_[static_cast<size_t>(k)];
    output.assign(c.access_unit.begin(), c.access_unit.end());
    if (c.coded) {
        c.statistics.stages = {};
        c.statistics.pair = 2;
    } else {
        // Begun with the anchor pair: coded now, beside the next waiting picture when that one
        // is only begun too and nothing predicts from this one.
        c.statistics.pair = 0;
        if (waiting_count_ > 1 && !c.plan.reference && !codings_[static_cast<size_t>(waiting_[1])]->coded) {
            PictureCoding& next = *codings_[static_cast<size_t>(waiting_[1])];
            code_side_by_side(c, output, next, next.access_unit);
            next.coded = true;
            c.statistics.pair = 1;
            inputs_[static_cast<size_t>(next.input)].in_use = false;
        } else {
            code_picture(c.plan, false, output, c);
        }
        inputs_[static_cast<size_t>(c.input)].in_use = false;
        c.statistics.stages = c.stage_times;
    }
    for (int i = 1; i < waiting_count_; i++) waiting_[static_cast<size_t>(i - 1)] = waiting_[static_cast<size_t>(i)];
    waiting_count_--;
    statistics_ = c.statistics;
    last_coding_ = k;
}

void Encoder::set_picture_qp(AnalysisFrame& f, int qp) {
    f.qp = qp;
    f.chroma_qp = chroma_qp(qp);
    f.lambda = qp_to_lambda(qp);
    f.sqrt_lambda = std::sqrt(f.lambda);
    // Chroma distortion counts as much as the luma distortion of the same QP step (HM's weight).
    f.chroma_weight = std::pow(2.0, (qp - f.chroma_qp) / 3.0);
}

void Encoder::encode_picture(const PicturePlan& plan, InputFrame& input, bool external,
                             std::vector<uint8_t>& access_unit, PictureCoding& c) {
    // "pipeline": the held picture's slot is still read (its hash).
    begin_picture(plan, input, external, access_unit, c, busy_slots(), later_in_group(plan_next_));
    prefetch_coarse_motion();
    code_picture(plan, external, access_unit, c);
}

void Encoder::finish_coarse_prefetch() {
    pool_->clear_idle_work();
    coarse_prefetch_.finish(*pool_, kernels_);
}

void Encoder::prefetch_coarse_motion() {
    finish_coarse_prefetch();
    coarse_prefetch_.clear();
    if (!prefetches_coarse_motion_) return;
    // The next planned picture, and the one after it where the next call codes the two as a
    // pair (encode_pair): their references as begin_picture will choose them (the DPB as the
    // current picture left it). A wrong guess only wastes the searches (CoarsePrefetch's keys).
    ReferenceStructure simulated = references_;
    for (int index = plan_next_; index < plan_count_ && index < plan_next_ + 2; index++) {
        const PicturePlan& plan = plan_[static_cast<size_t>(index)];
        if (plan.intra() || (index > plan_next_ && !can_pair(plan_next_))) break;
        PictureReferences chosen;
        simulated.plan(plan, later_in_group(index + 1), chosen);
        const InputFrame& input = inputs_[static_cast<size_t>(plan_input_[static_cast<size_t>(index)])];
        for (int list = 0; list < 2; list++) {
            for (int i = 0; i < chosen.count[list]; i++) {
                const PictureSlot* slot = short_term_slot(chosen.poc[static_cast<size_t>(list)][static_cast<size_t>(i)]);
                if (slot == nullptr) continue;
                coarse_prefetch_.add({input.frame, &slot->pyramid, slot->version, codings_[0]->frame.search_range},
                                     &input.pyramid);
            }
        }
        simulated.coded(plan, chosen);
    }
}

void Encoder::begin_picture(const PicturePlan& plan, InputFrame& input, bool external,
                            std::vector<uint8_t>& access_unit, PictureCoding& c, uint32_t busy_slots,
                            std::span<const PicturePlan> later) {
    AnalysisFrame& f = c.frame;
    f.source = &input.source;
    finish_coarse_prefetch();  // its searches read the pyramids this may swap

    c.sequence = sequence_;
    SliceHeader& header = c.header;
    header = SliceHeader{};
    header.poc = plan.poc;
    header.output = !external;
    choose_references(plan, external, header, c, busy_slots, later);
    SliceType slice_type = SliceType::kI;
    if (!external && !plan.intra() && f.ref_count[0] > 0) {
        slice_type = plan.type == PictureType::kB ? SliceType::kB : SliceType::kP;
    }
    c.slice_type = slice_type;
    header.slice_type = slice_type;
    header.nal_type = plan.type == PictureType::kIdr   ? NalUnitType::kIdrNLp
                      : plan.type == PictureType::kCra ? NalUnitType::kCra
                      : plan.reference || external     ? NalUnitType::kTrailR
                                                       : NalUnitType::kTrailN;
    // B pictures of the pyramid coarser by b_qp_offset, and a step more per level above the
    // first: they are predicted from both sides and fewer pictures predict from them (the
    // anchors of low-delay B, layer 0, keep the QP).
    const int b_offset = plan.type == PictureType::kB && plan.layer > 0 ? settings_.b_qp_offset + plan.layer - 1 : 0;
    const int qp = std::clamp(settings_.qp + b_offset, 0, 51);
    header.slice_qp = qp;
    header.max_merge_candidates = settings_.max_merge;
    // SAO's gain in a picture nothing predicts from stays in that picture: the fast presets
    // leave it out there (sao-nonref 0), statistics, decisions, filter and syntax.
    header.sao = sequence_.sample_adaptive_offset &&
                 (settings_.effort.sao_non_reference || header.nal_type != NalUnitType::kTrailN);
    set_picture_qp(f, qp);
    PictureSlot& current = slots_[static_cast<size_t>(c.slot)];
    std::swap(current.pyramid, input.pyramid);
    current.version++;
    c.source_frame = external ? -1 : input.frame;
    const int refresh_position = plan_intra_refresh(plan, slice_type, current, c);
    if (refresh_position == 0) {
        // The refresh cycle starts: decoding may start here, exact once it has swept the picture.
        c.rbsp.clear();
        write_recovery_point_sei(c.rbsp, settings_.keyint - 1);
        write_nal_unit(access_unit, NalUnitType::kPrefixSei, 0, c.rbsp.bytes().data(), c.rbsp.bytes().size());
    }
    f.accelerated_coding = nullptr;
    c.inter_coding_ticket = -1;
    if (accelerated_coding_) reconstruction_on_accelerator_[static_cast<size_t>(c.slot)] = false;
    if (slice_type != SliceType::kI) {
        auto mark = std::chrono::steady_clock::now();
        prepare_motion(c);
        c.stage_times.motion_ms += lap_ms(mark);
        if (accelerated_coding_ && slice_type == SliceType::kP && refresh_position < 0) {
            // "pipeline-rows": the picture before this one (its reference) is finished first,
            // unless the accelerator holds its final reconstruction: then that picture's rows
            // go on beside this coding (its results stay valid through it).
            // With rows_behind_ the rows of the picture before last end first: the accelerator's
            // results of that picture are overwritten by this launch's (see launch_inter_picture).
            if (!reference_on_accelerator(c)) {
                finish_background();
            } else if (rows_behind_ > 0) {
                finish_background(rows_behind_);
            }
            mark = std::chrono::steady_clock::now();
            code_on_accelerator(c);
            c.stage_times.analysis_ms += lap_ms(mark);
        }
    }
    // The decoded picture buffer after the picture, for the pictures after it (nothing looks
    // at the current slot's state while it is coded).
    current.poc = plan.poc;
    current.is_reference = plan.reference || external;
    current.long_term = external;
    references_.coded(plan, c.chosen_references);
}

void Encoder::code_picture(const PicturePlan& plan, bool external, std::vector<uint8_t>& access_unit,
                           PictureCoding& c) {
    start_rows(plan, external, c);
    analyse_picture(c, c.initial_contexts);
    end_rows(plan, external, access_unit, c);
}

void Encoder::start_rows(const PicturePlan& plan, bool external, PictureCoding& c) {
    c.rows_started = std::chrono::steady_clock::now();
    AnalysisFrame& f = c.frame;
    if (c.inter_coding_ticket >= 0) {
        // The accelerator's results of this picture (launched in code_on_accelerator). Should
        // its work have failed (the backend then refuses every later call), the CPU analysis
        // codes the picture, from the same block vectors.
        if (!accelerated_motion_->collect_inter_picture(c.inter_coding_ticket)) f.accelerated_coding = nullptr;
        c.inter_coding_ticket = -1;
    }
    const SliceHeader& header = c.header;
    RowFinishingJob job;
    job.kernels = &kernels_;
    job.frame = &f;
    job.decisions = &c.decisions;
    job.slices = &slice_rows_;
    // A picture the accelerator coded comes back deblocked (code_on_accelerator).
    job.deblock = c.sequence.deblocking && (f.accelerated_coding == nullptr || !f.accelerated_coding->deblocked);
    job.sao = header.sao;
    // A reference picture: replicate its edges for motion compensation. Nothing predicts
    // from the others.
    job.border = plan.reference || external ? kPadding : 0;
    job.hash = !settings_.pipeline;  // "pipeline": hasher_ hashes the finished picture
    job.row_below_reads_kept_lines = f.ctu_row_bottoms != nullptr;
    if (!external && settings_.psnr) {  // PSNR of displayed frames, when asked (settings_.psnr)
        job.measured_width = settings_.width;
        job.measured_height = settings_.height;
    }
    // Under WPP each row's substream is coded as soon as its SAO parameters are decided.
    f.syntax.slice_type = c.slice_type;
    init_cabac_contexts(c.initial_contexts, cabac_init_type(c.slice_type), f.qp);
    if (settings_.wpp) {
        c.substreams->start();
        job.row_decided = RowCallback{&c, [](void* coding, int row, int) {
            PictureCoding& p = *static_cast<PictureCoding*>(coding);
            p.substreams->code_row(row, p.initial_contexts, p.frame.syntax, p.decisions,
                                   p.header.sao ? &p.finisher.sao_parameters() : nullptr);
        }};
    }
    c.finisher.start(job);
}

void Encoder::end_rows(const PicturePlan& plan, bool external, std::vector<uint8_t>& access_unit, PictureCoding& c) {
    const SliceHeader& header = c.header;
    PictureSlot& current = slots_[static_cast<size_t>(c.slot)];
    AnalysisFrame& f = c.frame;
    // The in-loop filters run behind the analysis; "filter" is what is left of them after it.
    auto mark = c.finisher.analysed_at();
    c.stage_times.analysis_ms += std::chrono::duration<double, std::milli>(mark - c.rows_started).count();
    c.stage_times.filter_ms += lap_ms(mark);

    if (plan.type == PictureType::kIdr) {
        c.rbsp.clear();
        write_vps(c.rbsp, c.sequence);
        write_nal_unit(access_unit, NalUnitType::kVps, 0, c.rbsp.bytes().data(), c.rbsp.bytes().size());
        c.rbsp.clear();
        write_sps(c.rbsp, c.sequence);
        write_nal_unit(access_unit, NalUnitType::kSps, 0, c.rbsp.bytes().data(), c.rbsp.bytes().size());
        c.rbsp.clear();
        write_pps(c.rbsp, c.sequence);
        write_nal_unit(access_unit, NalUnitType::kPps, 0, c.rbsp.bytes().data(), c.rbsp.bytes().size());
    }
    write_slices(access_unit, c, c.initial_contexts);
    if (!settings_.pipeline) write_picture_hash(access_unit, c.finisher.digests(), c.rbsp);
    c.stage_times.entropy_ms += lap_ms(mark);
    if (c.slice_type == SliceType::kI) {
        current.motion.clear();
    } else {
        current.motion.store(c.decisions, f.candidates.ref_poc, f.candidates.ref_long_term);
    }
    if (external) return;  // not a displayed frame: no statistics

    FrameStatistics& statistics = c.statistics;
    statistics.frame_number = plan.frame;
    statistics.poc = plan.poc;
    statistics.slice_type = c.slice_type == SliceType::kI ? 'I' : c.slice_type == SliceType::kP ? 'P' : 'B';
    statistics.qp = header.slice_qp;
    statistics.bits = static_cast<uint64_t>(access_unit.size()) * 8;  // with a preceding external picture
    measure(c);
}

void Encoder::set_keyint(int keyint) { settings_.keyint = keyint; }

int Encoder::plan_intra_refresh(const PicturePlan& plan, SliceType slice_type, PictureSlot& current,
                                PictureCoding& c) {
    AnalysisFrame& f = c.frame;
    f.refresh_column_begin = f.refresh_column_end = 0;
    for (auto& list : f.references) {
        for (AnalysisFrame::Reference& reference : list) reference.clean_width = reference.free_width = 0x7fffffff;
    }
    current.clean_cycle = -1;  // intra pictures: clean everywhere (cycle -1: before the first)
    current.clean_width = sequence_.coded_width;
    if (!settings_.intra_refresh || slice_type == SliceType::kI) return -1;
    // Picture p of each cycle of keyint pictures codes CTU columns [p*C/K, (p+1)*C/K) intra.
    const int64_t since_intra = plan.frame - last_intra_frame_ - 1;
    const int period = settings_.keyint;
    const int position = static_cast<int>(since_intra % period);
    const int64_t cycle = since_intra / period;
    f.refresh_column_begin = position * ctu_columns_ / period;
    f.refresh_column_end = (position + 1) * ctu_columns_ / period;
    // A decoder that joins at the start of this cycle has, of a reference of this cycle, its
    // clean area: the columns refreshed in this cycle, less the samples the in-loop filters
    // mixed with the rest:
    // deblocking decides per segment of 4 lines and changes up to 3 samples, so at a
    // vertical boundary the whole group of 4 columns before it can change, and SAO reads
    // one more sample (chroma: 1 + 1 chroma samples). 8 luma samples cover both.
    for (int list = 0; list < 2; list++) {
        for (int r = 0; r < f.ref_count[list]; r++) {
            AnalysisFrame::Reference& reference = f.references[static_cast<size_t>(list)][static_cast<size_t>(r)];
            // Blocks left of the refresh column use only that. The other blocks must be exact
            // for a decoder that joined at the previous cycle (it is past its recovery point):
            // anything in this cycle, the clean area of the previous one, nothing older.
            reference.clean_width = reference.free_width = 0;
            for (const PictureSlot& slot : slots_) {
                if (&slot.reconstruction != reference.picture) continue;
                if (slot.clean_cycle == cycle) {
                    reference.clean_width = slot.clean_width;
                    reference.free_width = 0x7fffffff;
                } else if (slot.clean_cycle == cycle - 1) {
                    reference.free_width = slot.clean_width;
                }
            }
        }
    }
    current.clean_cycle = cycle;
    const int refreshed = f.refresh_column_end << kLog2CtuSize;
    current.clean_width = refreshed >= sequence_.coded_width ? sequence_.coded_width : refreshed - 8;
    return position;
}

void Encoder::write_picture_hash(std::vector<uint8_t>& access_unit, const std::array<PlaneDigest, 3>& digests,
                                 BitWriter& rbsp) {
    rbsp.clear();
    write_picture_hash_sei(rbsp, digests);
    write_nal_unit(access_unit, NalUnitType::kSuffixSei, 0, rbsp.bytes().data(), rbsp.bytes().size());
}

void Encoder::measure(PictureCoding& c) {
    const int w = settings_.width, h = settings_.height;
    std::fill(std::begin(c.statistics.psnr), std::end(c.statistics.psnr), 0.0);
    if (!settings_.psnr) return;
    for (int plane = 0; plane < 3; plane++) {
        const int pw = plane == 0 ? w : w / 2, ph = plane == 0 ? h : h / 2;
        c.statistics.psnr[plane] = psnr(c.finisher.sse(plane), static_cast<uint64_t>(pw) * ph);
    }
}

void Encoder::copy_reconstruction(uint8_t* destination) const {
    const int w = settings_.width, h = settings_.height;
    const Picture& reconstruction = *codings_[static_cast<size_t>(last_coding_)]->frame.reconstruction;
    reconstruction.planes[0].copy_to(destination, w, h);
    reconstruction.planes[1].copy_to(destination + static_cast<size_t>(w) * h, w / 2, h / 2);
    reconstruction.planes[2].copy_to(destination + static_cast<size_t>(w) * h * 5 / 4, w / 2, h / 2);
}

}  // namespace tc
