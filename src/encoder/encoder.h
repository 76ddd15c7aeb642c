// The encoder: owns every buffer (allocated at creation). Input frames wait in a
// lookahead queue until their mini-GOP is planned; each call returns at most one picture
// (I, P or B) as one access unit, so that B-frames delay the output by up to b_frames calls
// and a flush (no frame) drains one picture per call. With frame-level threads a call may
// code two pictures at once and return the second one's access unit in the next call; with
// anchor pairs (frame-threads 2) the next mini-GOP's anchor is coded beside the first B
// picture of the current one and its access unit waits, in decoding order, behind the rest of
// that mini-GOP. With "pipeline" (low-delay P) each picture's access unit waits for its
// picture hash, which a thread of its own computes while the next call codes the next picture,
// and comes out of that call. Keeps the last returned picture's reconstruction and statistics.
#pragma once
#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "accel/accelerated_motion.h"
#include "analysis/analysis_frame.h"
#include "analysis/ctu_analyzer.h"
#include "bitstream/bit_writer.h"
#include "bitstream/parameter_sets.h"
#include "bitstream/picture_hash_sei.h"
#include "common/block_info_map.h"
#include "common/ctu_decision.h"
#include "encoder/coarse_prefetch.h"
#include "encoder/encoder_settings.h"
#include "encoder/picture_hasher.h"
#include "encoder/row_finisher.h"
#include "encoder/wavefront.h"
#include "encoder/wavefront_analysis.h"
#include "encoder/wavefront_substreams.h"
#include "gop/lookahead_analysis.h"
#include "gop/overload_controller.h"
#include "gop/picture_plan.h"
#include "gop/reference_structure.h"
#include "kernels/pixel_kernels.h"
#include "motion/collocated_motion.h"
#include "motion/pyramid.h"
#include "picture/plane.h"
#include "common/slice_rows.h"
#include "predict/zscan_availability.h"
#include "threading/serial_worker.h"
#include "threading/thread_pool.h"

namespace tc {

struct FrameStatistics {
    int64_t frame_number = -1;
    int poc = 0;
    char slice_type = 'I';
    int qp = 0;
    uint64_t bits = 0;
    double psnr[3] = {0, 0, 0};
    double encode_ms = 0;
    // The call's wall time by stage (TCFrameStageTimes).
    struct StageTimes {
        double input_ms = 0, motion_ms = 0, analysis_ms = 0, filter_ms = 0, entropy_ms = 0, other_ms = 0;
        double background_ms = 0;  // "pipeline-rows": the picture's rows beside later calls
    } stages;
    // Frame-level threads: 1 = this picture and the next one were coded at once, in this
    // call; 2 = this picture was coded in the call before (with that one); 0 = alone.
    int pair = 0;
    int speed_step = 0;          // --realtime: 0 = as configured, higher = cheaper settings
    char speed_change[128] = {};  // why the speed level changed after this frame ("" if it did not)
};

class Encoder {
public:
    // Returns nullptr with `error` set when the settings are invalid or memory is short.
    static std::unique_ptr<Encoder> create(const EncoderSettings& settings, std::string& error);

    // Upper bound of one access unit's size for these settings.
    static size_t max_access_unit_size(int width, int height);

    // Takes one tightly packed 4:2:0 frame (nullptr: end of stream, flush) and writes into
    // `output` (replacing its content) the access unit of the next picture in coding
    // order, if one is ready (preceded by that of a pending external reference picture).
    void encode(const uint8_t* frame, std::vector<uint8_t>& output);
    // Frames received but not yet coded.
    int frames_held() const;
    // Changes the number of B-frames (0 .. max_b_frames()); a larger count than the
    // sequence parameter set allows starts a new IDR. Takes effect from the next mini-GOP.
    void set_b_frames(int b_frames);
    int max_b_frames() const { return max_b_frames_; }
    int b_frames() const { return settings_.b_frames; }

    // Keeps a copy of `frame` to be coded before the next frame as a picture that is
    // never output and stays as a long-term reference (tc_use_reference_frame).
    void set_external_reference(const uint8_t* frame);

    const FrameStatistics& last_statistics() const { return statistics_; }
    // Whether the motion search (pyramid, coarse and block search) runs on a GPU (setting
    // "gpu" with a CUDA device present); false when it fell back to the CPU path.
    bool hardware_accel_active() const { return accelerated_motion_ && accelerated_motion_->on_gpu(); }
    // The prediction blocks of the last frame: intra ones with list -1, inter ones once
    // per list they use (a bi-predicted block twice).
    struct ExportedBlock {
        int x, y, width, height, list, ref_idx, mv_x, mv_y;  // vector in quarter samples
        uint32_t cost;
    };
    // Calls visit(block) for every prediction block of the last frame; returns the count.
    template <class Visit>
    size_t for_each_prediction_block(Visit visit) const {
        size_t count = 0;
        for (const CtuDecision& ctu : codings_[static_cast<size_t>(last_coding_)]->decisions) {
            for (const CodingUnit& cu : ctu.cus) {
                for (int i = 0; i < cu.prediction_unit_count(); i++) {
                    const tc::PredictionBlock block = cu.prediction_block(i);
                    const PuMotion& m = cu.pu[i].motion;
                    if (cu.pred_mode == PredMode::kIntra) {
                        visit(ExportedBlock{block.x, block.y, block.width, block.height, -1, -1, 0, 0, cu.cost});
                        count++;
                        continue;
                    }
                    for (int list = 0; list < 2; list++) {
                        if (!m.uses(list)) continue;
                        visit(ExportedBlock{block.x, block.y, block.width, block.height, list, m.ref_idx[list],
                                            m.mv[list].x, m.mv[list].y, cu.cost});
                        count++;
                    }
                }
            }
        }
        return count;
    }
    // Replaces the clock --realtime measures encode times with (tests); nullptr restores the
    // steady clock. The clock must outlive the encoder.
    void set_clock(Clock* clock) { clock_ = clock != nullptr ? clock : &steady_clock_; }
    // Sets the IDR period; takes effect from the next frame.
    void set_keyint(int keyint);
    bool uses_references() const { return settings_.keyint > 1; }
    // Whether coding the external reference picture (tc_use_reference_frame) is possible:
    // low-delay P only.
    bool accepts_external_reference() const {
        return settings_.keyint > 1 && settings_.b_frames == 0 && !settings_.intra_refresh && !settings_.pipeline;
    }

    // Copies the last reconstruction (output size, tightly packed 4:2:0).
    void copy_reconstruction(uint8_t* destination) const;
    size_t frame_bytes() const;

private:
    // A decoded picture buffer entry: the reconstruction (a reference once coded) and the
    // pyramid of its input frame.
    struct PictureSlot {
        Picture reconstruction;
        Pyramid pyramid;
        int poc = 0;
        bool is_reference = false;
        bool long_term = false;
        CollocatedMotion motion;  // for temporal motion vector prediction
        // Counts the pictures the slot received (its pyramid with them): what a coarse search
        // made ahead against it is keyed with (CoarsePrefetch).
        uint64_t version = 0;
        // Intra refresh: the cycle the picture belongs to and the width of its area that
        // only depends on that cycle's pictures.
        int64_t clean_cycle = -1;
        int clean_width = 0;
    };

    // An input frame waiting in the lookahead queue or for its turn in the coding order.
    struct InputFrame {
        Picture source;
        Pyramid pyramid;
        int64_t frame = -1;  // input order
        bool in_use = false;
        FrameComplexity complexity;  // against the frame before it (lookahead, 1/8 level)
        bool scene_cut = false;
    };

    // What coding one picture writes: its analysis, the in-loop filters' state, the slice data
    // and its statistics. The encoder has one, and a second for frame-level threads: two
    // pictures that nothing predicts from, consecutive in coding order, coded at the same time
    // (encode_pair). Fixed in memory (the analysis keeps a reference to `frame`).
    struct PictureCoding {
        AnalysisFrame frame;
        BlockInfoMap blocks;
        RowFinisher finisher;  // filters, hash, border and SSE, row by row behind the analysis
        std::array<Plane, 3> ctu_row_bottoms;  // frame.ctu_row_bottoms
        std::array<std::vector<int>, 2> median_scratch;  // coarse vector components, for the global median
        // The workers this picture's stages run on: the encoder's pool, or half of it when two
        // pictures are coded at the same time without WPP.
        ThreadPool* pool = nullptr;
        std::unique_ptr<Wavefront> wavefront;
        std::unique_ptr<WavefrontAnalysis> analysis;
        std::unique_ptr<WavefrontSubstreams> substreams;  // WPP only
        std::vector<CtuDecision> decisions;
        InterCodingView inter_coding;  // the accelerator's results (gpu-decisions), backend memory
        int inter_coding_ticket = -1;  // launched, not yet collected (start_rows collects it)
        BitWriter rbsp;
        int slot = 0;  // the slot its reconstruction goes to
        int64_t source_frame = -1;  // the input frame coded (InputFrame::frame; -1: external)
        PictureReferences chosen_references;
        SliceHeader header;
        // The sequence's parameters as the picture was begun (its parameter sets and slice
        // headers are written from them: the next picture's planning may declare new ones while
        // "pipeline-rows" codes this one).
        SequenceParameters sequence;
        SliceType slice_type = SliceType::kI;
        FrameStatistics statistics;
        FrameStatistics::StageTimes stage_times;  // codings_[0]: of the call (summed over its pictures)
        // The slice's initial CABAC contexts, and when start_rows began (code_picture).
        CabacContexts initial_contexts;
        std::chrono::steady_clock::time_point rows_started;
        std::vector<uint8_t> access_unit;  // the second picture of a pair waits here for its call
        std::array<PlaneDigest, 3> digests{};  // "pipeline": the picture hash, from hashers_[hasher]
        int hasher = 0;
        // Anchor pairs (frame-threads 2): the picture begun into this coding and its input.
        PicturePlan plan;
        int input = -1;
        bool coded = false;
    };

    explicit Encoder(const EncoderSettings& settings);
    bool allocate();
    bool allocate_coding(PictureCoding& c, int workers);
    void fill_input(InputFrame& input, const uint8_t* frame, ThreadPool* pool);
    // Luma rows [first, end) of `frame` into the input's source; the chroma rows and the pyramid
    // levels' parts they give (a band of a level reads the same band of the level below only).
    void copy_input_luma(InputFrame& input, const uint8_t* frame, int first, int end) const;
    void copy_input_chroma_and_build(InputFrame& input, const uint8_t* frame, int first, int end) const;
    // Both for band `band` of input_bands() (fill_input's bands without an accelerator).
    void copy_input_band(InputFrame& input, const uint8_t* frame, int band) const;
    // A new frame into the queue. `defer`: its copy waits (pending_input_) for the next
    // picture's analysis, whose workers take it beside its first row, or for the end of the call.
    void enqueue(const uint8_t* frame, bool defer);
    // The deferred frame's copy (unless the analysis made it) and its lookahead.
    void finish_pending_input();
    // fill_input's bands of luma rows (without an accelerator).
    static constexpr int kInputBand = kCtuSize / 2;
    int input_bands() const { return (sequence_.coded_height + kInputBand - 1) / kInputBand; }
    // The lookahead of an input frame: its complexity against the frame measured before it
    // (1/8 level) and whether it is a scene cut. In input order, on lookahead_'s thread or in
    // the call, where `pool` (nullptr: none) measures bands of the frame on its workers.
    void measure_input(InputFrame& input, ThreadPool* pool);
    // Returns once every frame posted to lookahead_ is measured: those its thread has not
    // begun are measured in the call, on the pool.
    void finish_lookahead();
    void encode_frame(const uint8_t* frame, std::vector<uint8_t>& output);
    void declare_gop_structure();
    // Plans the next mini-GOP from the queue when enough frames are there (or flushing).
    void plan_next_group();
    bool must_be_intra(const InputFrame& input) const;
    // Codes one picture: begin_picture (references, slot, slice header, coarse motion: in
    // coding order), then code_picture (analysis, filters, slice data, hash, statistics: it
    // writes only `c` and the picture's slot).
    void encode_picture(const PicturePlan& plan, InputFrame& input, bool external, std::vector<uint8_t>& output,
                        PictureCoding& c);
    // Whether plan_[index] and plan_[index + 1] can be coded at the same time.
    bool can_pair(int index) const;
    // Codes plan_[index] into `output` and plan_[index + 1] into codings_[1]->access_unit at the
    // same time (code_side_by_side).
    void encode_pair(int index, std::vector<uint8_t>& output);
    // The pictures of the current mini-GOP from plan_[from] on.
    std::span<const PicturePlan> later_in_group(int from) const {
        return {plan_.data() + from, static_cast<size_t>(std::max(plan_count_ - from, 0))};
    }
    // Anchor pairs (frame-threads 2): whether plan_[index], the first B picture of its
    // mini-GOP, waits for (or is coded beside) the next mini-GOP's anchor.
    bool pairs_with_next_anchor(int index) const;
    // Begins plan_[index], the rest of its mini-GOP and the next one's anchor (in decoding
    // order), codes plan_[index] into `output` beside the anchor, and leaves the rest waiting
    // (waiting_). False (nothing begun) when the anchor cannot be paired.
    bool encode_anchor_pair(int index, std::vector<uint8_t>& output);
    // Returns the first waiting picture's access unit, coding it first (beside the next
    // waiting one where nothing predicts from it) if it is only begun.
    void return_waiting(std::vector<uint8_t>& output);
    // "pipeline": appends the held picture's hash (hasher_ done) to its access unit, copies that
    // to `output` and makes it the last returned picture; the call's stage times stay.
    void return_held(std::vector<uint8_t>& output, const FrameStatistics::StageTimes& call_stages,
                     std::chrono::steady_clock::time_point call_start);
    // "pipeline-rows": waits for the pictures coded on coder_'s thread but the last `keep`, oldest
    // first, frees their input frames and holds them (after the held ones; their hashes were
    // posted with their rows).
    void finish_background(int keep = 0);
    // "pipeline": hashes the coding's picture on the next of hashers_.
    void post_hash(int coding);
    // The coding a new picture goes to: none that is held, coded in the background or (with
    // "pipeline-rows", whose last returned picture stays readable through the next picture's
    // call) returned last.
    int free_coding() const;
    // The slots a new picture must not take, a bit per slot: those of the held pictures (their
    // hashes), of the picture coded in the background and ("pipeline-rows") of the last one
    // returned.
    uint32_t busy_slots() const;
    // The input stage's workers: input_pool_ while a picture's rows run on the pool from
    // coder_'s thread.
    ThreadPool* input_pool() const { return background_count_ > 0 ? input_pool_.get() : pool_.get(); }
    // Runs code_picture for two begun pictures at the same time: under WPP their rows in one
    // batch on all the workers, without each on half of them.
    void code_side_by_side(PictureCoding& first, std::vector<uint8_t>& first_output, PictureCoding& second,
                           std::vector<uint8_t>& second_output);
    // The slots a begun picture writes (its own) or reads (its references), a bit per slot.
    uint32_t slots_used_by(const PictureCoding& c) const;
    // Plans a mini-GOP from the queue into plan/plan_input; returns its picture count (0: not
    // enough frames yet). `early` (for an anchor pair): -1, nothing planned, where the group
    // would start with an intra picture.
    int plan_group(std::array<PicturePlan, 8>& plan, std::array<int, 8>& plan_input, bool early);
    // `later`: the pictures coded after it up to the next anchor (the reference choice keeps
    // what they use).
    void begin_picture(const PicturePlan& plan, InputFrame& input, bool external, std::vector<uint8_t>& access_unit,
                       PictureCoding& c, uint32_t busy_slots, std::span<const PicturePlan> later);
    void code_picture(const PicturePlan& plan, bool external, std::vector<uint8_t>& access_unit, PictureCoding& c);
    // code_picture's steps around the analysis: the rows' finishing set up (start_rows); the
    // slices, hash, statistics once every row is finished (end_rows).
    void start_rows(const PicturePlan& plan, bool external, PictureCoding& c);
    void end_rows(const PicturePlan& plan, bool external, std::vector<uint8_t>& access_unit, PictureCoding& c);
    // Chooses the reference pictures and a free slot (none of `busy_slots`, a bit per slot) for
    // the picture.
    void choose_references(const PicturePlan& plan, bool external, SliceHeader& header, PictureCoding& c,
                           uint32_t busy_slots, std::span<const PicturePlan> later);
    // The first slot that a picture with the reference picture set `chosen` (not an intra or
    // external picture) leaves free, none of `busy`; -1 if there is none.
    int free_slot(const PictureReferences& chosen, uint32_t busy) const;
    // The slot of the short-term reference picture `poc`, or nullptr.
    const PictureSlot* short_term_slot(int poc) const;
    static void set_picture_qp(AnalysisFrame& f, int qp);
    // Intra refresh: the refresh columns and the references' clean areas of a P picture;
    // returns its position in the refresh cycle (-1: no intra refresh).
    int plan_intra_refresh(const PicturePlan& plan, SliceType slice_type, PictureSlot& current, PictureCoding& c);
    void prepare_motion(PictureCoding& c);
    // With the current picture begun: queues the coarse searches of the next planned picture
    // (and of the one after it where the two will be coded as a pair) for the waits of the
    // current picture's wavefront (coarse_prefetch_).
    void prefetch_coarse_motion();
    // The searches prefetch_coarse_motion queued, all done (those the waits left were the pool
    // threads' idle work since: between the calls, while the caller's thread wrote the access
    // unit and took in the next frame). Before any pyramid changes: before a picture is begun.
    void finish_coarse_prefetch();
    // Setting gpu-decisions, a P picture after prepare_motion: the accelerator decides, predicts
    // and reconstructs it into c.inter_coding (then f.accelerated_coding points there); where it
    // cannot (no block vectors, an upload failed, intra refresh), the CPU analysis runs.
    void code_on_accelerator(PictureCoding& c);
    // Whether the accelerator holds the final reconstruction of the picture's first reference
    // (a P picture it coded and kept), so that nothing need be uploaded for it.
    bool reference_on_accelerator(const PictureCoding& c) const;
    // The analysis from the `contexts` of the slice's start, with the finisher's rows behind
    // it (its job started).
    void analyse_picture(PictureCoding& c, const CabacContexts& contexts);
    // Under WPP: two pictures' analyses (start_rows done) in one batch on pool_, with their
    // finishers' rows behind them, as analyse_picture does for one.
    void analyse_pictures_together(PictureCoding& first, PictureCoding& second);
    // Appends a slice segment NAL unit per slice: the header (with the substreams' entry points
    // under WPP), then the data (the substreams, which the finisher's rows coded, under WPP).
    void write_slices(std::vector<uint8_t>& access_unit, PictureCoding& c, const CabacContexts& initial);
    static void write_picture_hash(std::vector<uint8_t>& access_unit, const std::array<PlaneDigest, 3>& digests,
                                   BitWriter& rbsp);
    // The PSNRs from the finisher's squared errors.
    void measure(PictureCoding& c);

    EncoderSettings settings_;
    SequenceParameters sequence_;
    PixelKernels kernels_{};
    std::vector<PictureSlot> slots_;
    // The coarse searches of the pictures coded next, run ahead (the CPU's search, under WPP).
    CoarsePrefetch coarse_prefetch_;
    bool prefetches_coarse_motion_ = false;
    // The DPB (at most 16) + an external reference + the current picture + the second picture
    // of a pair.
    static constexpr int kMaxSlots = 19;
    std::unique_ptr<ZscanAvailability> availability_;
    // Threads: the pool (started here, at tc_init) runs the CTU rows in wavefront order for
    // the analysis and, under WPP, the substreams; the in-loop filters split by CTU rows.
    // Frame-level threads: under WPP the rows of the two pictures of a pair in one batch on
    // the pool (Wavefront::run_together); without, each picture on the pool's worker 0 or 1,
    // with its half of the workers (pair_pools_; one worker each starts no thread).
    std::unique_ptr<ThreadPool> pool_;
    // "pipeline-rows": the input stage's own workers while the pool codes a picture's rows
    // (nullptr: the call's thread alone).
    std::unique_ptr<ThreadPool> input_pool_;
    std::array<std::unique_ptr<ThreadPool>, 2> pair_pools_;
    // [0] codes every picture but the second of a pair; [1] exists with frame-level threads;
    // [2] and [3] with anchor pairs (frame-threads 2), for the pictures between the first B
    // picture and the next anchor (begun before the anchor, in decoding order).
    std::array<std::unique_ptr<PictureCoding>, 7> codings_;
    int last_coding_ = 0;       // the coding of the last picture returned
    bool pair_pending_ = false;  // codings_[1] holds the access unit of plan_[plan_next_]
    // Anchor pairs: the codings of pictures begun or coded but not yet returned, in decoding
    // order, and the next mini-GOP, planned early (its anchor begun once it is paired).
    bool anchor_pairs_ = false;
    std::array<int, 3> waiting_{};
    int waiting_count_ = 0;
    std::array<PicturePlan, 8> next_plan_{};
    std::array<int, 8> next_plan_input_{};
    int next_plan_count_ = 0;
    bool next_anchor_begun_ = false;
    int ctu_columns_ = 0, ctu_rows_ = 0;
    SliceRows slice_rows_;  // how every picture is cut into slices (the codings point at it)
    // GOP: the input frames (lookahead queue and B-frames waiting for their turn), the
    // planned mini-GOP in coding order, and the reference structure.
    int max_b_frames_ = 0;        // what the buffers were sized for
    int declared_b_frames_ = 0;   // what the current sequence parameter set allows
    std::vector<InputFrame> inputs_;
    // The frame of the call whose copy is deferred (enqueue), and whether it is copied yet.
    struct PendingInput {
        int index = -1;  // in inputs_; -1: none
        const uint8_t* frame = nullptr;
        bool copied = false;
    } pending_input_;
    std::array<int, 16> queue_{};  // indices into inputs_, display order, not yet planned
    int queue_count_ = 0;
    std::array<PicturePlan, 8> plan_{};
    std::array<int, 8> plan_input_{};
    int plan_count_ = 0, plan_next_ = 0;
    ReferenceStructure references_{1};
    int64_t input_count_ = 0;
    LookaheadReference previous_coarse_;  // the 1/8 level of the previous input frame
    bool have_previous_coarse_ = false;
    int64_t last_intra_frame_ = -1;  // display index of the last intra picture
    int64_t idr_frame_ = 0;          // display index of the last IDR picture (POC 0)
    bool force_idr_ = false;
    bool flushing_ = false;
    int poc_offset_ = 0;  // external pictures since the IDR (each takes a POC)
    // --realtime: the speed level and the clock encode times are measured with.
    std::unique_ptr<OverloadController> overload_;
    SteadyClock steady_clock_;
    Clock* clock_ = &steady_clock_;
    void apply_speed_level();
    InputFrame external_input_;
    bool external_pending_ = false;
    FrameStatistics statistics_;  // of the last picture returned
    // The lookahead thread: measure_input of each frame while the workers code pictures (with
    // B-frames, where frames wait for their mini-GOP anyway); planning waits for it. Declared
    // after inputs_, so that it stops before they go.
    std::unique_ptr<SerialWorker> lookahead_;
    // Setting "gpu": mirrors of the input pyramids where the coarse search runs (CUDA, or the
    // same algorithm on the CPU); nullptr: coarse_ctu_vector on the CPU.
    std::unique_ptr<AcceleratedMotion> accelerated_motion_;
    bool block_motion_ = false;  // the accelerator's block search serves the analysis
    // Setting "gpu-decisions": the accelerator codes P pictures (code_on_accelerator), from the
    // reconstructions it holds per slot (valid: uploaded since the slot was last coded).
    bool accelerated_coding_ = false;
    std::vector<bool> reconstruction_on_accelerator_;
    // "pipeline": the codings whose pictures are coded and wait for their hashes, oldest first
    // (one at most; with "pipeline-rows" up to hasher_count_), and the threads that hash them
    // (posted the coding's index; with "pipeline-rows" hasher_count_, in turn, so that the hashes
    // of as many pictures (a serial chain each, 12-16 ms a 4K picture on an H100 host) run at the
    // same time). Declared after the codings and slots they read, so that they stop first.
    std::array<int, 5> held_{-1, -1, -1, -1, -1};  // oldest first
    int held_count_ = 0;
    // [1..]: "pipeline-rows", hash-threads of them, one more with the accelerator's coding
    // (rows_behind_): each picture's access unit comes out hasher_count_ calls after its frame.
    std::array<std::unique_ptr<SerialWorker>, 5> hashers_;
    // With "hash-lanes", instead of hashers_: one thread for all of them (posted the coding's
    // index), their planes on MD5 lanes.
    std::unique_ptr<PictureHasher> picture_hasher_;
    int hasher_count_ = 1;
    int hashes_posted_ = 0;
    // "pipeline-rows": the codings whose code_picture runs (or waits to run) on coder_'s thread,
    // oldest first. They write their codings, slots and their pictures' input frames only; the
    // next picture waits for them (finish_background) before it needs the workers or the
    // reconstruction. With the accelerator's coding (gpu-decisions) the rows run two pictures
    // behind (rows_behind_ 1): a call launches its picture's coding on the accelerator and
    // returns, the picture's rows wait for the results on coder_'s thread while the next call
    // takes in the next frame, and a call waits only for the rows of the picture before last.
    // Declared last: it stops before the hashers.
    std::array<int, 2> background_{-1, -1};
    int background_count_ = 0;
    int rows_behind_ = 0;
    std::unique_ptr<SerialWorker> coder_;
};

}  // namespace tc
