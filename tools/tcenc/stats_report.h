// What tcenc tells the user about an encode: per-frame CSV rows, a progress line on a
// terminal, and the one-line summary at the end.
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>

#include "temporal_compression.h"

namespace tc::cli {

struct StatsTotals {
    int64_t frames = 0;
    int64_t intra_frames = 0;
    int64_t p_frames = 0;
    int64_t b_frames = 0;
    uint64_t bits = 0;
    double qp_sum = 0;
    double psnr_y_sum = 0;

    void add(const TCFrameStats& stats);
};

// Bit rate in kbit/s of `bits` over `frames` frames at fps_num/fps_den.
double kbps(uint64_t bits, int64_t frames, int fps_num, int fps_den);

// "tcenc: 9 frames (I 9) 320x192 @ 12 fps, 412.3 kbps, avg QP 27.0, PSNR-Y 41.23 dB,
// 35.2 fps, out.hevc" (PSNR-Y only with_psnr: when the encoder measured it)
std::string format_summary(const StatsTotals& totals, int width, int height, int fps_num,
                           int fps_den, double elapsed_seconds, const std::string& output,
                           bool with_psnr);

class CsvStatsWriter {
public:
    // Creates the file and writes the header row; nullptr with a message on failure.
    static std::unique_ptr<CsvStatsWriter> open(const std::string& path, std::string* error);
    ~CsvStatsWriter();
    CsvStatsWriter(const CsvStatsWriter&) = delete;
    CsvStatsWriter& operator=(const CsvStatsWriter&) = delete;

    bool write_row(const TCFrameStats& stats, const TCFrameStageTimes& stages, std::string* error);
    bool close(std::string* error);

private:
    CsvStatsWriter() = default;
    FILE* file_ = nullptr;
    std::string path_;
};

// "\r123 frames, 35.2 fps, 412.3 kbps" on stderr, at most four times a second, only when
// stderr is a terminal.
class ProgressLine {
public:
    ProgressLine(bool wanted, int fps_num, int fps_den);
    void update(const StatsTotals& totals, double elapsed_seconds);
    // Clears the line so that the next message starts on an empty line.
    void finish();

private:
    bool enabled_ = false;
    int fps_num_;
    int fps_den_;
    bool shown_ = false;
    std::chrono::steady_clock::time_point last_update_{};
};

}  // namespace tc::cli
