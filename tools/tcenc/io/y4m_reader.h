// YUV4MPEG2 (y4m) reader: 8-bit progressive 4:2:0 only.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "io/frame_source.h"

namespace tc::io {

// Parses a y4m stream header line without its '\n', e.g.
// "YUV4MPEG2 W320 H192 F12:1 Ip A0:0 C420jpeg XCOLORRANGE=FULL".
// Returns false with a message in *error for anything this reader cannot take.
bool parse_y4m_header(std::string_view line, VideoInfo* info, std::string* error);

class Y4mReader final : public FrameSource {
public:
    // Opens a file or "-" (stdin) and reads its stream header. Returns nullptr with a
    // message in *error when the input cannot be opened or its header is not accepted.
    static std::unique_ptr<Y4mReader> open(const std::string& path, std::string* error);

    const VideoInfo& info() const override { return info_; }
    ReadResult read_frame(uint8_t* dst) override;
    const std::string& error() const override { return error_; }
    int64_t frames_read() const override { return frames_read_; }

private:
    Y4mReader() = default;
    ReadResult fail(std::string message);

    InputFile file_;
    VideoInfo info_;
    std::string error_;
    int64_t frames_read_ = 0;
};

}  // namespace tc::io
