#include "io/y4m_writer.h"

#include <cerrno>
#include <cstring>

namespace tc::io {

std::unique_ptr<Y4mWriter> Y4mWriter::open(const std::string& path, const VideoInfo& info,
                                           std::string* error) {
    std::unique_ptr<Y4mWriter> writer(new Y4mWriter());
    writer->path_ = path;
    writer->info_ = info;
    if (path == "-") {
        writer->file_ = stdout;
    } else {
        writer->file_ = std::fopen(path.c_str(), "wb");
        if (writer->file_ == nullptr) {
            *error = path + ": cannot create: " + std::strerror(errno);
            return nullptr;
        }
        writer->owned_ = true;
    }
    const std::string header = "YUV4MPEG2 W" + std::to_string(info.width) + " H" +
                               std::to_string(info.height) + " F" + std::to_string(info.fps_num) +
                               ":" + std::to_string(info.fps_den) + " Ip A0:0 C420jpeg" +
                               (info.full_range ? " XCOLORRANGE=FULL" : "") + "\n";
    if (std::fwrite(header.data(), 1, header.size(), writer->file_) != header.size()) {
        writer->fail_with_errno("write error");
        *error = writer->error_;
        return nullptr;
    }
    return writer;
}

Y4mWriter::~Y4mWriter() {
    if (owned_ && file_ != nullptr) std::fclose(file_);
}

bool Y4mWriter::fail_with_errno(const char* what) {
    error_ = path_ + ": " + what + ": " + std::strerror(errno);
    return false;
}

bool Y4mWriter::write_frame(const uint8_t* frame) {
    if (file_ == nullptr) {
        error_ = path_ + ": already closed";
        return false;
    }
    static constexpr char kMarker[] = "FRAME\n";
    const size_t size = frame_size(info_);
    if (std::fwrite(kMarker, 1, sizeof(kMarker) - 1, file_) != sizeof(kMarker) - 1 ||
        std::fwrite(frame, 1, size, file_) != size) {
        return fail_with_errno("write error");
    }
    return true;
}

bool Y4mWriter::close() {
    if (file_ == nullptr) return error_.empty();
    bool ok = std::fflush(file_) == 0;
    if (owned_) ok = std::fclose(file_) == 0 && ok;
    file_ = nullptr;
    if (!ok) return fail_with_errno("write error");
    return error_.empty();
}

}  // namespace tc::io
