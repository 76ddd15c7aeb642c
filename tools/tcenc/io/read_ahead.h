// Reads the frames of a FrameSource on a thread of its own, one frame ahead of its consumer (as
// the command lines of x265 and ffmpeg do), so that reading and converting the next frame
// overlaps the encoding of this one instead of adding to it. Frames, the end and a read error
// arrive in the order of the input; nothing is read past max_frames.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "io/frame_source.h"

namespace tc::io {

class ReadAhead {
public:
    // `source` must outlive the object and is read only by its thread from now on;
    // max_frames 0: all.
    ReadAhead(FrameSource& source, int64_t max_frames);
    ~ReadAhead();  // stops the thread (a read in progress finishes first)
    ReadAhead(const ReadAhead&) = delete;
    ReadAhead& operator=(const ReadAhead&) = delete;

    // The next frame, valid until release(); nullptr at the end or after a read error, with
    // *result saying which (the message is then error()).
    const uint8_t* acquire(ReadResult* result);
    // The frame acquire() returned is no longer used: its buffer may take the next one.
    void release();
    const std::string& error() const { return error_; }

private:
    static constexpr int kBuffers = 2;  // the frame being encoded and the one read ahead
    void run();

    FrameSource& source_;
    const int64_t max_frames_;
    std::unique_ptr<uint8_t[]> buffers_[kBuffers];
    ReadResult results_[kBuffers] = {ReadResult::kEnd, ReadResult::kEnd};
    std::mutex mutex_;
    std::condition_variable changed_;
    int64_t produced_ = 0, consumed_ = 0;  // buffers filled (frame, end or error) / released
    bool stopping_ = false;
    std::string error_;
    std::thread thread_;
};

}  // namespace tc::io
