// The encoder as the command-line tool sees it: a thin owner of a TCContext that turns the
// C API's return codes into messages. Uses nothing but the public header.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "temporal_compression.h"

namespace tc::cli {

struct EncoderSettings {
    uint32_t width = 0;
    uint32_t height = 0;
    uint32_t fps = 25;
    bool full_range = false;
    bool psnr = true;  // false: the encoder measures no PSNR
    std::optional<int> qp;
    std::optional<float> qp_factor;
    std::optional<int> keyint;
    std::optional<int> threads;
    std::vector<std::pair<std::string, std::string>> extra;  // name = value for tc_config_set
};

class Encoder {
public:
    // Returns nullptr with a message in *error when a setting or tc_init is refused.
    static std::unique_ptr<Encoder> create(const EncoderSettings& settings, std::string* error);
    ~Encoder();
    Encoder(const Encoder&) = delete;
    Encoder& operator=(const Encoder&) = delete;

    // Encodes one frame (nullptr: flush). Sets *bytes to the size of the access unit now in
    // output(), 0 when the call produced none. Returns false with a message on failure.
    bool encode(const uint8_t* frame, size_t* bytes, std::string* error);
    const uint8_t* output() const { return output_.get(); }

    // Statistics and reconstruction of the last frame that produced output.
    bool last_frame_stats(TCFrameStats* stats, TCFrameStageTimes* stages, std::string* error);
    bool last_reconstruction(uint8_t* frame, size_t size, std::string* error);
    // tc_use_reference_frame: the next frame may predict from `frame`.
    bool use_reference_frame(const uint8_t* frame, std::string* error);
    // Prediction blocks of the last frame (empty for a frame with none).
    bool last_motion_vectors(std::vector<MotionVector>* blocks, std::string* error);
    // Whether the GPU runs the accelerated stages (tc_hardware_accel_active).
    bool hardware_accel_active() const { return tc_hardware_accel_active(context_) == 1; }

private:
    Encoder() = default;
    std::string last_error(int code) const;

    // Room for an access unit: tc_max_output_size's bound, which is far more than an access
    // unit takes, so it is not zero-filled (at 8K the bound is 200 MB: clearing it cost the
    // start-up its memset and a page fault per 4 KiB).
    void allocate_output(size_t capacity);
    TCContext* context_ = nullptr;
    std::unique_ptr<uint8_t[]> output_;
    size_t output_capacity_ = 0;
};

}  // namespace tc::cli
