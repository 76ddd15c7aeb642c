#include "cli_options.h"

#include <CLI/CLI.hpp>
#include <cctype>
#include <cstdio>
#include <iostream>
#include <optional>

#include "temporal_compression.h"

namespace tc::cli {
namespace {

constexpr int kUsageErrorExitCode = 2;

bool ends_with_yuv(const std::string& path) {
    if (path.size() < 4) return false;
    std::string tail = path.substr(path.size() - 4);
    for (char& c : tail) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return tail == ".yuv";
}

ParseOutcome usage_error(const std::string& message) {
    std::cerr << "tcenc: error: " << message << "\n"
              << "Run 'tcenc --help' for the list of options.\n";
    return {false, kUsageErrorExitCode};
}

}  // namespace

bool parse_resolution(std::string_view text, int* width, int* height) {
    const size_t x = text.find_first_of("xX");
    if (x == std::string_view::npos) return false;
    auto parse = [](std::string_view digits, int* value) {
        if (digits.empty() || digits.size() > 6) return false;
        int result = 0;
        for (char c : digits) {
            if (c < '0' || c > '9') return false;
            result = result * 10 + (c - '0');
        }
        *value = result;
        return result > 0;
    };
    return parse(text.substr(0, x), width) && parse(text.substr(x + 1), height);
}

ParseOutcome parse_command_line(int argc, char** argv, CliOptions* options) {
    CLI::App app("tcenc: a low-latency H.265/HEVC encoder.\n"
                 "Reads y4m or raw 8-bit 4:2:0 video and writes an Annex B .hevc stream.",
                 "tcenc");
    app.set_version_flag("--version", std::string(tc_version()));

    std::string input_res;
    app.add_option("-i,--input", options->input, "Input .y4m or raw .yuv file, '-' for stdin")
        ->required();
    app.add_option("-o,--output", options->output, "Output .hevc file, '-' for stdout")
        ->required();
    auto* qp = app.add_option("--qp", options->qp, "Constant QP 0..51 (default 27)")
                   ->check(CLI::Range(0, 51));
    app.add_option("--qp-factor", options->qp_factor,
                   "Quality dial 0..1, 1 = best: QP = round(51 * (1 - F))")
        ->check(CLI::Range(0.0, 1.0))
        ->excludes(qp);
    app.add_option("--frames", options->max_frames, "Encode at most N frames (0 = all)")
        ->check(CLI::NonNegativeNumber);
    app.add_option("--keyint", options->keyint, "IDR period in frames")
        ->check(CLI::Range(1, 1000));
    app.add_option("--recon", options->recon, "Write the reconstructed frames to a .y4m file");
    app.add_option("--csv", options->csv, "Write per-frame statistics to a .csv file (with PSNR)");
    app.add_flag("--psnr", options->psnr, "Measure each frame's PSNR against the input (in the summary)");
    app.add_option("--input-res", input_res, "Size of raw input, WxH (makes the input raw)");
    app.add_option("--fps", options->fps, "Frame rate (overrides the y4m header; raw default 25)")
        ->check(CLI::Range(1, 300));
    app.add_option("--threads", options->threads, "Worker threads, 0 = one per core")
        ->check(CLI::Range(0, 256));
    app.add_flag("--quiet", options->quiet, "Print nothing but errors");
    std::string preset;
    app.add_option("--preset", preset,
                   "Speed against compression: ultrafast superfast veryfast faster fast medium (default) slow; "
                   "the options below override it")
        ->check(CLI::IsMember({"ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow"}));
    std::optional<int> refs, merange, slices;
    bool no_deblock = false, no_sao = false, no_rect = false, no_wpp = false;
    app.add_option("--ref", refs, "Reference pictures of P pictures, 1..4 (default 1)")->check(CLI::Range(1, 4));
    app.add_option("--merange", merange, "Motion search range in full samples (default by size)")
        ->check(CLI::Range(1, 1024));
    app.add_flag("--no-deblock", no_deblock, "Turn the deblocking filter off");
    app.add_flag("--no-sao", no_sao, "Turn sample adaptive offset off");
    app.add_flag("--no-rect", no_rect, "Only square prediction units (faster, a few % more bits)");
    app.add_flag("--no-wpp", no_wpp, "No wavefront parallel processing (analysis and CABAC on one thread)");
    app.add_option("--slices", slices,
                   "Slices per picture, 1..16 (default 1): bands of CTU rows coded side by side (lower "
                   "latency on many cores, a few % more bits), each its own NAL unit")
        ->check(CLI::Range(1, 16));
    app.add_option("--ref-frame", options->ref_frame,
                   "A .y4m whose first frame is given to the encoder as an external reference picture "
                   "(coded, never displayed) before the first frame");
    app.add_option("--mvs", options->mvs, "Write every frame's prediction blocks and vectors to a .csv file");
    std::optional<int> bframes, min_keyint, scenecut;
    std::string tune;
    bool open_gop = false, no_b_adapt = false, intra_refresh = false, realtime = false, low_delay_b = false;
    app.add_option("--bframes", bframes, "B-frames between anchors, 0..7 (default 0: low-delay P)")
        ->check(CLI::Range(0, 7));
    app.add_option("--tune", tune,
                   "zerolatency: no B-frames, no lookahead, each call returns its frame; psnr: accepted "
                   "for x265 users (tcenc always optimises PSNR)")
        ->check(CLI::IsMember({"zerolatency", "psnr", "none"}));
    app.add_option("--min-keyint", min_keyint, "Scene cuts closer than N frames to an intra picture are ignored")
        ->check(CLI::Range(1, 1000));
    app.add_option("--scenecut", scenecut, "Scene-cut sensitivity 0..100 (0 = off, default 40)")
        ->check(CLI::Range(0, 100));
    app.add_flag("--open-gop", open_gop, "Intra pictures after the first are CRA (POC continues), not IDR");
    app.add_flag("--intra-refresh", intra_refresh,
                 "Live: a column of intra CTUs sweeps the picture every --keyint frames instead of IDR "
                 "pictures (no keyframe bitrate spikes; needs --bframes 0)");
    app.add_flag("--low-delay-b", low_delay_b,
                 "Without B-frames: code the pictures as B pictures predicted from two lists of earlier "
                 "pictures (bi-prediction, zero delay)");
    app.add_flag("--realtime", realtime,
                 "Keep up with the frame rate: step down to cheaper settings when frames take longer "
                 "than 1/fps, back up with headroom (changes in the --csv file)");
    app.add_flag("--no-b-adapt", no_b_adapt, "Always the full number of B-frames (no lookahead decision)");
    std::optional<int> gpu_device;
    bool gpu_algorithm_on_cpu = false;
    bool gpu_decisions = false;
    bool gpu_filters = false, no_gpu_filters = false;
    app.add_flag("--gpu", options->gpu,
                 "Motion search on the CUDA GPU: pyramid, coarse and per-block search, the analysis "
                 "choosing among the GPU's vectors (falls back to the CPU path with a notice when "
                 "there is no GPU)");
    app.add_option("--gpu-device", gpu_device, "CUDA device index for --gpu (default 0)")->check(CLI::Range(0, 63));
    app.add_flag("--gpu-algorithm-on-cpu", gpu_algorithm_on_cpu,
                 "With --gpu: run the GPU's algorithm on the CPU (slow; the GPU's stream, for testing)");
    app.add_flag("--gpu-decisions", gpu_decisions,
                 "With --gpu: P pictures decided, predicted, transformed and reconstructed on the GPU, "
                 "the CPU only entropy-coding and filtering them (fastest; inter-only P pictures, "
                 "larger streams)");
    // Two flags, not one with a "!" negation: CLI11 assigns a negatable flag's std::optional
    // even when neither spelling is given, which would override the setting's default.
    CLI::Option* gpu_filters_flag = app.add_flag(
        "--gpu-filters", gpu_filters,
        "With --gpu-decisions: the GPU also deblocks those P pictures and, in one slice, decides and applies "
        "their SAO (the default; less CPU work)");
    app.add_flag("--no-gpu-filters", no_gpu_filters, "With --gpu-decisions: deblocking and SAO on the CPU")
        ->excludes(gpu_filters_flag);
    bool pipeline = false;
    app.add_flag("--pipeline", pipeline,
                 "Low-delay P: hash each picture (MD5 SEI) on a thread of its own while the next one is "
                 "coded; each access unit comes one frame later (more frames a second at 4K and 8K)");
    bool pipeline_rows = false;
    app.add_flag("--pipeline-rows", pipeline_rows,
                 "With --pipeline (implied): also finish each picture's rows on a thread of their own while the "
                 "next frame is read and searched; each access unit comes hash-threads frames later "
                 "(--set hash-threads=N, 2-4; 3 above two 1080p pictures, else 2), one more with "
                 "--gpu-decisions, whose GPU coding the rows then wait for (--set gpu-async=0: the call waits); "
                 "the pictures in flight hashed together on MD5 lanes where the CPU has AVX-512 "
                 "(--set hash-lanes=1 always, 0 never)");
    std::string cpu;
    app.add_option("--cpu", cpu, "SIMD kernels: auto (default: TCENC_CPU, else the best the CPU has), none, avx2, avx512")
        ->check(CLI::IsMember({"auto", "none", "avx2", "avx512"}));

    std::vector<std::string> extra_settings;
    app.add_option("--set", extra_settings,
                   "Any extended setting as NAME=VALUE (repeatable, applied last), e.g. --set min-cu-size=16 "
                   "--set subme=1; the names are listed in docs/API.md");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() == 0) return {false, app.exit(e)};  // --help or --version
        return usage_error(e.what());
    }

    if (!preset.empty()) options->settings.emplace_back("preset", preset);  // first: the others override it
    if (refs) options->settings.emplace_back("ref", std::to_string(*refs));
    if (merange) options->settings.emplace_back("merange", std::to_string(*merange));
    if (no_deblock) options->settings.emplace_back("deblock", "0");
    if (no_sao) options->settings.emplace_back("sao", "0");
    if (no_rect) options->settings.emplace_back("rect", "0");
    if (no_wpp) options->settings.emplace_back("wpp", "0");
    if (slices) options->settings.emplace_back("slices", std::to_string(*slices));
    if (bframes) options->settings.emplace_back("bframes", std::to_string(*bframes));
    if (!tune.empty()) options->settings.emplace_back("tune", tune);
    if (min_keyint) options->settings.emplace_back("min-keyint", std::to_string(*min_keyint));
    if (scenecut) options->settings.emplace_back("scenecut", std::to_string(*scenecut));
    if (open_gop) options->settings.emplace_back("open-gop", "1");
    if (no_b_adapt) options->settings.emplace_back("b-adapt", "0");
    if (!cpu.empty()) options->settings.emplace_back("cpu", cpu);
    if (intra_refresh) options->settings.emplace_back("intra-refresh", "1");
    if (realtime) options->settings.emplace_back("realtime", "1");
    if (low_delay_b) options->settings.emplace_back("low-delay-b", "1");
    if (options->gpu) options->settings.emplace_back("gpu", "1");
    if (gpu_device) options->settings.emplace_back("gpu-device", std::to_string(*gpu_device));
    if (gpu_algorithm_on_cpu) options->settings.emplace_back("gpu-algorithm-on-cpu", "1");
    if (gpu_decisions) options->settings.emplace_back("gpu-decisions", "1");
    if (gpu_filters) options->settings.emplace_back("gpu-filters", "1");
    if (no_gpu_filters) options->settings.emplace_back("gpu-filters", "0");
    if (pipeline || pipeline_rows) options->settings.emplace_back("pipeline", "1");
    if (pipeline_rows) options->settings.emplace_back("pipeline-rows", "1");
    for (const std::string& setting : extra_settings) {
        const size_t equals = setting.find('=');
        if (equals == std::string::npos || equals == 0) {
            return usage_error("--set '" + setting + "' is not of the form NAME=VALUE");
        }
        options->settings.emplace_back(setting.substr(0, equals), setting.substr(equals + 1));
    }
    options->raw_input = !input_res.empty() || ends_with_yuv(options->input);
    if (options->raw_input) {
        if (input_res.empty()) {
            return usage_error("raw input " + options->input + " needs --input-res WxH");
        }
        if (!parse_resolution(input_res, &options->raw_width, &options->raw_height)) {
            return usage_error("--input-res '" + input_res +
                               "' is not of the form WxH with positive numbers");
        }
    }
    return {true, 0};
}

}  // namespace tc::cli
