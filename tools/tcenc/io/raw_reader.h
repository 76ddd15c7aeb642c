// Raw planar 4:2:0 (.yuv) reader: frames back to back, no headers; the caller gives the size.
#pragma once

#include <memory>
#include <string>

#include "io/frame_source.h"

namespace tc::io {

class RawReader final : public FrameSource {
public:
    // Opens a file or "-" (stdin). info gives the size and rate, which a raw file cannot tell.
    // Returns nullptr with a message in *error when the file cannot be opened or the size is
    // outside 1..kMaxDimension.
    static std::unique_ptr<RawReader> open(const std::string& path, const VideoInfo& info,
                                           std::string* error);

    const VideoInfo& info() const override { return info_; }
    ReadResult read_frame(uint8_t* dst) override;
    const std::string& error() const override { return error_; }
    int64_t frames_read() const override { return frames_read_; }

private:
    RawReader() = default;

    InputFile file_;
    VideoInfo info_;
    std::string error_;
    int64_t frames_read_ = 0;
};

}  // namespace tc::io
