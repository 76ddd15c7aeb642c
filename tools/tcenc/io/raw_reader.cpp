#include "io/raw_reader.h"

#include <cerrno>
#include <cstring>

namespace tc::io {

std::unique_ptr<RawReader> RawReader::open(const std::string& path, const VideoInfo& info,
                                           std::string* error) {
    if (info.width < 1 || info.height < 1 || info.width > kMaxDimension ||
        info.height > kMaxDimension) {
        *error = "raw input size " + std::to_string(info.width) + "x" +
                 std::to_string(info.height) + " is outside 1x1.." +
                 std::to_string(kMaxDimension) + "x" + std::to_string(kMaxDimension);
        return nullptr;
    }
    if (info.fps_num < 1 || info.fps_den < 1) {
        *error = "raw input frame rate must be positive";
        return nullptr;
    }
    std::unique_ptr<RawReader> reader(new RawReader());
    if (!reader->file_.open(path, error)) return nullptr;
    reader->info_ = info;
    return reader;
}

ReadResult RawReader::read_frame(uint8_t* dst) {
    if (!error_.empty()) return ReadResult::kError;
    const size_t size = frame_size(info_);
    const size_t got = read_fully(file_.get(), dst, size);
    if (got == size) {
        ++frames_read_;
        return ReadResult::kFrame;
    }
    if (std::ferror(file_.get())) {
        error_ = file_.name() + ": frame " + std::to_string(frames_read_) +
                 ": read error: " + std::strerror(errno);
        return ReadResult::kError;
    }
    if (got == 0) return ReadResult::kEnd;
    error_ = file_.name() + ": " + std::to_string(got) + " bytes left over after frame " +
             std::to_string(frames_read_) + " (a " + std::to_string(info_.width) + "x" +
             std::to_string(info_.height) + " 4:2:0 frame is " + std::to_string(size) +
             " bytes): truncated file or wrong --input-res?";
    return ReadResult::kError;
}

}  // namespace tc::io
