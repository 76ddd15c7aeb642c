#include "encode_session.h"

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "encoder_handle.h"
#include "io/raw_reader.h"
#include "io/read_ahead.h"
#include "io/y4m_reader.h"
#include "io/y4m_writer.h"
#include "motion_vector_csv.h"
#include "stats_report.h"

namespace tc::cli {
namespace {

constexpr int kErrorExitCode = 1;

int report_error(const std::string& message) {
    std::fprintf(stderr, "tcenc: error: %s\n", message.c_str());
    return kErrorExitCode;
}

std::unique_ptr<io::FrameSource> open_source(const CliOptions& options, std::string* error) {
    if (!options.raw_input) return io::Y4mReader::open(options.input, error);
    io::VideoInfo info;
    info.width = options.raw_width;
    info.height = options.raw_height;
    info.fps_num = options.fps.value_or(kDefaultRawFps);
    info.fps_den = 1;
    return io::RawReader::open(options.input, info, error);
}

// The stream output: a file, or stdout for "-".
class StreamOutput {
public:
    bool open(const std::string& path, std::string* error) {
        path_ = path;
        if (path == "-") {
            file_ = stdout;
            return true;
        }
        file_ = std::fopen(path.c_str(), "wb");
        owned_ = file_ != nullptr;
        if (file_ == nullptr) *error = path + ": cannot create: " + std::strerror(errno);
        return file_ != nullptr;
    }
    ~StreamOutput() {
        if (owned_) std::fclose(file_);
    }
    bool write(const uint8_t* data, size_t size, std::string* error) {
        if (std::fwrite(data, 1, size, file_) == size) return true;
        *error = path_ + ": write error: " + std::strerror(errno);
        return false;
    }
    bool close(std::string* error) {
        bool ok = std::fflush(file_) == 0;
        if (owned_) ok = std::fclose(file_) == 0 && ok;
        owned_ = false;
        if (!ok) *error = path_ + ": write error: " + std::strerror(errno);
        return ok;
    }

private:
    FILE* file_ = nullptr;
    bool owned_ = false;
    std::string path_;
};

// The encoder and everything that receives its output.
class Session {
public:
    Session(const CliOptions& options, const io::VideoInfo& video)
        : options_(options), video_(video), progress_(!options.quiet, video.fps_num,
                                                      video.fps_den) {}

    bool open(std::string* error);
    // Encodes one frame (nullptr: flush). *produced tells whether an access unit came out.
    bool encode(const uint8_t* frame, bool* produced, std::string* error);
    bool flush(std::string* error);
    bool use_reference_frame(const std::string& path, const io::VideoInfo& video, std::string* error);
    bool close(std::string* error);
    void finish_progress() { progress_.finish(); }
    const StatsTotals& totals() const { return totals_; }
    double elapsed_seconds() const {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    }

private:
    const CliOptions& options_;
    io::VideoInfo video_;
    std::unique_ptr<Encoder> encoder_;
    StreamOutput stream_;
    std::unique_ptr<io::Y4mWriter> recon_;
    std::unique_ptr<CsvStatsWriter> csv_;
    std::unique_ptr<MotionVectorCsvWriter> mvs_;
    std::vector<MotionVector> blocks_;
    std::vector<uint8_t> recon_frame_;
    std::map<int64_t, std::vector<uint8_t>> held_recon_;  // reconstructions waiting for an earlier frame
    int64_t next_recon_ = 0;
    StatsTotals totals_;
    int64_t frames_in_ = 0;
    ProgressLine progress_;
    std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

// The API's integer rate: num/den rounded, at least 1.
uint32_t integer_fps(const io::VideoInfo& video) {
    const int64_t rounded =
        (static_cast<int64_t>(video.fps_num) + video.fps_den / 2) / video.fps_den;
    return static_cast<uint32_t>(rounded < 1 ? 1 : rounded);
}

bool Session::open(std::string* error) {
    EncoderSettings settings;
    settings.width = static_cast<uint32_t>(video_.width);
    settings.height = static_cast<uint32_t>(video_.height);
    settings.fps = integer_fps(video_);
    settings.full_range = video_.full_range;
    settings.qp = options_.qp;
    settings.qp_factor = options_.qp_factor;
    if (!settings.qp && !settings.qp_factor) settings.qp = kDefaultQp;
    settings.keyint = options_.keyint;
    settings.threads = options_.threads;
    settings.psnr = options_.measures_psnr();
    settings.extra = options_.settings;
    encoder_ = Encoder::create(settings, error);
    if (!encoder_ || !stream_.open(options_.output, error)) return false;
    if (options_.gpu && !options_.quiet && !encoder_->hardware_accel_active()) {
        bool algorithm_on_cpu = false;
        for (const auto& [name, value] : options_.settings) algorithm_on_cpu |= name == "gpu-algorithm-on-cpu" && value != "0";
        if (algorithm_on_cpu) {
            std::fprintf(stderr, "tcenc: notice: the GPU's algorithm runs on the CPU (slow; the GPU's stream)\n");
        } else {
            std::fprintf(stderr, "tcenc: notice: no CUDA GPU in use: encoding on the CPU path\n");
        }
    }
    if (!options_.recon.empty()) {
        recon_ = io::Y4mWriter::open(options_.recon, video_, error);
        if (!recon_) return false;
        recon_frame_.resize(io::frame_size(video_));
    }
    if (!options_.csv.empty()) {
        csv_ = CsvStatsWriter::open(options_.csv, error);
        if (!csv_) return false;
    }
    if (!options_.mvs.empty()) {
        mvs_ = MotionVectorCsvWriter::open(options_.mvs, error);
        if (!mvs_) return false;
    }
    start_ = std::chrono::steady_clock::now();
    return true;
}

bool Session::encode(const uint8_t* frame, bool* produced, std::string* error) {
    size_t bytes = 0;
    const std::string what = frame != nullptr
                                 ? "frame " + std::to_string(frames_in_)
                                 : std::string("end of stream (flush)");
    if (!encoder_->encode(frame, &bytes, error)) {
        *error = "encoding " + what + " failed: " + *error;
        return false;
    }
    if (frame != nullptr) ++frames_in_;
    *produced = bytes > 0;
    if (bytes == 0) return true;
    if (!stream_.write(encoder_->output(), bytes, error)) return false;

    TCFrameStats stats{};
    TCFrameStageTimes stages{};
    if (!encoder_->last_frame_stats(&stats, &stages, error)) return false;
    totals_.add(stats);
    if (csv_ && !csv_->write_row(stats, stages, error)) return false;
    if (mvs_) {
        if (!encoder_->last_motion_vectors(&blocks_, error) || !mvs_->write_frame(stats.frame_number, blocks_, error)) {
            return false;
        }
    }
    if (recon_) {
        // Pictures come in coding order; the file is in display order.
        std::vector<uint8_t>& picture = held_recon_[stats.frame_number];
        picture.resize(recon_frame_.size());
        if (!encoder_->last_reconstruction(picture.data(), picture.size(), error)) return false;
        for (auto next = held_recon_.find(next_recon_); next != held_recon_.end(); next = held_recon_.find(next_recon_)) {
            if (!recon_->write_frame(next->second.data())) {
                *error = recon_->error();
                return false;
            }
            held_recon_.erase(next);
            next_recon_++;
        }
    }
    progress_.update(totals_, elapsed_seconds());
    return true;
}

bool Session::use_reference_frame(const std::string& path, const io::VideoInfo& video, std::string* error) {
    std::unique_ptr<io::FrameSource> reference = io::Y4mReader::open(path, error);
    if (!reference) return false;
    if (reference->info().width != video.width || reference->info().height != video.height) {
        *error = path + ": the reference frame is " + std::to_string(reference->info().width) + "x" +
                 std::to_string(reference->info().height) + ", the input " + std::to_string(video.width) + "x" +
                 std::to_string(video.height);
        return false;
    }
    std::vector<uint8_t> frame(io::frame_size(video));
    if (reference->read_frame(frame.data()) != io::ReadResult::kFrame) {
        *error = path + ": no frame: " + reference->error();
        return false;
    }
    return encoder_->use_reference_frame(frame.data(), error);
}

bool Session::flush(std::string* error) {
    // Each flush call returns at most one held-back access unit; there can be no more of them
    // than frames given to the encoder.
    while (totals_.frames <= frames_in_) {
        bool produced = false;
        if (!encode(nullptr, &produced, error)) return false;
        if (!produced) return true;
    }
    *error = "the encoder returned more access units than it was given frames";
    return false;
}

bool Session::close(std::string* error) {
    if (!stream_.close(error)) return false;
    if (recon_ && !recon_->close()) {
        *error = recon_->error();
        return false;
    }
    if (mvs_ && !mvs_->close(error)) return false;
    return !csv_ || csv_->close(error);
}

}  // namespace

int run_encode(const CliOptions& options) {
    std::string error;
    std::unique_ptr<io::FrameSource> source = open_source(options, &error);
    if (!source) return report_error(error);
    io::VideoInfo video = source->info();
    if (options.fps) {
        video.fps_num = *options.fps;
        video.fps_den = 1;
    }
    if (video.width % 2 != 0 || video.height % 2 != 0) {
        return report_error(options.input + ": the size " + std::to_string(video.width) + "x" +
                            std::to_string(video.height) +
                            " is odd; 4:2:0 encoding needs an even width and height");
    }

    Session session(options, video);
    if (!session.open(&error)) return report_error(error);

    if (!options.ref_frame.empty() && !session.use_reference_frame(options.ref_frame, video, &error)) {
        return report_error(error);
    }
    std::string input_error;
    {
        // The next frame is read while this one is encoded.
        io::ReadAhead reader(*source, options.max_frames);
        for (;;) {
            io::ReadResult result = io::ReadResult::kEnd;
            const uint8_t* frame = reader.acquire(&result);
            if (result == io::ReadResult::kEnd) break;
            if (result == io::ReadResult::kError) {
                input_error = reader.error();
                break;
            }
            bool produced = false;
            const bool encoded = session.encode(frame, &produced, &error);
            reader.release();
            if (!encoded) {
                session.finish_progress();
                return report_error(error);
            }
        }
    }
    // Frames read before a broken one are still encoded, flushed and written.
    const bool finished = session.flush(&error) && session.close(&error);
    session.finish_progress();
    if (!finished) return report_error(error);
    if (!options.quiet) {
        const std::string summary =
            format_summary(session.totals(), video.width, video.height, video.fps_num,
                           video.fps_den, session.elapsed_seconds(), options.output,
                           options.measures_psnr());
        std::fprintf(stderr, "%s\n", summary.c_str());
    }
    if (!input_error.empty()) return report_error(input_error);
    return 0;
}

}  // namespace tc::cli
