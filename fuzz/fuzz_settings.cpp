// Fuzzes every parser of settings: tc_config_set and the internal apply_setting /
// validate_settings, and the command line (parse_command_line, parse_resolution).
//
// The first byte picks the target; the rest is split at '\0' bytes into strings:
//   0: name, value pairs to tc_config_set on one TCConfig, then tc_max_output_size and
//      (for a small picture) tc_init, and to apply_setting, whose verdicts must agree;
//   1: a command line "tcenc <strings...>" for parse_command_line;
//   2: parse_resolution of the whole rest.
// A broken promise stops the run with __builtin_trap.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "encoder/encoder_settings.h"
#include "temporal_compression.h"
#ifdef TCENC_FUZZ_HAVE_CLI11
#include "cli_options.h"
#endif

namespace {

void check(bool condition) {
    if (!condition) __builtin_trap();
}

std::vector<std::string> split_at_nul(std::string_view text) {
    std::vector<std::string> parts;
    size_t start = 0;
    while (start <= text.size()) {
        const size_t end = std::min(text.find('\0', start), text.size());
        parts.emplace_back(text.substr(start, end - start));
        start = end + 1;
    }
    return parts;
}

void check_settings_in_range(const tc::EncoderSettings& settings) {
    check(settings.qp >= 0 && settings.qp <= 51);
    check(settings.keyint >= 1 && settings.keyint <= 1000);
    check(settings.threads >= 0 && settings.threads <= 256);
}

void fuzz_config_set(const std::vector<std::string>& strings) {
    TCConfig config = {64, 32, 30, 0.5f, false};
    tc::EncoderSettings settings;
    settings.width = 64;
    settings.height = 32;
    settings.fps = 30;
    for (size_t i = 0; i + 1 < strings.size(); i += 2) {
        const std::string& name = strings[i];
        const std::string& value = strings[i + 1];
        tc::EncoderSettings probe = settings;
        std::string error;
        const bool accepted = tc::apply_setting(probe, name, value, error);
        check(accepted == error.empty());
        check_settings_in_range(probe);
        if (accepted) settings = probe;

        const int rc = tc_config_set(&config, name.c_str(), value.c_str());
        // tc_config_set sees the name up to its first NUL, which split_at_nul already cut at.
        check(rc == (accepted ? TC_OK : TC_ERR_INVALID_CONFIG));
    }
    check(tc_config_set(nullptr, "qp", "1") == TC_ERR_INVALID_ARG);
    check(tc_config_set(&config, nullptr, "1") == TC_ERR_INVALID_ARG);
    check(tc_config_set(&config, "qp", nullptr) == TC_ERR_INVALID_ARG);

    std::string error;
    check(tc::validate_settings(settings, error));
    // Only accepted settings reach the registry, so the configuration stays valid.
    check(tc_max_output_size(&config) > 0);
    if (strings.size() % 4 == 1) {
        TCContext* context = tc_init(&config);
        check(context != nullptr);
        check(tc_last_error(context) != nullptr);
        tc_destroy(context);
    } else {
        tc_config_reset(&config);
    }
    check(tc_max_output_size(&config) > 0);
}

#ifdef TCENC_FUZZ_HAVE_CLI11
// Sends std::cout and std::cerr nowhere while it lives: help and usage errors are expected.
class SilenceStreams {
public:
    SilenceStreams() : out_(std::cout.rdbuf(nullptr)), err_(std::cerr.rdbuf(nullptr)) {}
    ~SilenceStreams() {
        std::cout.rdbuf(out_);
        std::cerr.rdbuf(err_);
        std::cout.clear();
        std::cerr.clear();
    }

private:
    std::streambuf* out_;
    std::streambuf* err_;
};

void fuzz_command_line(const std::vector<std::string>& strings) {
    std::vector<std::string> arguments = {"tcenc"};
    arguments.insert(arguments.end(), strings.begin(), strings.end());
    std::vector<char*> argv;
    for (std::string& argument : arguments) argv.push_back(argument.data());
    argv.push_back(nullptr);

    tc::cli::CliOptions options;
    tc::cli::ParseOutcome outcome;
    {
        SilenceStreams silence;
        outcome = tc::cli::parse_command_line(static_cast<int>(arguments.size()), argv.data(),
                                              &options);
    }
    if (!outcome.run) {
        check(outcome.exit_code == 0 || outcome.exit_code == 2);
        return;
    }
    check(outcome.exit_code == 0);
    // -i "" and -o "" are accepted here and refused when the files are opened (": cannot
    // open"), so empty paths are allowed.
    check(options.max_frames >= 0);
    if (options.qp) check(*options.qp >= 0 && *options.qp <= 51);
    // NaN passes CLI11's Range check (both comparisons are false); tc_init then refuses it
    // with "qp_factor must be in [0, 1]", so it is a late error, not a crash: allowed here.
    if (options.qp_factor && !std::isnan(*options.qp_factor)) {
        check(*options.qp_factor >= 0.0f && *options.qp_factor <= 1.0f);
    }
    if (options.keyint) check(*options.keyint >= 1 && *options.keyint <= 1000);
    if (options.threads) check(*options.threads >= 0 && *options.threads <= 256);
    if (options.fps) check(*options.fps >= 1 && *options.fps <= 300);
    if (options.raw_input) check(options.raw_width > 0 && options.raw_height > 0);
}

void fuzz_resolution(std::string_view text) {
    int width = -1;
    int height = -1;
    if (tc::cli::parse_resolution(text, &width, &height)) {
        check(width > 0 && width < 1000000 && height > 0 && height < 1000000);
    }
}
#endif

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0 || size > 4096) return 0;
    const std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
    switch (data[0] % 3) {
    case 0:
        fuzz_config_set(split_at_nul(rest));
        break;
#ifdef TCENC_FUZZ_HAVE_CLI11
    case 1:
        fuzz_command_line(split_at_nul(rest));
        break;
    case 2:
        fuzz_resolution(rest);
        break;
#endif
    default:
        break;
    }
    return 0;
}
