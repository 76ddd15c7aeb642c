#include "encoder/encoder.h"

#include <chrono>
#include <cmath>
#include <cstring>

#include "analysis/rd_cost.h"
#include "bitstream/cabac_contexts.h"
#include "bitstream/cabac_encoder.h"
#include "bitstream/ctu_syntax.h"
#include "bitstream/nal_writer.h"
#include "bitstream/picture_hash_sei.h"
#include "encoder/level.h"

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

    if (!source_.allocate(sequence_.coded_width, sequence_.coded_height, kPadding) ||
        !reconstruction_.allocate(sequence_.coded_width, sequence_.coded_height, kPadding)) {
        return false;
    }
    blocks_.allocate(sequence_.coded_width, sequence_.coded_height);
    availability_ = std::make_unique<ZscanAvailability>(sequence_.coded_width, sequence_.coded_height, kLog2CtuSize);
    init_scalar_pixel_kernels(kernels_);

    ctu_columns_ = (sequence_.coded_width + kCtuSize - 1) / kCtuSize;
    ctu_rows_ = (sequence_.coded_height + kCtuSize - 1) / kCtuSize;
    decisions_.resize(static_cast<size_t>(ctu_columns_) * ctu_rows_);
    for (CtuDecision& decision : decisions_) decision.reserve();
    rbsp_.reserve(max_access_unit_size(settings_.width, settings_.height));

    AnalysisFrame& f = analysis_frame_;
    f.kernels = &kernels_;
    f.source = &source_;
    f.reconstruction = &reconstruction_;
    f.blocks = &blocks_;
    f.availability = availability_.get();
    f.syntax.picture_width = sequence_.coded_width;
    f.syntax.picture_height = sequence_.coded_height;
    f.syntax.slice_type = SliceType::kI;
    f.syntax.sign_data_hiding = sequence_.sign_data_hiding;
    f.syntax.max_transform_depth_intra = sequence_.max_transform_depth_intra;
    f.syntax.blocks = &blocks_;
    f.strong_intra_smoothing = sequence_.strong_intra_smoothing;
    f.qp = settings_.qp;
    f.chroma_qp = chroma_qp(settings_.qp);
    f.lambda = qp_to_lambda(settings_.qp);
    f.sqrt_lambda = std::sqrt(f.lambda);
    // Chroma distortion counts as much as the luma distortion of the same QP step (HM's weight).
    f.chroma_weight = std::pow(2.0, (settings_.qp - f.chroma_qp) / 3.0);
    analyzer_ = std::make_unique<CtuAnalyzer>(analysis_frame_);
    return true;
}

void Encoder::analyse_picture() {
    CabacContexts contexts;
    init_cabac_contexts(contexts, 0, settings_.qp);
    for (int row = 0; row < ctu_rows_; row++) {
        for (int column = 0; column < ctu_columns_; column++) {
            analyzer_->analyze(column, row, contexts, decisions_[static_cast<size_t>(row) * ctu_columns_ + column]);
        }
    }
}

void Encoder::write_slice_data(BitWriter& out) {
    CabacContexts contexts;
    init_cabac_contexts(contexts, 0, settings_.qp);
    CabacEncoder cabac;
    cabac.start(&out);
    const size_t count = decisions_.size();
    for (size_t i = 0; i < count; i++) {
        write_coding_tree_unit(cabac, contexts, analysis_frame_.syntax, decisions_[i]);
        cabac.encode_terminate(i + 1 == count ? 1 : 0);  // end_of_slice_segment_flag
    }
    cabac.finish();
    out.put_trailing_bits();  // rbsp_slice_segment_trailing_bits()
}

void Encoder::encode(const uint8_t* frame, std::vector<uint8_t>& access_unit) {
    const auto start_time = std::chrono::steady_clock::now();
    const int w = settings_.width, h = settings_.height;
    source_.planes[0].fill_from(frame, w, h);
    source_.planes[1].fill_from(frame + static_cast<size_t>(w) * h, w / 2, h / 2);
    source_.planes[2].fill_from(frame + static_cast<size_t>(w) * h * 5 / 4, w / 2, h / 2);

    const bool idr = frames_since_idr_ == 0;
    analyse_picture();

    access_unit.clear();
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
    SliceHeader header;
    header.nal_type = idr ? NalUnitType::kIdrNLp : NalUnitType::kTrailR;
    header.slice_type = SliceType::kI;
    header.poc = frames_since_idr_;
    header.slice_qp = settings_.qp;
    rbsp_.clear();
    write_slice_header(rbsp_, sequence_, header);
    write_slice_data(rbsp_);
    write_nal_unit(access_unit, header.nal_type, 0, rbsp_.bytes().data(), rbsp_.bytes().size());
    write_picture_hash(access_unit);

    statistics_.frame_number = frame_count_;
    statistics_.poc = header.poc;
    statistics_.slice_type = 'I';
    statistics_.qp = settings_.qp;
    statistics_.bits = static_cast<uint64_t>(access_unit.size()) * 8;
    measure(frame);
    statistics_.encode_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start_time).count();

    frame_count_++;
    frames_since_idr_ = (frames_since_idr_ + 1) % settings_.keyint;
}

void Encoder::write_picture_hash(std::vector<uint8_t>& access_unit) {
    rbsp_.clear();
    write_picture_hash_sei(rbsp_, reconstruction_);
    write_nal_unit(access_unit, NalUnitType::kSuffixSei, 0, rbsp_.bytes().data(), rbsp_.bytes().size());
}

void Encoder::measure(const uint8_t* frame) {
    const int w = settings_.width, h = settings_.height;
    const uint8_t* input_planes[3] = {frame, frame + static_cast<size_t>(w) * h,
                                      frame + static_cast<size_t>(w) * h * 5 / 4};
    for (int c = 0; c < 3; c++) {
        const int pw = c == 0 ? w : w / 2, ph = c == 0 ? h : h / 2;
        const Plane& plane = reconstruction_.planes[c];
        const uint64_t sse = kernels_.sse(input_planes[c], pw, plane.data(), plane.stride(), pw, ph);
        statistics_.psnr[c] = psnr(sse, static_cast<uint64_t>(pw) * ph);
    }
}

void Encoder::copy_reconstruction(uint8_t* destination) const {
    const int w = settings_.width, h = settings_.height;
    reconstruction_.planes[0].copy_to(destination, w, h);
    reconstruction_.planes[1].copy_to(destination + static_cast<size_t>(w) * h, w / 2, h / 2);
    reconstruction_.planes[2].copy_to(destination + static_cast<size_t>(w) * h * 5 / 4, w / 2, h / 2);
}

}  // namespace tc
