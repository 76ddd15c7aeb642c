// ReadAhead: the frames of a source arrive in order with their bytes, then the end or the
// source's error (after every frame read before it); nothing is read past max_frames; the
// object can be destroyed with frames still unread.
#include "io/read_ahead.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cstring>
#include <string>
#include <vector>

namespace tc::io {
namespace {

// Frames whose bytes are their index plus the byte position; fails at frame `fail_at` (or ends
// there when fail_at is -1 and `frames` is reached).
class CountingSource final : public FrameSource {
public:
    CountingSource(int frames, int fail_at) : frames_(frames), fail_at_(fail_at) {
        info_.width = 16;
        info_.height = 8;
    }
    const VideoInfo& info() const override { return info_; }
    ReadResult read_frame(uint8_t* dst) override {
        const int index = static_cast<int>(reads_++);
        if (index == fail_at_) {
            error_ = "input: frame " + std::to_string(index) + " is truncated";
            return ReadResult::kError;
        }
        if (index >= frames_) return ReadResult::kEnd;
        for (size_t i = 0; i < frame_size(info_); i++) dst[i] = static_cast<uint8_t>(index + i);
        read_ok_++;
        return ReadResult::kFrame;
    }
    const std::string& error() const override { return error_; }
    int64_t frames_read() const override { return read_ok_; }
    int64_t reads() const { return reads_.load(); }

private:
    VideoInfo info_;
    int frames_, fail_at_;
    std::atomic<int64_t> reads_{0};
    int64_t read_ok_ = 0;
    std::string error_;
};

bool is_frame(const uint8_t* frame, int index, size_t size) {
    for (size_t i = 0; i < size; i++) {
        if (frame[i] != static_cast<uint8_t>(index + i)) return false;
    }
    return true;
}

TEST(ReadAhead, FramesArriveInOrderThenTheEnd) {
    CountingSource source(7, -1);
    ReadAhead reader(source, 0);
    for (int index = 0; index < 7; index++) {
        ReadResult result = ReadResult::kError;
        const uint8_t* frame = reader.acquire(&result);
        ASSERT_EQ(result, ReadResult::kFrame) << index;
        ASSERT_NE(frame, nullptr);
        EXPECT_TRUE(is_frame(frame, index, frame_size(source.info()))) << index;
        reader.release();
    }
    ReadResult result = ReadResult::kFrame;
    EXPECT_EQ(reader.acquire(&result), nullptr);
    EXPECT_EQ(result, ReadResult::kEnd);
}

TEST(ReadAhead, AnErrorComesAfterTheFramesBeforeIt) {
    CountingSource source(10, 3);
    ReadAhead reader(source, 0);
    for (int index = 0; index < 3; index++) {
        ReadResult result = ReadResult::kError;
        const uint8_t* frame = reader.acquire(&result);
        ASSERT_EQ(result, ReadResult::kFrame) << index;
        EXPECT_TRUE(is_frame(frame, index, frame_size(source.info())));
        reader.release();
    }
    ReadResult result = ReadResult::kFrame;
    EXPECT_EQ(reader.acquire(&result), nullptr);
    EXPECT_EQ(result, ReadResult::kError);
    EXPECT_EQ(reader.error(), "input: frame 3 is truncated");
}

TEST(ReadAhead, NothingIsReadPastTheFrameLimit) {
    CountingSource source(10, -1);
    {
        ReadAhead reader(source, 4);
        int frames = 0;
        ReadResult result = ReadResult::kFrame;
        while (reader.acquire(&result) != nullptr) {
            frames++;
            reader.release();
        }
        EXPECT_EQ(result, ReadResult::kEnd);
        EXPECT_EQ(frames, 4);
    }
    EXPECT_EQ(source.reads(), 4);
}

TEST(ReadAhead, StopsWithFramesUnread) {
    CountingSource source(1000, -1);
    {
        ReadAhead reader(source, 0);
        ReadResult result = ReadResult::kEnd;
        ASSERT_NE(reader.acquire(&result), nullptr);
        // Destroyed while holding a frame and with one more read ahead.
    }
    EXPECT_LE(source.reads(), 3);
}

}  // namespace
}  // namespace tc::io
