#include "encoder_handle.h"

namespace tc::cli {
namespace {

// Applies one extended setting; on failure tells which one.
bool set(TCConfig* config, const char* name, const std::string& value, std::string* error) {
    const int rc = tc_config_set(config, name, value.c_str());
    if (rc == TC_OK) return true;
    *error = std::string("the encoder refused setting ") + name + "=" + value + ": " +
             (rc == TC_ERR_INVALID_CONFIG ? tc_init_error() : tc_error_string(rc));
    return false;
}

bool apply_settings(TCConfig* config, const EncoderSettings& settings, std::string* error) {
    if (settings.qp && !set(config, "qp", std::to_string(*settings.qp), error)) return false;
    if (settings.keyint && !set(config, "keyint", std::to_string(*settings.keyint), error)) {
        return false;
    }
    if (settings.threads && !set(config, "threads", std::to_string(*settings.threads), error)) {
        return false;
    }
    if (!settings.psnr && !set(config, "psnr", "0", error)) return false;
    for (const auto& [name, value] : settings.extra) {
        if (!set(config, name.c_str(), value, error)) return false;
    }
    return !settings.full_range || set(config, "full-range", "1", error);
}

}  // namespace

std::unique_ptr<Encoder> Encoder::create(const EncoderSettings& settings, std::string* error) {
    TCConfig config = {settings.width, settings.height, settings.fps,
                       settings.qp_factor.value_or(0.0f), false};
    if (!apply_settings(&config, settings, error)) {
        tc_config_reset(&config);
        return nullptr;
    }
    const size_t capacity = tc_max_output_size(&config);
    TCContext* context = tc_init(&config);
    tc_config_reset(&config);
    if (context == nullptr) {
        *error = std::string("cannot create the encoder: ") + tc_init_error();
        return nullptr;
    }
    std::unique_ptr<Encoder> encoder(new Encoder());
    encoder->context_ = context;
    if (capacity == 0) {
        *error = "the encoder gave no output buffer size (tc_max_output_size returned 0)";
        return nullptr;
    }
    encoder->allocate_output(capacity);
    return encoder;
}

void Encoder::allocate_output(size_t capacity) {
    output_ = std::make_unique_for_overwrite<uint8_t[]>(capacity);
    output_capacity_ = capacity;
}

Encoder::~Encoder() { tc_destroy(context_); }

std::string Encoder::last_error(int code) const {
    const std::string detail = tc_last_error(context_);
    return detail.empty() ? tc_error_string(code) : detail;
}

bool Encoder::encode(const uint8_t* frame, size_t* bytes, std::string* error) {
    size_t size = output_capacity_;
    int rc = tc_process_frame(context_, frame, output_.get(), &size);
    if (rc == TC_ERR_BUFFER_TOO_SMALL && size > output_capacity_) {
        // The bound was not enough: the frame is kept, so fetch it again with a larger buffer.
        allocate_output(size);
        size = output_capacity_;
        rc = tc_process_frame(context_, frame, output_.get(), &size);
    }
    if (rc < 0) {
        *error = last_error(rc);
        return false;
    }
    *bytes = size;
    return true;
}

bool Encoder::last_frame_stats(TCFrameStats* stats, TCFrameStageTimes* stages, std::string* error) {
    int rc = tc_get_frame_stats(context_, stats);
    if (rc >= 0) rc = tc_get_frame_stage_times(context_, stages);
    if (rc < 0) {
        *error = "cannot get frame statistics: " + last_error(rc);
        return false;
    }
    return true;
}

bool Encoder::last_reconstruction(uint8_t* frame, size_t size, std::string* error) {
    const int rc = tc_get_reconstructed_frame(context_, frame, size);
    if (rc < 0) {
        *error = "cannot get the reconstructed frame: " + last_error(rc);
        return false;
    }
    return true;
}

bool Encoder::use_reference_frame(const uint8_t* frame, std::string* error) {
    tc_use_reference_frame(context_, frame);
    if (tc_last_error_code(context_) == TC_OK) return true;
    *error = std::string("the encoder refused the reference frame: ") + tc_last_error(context_);
    return false;
}

bool Encoder::last_motion_vectors(std::vector<MotionVector>* blocks, std::string* error) {
    const int total = tc_get_motion_vectors(context_, nullptr, 0);
    if (total < 0) {
        *error = std::string("cannot read motion vectors: ") + tc_last_error(context_);
        return false;
    }
    blocks->resize(static_cast<size_t>(total));
    const int written = tc_get_motion_vectors(context_, blocks->data(), blocks->size());
    if (written < 0) {
        *error = std::string("cannot read motion vectors: ") + tc_last_error(context_);
        return false;
    }
    blocks->resize(static_cast<size_t>(written));
    return true;
}

}  // namespace tc::cli
