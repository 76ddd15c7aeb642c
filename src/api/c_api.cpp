// The public C API (include/temporal_compression.h) over tc::Encoder. No exception
// crosses this boundary; every failure becomes a TC_ERR_* code and a message.
#include <cmath>
#include <cstring>
#include <exception>
#include <new>
#include <string>
#include <vector>

#include "api/config_registry.h"
#include "encoder/encoder.h"
#include "temporal_compression.h"

namespace {

struct ContextImpl {
    TCContext handle{};  // first member: TCContext* and ContextImpl* share an address
    std::unique_ptr<tc::Encoder> encoder;
    std::vector<uint8_t> pending_output;  // an access unit not yet delivered
    bool output_pending = false;
    const uint8_t* pending_frame = nullptr;
    int last_error_code = TC_OK;
    std::string last_error;
    bool have_frame = false;
};

thread_local std::string init_error;

ContextImpl* impl(TCContext* ctx) { return reinterpret_cast<ContextImpl*>(ctx); }

int fail(ContextImpl* c, int code, std::string message) {
    c->last_error_code = code;
    c->last_error = std::move(message);
    return code;
}

void succeed(ContextImpl* c) {
    c->last_error_code = TC_OK;
    c->last_error.clear();
}

// Settings from TCConfig and the registry; false with `error` on a bad value.
bool build_settings(const TCConfig* config, const tc::SettingList& extra, tc::EncoderSettings& settings,
                    std::string& error) {
    if (config->width > 1u << 20 || config->height > 1u << 20 || config->fps > 1u << 20) {
        error = "picture size or fps out of range";
        return false;
    }
    settings.width = static_cast<int>(config->width);
    settings.height = static_cast<int>(config->height);
    settings.fps = static_cast<int>(config->fps);
    if (!(config->qp_factor >= 0.0f && config->qp_factor <= 1.0f)) {
        error = "qp_factor must be in [0, 1]";
        return false;
    }
    settings.qp = tc::qp_from_factor(config->qp_factor);
    settings.hardware_accel = config->enable_hardware_accel;
    for (const auto& [name, value] : extra) {
        if (!tc::apply_setting(settings, name, value, error)) return false;
    }
    return tc::validate_settings(settings, error);
}

int deliver(ContextImpl* c, uint8_t* output_buffer, size_t* output_size) {
    const size_t needed = c->pending_output.size();
    if (*output_size < needed) {
        *output_size = needed;
        c->output_pending = true;
        return fail(c, TC_ERR_BUFFER_TOO_SMALL,
                    "output buffer too small: " + std::to_string(needed) + " bytes needed");
    }
    if (needed > 0) std::memcpy(output_buffer, c->pending_output.data(), needed);
    *output_size = needed;
    c->pending_output.clear();
    c->output_pending = false;
    c->pending_frame = nullptr;
    succeed(c);
    return static_cast<int>(needed);
}

}  // namespace

extern "C" {

const char* tc_version(void) { return "tcenc 0.1.0"; }

const char* tc_error_string(int code) {
    switch (code) {
        case TC_OK: return "success";
        case TC_ERR_INVALID_ARG: return "invalid argument";
        case TC_ERR_INVALID_CONFIG: return "invalid configuration";
        case TC_ERR_BUFFER_TOO_SMALL: return "output buffer too small";
        case TC_ERR_OUT_OF_MEMORY: return "out of memory";
        case TC_ERR_UNSUPPORTED: return "not supported by this version";
        case TC_ERR_INTERNAL: return "internal error";
        case TC_ERR_STATE: return "call not allowed in the current state";
        default: return "unknown error code";
    }
}

int tc_config_set(TCConfig* config, const char* name, const char* value) {
    if (config == nullptr || name == nullptr || value == nullptr) return TC_ERR_INVALID_ARG;
    try {
        tc::EncoderSettings probe;
        std::string error;
        if (!tc::apply_setting(probe, name, value, error)) {
            init_error = error;
            return TC_ERR_INVALID_CONFIG;
        }
        tc::registry_add(config, name, value);
        return TC_OK;
    } catch (const std::bad_alloc&) {
        return TC_ERR_OUT_OF_MEMORY;
    } catch (...) {
        return TC_ERR_INTERNAL;
    }
}

void tc_config_reset(TCConfig* config) {
    if (config == nullptr) return;
    try {
        tc::registry_take(config);
    } catch (...) {
    }
}

TCContext* tc_init(const TCConfig* config) {
    try {
        init_error.clear();
        if (config == nullptr) {
            init_error = "config is NULL";
            return nullptr;
        }
        const tc::SettingList extra = tc::registry_take(config);
        tc::EncoderSettings settings;
        std::string error;
        if (!build_settings(config, extra, settings, error)) {
            init_error = error;
            return nullptr;
        }
        auto context = std::make_unique<ContextImpl>();
        context->encoder = tc::Encoder::create(settings, error);
        if (!context->encoder) {
            init_error = error;
            return nullptr;
        }
        context->pending_output.reserve(2 * tc::Encoder::max_access_unit_size(settings.width, settings.height));
        return &context.release()->handle;
    } catch (const std::bad_alloc&) {
        init_error = "out of memory";
        return nullptr;
    } catch (const std::exception& e) {
        init_error = e.what();
        return nullptr;
    }
}

const char* tc_init_error(void) { return init_error.c_str(); }

size_t tc_max_output_size(const TCConfig* config) {
    if (config == nullptr) return 0;
    try {
        tc::EncoderSettings settings;
        std::string error;
        if (!build_settings(config, tc::registry_peek(config), settings, error)) return 0;
        // One call can return two access units: an external reference picture and the frame.
        return 2 * tc::Encoder::max_access_unit_size(settings.width, settings.height);
    } catch (...) {
        return 0;
    }
}

int tc_process_frame(TCContext* ctx, const uint8_t* current_frame, uint8_t* output_buffer, size_t* output_size) {
    if (ctx == nullptr) return TC_ERR_INVALID_ARG;
    ContextImpl* c = impl(ctx);
    try {
        if (output_size == nullptr) return fail(c, TC_ERR_INVALID_ARG, "output_size is NULL");
        if (output_buffer == nullptr && *output_size > 0) {
            return fail(c, TC_ERR_INVALID_ARG, "output_buffer is NULL but *output_size is not 0");
        }
        if (c->output_pending) {
            // A previous call's output did not fit: deliver it first. A different frame
            // now would be lost, so refuse it.
            if (current_frame != nullptr && current_frame != c->pending_frame) {
                return fail(c, TC_ERR_STATE,
                            "the previous frame's output is still pending: call again with a larger "
                            "buffer and the same frame (or NULL)");
            }
            return deliver(c, output_buffer, output_size);
        }
        if (current_frame == nullptr && c->encoder->frames_held() == 0) {
            // End of stream and nothing held back: the flush is complete.
            *output_size = 0;
            succeed(c);
            return 0;
        }
        c->encoder->encode(current_frame, c->pending_output);
        c->have_frame = c->encoder->last_statistics().frame_number >= 0;
        c->pending_frame = current_frame;
        return deliver(c, output_buffer, output_size);
    } catch (const std::bad_alloc&) {
        return fail(c, TC_ERR_OUT_OF_MEMORY, "out of memory");
    } catch (const std::exception& e) {
        return fail(c, TC_ERR_INTERNAL, e.what());
    }
}

void tc_destroy(TCContext* ctx) {
    if (ctx == nullptr) return;
    delete impl(ctx);
}

const char* tc_last_error(TCContext* ctx) {
    if (ctx == nullptr) return "context is NULL";
    return impl(ctx)->last_error.c_str();
}

int tc_last_error_code(TCContext* ctx) {
    if (ctx == nullptr) return TC_ERR_INVALID_ARG;
    return impl(ctx)->last_error_code;
}

int tc_hardware_accel_active(TCContext* ctx) {
    if (ctx == nullptr) return TC_ERR_INVALID_ARG;
    return impl(ctx)->encoder->hardware_accel_active() ? 1 : 0;
}

void tc_set_gop_structure(TCContext* ctx, int gop_size, int b_frame_count) {
    if (ctx == nullptr) return;
    ContextImpl* c = impl(ctx);
    if (gop_size < 1 || gop_size > 120 || b_frame_count < 0 || b_frame_count > 7) {
        fail(c, TC_ERR_INVALID_ARG, "gop_size must be 1..120 and b_frame_count 0..7");
        return;
    }
    if (b_frame_count > c->encoder->max_b_frames()) {
        fail(c, TC_ERR_UNSUPPORTED,
             "b_frame_count " + std::to_string(b_frame_count) + " is more than this context was sized for (" +
                 std::to_string(c->encoder->max_b_frames()) +
                 "): set \"bframes\" before tc_init (tune zerolatency allows none)");
        return;
    }
    c->encoder->set_keyint(gop_size);
    c->encoder->set_b_frames(b_frame_count);
    succeed(c);
}

int tc_get_motion_vectors(TCContext* ctx, MotionVector* mvs, size_t max_mvs) {
    if (ctx == nullptr) return TC_ERR_INVALID_ARG;
    ContextImpl* c = impl(ctx);
    if (mvs == nullptr && max_mvs > 0) return fail(c, TC_ERR_INVALID_ARG, "mvs is NULL");
    if (!c->have_frame) return fail(c, TC_ERR_STATE, "no frame has been encoded yet");
    size_t written = 0;
    const size_t total = c->encoder->for_each_prediction_block([&](const tc::Encoder::ExportedBlock& b) {
        if (written >= max_mvs) return;
        MotionVector& out = mvs[written++];
        out.x = b.x;
        out.y = b.y;
        out.width = b.width;
        out.height = b.height;
        out.list = b.list;
        out.ref_idx = b.ref_idx;
        out.mv_x = b.mv_x * 2;  // quarter to eighth samples
        out.mv_y = b.mv_y * 2;
        out.cost = b.cost;
    });
    succeed(c);
    return static_cast<int>(mvs == nullptr ? total : written);
}

void tc_use_reference_frame(TCContext* ctx, const uint8_t* ref_frame) {
    if (ctx == nullptr) return;
    ContextImpl* c = impl(ctx);
    if (ref_frame == nullptr) {
        fail(c, TC_ERR_INVALID_ARG, "ref_frame is NULL");
        return;
    }
    if (!c->encoder->uses_references()) {
        fail(c, TC_ERR_STATE, "the GOP is all intra (gop_size 1): there is nothing to predict from a reference");
        return;
    }
    if (!c->encoder->accepts_external_reference()) {
        fail(c, TC_ERR_UNSUPPORTED, "external reference pictures need a low-delay GOP (b_frame_count 0), without "
                   "\"intra-refresh\" or \"pipeline\"");
        return;
    }
    c->encoder->set_external_reference(ref_frame);
    succeed(c);
}

int tc_get_frame_stats(TCContext* ctx, TCFrameStats* stats) {
    if (ctx == nullptr) return TC_ERR_INVALID_ARG;
    ContextImpl* c = impl(ctx);
    if (stats == nullptr) return fail(c, TC_ERR_INVALID_ARG, "stats is NULL");
    if (!c->have_frame) return fail(c, TC_ERR_STATE, "no frame has been encoded yet");
    const tc::FrameStatistics& s = c->encoder->last_statistics();
    stats->frame_number = s.frame_number;
    stats->poc = s.poc;
    stats->slice_type = s.slice_type;
    stats->qp = s.qp;
    stats->bits = s.bits;
    stats->psnr_y = s.psnr[0];
    stats->psnr_u = s.psnr[1];
    stats->psnr_v = s.psnr[2];
    stats->encode_ms = s.encode_ms;
    stats->speed_step = s.speed_step;
    stats->pair = s.pair;
    std::memcpy(stats->speed_change, s.speed_change, sizeof(stats->speed_change));
    succeed(c);
    return TC_OK;
}

int tc_get_frame_stage_times(TCContext* ctx, TCFrameStageTimes* times) {
    if (ctx == nullptr) return TC_ERR_INVALID_ARG;
    ContextImpl* c = impl(ctx);
    if (times == nullptr) return fail(c, TC_ERR_INVALID_ARG, "times is NULL");
    if (!c->have_frame) return fail(c, TC_ERR_STATE, "no frame has been encoded yet");
    const tc::FrameStatistics::StageTimes& s = c->encoder->last_statistics().stages;
    times->input_ms = s.input_ms;
    times->motion_ms = s.motion_ms;
    times->analysis_ms = s.analysis_ms;
    times->filter_ms = s.filter_ms;
    times->entropy_ms = s.entropy_ms;
    times->other_ms = s.other_ms;
    times->background_ms = s.background_ms;
    succeed(c);
    return TC_OK;
}

int tc_get_reconstructed_frame(TCContext* ctx, uint8_t* buffer, size_t buffer_size) {
    if (ctx == nullptr) return TC_ERR_INVALID_ARG;
    ContextImpl* c = impl(ctx);
    if (buffer == nullptr) return fail(c, TC_ERR_INVALID_ARG, "buffer is NULL");
    if (!c->have_frame) return fail(c, TC_ERR_STATE, "no frame has been encoded yet");
    const size_t needed = c->encoder->frame_bytes();
    if (buffer_size < needed) {
        return fail(c, TC_ERR_BUFFER_TOO_SMALL, "reconstruction needs " + std::to_string(needed) + " bytes");
    }
    c->encoder->copy_reconstruction(buffer);
    succeed(c);
    return static_cast<int>(needed);
}

}  // extern "C"
