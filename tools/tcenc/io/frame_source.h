// Sources of 8-bit planar 4:2:0 frames for the command-line tool: y4m and raw .yuv files.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>

namespace tc::io {

// Largest width and height a reader accepts; checked before anything is allocated.
inline constexpr int kMaxDimension = 8192;

struct VideoInfo {
    int width = 0;
    int height = 0;
    int fps_num = 25;
    int fps_den = 1;
    bool full_range = false;  // y4m XCOLORRANGE=FULL
};

// Bytes of one frame: the luma plane and two chroma planes of half size, rounded up.
inline size_t frame_size(const VideoInfo& info) {
    const size_t width = static_cast<size_t>(info.width);
    const size_t height = static_cast<size_t>(info.height);
    return width * height + 2 * ((width + 1) / 2) * ((height + 1) / 2);
}

enum class ReadResult { kFrame, kEnd, kError };

class FrameSource {
public:
    virtual ~FrameSource() = default;
    virtual const VideoInfo& info() const = 0;
    // Reads the next frame into dst (frame_size(info()) bytes). kEnd at a clean end of the
    // input; kError sets error() to a message that names the input and the frame.
    virtual ReadResult read_frame(uint8_t* dst) = 0;
    virtual const std::string& error() const = 0;
    // Frames read so far.
    virtual int64_t frames_read() const = 0;
};

// A FILE* opened for binary reading, or stdin for "-"; closes what it opened.
class InputFile {
public:
    // Returns false and sets *error when the file cannot be opened.
    bool open(const std::string& path, std::string* error);
    ~InputFile();
    InputFile() = default;
    InputFile(const InputFile&) = delete;
    InputFile& operator=(const InputFile&) = delete;

    FILE* get() const { return file_; }
    // The name to use in messages: the path, or "stdin".
    const std::string& name() const { return name_; }

private:
    FILE* file_ = nullptr;
    bool owned_ = false;
    std::string name_;
};

// Reads up to size bytes; returns how many were read (short only at end of file or error).
size_t read_fully(FILE* file, uint8_t* dst, size_t size);

}  // namespace tc::io
