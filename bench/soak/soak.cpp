// Soak benchmark: encodes many frames of a small moving synthetic picture through the public
// C API and checks that the process's memory stays flat (no leak or growth per frame).
//
//   tcenc_soak [--frames N] [--size WxH] [--qp QP] [--tolerance-kb K]
//
// Defaults: 20000 frames of 64x64 at QP 32, tolerance 1024 KiB. Prints the resident set
// (VmRSS) and its peak (VmHWM) from /proc/self/status after frame 100 and every
// --frames/10 frames, then at the end. Exits with 1 when VmRSS at the end exceeds VmRSS
// after frame 100 by more than the tolerance, or when any call fails.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "temporal_compression.h"

namespace {

struct Options {
    int64_t frames = 20000;
    uint32_t width = 64;
    uint32_t height = 64;
    int qp = 32;
    int64_t tolerance_kb = 1024;
};

struct Memory {
    int64_t rss_kb = -1;
    int64_t peak_kb = -1;
};

// VmRSS and VmHWM of this process, in KiB (-1 when /proc is not there).
Memory read_memory() {
    Memory memory;
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("VmRSS:", 0) == 0) memory.rss_kb = std::atoll(line.c_str() + 6);
        if (line.rfind("VmHWM:", 0) == 0) memory.peak_kb = std::atoll(line.c_str() + 6);
    }
    return memory;
}

bool parse_options(int argc, char** argv, Options* options) {
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        const char* value = i + 1 < argc ? argv[i + 1] : nullptr;
        if (value == nullptr) return false;
        if (arg == "--frames") {
            options->frames = std::atoll(value);
        } else if (arg == "--size") {
            unsigned width = 0, height = 0;
            if (std::sscanf(value, "%ux%u", &width, &height) != 2) return false;
            options->width = width;
            options->height = height;
        } else if (arg == "--qp") {
            options->qp = std::atoi(value);
        } else if (arg == "--tolerance-kb") {
            options->tolerance_kb = std::atoll(value);
        } else {
            return false;
        }
        ++i;
    }
    return options->frames > 100;
}

// A gradient that scrolls and a bright square that moves diagonally; chroma drifts slowly.
void draw_frame(int64_t index, uint32_t width, uint32_t height, std::vector<uint8_t>& frame) {
    uint8_t* luma = frame.data();
    const int64_t square_x = (index * 3) % width;
    const int64_t square_y = (index * 2) % height;
    for (uint32_t y = 0; y < height; ++y) {
        for (uint32_t x = 0; x < width; ++x) {
            const bool in_square = x >= square_x && x < square_x + 16 && y >= square_y && y < square_y + 16;
            luma[y * width + x] = in_square ? 235 : static_cast<uint8_t>(16 + ((x + y + index) * 3) % 200);
        }
    }
    const size_t chroma_size = static_cast<size_t>(width / 2) * (height / 2);
    uint8_t* cb = luma + static_cast<size_t>(width) * height;
    uint8_t* cr = cb + chroma_size;
    for (size_t i = 0; i < chroma_size; ++i) {
        cb[i] = static_cast<uint8_t>(128 + ((i + index / 4) % 32) - 16);
        cr[i] = static_cast<uint8_t>(128 - ((i / 3 + index / 8) % 32) + 16);
    }
}

void print_memory(const char* when, int64_t frame, const Memory& memory) {
    std::printf("%-12s frame %8lld  VmRSS %7lld KiB  VmHWM %7lld KiB\n", when,
                static_cast<long long>(frame), static_cast<long long>(memory.rss_kb),
                static_cast<long long>(memory.peak_kb));
    std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
    Options options;
    if (!parse_options(argc, argv, &options)) {
        std::fprintf(stderr, "usage: %s [--frames N>100] [--size WxH] [--qp QP] [--tolerance-kb K]\n",
                     argv[0]);
        return 2;
    }
    TCConfig config = {options.width, options.height, 30, 0.5f, false};
    const std::string qp = std::to_string(options.qp);
    if (tc_config_set(&config, "qp", qp.c_str()) != TC_OK) {
        std::fprintf(stderr, "soak: bad --qp %d\n", options.qp);
        return 2;
    }
    const size_t capacity = tc_max_output_size(&config);
    TCContext* context = tc_init(&config);
    if (context == nullptr) {
        std::fprintf(stderr, "soak: tc_init: %s\n", tc_init_error());
        return 2;
    }
    std::vector<uint8_t> frame(static_cast<size_t>(options.width) * options.height * 3 / 2);
    std::vector<uint8_t> output(capacity);
    std::vector<uint8_t> reconstruction(frame.size());

    std::printf("soak: %lld frames of %ux%u at QP %d through the C API (%s)\n",
                static_cast<long long>(options.frames), options.width, options.height, options.qp,
                tc_version());
    const Memory start = read_memory();
    print_memory("start", 0, start);
    Memory baseline;
    uint64_t total_bytes = 0;
    const int64_t report_every = options.frames / 10;
    const auto begin = std::chrono::steady_clock::now();
    for (int64_t i = 0; i < options.frames; ++i) {
        draw_frame(i, options.width, options.height, frame);
        size_t size = output.size();
        const int written = tc_process_frame(context, frame.data(), output.data(), &size);
        if (written <= 0) {
            std::fprintf(stderr, "soak: frame %lld: %d %s\n", static_cast<long long>(i), written,
                         tc_last_error(context));
            tc_destroy(context);
            return 1;
        }
        total_bytes += static_cast<uint64_t>(written);
        // Exercise the side calls too: they must not accumulate anything either.
        TCFrameStats stats;
        if (tc_get_frame_stats(context, &stats) != TC_OK ||
            tc_get_reconstructed_frame(context, reconstruction.data(), reconstruction.size()) < 0) {
            std::fprintf(stderr, "soak: frame %lld: %s\n", static_cast<long long>(i),
                         tc_last_error(context));
            tc_destroy(context);
            return 1;
        }
        const int64_t done = i + 1;
        if (done == 100) {
            baseline = read_memory();
            print_memory("after 100", done, baseline);
        } else if (report_every > 0 && done % report_every == 0 && done != options.frames) {
            print_memory("progress", done, read_memory());
        }
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
    size_t flush_size = output.size();
    const int flushed = tc_process_frame(context, nullptr, output.data(), &flush_size);
    const Memory end = read_memory();
    print_memory("end", options.frames, end);
    tc_destroy(context);

    const int64_t growth_kb = end.rss_kb - baseline.rss_kb;
    const bool flat = flushed == 0 && growth_kb <= options.tolerance_kb;
    std::printf("soak: %.1f s, %.1f frames/s, %.1f bytes/frame; VmRSS growth after frame 100: "
                "%lld KiB (tolerance %lld KiB); VmHWM %lld -> %lld KiB: %s\n",
                seconds, options.frames / seconds,
                static_cast<double>(total_bytes) / static_cast<double>(options.frames),
                static_cast<long long>(growth_kb), static_cast<long long>(options.tolerance_kb),
                static_cast<long long>(baseline.peak_kb), static_cast<long long>(end.peak_kb),
                flat ? "FLAT" : "GREW");
    return flat ? 0 : 1;
}
