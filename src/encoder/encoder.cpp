#include "encoder/encoder.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>

#include "analysis/rd_cost.h"
#include "bitstream/cabac_contexts.h"
#include "bitstream/cabac_encoder.h"
#include "bitstream/ctu_syntax.h"
#include "bitstream/nal_writer.h"
#include "bitstream/picture_hash_sei.h"
#include "bitstream/sao_syntax.h"
#include "filter/sao_estimation.h"
#include "encoder/level.h"
#include "motion/motion_search.h"
#include "picture/plane_border.h"

namespace tc {

namespace {
constexpr int kPadding = 80;  // samples around each luma plane (motion search later reads outside)

int round_up(int value, int multiple) { return (value + multiple - 1) / multiple * multiple; }

double psnr(uint64_t sse, uint64_t samples) {
    if (sse == 0) return 100.0;
    const double mse = static_cast<double>(sse) / static_cast<double>(samples);
    return 10.0 * std::log10(255.0 * 255.0 / mse);
}
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
    // The DPB holds the references and the picture being decoded (the GOP structure can
    // change after tc_init, so room for references is always kept).
    // One more for an external (long-term) reference.
    sequence_.max_dec_pic_buffering = settings_.refs + 2;

    const int width = sequence_.coded_width, height = sequence_.coded_height;
    if (!source_.allocate(width, height, kPadding)) return false;
    slots_.resize(static_cast<size_t>(settings_.refs + 2));
    external_frame_.resize(frame_bytes());
    for (PictureSlot& slot : slots_) {
        if (!slot.reconstruction.allocate(width, height, kPadding) || !slot.pyramid.allocate(width, height)) {
            return false;
        }
        slot.motion.allocate(width, height);
    }
    if (settings_.sao && !deblocked_.allocate(width, height, 0)) return false;
    blocks_.allocate(width, height);
    deblocking_map_.allocate(width, height);
    availability_ = std::make_unique<ZscanAvailability>(width, height, kLog2CtuSize);
    init_scalar_pixel_kernels(kernels_);

    ctu_columns_ = (width + kCtuSize - 1) / kCtuSize;
    ctu_rows_ = (height + kCtuSize - 1) / kCtuSize;
    decisions_.resize(static_cast<size_t>(ctu_columns_) * ctu_rows_);
    sao_parameters_.resize(decisions_.size());
    for (std::vector<int>& scratch : median_scratch_) scratch.reserve(decisions_.size());
    for (CtuDecision& decision : decisions_) decision.reserve();
    rbsp_.reserve(max_access_unit_size(settings_.width, settings_.height));

    AnalysisFrame& f = analysis_frame_;
    f.kernels = &kernels_;
    f.source = &source_;
    f.reconstruction = &slots_[0].reconstruction;
    f.blocks = &blocks_;
    f.availability = availability_.get();
    f.syntax.picture_width = width;
    f.syntax.picture_height = height;
    f.syntax.slice_type = SliceType::kI;
    f.syntax.sign_data_hiding = sequence_.sign_data_hiding;
    f.syntax.max_transform_depth_intra = sequence_.max_transform_depth_intra;
    f.syntax.max_transform_depth_inter = sequence_.max_transform_depth_inter;
    f.syntax.blocks = &blocks_;
    f.strong_intra_smoothing = sequence_.strong_intra_smoothing;
    f.qp = settings_.qp;
    f.chroma_qp = chroma_qp(settings_.qp);
    f.lambda = qp_to_lambda(settings_.qp);
    f.sqrt_lambda = std::sqrt(f.lambda);
    // Chroma distortion counts as much as the luma distortion of the same QP step (HM's weight).
    f.chroma_weight = std::pow(2.0, (settings_.qp - f.chroma_qp) / 3.0);
    f.ctu_columns = ctu_columns_;
    f.rectangular_partitions = settings_.rect;
    for (auto& reference : f.references) reference.coarse_vectors.assign(decisions_.size(), Mv{});
    f.candidates.blocks = &blocks_;
    f.candidates.picture_width = width;
    f.candidates.picture_height = height;
    f.candidates.availability = availability_.get();
    // Default search range: 64 full samples up to 1080p, more for larger pictures.
    const int pixels = width * height;
    f.search_range = settings_.search_range > 0 ? settings_.search_range
                     : pixels > 4096 * 2304          ? 128
                     : pixels > 1920 * 1088          ? 96
                                                     : 64;
    analyzer_ = std::make_unique<CtuAnalyzer>(analysis_frame_);
    return true;
}

void Encoder::choose_references(bool idr, bool external, int poc, SliceHeader& header) {
    if (idr) {
        for (PictureSlot& slot : slots_) slot.is_reference = slot.long_term = false;
    }
    // Low-delay P: the most recent coded pictures, closest first, then the long-term one.
    // (No allocation here: this runs every frame.)
    std::array<int, kMaxSlots> order{};
    int order_count = 0;
    int long_term_slot = -1;
    for (int i = 0; i < static_cast<int>(slots_.size()); i++) {
        const PictureSlot& slot = slots_[static_cast<size_t>(i)];
        if (slot.is_reference && slot.long_term) long_term_slot = i;
        if (slot.is_reference && !slot.long_term) order[static_cast<size_t>(order_count++)] = i;
    }
    for (int i = 1; i < order_count; i++) {  // newest first (a handful of entries)
        for (int j = i; j > 0 && slots_[static_cast<size_t>(order[static_cast<size_t>(j)])].poc >
                                     slots_[static_cast<size_t>(order[static_cast<size_t>(j - 1)])].poc;
             j--) {
            std::swap(order[static_cast<size_t>(j)], order[static_cast<size_t>(j - 1)]);
        }
    }
    const int short_term = std::min(order_count, settings_.refs);
    // Pictures beyond the active ones leave the DPB, and so does the long-term picture that
    // a new external one replaces; the current picture takes a free slot.
    for (int i = short_term; i < order_count; i++) {
        slots_[static_cast<size_t>(order[static_cast<size_t>(i)])].is_reference = false;
    }
    if (external && long_term_slot >= 0) {
        slots_[static_cast<size_t>(long_term_slot)].is_reference = false;
        slots_[static_cast<size_t>(long_term_slot)].long_term = false;
        long_term_slot = -1;
    }
    current_slot_ = 0;
    while (slots_[static_cast<size_t>(current_slot_)].is_reference) current_slot_++;

    header.short_term_count = short_term;
    for (int i = 0; i < short_term; i++) header.short_term_poc[i] = slots_[static_cast<size_t>(order[static_cast<size_t>(i)])].poc;
    header.long_term = long_term_slot >= 0;
    if (header.long_term) header.long_term_poc = slots_[static_cast<size_t>(long_term_slot)].poc;
    // An external picture is intra: it keeps the references without using them.
    header.short_term_used = header.long_term_used = !external;

    AnalysisFrame& f = analysis_frame_;
    int count = 0;
    if (!external) {
        for (int i = 0; i < short_term; i++) {
            const PictureSlot& slot = slots_[static_cast<size_t>(order[static_cast<size_t>(i)])];
            f.references[static_cast<size_t>(count)].picture = &slot.reconstruction;
            f.candidates.ref_poc[static_cast<size_t>(count)] = slot.poc;
            f.candidates.ref_long_term[static_cast<size_t>(count)] = false;
            count++;
        }
        if (long_term_slot >= 0) {
            const PictureSlot& slot = slots_[static_cast<size_t>(long_term_slot)];
            f.references[static_cast<size_t>(count)].picture = &slot.reconstruction;
            f.candidates.ref_poc[static_cast<size_t>(count)] = slot.poc;
            f.candidates.ref_long_term[static_cast<size_t>(count)] = true;
            count++;
        }
    }
    f.ref_count = count;
    header.ref_count = count;
    // Temporal candidates come from RefPicList0[0].
    f.candidates.collocated = nullptr;
    if (count > 0 && sequence_.temporal_mvp) {
        for (const PictureSlot& slot : slots_) {
            if (&slot.reconstruction == f.references[0].picture) {
                f.candidates.collocated = &slot.motion;
                f.candidates.collocated_poc = slot.poc;
            }
        }
    }
    f.candidates.current_poc = poc;
    f.candidates.ref_count = std::max(count, 1);
    f.reconstruction = &slots_[static_cast<size_t>(current_slot_)].reconstruction;
}

void Encoder::prepare_motion(int current_slot) {
    // Coarse vector of every CTU on the pyramid, and the median as the global motion.
    AnalysisFrame& f = analysis_frame_;
    const Pyramid& source_pyramid = slots_[static_cast<size_t>(current_slot)].pyramid;
    for (int r = 0; r < f.ref_count; r++) {
        const PictureSlot* reference = nullptr;
        for (const PictureSlot& slot : slots_) {
            if (&slot.reconstruction == f.references[static_cast<size_t>(r)].picture) reference = &slot;
        }
        AnalysisFrame::Reference& ref = f.references[static_cast<size_t>(r)];
        std::vector<int>& xs = median_scratch_[0];
        std::vector<int>& ys = median_scratch_[1];
        xs.clear();
        ys.clear();
        for (int row = 0; row < ctu_rows_; row++) {
            for (int column = 0; column < ctu_columns_; column++) {
                const Mv v = coarse_ctu_vector(source_pyramid, reference->pyramid, column, row, f.search_range, kernels_);
                ref.coarse_vectors[static_cast<size_t>(row) * ctu_columns_ + column] = v;
                xs.push_back(v.x);
                ys.push_back(v.y);
            }
        }
        std::nth_element(xs.begin(), xs.begin() + static_cast<ptrdiff_t>(xs.size() / 2), xs.end());
        std::nth_element(ys.begin(), ys.begin() + static_cast<ptrdiff_t>(ys.size() / 2), ys.end());
        ref.global_vector = Mv{static_cast<int16_t>(xs[xs.size() / 2]), static_cast<int16_t>(ys[ys.size() / 2])};
    }
}

void Encoder::analyse_picture(SliceType slice_type) {
    analysis_frame_.syntax.slice_type = slice_type;
    analysis_frame_.syntax.ref_count = std::max(analysis_frame_.ref_count, 1);
    CabacContexts contexts;
    init_cabac_contexts(contexts, slice_type == SliceType::kI ? 0 : 1, settings_.qp);
    for (int row = 0; row < ctu_rows_; row++) {
        for (int column = 0; column < ctu_columns_; column++) {
            analyzer_->analyze(column, row, contexts, decisions_[static_cast<size_t>(row) * ctu_columns_ + column]);
        }
    }
}

void Encoder::write_slice_data(BitWriter& out, SliceType slice_type) {
    CabacContexts contexts;
    init_cabac_contexts(contexts, slice_type == SliceType::kI ? 0 : 1, settings_.qp);
    CabacEncoder cabac;
    cabac.start(&out);
    const size_t count = decisions_.size();
    for (size_t i = 0; i < count; i++) {
        if (sequence_.sample_adaptive_offset) {
            const bool left = i % static_cast<size_t>(ctu_columns_) != 0;
            const bool up = i >= static_cast<size_t>(ctu_columns_);
            write_sao_syntax(cabac, contexts, sao_parameters_[i], left, up);
        }
        write_coding_tree_unit(cabac, contexts, analysis_frame_.syntax, decisions_[i]);
        cabac.encode_terminate(i + 1 == count ? 1 : 0);  // end_of_slice_segment_flag
    }
    cabac.finish();
    out.put_trailing_bits();  // rbsp_slice_segment_trailing_bits()
}

void Encoder::set_external_reference(const uint8_t* frame) {
    std::memcpy(external_frame_.data(), frame, external_frame_.size());
    external_pending_ = true;
}

void Encoder::encode(const uint8_t* frame, std::vector<uint8_t>& output) {
    output.clear();
    if (external_pending_) {
        external_pending_ = false;
        encode_picture(external_frame_.data(), true, output);
    }
    encode_picture(frame, false, output);
}

void Encoder::encode_picture(const uint8_t* frame, bool external, std::vector<uint8_t>& access_unit) {
    const auto start_time = std::chrono::steady_clock::now();
    const int w = settings_.width, h = settings_.height;
    source_.planes[0].fill_from(frame, w, h);
    source_.planes[1].fill_from(frame + static_cast<size_t>(w) * h, w / 2, h / 2);
    source_.planes[2].fill_from(frame + static_cast<size_t>(w) * h * 5 / 4, w / 2, h / 2);

    const bool idr = frames_since_idr_ == 0;
    if (idr) poc_ = 0;
    SliceHeader header;
    header.poc = poc_;
    header.slice_qp = settings_.qp;
    header.output = !external;
    choose_references(idr, external, header.poc, header);
    const SliceType slice_type = header.ref_count > 0 ? SliceType::kP : SliceType::kI;
    header.nal_type = idr ? NalUnitType::kIdrNLp : NalUnitType::kTrailR;
    header.slice_type = slice_type;
    PictureSlot& current = slots_[static_cast<size_t>(current_slot_)];
    current.pyramid.build(source_.planes[0]);
    if (slice_type == SliceType::kP) prepare_motion(current_slot_);

    analyse_picture(slice_type);

    if (idr) {
        rbsp_.clear();
        write_vps(rbsp_, sequence_);
        write_nal_unit(access_unit, NalUnitType::kVps, 0, rbsp_.bytes().data(), rbsp_.bytes().size());
        rbsp_.clear();
        write_sps(rbsp_, sequence_);
        write_nal_unit(access_unit, NalUnitType::kSps, 0, rbsp_.bytes().data(), rbsp_.bytes().size());
        rbsp_.clear();
        write_pps(rbsp_, sequence_);
        write_nal_unit(access_unit, NalUnitType::kPps, 0, rbsp_.bytes().data(), rbsp_.bytes().size());
    }
    // In-loop filters first: the slice data carries the SAO parameters.
    if (sequence_.deblocking) deblock();
    if (sequence_.sample_adaptive_offset) apply_sample_adaptive_offset();
    rbsp_.clear();
    write_slice_header(rbsp_, sequence_, header);
    write_slice_data(rbsp_, slice_type);
    write_nal_unit(access_unit, header.nal_type, 0, rbsp_.bytes().data(), rbsp_.bytes().size());
    write_picture_hash(access_unit);
    // The picture becomes a reference: replicate its edges for motion compensation.
    extend_picture_borders(current.reconstruction, kPadding);
    if (slice_type == SliceType::kI) {
        current.motion.clear();
    } else {
        current.motion.store(decisions_, analysis_frame_.candidates.ref_poc.data(),
                             analysis_frame_.candidates.ref_long_term.data());
    }
    current.poc = header.poc;
    current.is_reference = settings_.keyint > 1 || external;
    current.long_term = external;
    poc_++;
    if (external) {
        // Not a displayed frame: no statistics, and the GOP position does not move unless
        // this picture was the IDR.
        if (idr) frames_since_idr_ = 1;
        return;
    }

    statistics_.frame_number = frame_count_;
    statistics_.poc = header.poc;
    statistics_.slice_type = slice_type == SliceType::kI ? 'I' : 'P';
    statistics_.qp = settings_.qp;
    statistics_.bits = static_cast<uint64_t>(access_unit.size()) * 8;  // with a preceding external picture
    measure(frame);
    statistics_.encode_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start_time).count();

    frame_count_++;
    frames_since_idr_ = (frames_since_idr_ + 1) % settings_.keyint;
}

void Encoder::set_keyint(int keyint) {
    settings_.keyint = keyint;
    if (frames_since_idr_ >= keyint) frames_since_idr_ = 0;
}

void Encoder::apply_sample_adaptive_offset() {
    Picture& picture = *analysis_frame_.reconstruction;
    for (int c = 0; c < 3; c++) {
        const Plane& from = picture.planes[c];
        Plane& to = deblocked_.planes[c];
        for (int y = 0; y < from.height(); y++) std::memcpy(to.row(y), from.row(y), static_cast<size_t>(from.width()));
    }
    estimate_sao(source_, deblocked_, analysis_frame_.lambda, ctu_columns_, ctu_rows_, sao_parameters_);
    apply_sao(picture, deblocked_, sao_parameters_, ctu_columns_);
}

void Encoder::deblock() {
    // What the filter needs from the decisions: QP, intra, edges, coefficients, motion.
    const AnalysisFrame& f = analysis_frame_;
    for (const CtuDecision& ctu : decisions_) {
        for (const CodingUnit& cu : ctu.cus) {
            const int size = 1 << cu.log2_size;
            for (int y = cu.y; y < cu.y + size && y < sequence_.coded_height; y += 4) {
                for (int x = cu.x; x < cu.x + size && x < sequence_.coded_width; x += 4) {
                    DeblockBlockInfo& info = deblocking_map_.at(x >> 2, y >> 2);
                    info = DeblockBlockInfo{};
                    info.qp = static_cast<uint8_t>(settings_.qp);
                    info.intra = cu.pred_mode == PredMode::kIntra;
                    info.prediction_edge_left = info.transform_edge_left = x == cu.x;
                    info.prediction_edge_top = info.transform_edge_top = y == cu.y;
                    if (cu.pred_mode != PredMode::kIntra) {
                        // The boundary between two prediction units is a prediction edge.
                        const int half = size / 2;
                        if (cu.part_mode == PartMode::kNx2N && x == cu.x + half) info.prediction_edge_left = true;
                        if (cu.part_mode == PartMode::k2NxN && y == cu.y + half) info.prediction_edge_top = true;
                        const PuMotion& motion = cu.motion_at(x, y);
                        info.ref_id[0] = f.candidates.ref_poc[static_cast<size_t>(motion.ref_idx[0])];
                        info.mv[0][0] = motion.mv[0].x;
                        info.mv[0][1] = motion.mv[0].y;
                    }
                }
            }
            for (int t = 0; t < cu.tu_count; t++) {
                const TransformUnit& tu = ctu.tus[cu.first_tu + static_cast<size_t>(t)];
                const int tu_size = 1 << tu.log2_size;
                for (int y = tu.y; y < tu.y + tu_size && y < sequence_.coded_height; y += 4) {
                    for (int x = tu.x; x < tu.x + tu_size && x < sequence_.coded_width; x += 4) {
                        DeblockBlockInfo& info = deblocking_map_.at(x >> 2, y >> 2);
                        info.nonzero_luma = (tu.cbf & 1) != 0;
                        info.transform_edge_left |= x == tu.x;
                        info.transform_edge_top |= y == tu.y;
                    }
                }
            }
        }
    }
    deblock_picture(*analysis_frame_.reconstruction, deblocking_map_, DeblockingParameters{});
}

void Encoder::write_picture_hash(std::vector<uint8_t>& access_unit) {
    rbsp_.clear();
    write_picture_hash_sei(rbsp_, *analysis_frame_.reconstruction);
    write_nal_unit(access_unit, NalUnitType::kSuffixSei, 0, rbsp_.bytes().data(), rbsp_.bytes().size());
}

void Encoder::measure(const uint8_t* frame) {
    const int w = settings_.width, h = settings_.height;
    const uint8_t* input_planes[3] = {frame, frame + static_cast<size_t>(w) * h,
                                      frame + static_cast<size_t>(w) * h * 5 / 4};
    for (int c = 0; c < 3; c++) {
        const int pw = c == 0 ? w : w / 2, ph = c == 0 ? h : h / 2;
        const Plane& plane = analysis_frame_.reconstruction->planes[c];
        const uint64_t sse = kernels_.sse(input_planes[c], pw, plane.data(), plane.stride(), pw, ph);
        statistics_.psnr[c] = psnr(sse, static_cast<uint64_t>(pw) * ph);
    }
}

void Encoder::copy_reconstruction(uint8_t* destination) const {
    const int w = settings_.width, h = settings_.height;
    const Picture& reconstruction = *analysis_frame_.reconstruction;
    reconstruction.planes[0].copy_to(destination, w, h);
    reconstruction.planes[1].copy_to(destination + static_cast<size_t>(w) * h, w / 2, h / 2);
    reconstruction.planes[2].copy_to(destination + static_cast<size_t>(w) * h * 5 / 4, w / 2, h / 2);
}

}  // namespace tc
