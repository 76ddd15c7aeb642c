#include "io/read_ahead.h"

namespace tc::io {

ReadAhead::ReadAhead(FrameSource& source, int64_t max_frames) : source_(source), max_frames_(max_frames) {
    const size_t bytes = frame_size(source.info());
    for (auto& buffer : buffers_) buffer = std::make_unique_for_overwrite<uint8_t[]>(bytes);
    thread_ = std::thread([this] { run(); });
}

ReadAhead::~ReadAhead() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stopping_ = true;
    }
    changed_.notify_all();
    thread_.join();
}

void ReadAhead::run() {
    for (int64_t frame = 0;; frame++) {
        {
            std::unique_lock<std::mutex> lock(mutex_);
            changed_.wait(lock, [&] { return stopping_ || produced_ - consumed_ < kBuffers; });
            if (stopping_) return;
        }
        // The buffer is the reader's alone until produced_ counts it.
        const int slot = static_cast<int>(frame % kBuffers);
        ReadResult result = ReadResult::kEnd;
        if (max_frames_ == 0 || frame < max_frames_) result = source_.read_frame(buffers_[slot].get());
        {
            std::lock_guard<std::mutex> lock(mutex_);
            results_[slot] = result;
            if (result == ReadResult::kError) error_ = source_.error();
            produced_++;
        }
        changed_.notify_all();
        if (result != ReadResult::kFrame) return;
    }
}

const uint8_t* ReadAhead::acquire(ReadResult* result) {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [&] { return produced_ > consumed_; });
    const int slot = static_cast<int>(consumed_ % kBuffers);
    *result = results_[slot];
    return *result == ReadResult::kFrame ? buffers_[slot].get() : nullptr;
}

void ReadAhead::release() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        consumed_++;
    }
    changed_.notify_all();
}

}  // namespace tc::io
