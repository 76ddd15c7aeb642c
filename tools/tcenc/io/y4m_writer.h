// YUV4MPEG2 writer, used for the encoder's reconstruction (--recon).
#pragma once

#include <cstdio>
#include <memory>
#include <string>

#include "io/frame_source.h"

namespace tc::io {

class Y4mWriter {
public:
    // Creates (or truncates) path, or writes to stdout for "-", and writes the stream header:
    // C420jpeg, the frame rate, and XCOLORRANGE=FULL for full-range video.
    // Returns nullptr with a message in *error on failure.
    static std::unique_ptr<Y4mWriter> open(const std::string& path, const VideoInfo& info,
                                           std::string* error);
    ~Y4mWriter();
    Y4mWriter(const Y4mWriter&) = delete;
    Y4mWriter& operator=(const Y4mWriter&) = delete;

    // Writes one frame of frame_size(info) bytes. Returns false with error() set on failure.
    bool write_frame(const uint8_t* frame);
    // Flushes and closes; returns false with error() set if anything failed to be written.
    bool close();
    const std::string& error() const { return error_; }

private:
    Y4mWriter() = default;
    bool fail_with_errno(const char* what);

    FILE* file_ = nullptr;
    bool owned_ = false;
    std::string path_;
    VideoInfo info_;
    std::string error_;
};

}  // namespace tc::io
