#include "stats_report.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace tc::cli {
namespace {

std::string format(const char* pattern, double value) {
    char text[64];
    std::snprintf(text, sizeof(text), pattern, value);
    return text;
}

std::string format_rate(int fps_num, int fps_den) {
    if (fps_den == 1) return std::to_string(fps_num);
    return format("%.3g", static_cast<double>(fps_num) / fps_den);
}

}  // namespace

void StatsTotals::add(const TCFrameStats& stats) {
    ++frames;
    if (stats.slice_type == 'P') {
        ++p_frames;
    } else if (stats.slice_type == 'B') {
        ++b_frames;
    } else {
        ++intra_frames;
    }
    bits += stats.bits;
    qp_sum += stats.qp;
    psnr_y_sum += stats.psnr_y;
}

double kbps(uint64_t bits, int64_t frames, int fps_num, int fps_den) {
    if (frames <= 0 || fps_den <= 0) return 0.0;
    const double seconds = static_cast<double>(frames) * fps_den / fps_num;
    return static_cast<double>(bits) / seconds / 1000.0;
}

std::string format_summary(const StatsTotals& totals, int width, int height, int fps_num,
                           int fps_den, double elapsed_seconds, const std::string& output,
                           bool with_psnr) {
    std::string types;
    auto add_type = [&types](const char* name, int64_t count) {
        if (count == 0) return;
        if (!types.empty()) types += ", ";
        types.append(name).append(" ").append(std::to_string(count));
    };
    add_type("I", totals.intra_frames);
    add_type("P", totals.p_frames);
    add_type("B", totals.b_frames);

    // Appended piece by piece: GCC 12 warns falsely (-Wrestrict) on "literal" + std::string.
    std::string line = "tcenc: ";
    line += std::to_string(totals.frames);
    line += " frames";
    if (!types.empty()) line.append(" (").append(types).append(")");
    line.append(" ").append(std::to_string(width)).append("x").append(std::to_string(height));
    line.append(" @ ").append(format_rate(fps_num, fps_den)).append(" fps");
    if (totals.frames > 0) {
        const double frames = static_cast<double>(totals.frames);
        line += format(", %.1f kbps", kbps(totals.bits, totals.frames, fps_num, fps_den));
        line += format(", avg QP %.1f", totals.qp_sum / frames);
        if (with_psnr) line += format(", PSNR-Y %.2f dB", totals.psnr_y_sum / frames);
        if (elapsed_seconds > 0) line += format(", %.1f fps", frames / elapsed_seconds);
    }
    return line + ", " + output;
}

std::unique_ptr<CsvStatsWriter> CsvStatsWriter::open(const std::string& path,
                                                     std::string* error) {
    std::unique_ptr<CsvStatsWriter> writer(new CsvStatsWriter());
    writer->path_ = path;
    writer->file_ = std::fopen(path.c_str(), "w");
    if (writer->file_ == nullptr) {
        *error = path + ": cannot create: " + std::strerror(errno);
        return nullptr;
    }
    if (std::fputs("frame,poc,type,qp,bits,psnr_y,psnr_u,psnr_v,encode_ms,speed_step,speed_change,"
                   "input_ms,motion_ms,analysis_ms,filter_ms,entropy_ms,other_ms,pair,background_ms\n",
                   writer->file_) < 0) {
        *error = path + ": write error: " + std::strerror(errno);
        return nullptr;
    }
    return writer;
}

CsvStatsWriter::~CsvStatsWriter() {
    if (file_ != nullptr) std::fclose(file_);
}

bool CsvStatsWriter::write_row(const TCFrameStats& stats, const TCFrameStageTimes& stages, std::string* error) {
    const char type = stats.slice_type >= 'A' && stats.slice_type <= 'Z' ? stats.slice_type : '?';
    // The change reason is free text: quoted, with no quotes of its own.
    char reason[sizeof(stats.speed_change)];
    size_t length = 0;
    for (; length + 1 < sizeof(reason) && stats.speed_change[length] != '\0'; length++) {
        reason[length] = stats.speed_change[length] == '"' ? '\'' : stats.speed_change[length];
    }
    reason[length] = '\0';
    if (std::fprintf(file_, "%lld,%d,%c,%d,%llu,%.4f,%.4f,%.4f,%.3f,%d,\"%s\",%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%d,%.3f\n",
                     static_cast<long long>(stats.frame_number), static_cast<int>(stats.poc), type,
                     static_cast<int>(stats.qp), static_cast<unsigned long long>(stats.bits),
                     stats.psnr_y, stats.psnr_u, stats.psnr_v, stats.encode_ms,
                     static_cast<int>(stats.speed_step), reason, stages.input_ms, stages.motion_ms,
                     stages.analysis_ms, stages.filter_ms, stages.entropy_ms, stages.other_ms,
                     static_cast<int>(stats.pair), stages.background_ms) < 0) {
        *error = path_ + ": write error: " + std::strerror(errno);
        return false;
    }
    return true;
}

bool CsvStatsWriter::close(std::string* error) {
    const int rc = std::fclose(file_);
    file_ = nullptr;
    if (rc != 0) {
        *error = path_ + ": write error: " + std::strerror(errno);
        return false;
    }
    return true;
}

ProgressLine::ProgressLine(bool wanted, int fps_num, int fps_den)
    : enabled_(wanted && isatty(fileno(stderr))), fps_num_(fps_num), fps_den_(fps_den) {}

void ProgressLine::update(const StatsTotals& totals, double elapsed_seconds) {
    if (!enabled_) return;
    const auto now = std::chrono::steady_clock::now();
    if (shown_ && now - last_update_ < std::chrono::milliseconds(250)) return;
    last_update_ = now;
    shown_ = true;
    const double speed = elapsed_seconds > 0 ? totals.frames / elapsed_seconds : 0.0;
    std::fprintf(stderr, "\r%lld frames, %.1f fps, %.1f kbps   ",
                 static_cast<long long>(totals.frames), speed,
                 kbps(totals.bits, totals.frames, fps_num_, fps_den_));
    std::fflush(stderr);
}

void ProgressLine::finish() {
    if (!shown_) return;
    std::fprintf(stderr, "\r%60s\r", "");
    shown_ = false;
}

}  // namespace tc::cli
