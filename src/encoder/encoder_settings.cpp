#include "encoder/encoder_settings.h"

#include <bit>
#include <charconv>
#include <cmath>

#include "encoder/presets.h"

namespace tc {

namespace {

bool parse_int(std::string_view text, int minimum, int maximum, int& value) {
    int parsed = 0;
    const char* end = text.data() + text.size();
    const auto result = std::from_chars(text.data(), end, parsed);
    if (result.ec != std::errc() || result.ptr != end || text.empty()) return false;
    if (parsed < minimum || parsed > maximum) return false;
    value = parsed;
    return true;
}

bool parse_bool(std::string_view text, bool& value) {
    if (text == "1" || text == "true" || text == "yes" || text == "on") {
        value = true;
        return true;
    }
    if (text == "0" || text == "false" || text == "no" || text == "off") {
        value = false;
        return true;
    }
    return false;
}

std::string range_error(std::string_view name, std::string_view value, int minimum, int maximum) {
    return "setting '" + std::string(name) + "': '" + std::string(value) + "' is not an integer in [" +
           std::to_string(minimum) + ", " + std::to_string(maximum) + "]";
}

}  // namespace

bool apply_setting(EncoderSettings& settings, std::string_view name, std::string_view value, std::string& error) {
    struct IntSetting {
        std::string_view name;
        int EncoderSettings::*field;
        int minimum, maximum;
    };
    static constexpr IntSetting kIntSettings[] = {
        {"qp", &EncoderSettings::qp, 0, 51},
        {"keyint", &EncoderSettings::keyint, 1, 1000},
        {"threads", &EncoderSettings::threads, 0, 256},
        {"ref", &EncoderSettings::refs, 1, 4},
        {"merange", &EncoderSettings::search_range, 0, 1024},
        {"bframes", &EncoderSettings::b_frames, 0, 7},
        {"b-qp-offset", &EncoderSettings::b_qp_offset, 0, 12},
        {"min-keyint", &EncoderSettings::min_keyint, 0, 1000},
        {"scenecut", &EncoderSettings::scenecut, 0, 100},
        {"gpu-device", &EncoderSettings::gpu_device, 0, 63},
        {"max-merge", &EncoderSettings::max_merge, 1, 5},
        {"gpu-cu8", &EncoderSettings::gpu_cu8, -1, 1},
        {"gpu-intra", &EncoderSettings::gpu_intra, 0, 64},
        {"gpu-intra8", &EncoderSettings::gpu_intra8, 0, 64},
        // 16: the fewest slice segments per picture any level allows (A.4.1, Table A.8).
        {"slices", &EncoderSettings::slices, 1, 16},
        {"frame-threads", &EncoderSettings::frame_threads, 0, 2},
        {"hash-threads", &EncoderSettings::hash_threads, 0, 4},
        {"hash-lanes", &EncoderSettings::hash_lanes, -1, 1},
        {"signhide", &EncoderSettings::sign_hide, -1, 1},
    };
    for (const IntSetting& s : kIntSettings) {
        if (name != s.name) continue;
        if (!parse_int(value, s.minimum, s.maximum, settings.*(s.field))) {
            error = range_error(name, value, s.minimum, s.maximum);
            return false;
        }
        return true;
    }
    struct BoolSetting {
        std::string_view name;
        bool EncoderSettings::*field;
    };
    static constexpr BoolSetting kBoolSettings[] = {
        {"deblock", &EncoderSettings::deblock},
        {"sao", &EncoderSettings::sao},
        {"rect", &EncoderSettings::rect},
        {"wpp", &EncoderSettings::wpp},
        {"full-range", &EncoderSettings::full_range},
        {"lookahead-thread", &EncoderSettings::lookahead_thread},
        {"coarse-prefetch", &EncoderSettings::coarse_prefetch},
        {"psnr", &EncoderSettings::psnr},
        {"b-adapt", &EncoderSettings::b_adapt},
        {"open-gop", &EncoderSettings::open_gop},
        {"intra-refresh", &EncoderSettings::intra_refresh},
        {"realtime", &EncoderSettings::realtime},
        {"low-delay-b", &EncoderSettings::low_delay_b},
        {"gpu", &EncoderSettings::hardware_accel},
        {"gpu-algorithm-on-cpu", &EncoderSettings::gpu_algorithm_on_cpu},
        {"gpu-decisions", &EncoderSettings::gpu_decisions},
        {"gpu-filters", &EncoderSettings::gpu_filters},
        {"gpu-cu-sizes", &EncoderSettings::gpu_cu_sizes},
        {"gpu-skips", &EncoderSettings::gpu_skips},
        {"gpu-async", &EncoderSettings::gpu_async},
        {"pipeline", &EncoderSettings::pipeline},
        {"pipeline-rows", &EncoderSettings::pipeline_rows},
    };
    for (const BoolSetting& s : kBoolSettings) {
        if (name != s.name) continue;
        if (!parse_bool(value, settings.*(s.field))) {
            error = "setting '" + std::string(name) + "': '" + std::string(value) + "' is not 0 or 1";
            return false;
        }
        return true;
    }
    // The search knobs of the presets, one by one (set after "preset" to refine it).
    struct EffortSetting {
        std::string_view name;
        int SearchEffort::*field;
        int minimum, maximum;
    };
    static constexpr EffortSetting kEffortSettings[] = {
        {"subme", &SearchEffort::subpel_steps, 0, 2},
    };
    for (const EffortSetting& s : kEffortSettings) {
        if (name != s.name) continue;
        if (!parse_int(value, s.minimum, s.maximum, settings.effort.*(s.field))) {
            error = range_error(name, value, s.minimum, s.maximum);
            return false;
        }
        return true;
    }
    struct EffortFlag {
        std::string_view name;
        bool SearchEffort::*field;
    };
    static constexpr EffortFlag kEffortFlags[] = {
        {"early-skip", &SearchEffort::early_skip},
        {"rskip", &SearchEffort::recursion_skip},
        {"full-rd-inter", &SearchEffort::full_rd_inter},
        {"intra-in-inter", &SearchEffort::intra_in_inter},
        {"fast-intra", &SearchEffort::fast_intra},
        {"estimate-rate", &SearchEffort::estimate_residual_rate},
        {"chroma-mode-search", &SearchEffort::chroma_mode_search},
        {"sao-nonref", &SearchEffort::sao_non_reference},
        {"sao-band", &SearchEffort::sao_band_offsets},
        {"qpel-after-hpel", &SearchEffort::quarter_after_half},
        {"subpel-fit", &SearchEffort::subpel_fit},
    };
    for (const EffortFlag& s : kEffortFlags) {
        if (name != s.name) continue;
        if (!parse_bool(value, settings.effort.*(s.field))) {
            error = "setting '" + std::string(name) + "': '" + std::string(value) + "' is not 0 or 1";
            return false;
        }
        return true;
    }
    if (name == "min-cu-size" || name == "max-cu-size" || name == "max-search-cu-size" ||
        name == "max-intra-cu-size") {
        int size = 0;
        if (!parse_int(value, 8, 64, size) || (size & (size - 1)) != 0) {
            error = "setting '" + std::string(name) + "': '" + std::string(value) + "' is not 8, 16, 32 or 64";
            return false;
        }
        const int log2_size = std::countr_zero(static_cast<unsigned>(size));
        (name == "min-cu-size"          ? settings.effort.min_cu_log2
         : name == "max-cu-size"        ? settings.effort.max_cu_log2
         : name == "max-search-cu-size" ? settings.effort.max_search_cu_log2
                                        : settings.effort.max_intra_cu_log2) = log2_size;
        if (name == "max-search-cu-size" || name == "max-intra-cu-size") settings.effort.scale_cu_limits = false;
        return true;
    }
    if (name == "tune") {
        // psnr: what tcenc always optimises (no psycho-visual tuning); accepted for x265 users.
        if (value != "zerolatency" && value != "psnr" && value != "none") {
            error = "setting 'tune': '" + std::string(value) + "' is not zerolatency, psnr or none";
            return false;
        }
        settings.zero_latency = value == "zerolatency";
        return true;
    }
    if (name == "preset") return apply_preset(settings, value, error);
    if (name == "cpu") {
        if (value == "auto") {
            settings.cpu.reset();
            return true;
        }
        const CpuLevelParseResult parsed = parse_cpu_level(value);
        if (!parsed.ok()) {
            error = "setting 'cpu': " + parsed.error + " or auto";
            return false;
        }
        settings.cpu = parsed.level;
        return true;
    }
    error = "unknown setting '" + std::string(name) + "'";
    return false;
}

bool validate_settings(const EncoderSettings& settings, std::string& error) {
    if (settings.width < kMinPictureSize || settings.height < kMinPictureSize ||
        settings.width > kMaxPictureWidth || settings.height > kMaxPictureHeight) {
        error = "picture size " + std::to_string(settings.width) + "x" + std::to_string(settings.height) +
                " is outside 16x16 .. 8192x4320";
        return false;
    }
    if (settings.width % 2 != 0 || settings.height % 2 != 0) {
        error = "picture size " + std::to_string(settings.width) + "x" + std::to_string(settings.height) +
                " is odd: 4:2:0 needs even width and height";
        return false;
    }
    if (settings.intra_refresh && settings.b_frames > 0 && !settings.zero_latency) {
        error = "intra-refresh needs a low-delay GOP: set bframes to 0 (or tune zerolatency)";
        return false;
    }
    if (settings.pipeline && settings.b_frames > 0 && !settings.zero_latency) {
        error = "pipeline needs a low-delay GOP: set bframes to 0 (or tune zerolatency)";
        return false;
    }
    if (settings.pipeline_rows && !settings.pipeline) {
        error = "pipeline-rows needs pipeline";
        return false;
    }
    if (settings.hash_threads == 1) {
        error = "hash-threads 1: 0 (automatic) or 2 to 4";
        return false;
    }
    if (settings.hash_threads != 0 && !settings.pipeline_rows) {
        error = "hash-threads needs pipeline-rows";
        return false;
    }
    if (settings.hash_lanes == 1 && !settings.pipeline_rows) {
        error = "hash-lanes needs pipeline-rows";
        return false;
    }
    if (settings.pipeline_rows && settings.realtime) {
        error = "pipeline-rows and realtime do not go together (realtime changes the search between calls)";
        return false;
    }
    if (settings.effort.min_cu_log2 > settings.effort.max_cu_log2) {
        error = "min-cu-size " + std::to_string(1 << settings.effort.min_cu_log2) + " is larger than max-cu-size " +
                std::to_string(1 << settings.effort.max_cu_log2);
        return false;
    }
    if (settings.fps < 1 || settings.fps > kMaxFps) {
        error = "fps " + std::to_string(settings.fps) + " is outside 1 .. 300";
        return false;
    }
    return true;
}

int qp_from_factor(float qp_factor) {
    return static_cast<int>(std::lround(51.0 * (1.0 - static_cast<double>(qp_factor))));
}

}  // namespace tc
