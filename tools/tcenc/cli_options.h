// The tcenc command line: what the user asked for, parsed with CLI11.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tc::cli {

struct CliOptions {
    std::string input;   // path or "-" for stdin
    std::string output;  // path or "-" for stdout
    std::string recon;   // empty: no reconstruction file
    std::string csv;     // empty: no per-frame statistics
    std::optional<int> qp;
    std::optional<float> qp_factor;
    int64_t max_frames = 0;  // 0: every frame of the input
    std::optional<int> keyint;
    std::optional<int> threads;
    std::optional<int> fps;  // overrides the y4m rate; the rate of raw input (default 25)
    bool raw_input = false;  // .yuv name or --input-res given
    int raw_width = 0;
    int raw_height = 0;
    bool quiet = false;
    bool psnr = false;   // --psnr
    std::string mvs;     // empty: no motion vector file
    std::string ref_frame;  // a .y4m whose first frame becomes an external reference picture
    bool gpu = false;       // --gpu: the session tells when the encoder fell back to the CPU
    // Further encoder settings, passed to tc_config_set by name.
    std::vector<std::pair<std::string, std::string>> settings;

    // Whether the encoder measures each picture's PSNR: asked for by --psnr, or needed by --csv.
    bool measures_psnr() const { return psnr || !csv.empty(); }
};

// The QP when neither --qp nor --qp-factor is given.
inline constexpr int kDefaultQp = 27;
// The frame rate of raw input without --fps.
inline constexpr int kDefaultRawFps = 25;

// Parses "WxH" with positive decimal numbers.
bool parse_resolution(std::string_view text, int* width, int* height);

struct ParseOutcome {
    bool run = false;   // false: exit now with exit_code (help, version or a usage error)
    int exit_code = 0;
};

// Fills *options from argv. Prints help and the version to stdout and usage errors to stderr
// as "tcenc: error: ...".
ParseOutcome parse_command_line(int argc, char** argv, CliOptions* options);

}  // namespace tc::cli
