// Fuzzes the command-line tool's input readers with arbitrary files.
//
// The first byte picks the reader:
//   even: the rest is a y4m file for Y4mReader (and its first line goes to parse_y4m_header);
//   odd:  bytes 1..2 and 3..4 are a signed 16-bit width and height, byte 5 the frame rate,
//         and the rest is a raw .yuv file for RawReader.
// The readers open paths, so the bytes go into a memfd that is opened as /proc/self/fd/N.
// Every frame is read until the end or an error; the reader's promises are checked and a
// broken one stops the run with __builtin_trap.
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>

#include "io/raw_reader.h"
#include "io/y4m_reader.h"

namespace {

// Frames per input at most: the files are small, this only bounds pathological loops.
constexpr int kMaxFramesPerInput = 1 << 16;

void check(bool condition) {
    if (!condition) __builtin_trap();
}

// One memfd for the whole run, rewritten for every input.
class MemoryFile {
public:
    MemoryFile() : fd_(memfd_create("tcenc_fuzz_input", 0)) {
        check(fd_ >= 0);
        path_ = "/proc/self/fd/" + std::to_string(fd_);
    }
    const std::string& write(const uint8_t* data, size_t size) {
        check(ftruncate(fd_, 0) == 0);
        size_t done = 0;
        while (done < size) {
            const ssize_t written = pwrite(fd_, data + done, size - done, static_cast<off_t>(done));
            check(written > 0);
            done += static_cast<size_t>(written);
        }
        return path_;
    }

private:
    int fd_;
    std::string path_;
};

// Reads every frame and checks what a FrameSource promises about results and counters.
void read_every_frame(tc::io::FrameSource& source, size_t input_size) {
    const tc::io::VideoInfo& info = source.info();
    check(info.width >= 1 && info.width <= tc::io::kMaxDimension);
    check(info.height >= 1 && info.height <= tc::io::kMaxDimension);
    check(info.fps_num >= 1 && info.fps_den >= 1);
    const size_t frame_bytes = tc::io::frame_size(info);
    // Exactly one frame: ASan reports a reader that writes past it. Left uninitialised so that
    // a claimed 8192x8192 frame costs address space, not time.
    std::unique_ptr<uint8_t[]> frame(new uint8_t[frame_bytes]);
    tc::io::ReadResult result = tc::io::ReadResult::kFrame;
    for (int i = 0; i < kMaxFramesPerInput; ++i) {
        const int64_t before = source.frames_read();
        result = source.read_frame(frame.get());
        if (result != tc::io::ReadResult::kFrame) {
            check(source.frames_read() == before);
            break;
        }
        check(source.frames_read() == before + 1);
        // A frame is only complete if the file held at least that many bytes.
        check(static_cast<uint64_t>(source.frames_read()) * frame_bytes <= input_size);
    }
    if (result == tc::io::ReadResult::kError) {
        check(!source.error().empty());
        // An error is sticky: the reader does not resume in the middle of garbage.
        const int64_t frames = source.frames_read();
        check(source.read_frame(frame.get()) == tc::io::ReadResult::kError);
        check(source.frames_read() == frames);
    } else if (result == tc::io::ReadResult::kEnd) {
        check(source.error().empty());
    }
}

void fuzz_y4m(MemoryFile& file, const uint8_t* data, size_t size) {
    // The header parser alone, on the first line.
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const std::string_view first_line = text.substr(0, text.find('\n'));
    tc::io::VideoInfo parsed;
    std::string header_error;
    if (tc::io::parse_y4m_header(first_line, &parsed, &header_error)) {
        check(parsed.width >= 1 && parsed.width <= tc::io::kMaxDimension);
        check(parsed.height >= 1 && parsed.height <= tc::io::kMaxDimension);
    } else {
        check(!header_error.empty());
    }

    const std::string& path = file.write(data, size);
    std::string error;
    auto reader = tc::io::Y4mReader::open(path, &error);
    if (reader == nullptr) {
        check(!error.empty());
        return;
    }
    read_every_frame(*reader, size);
}

void fuzz_raw(MemoryFile& file, const uint8_t* data, size_t size) {
    constexpr size_t kPrefix = 5;
    if (size < kPrefix) return;
    tc::io::VideoInfo info;
    info.width = static_cast<int16_t>(data[0] | data[1] << 8);
    info.height = static_cast<int16_t>(data[2] | data[3] << 8);
    info.fps_num = data[4];
    info.fps_den = 1;
    const std::string& path = file.write(data + kPrefix, size - kPrefix);
    std::string error;
    auto reader = tc::io::RawReader::open(path, info, &error);
    const bool size_ok = info.width >= 1 && info.height >= 1 &&
                         info.width <= tc::io::kMaxDimension &&
                         info.height <= tc::io::kMaxDimension && info.fps_num >= 1;
    check((reader != nullptr) == size_ok);
    if (reader == nullptr) {
        check(!error.empty());
        return;
    }
    read_every_frame(*reader, size - kPrefix);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static MemoryFile file;
    if (size == 0) return 0;
    if ((data[0] & 1) == 0) {
        fuzz_y4m(file, data + 1, size - 1);
    } else {
        fuzz_raw(file, data + 1, size - 1);
    }
    return 0;
}
