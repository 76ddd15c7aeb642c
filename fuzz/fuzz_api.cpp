// Fuzzes the C API with random configurations and random sequences of calls.
//
// The input is a script read with FuzzedDataProvider: a TCConfig (small pictures, even and
// odd, with fps and qp_factor also out of range, NaN and infinity), a few tc_config_set
// calls, tc_init, then up to kMaxCalls calls of the API in any order with random arguments:
// frames from the data or NULL (flush), output buffers that are sometimes too small or
// NULL, and random GOP structures, references, vector and reconstruction buffers.
//
// The promises of include/temporal_compression.h are checked after every call and a broken
// one stops the run with __builtin_trap:
//   - the bytes returned equal *output_size and are at most the capacity and at most
//     tc_max_output_size; a non-empty output starts with the start code 00 00 00 01;
//   - TC_ERR_BUFFER_TOO_SMALL writes nothing (the buffer is checked against a fill
//     pattern), reports a size larger than the capacity, and that exact access unit comes
//     out of the next successful call; a different frame meanwhile gets TC_ERR_STATE;
//   - tc_last_error and tc_error_string never return NULL; tc_last_error_code matches the
//     code a failing call returned.
// Every buffer handed to the library is allocated at exactly the size claimed, so ASan
// reports any access past it.
#include <fuzzer/FuzzedDataProvider.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "temporal_compression.h"

namespace {

constexpr int kMaxCalls = 24;
constexpr uint8_t kFill = 0xa5;

void check(bool condition) {
    if (!condition) __builtin_trap();
}

std::unique_ptr<uint8_t[]> filled_buffer(size_t size) {
    std::unique_ptr<uint8_t[]> buffer(new uint8_t[size == 0 ? 1 : size]);
    std::memset(buffer.get(), kFill, size);
    return buffer;
}

bool untouched(const uint8_t* buffer, size_t size) {
    for (size_t i = 0; i < size; ++i) {
        if (buffer[i] != kFill) return false;
    }
    return true;
}

uint32_t pick_dimension(FuzzedDataProvider& input) {
    switch (input.ConsumeIntegralInRange(0, 7)) {
    case 0: return input.ConsumeIntegral<uint32_t>();  // anything: mostly refused
    case 1: return input.ConsumeIntegralInRange<uint32_t>(0, 16);
    case 2: return input.ConsumeIntegralInRange<uint32_t>(16, 96);  // odd sizes too
    default: return 2 * input.ConsumeIntegralInRange<uint32_t>(8, 48);
    }
}

float pick_qp_factor(FuzzedDataProvider& input) {
    switch (input.ConsumeIntegralInRange(0, 7)) {
    case 0: return std::numeric_limits<float>::quiet_NaN();
    case 1: return std::numeric_limits<float>::infinity();
    case 2: return -std::numeric_limits<float>::infinity();
    case 3: return input.ConsumeFloatingPoint<float>();
    default: return input.ConsumeFloatingPointInRange<float>(0.0f, 1.0f);
    }
}

void set_random_settings(FuzzedDataProvider& input, TCConfig* config) {
    static const char* const kNames[] = {"qp",       "keyint",   "threads",   "full-range",    "log-level",
                                         "ref",      "bframes",  "b-adapt",   "tune",          "open-gop",
                                         "scenecut", "min-keyint", "realtime", "intra-refresh", "cpu",
                                         "rect",     "merange",  "sao",       "deblock",
                                         "gpu",      "gpu-algorithm-on-cpu", "preset", "slices", "wpp",
                                         "frame-threads", "lookahead-thread", "b-qp-offset", "psnr",
                                         "gpu-decisions", "pipeline"};
    const int count = input.ConsumeIntegralInRange(0, 3);
    for (int i = 0; i < count; ++i) {
        const std::string name = input.ConsumeBool() ? std::string(input.PickValueInArray(kNames))
                                                     : input.ConsumeRandomLengthString(12);
        static const char* const kWords[] = {"zerolatency", "none", "avx2", "avx512", "auto", "ultrafast", "superfast"};
        const int kind = input.ConsumeIntegralInRange(0, 3);
        const std::string value = kind == 0   ? std::string(input.PickValueInArray(kWords))
                                  : kind == 1 ? input.ConsumeRandomLengthString(8)
                                              : std::to_string(input.ConsumeIntegralInRange(-2, 60));
        const int rc = tc_config_set(config, name.c_str(), value.c_str());
        check(rc == TC_OK || rc == TC_ERR_INVALID_CONFIG);
    }
}

// Checks the error state after a call that returned rc on a live context.
void check_error_state(TCContext* context, int rc) {
    const char* message = tc_last_error(context);
    check(message != nullptr);
    const int code = tc_last_error_code(context);
    check(code <= 0 && code >= TC_ERR_STATE);
    check(tc_error_string(code) != nullptr);
    if (rc < 0) {
        check(code == rc);
        check(message[0] != '\0');
    }
}

// The script's state next to the encoder.
struct Session {
    TCContext* context = nullptr;
    size_t max_output = 0;
    size_t frame_bytes = 0;
    uint32_t width = 0;
    uint32_t height = 0;
    // Frames stay alive for the whole script: the API matches a pending frame by address.
    std::vector<std::unique_ptr<uint8_t[]>> frames;
    bool output_pending = false;
    const uint8_t* pending_frame = nullptr;
    size_t pending_size = 0;
    bool have_frame = false;
    // Displayed frames given and pictures returned: B-frames hold frames back, a flush
    // (NULL frame) returns them one per call, none is lost or repeated.
    int64_t frames_in = 0;
    int64_t frames_out = 0;
};

const uint8_t* pick_frame(FuzzedDataProvider& input, Session& session) {
    const int choice = input.ConsumeIntegralInRange(0, 7);
    if (choice == 0) return nullptr;
    if (choice == 1 && !session.frames.empty()) {
        return session.frames[input.ConsumeIntegralInRange<size_t>(0, session.frames.size() - 1)]
            .get();
    }
    std::unique_ptr<uint8_t[]> frame(new uint8_t[session.frame_bytes]);
    const std::vector<uint8_t> content = input.ConsumeBytes<uint8_t>(session.frame_bytes);
    const uint8_t seed = input.ConsumeIntegral<uint8_t>();
    // The data's bytes first, then a moving gradient so that short inputs still give texture.
    for (size_t i = 0; i < session.frame_bytes; ++i) {
        frame[i] = i < content.size() ? content[i] : static_cast<uint8_t>(i * seed + (i >> 5));
    }
    session.frames.push_back(std::move(frame));
    return session.frames.back().get();
}

size_t pick_capacity(FuzzedDataProvider& input, const Session& session) {
    switch (input.ConsumeIntegralInRange(0, 5)) {
    case 0: return 0;
    case 1: return input.ConsumeIntegralInRange<size_t>(1, 64);
    case 2: return input.ConsumeIntegralInRange<size_t>(0, session.max_output);
    case 3: return session.pending_size;  // exactly the size a previous call asked for
    default: return session.max_output;
    }
}

void call_process_frame(FuzzedDataProvider& input, Session& session) {
    const uint8_t* frame = pick_frame(input, session);
    const size_t capacity = pick_capacity(input, session);
    const int buffer_kind = input.ConsumeIntegralInRange(0, 9);
    if (buffer_kind == 0) {
        check(tc_process_frame(session.context, frame, nullptr, nullptr) == TC_ERR_INVALID_ARG);
        check_error_state(session.context, TC_ERR_INVALID_ARG);
        return;
    }
    auto buffer = filled_buffer(capacity);
    uint8_t* output = buffer_kind == 1 ? nullptr : buffer.get();
    size_t size = capacity;
    const int rc = tc_process_frame(session.context, frame, output, &size);
    check_error_state(session.context, rc);

    if (output == nullptr && capacity > 0) {
        check(rc == TC_ERR_INVALID_ARG);
        return;
    }
    if (session.output_pending && frame != nullptr && frame != session.pending_frame) {
        check(rc == TC_ERR_STATE);  // a new frame now would lose the pending one
        return;
    }
    if (rc == TC_ERR_BUFFER_TOO_SMALL) {
        check(untouched(buffer.get(), capacity));
        check(size > capacity && size <= session.max_output);
        if (session.output_pending) check(size == session.pending_size);
        if (!session.output_pending && frame != nullptr) session.frames_in++;
        session.output_pending = true;
        session.pending_size = size;
        if (frame != nullptr) session.pending_frame = frame;
        session.have_frame = true;
        return;
    }
    check(rc >= 0);  // valid arguments on a valid context: nothing else may fail
    check(static_cast<size_t>(rc) == size);
    check(size <= capacity && size <= session.max_output);
    check(untouched(buffer.get() + size, capacity - size));
    if (session.output_pending) {
        check(size == session.pending_size);
        check(size > 0);
    } else if (frame != nullptr) {
        session.frames_in++;
    } else if (size == 0) {
        check(session.frames_out == session.frames_in);  // a flush returns 0 only when empty
    }
    if (size > 0) {
        check(size >= 4 && buffer[0] == 0 && buffer[1] == 0 && buffer[2] == 0 && buffer[3] == 1);
        session.frames_out++;  // one displayed picture per output
        session.have_frame = true;
    }
    check(session.frames_out <= session.frames_in);
    session.output_pending = false;
    session.pending_frame = nullptr;
    session.pending_size = 0;
}

void call_set_gop_structure(FuzzedDataProvider& input, Session& session) {
    const int gop_size = input.ConsumeBool() ? input.ConsumeIntegralInRange(-2, 130)
                                             : input.ConsumeIntegral<int>();
    const int b_frames = input.ConsumeBool() ? input.ConsumeIntegralInRange(-2, 9)
                                             : input.ConsumeIntegral<int>();
    tc_set_gop_structure(session.context, gop_size, b_frames);
    check_error_state(session.context, 0);
    const int code = tc_last_error_code(session.context);
    check(code == TC_OK || code == TC_ERR_INVALID_ARG || code == TC_ERR_UNSUPPORTED);
}

void call_use_reference_frame(FuzzedDataProvider& input, Session& session) {
    const uint8_t* reference = input.ConsumeBool() ? nullptr : pick_frame(input, session);
    tc_use_reference_frame(session.context, reference);
    check_error_state(session.context, 0);
    const int code = tc_last_error_code(session.context);
    check(code == TC_OK || code == TC_ERR_INVALID_ARG || code == TC_ERR_STATE ||
          code == TC_ERR_UNSUPPORTED);
    if (reference == nullptr) check(code == TC_ERR_INVALID_ARG);
}

void call_get_motion_vectors(FuzzedDataProvider& input, Session& session) {
    const size_t count = input.ConsumeIntegralInRange<size_t>(0, 8);
    std::unique_ptr<MotionVector[]> vectors(count > 0 ? new MotionVector[count] : nullptr);
    // An array of exactly `count` vectors (none: NULL), or NULL with a random count.
    MotionVector* array = input.ConsumeBool() ? nullptr : vectors.get();
    const size_t claimed = array == nullptr ? input.ConsumeIntegralInRange<size_t>(0, 3) : count;
    const int rc = tc_get_motion_vectors(session.context, array, claimed);
    check_error_state(session.context, rc);
    if (rc < 0) return;
    check(session.have_frame);
    if (array == nullptr) {
        check(claimed == 0);  // NULL with a count is refused; NULL, 0 asks for the total
        return;
    }
    check(static_cast<size_t>(rc) <= claimed);
    for (int i = 0; i < rc; ++i) {
        const MotionVector& block = vectors[i];
        check(block.x >= 0 && block.y >= 0 && block.x < static_cast<int32_t>(session.width) &&
              block.y < static_cast<int32_t>(session.height));
        check(block.width >= 4 && block.width <= 64 && block.height >= 4 && block.height <= 64);
        check(block.list >= -1 && block.list <= 1 && block.ref_idx >= -1);
        if (block.list == -1) check(block.ref_idx == -1);  // intra
    }
}

void call_get_frame_stats(FuzzedDataProvider& input, Session& session) {
    TCFrameStats stats;
    const bool null_stats = input.ConsumeBool();
    const int rc = tc_get_frame_stats(session.context, null_stats ? nullptr : &stats);
    check_error_state(session.context, rc);
    if (rc == TC_OK) {
        check(session.have_frame);
        check(stats.slice_type == 'I' || stats.slice_type == 'P' || stats.slice_type == 'B');
        check(stats.qp >= 0 && stats.qp <= 51);
        check(stats.frame_number >= 0);
    }
}

void call_get_reconstructed_frame(FuzzedDataProvider& input, Session& session) {
    size_t size = 0;
    switch (input.ConsumeIntegralInRange(0, 3)) {
    case 0: size = session.frame_bytes; break;
    case 1: size = input.ConsumeIntegralInRange<size_t>(0, session.frame_bytes); break;
    case 2: size = session.frame_bytes + input.ConsumeIntegralInRange<size_t>(1, 64); break;
    default: size = input.ConsumeIntegralInRange<size_t>(0, 16); break;
    }
    auto buffer = filled_buffer(size);
    const bool null_buffer = input.ConsumeIntegralInRange(0, 7) == 0;
    const int rc = tc_get_reconstructed_frame(session.context, null_buffer ? nullptr : buffer.get(),
                                              size);
    check_error_state(session.context, rc);
    if (rc == TC_ERR_BUFFER_TOO_SMALL) check(untouched(buffer.get(), size));
    if (rc >= 0) {
        check(session.have_frame);
        check(static_cast<size_t>(rc) == session.frame_bytes && session.frame_bytes <= size);
        check(untouched(buffer.get() + rc, size - rc));
    }
}

void run_calls(FuzzedDataProvider& input, Session& session, TCConfig* config) {
    for (int call = 0; call < kMaxCalls && input.remaining_bytes() > 0; ++call) {
        switch (input.ConsumeIntegralInRange(0, 9)) {
        case 0:
        case 1:
        case 2: call_process_frame(input, session); break;
        case 3: call_set_gop_structure(input, session); break;
        case 4: call_use_reference_frame(input, session); break;
        case 5: call_get_motion_vectors(input, session); break;
        case 6: call_get_frame_stats(input, session); break;
        case 7: call_get_reconstructed_frame(input, session); break;
        case 8:
            // Settings after tc_init belong to the next tc_init of this TCConfig; they must
            // not disturb the running encoder.
            set_random_settings(input, config);
            break;
        default:
            check(tc_error_string(input.ConsumeIntegral<int>()) != nullptr);
            check(tc_last_error(nullptr) != nullptr);
            check(tc_process_frame(nullptr, nullptr, nullptr, nullptr) == TC_ERR_INVALID_ARG);
            break;
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    FuzzedDataProvider input(data, size);
    TCConfig config;
    config.width = pick_dimension(input);
    config.height = pick_dimension(input);
    config.fps = input.ConsumeBool() ? input.ConsumeIntegralInRange<uint32_t>(0, 310)
                                     : input.ConsumeIntegral<uint32_t>();
    config.qp_factor = pick_qp_factor(input);
    config.enable_hardware_accel = input.ConsumeBool();
    set_random_settings(input, &config);

    // Keep the encodes small: a fuzzer wants many short runs.
    constexpr uint64_t kMaxSamples = 96 * 96;
    if (config.width <= 8192 && config.height <= 4320 &&
        static_cast<uint64_t>(config.width) * config.height > kMaxSamples) {
        tc_config_reset(&config);
        return 0;
    }

    const size_t max_output = tc_max_output_size(&config);
    TCContext* context = tc_init(&config);
    check(tc_init_error() != nullptr);
    const bool valid = std::isfinite(config.qp_factor) && config.qp_factor >= 0.0f &&
                       config.qp_factor <= 1.0f;
    if (context == nullptr) {
        check(tc_init_error()[0] != '\0');
        tc_config_reset(&config);
        return 0;
    }
    check(valid && max_output > 0);
    check(config.width % 2 == 0 && config.height % 2 == 0);
    check(config.width >= 16 && config.height >= 16 && config.fps >= 1 && config.fps <= 300);

    Session session;
    session.context = context;
    session.max_output = max_output;
    session.width = config.width;
    session.height = config.height;
    session.frame_bytes = static_cast<size_t>(config.width) * config.height * 3 / 2;
    check(tc_last_error(context) != nullptr && tc_last_error_code(context) == TC_OK);
    run_calls(input, session, &config);
    tc_destroy(context);
    tc_config_reset(&config);
    return 0;
}
