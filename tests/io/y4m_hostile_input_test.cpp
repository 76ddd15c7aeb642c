// Hostile input for the readers, beyond y4m_reader_test.cpp: absurd and missing sizes,
// sizes the reader takes but the encoder refuses, unknown tags, files cut at every kind of
// boundary, raw files that are not a whole number of frames. Each must end in a named error
// before the caller gets a size to allocate a frame from: the readers allocate no frames
// themselves (the caller does, from info()), so "open returns nullptr" / "parse_y4m_header
// leaves info untouched" is what keeps a claimed 100000x100000 from ever being allocated.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "io/raw_reader.h"
#include "io/y4m_reader.h"
#include "temporal_compression.h"

namespace tc::io {
namespace {

namespace fs = std::filesystem;

class HostileInputTest : public ::testing::Test {
protected:
    void SetUp() override {
        const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
        dir_ = fs::temp_directory_path() /
               ("tcenc_hostile_" + std::to_string(getpid()) + "_" + test->name());
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }

    std::string write_file(const std::string& name, const std::string& content) {
        const fs::path path = dir_ / name;
        std::ofstream(path, std::ios::binary) << content;
        return path.string();
    }

    fs::path dir_;
};

std::string frame_bytes(int width, int height) {
    VideoInfo info;
    info.width = width;
    info.height = height;
    return std::string(frame_size(info), '\x80');
}

struct HostileHeader {
    const char* header;
    const char* message_part;
};

// parse_y4m_header refuses these and leaves *info as it was: no size escapes.
TEST(Y4mHostileHeader, AbsurdAndMissingSizesAreRefusedWithoutTouchingInfo) {
    const HostileHeader cases[] = {
        {"YUV4MPEG2 W100000 H16 F25:1", "width '100000' is not a number from 1 to 8192"},
        {"YUV4MPEG2 W16 H100000 F25:1", "height '100000' is not a number from 1 to 8192"},
        {"YUV4MPEG2 W100000 H100000 F25:1", "width '100000'"},
        {"YUV4MPEG2 W2147483648 H16", "width '2147483648'"},
        {"YUV4MPEG2 W4294967312 H16", "width '4294967312'"},  // 2^32 + 16: must not wrap
        {"YUV4MPEG2 W16 H0 F25:1", "height '0'"},
        {"YUV4MPEG2 W16 H-16 F25:1", "height '-16'"},
        {"YUV4MPEG2 W+16 H16", "width '+16'"},
        {"YUV4MPEG2 W16.5 H16", "width '16.5'"},
        {"YUV4MPEG2 W0x10 H16", "width '0x10'"},
        {"YUV4MPEG2 W H16", "width ''"},
        {"YUV4MPEG2 W16 H", "height ''"},
        {"YUV4MPEG2 F25:1", "no width"},
        {"YUV4MPEG2", "no width"},
        {"YUV4MPEG2 W16", "no height"},
        {"YUV4MPEG2 W8193 H8193", "8192"},
        {"YUV4MPEG2 W16 H16 F2147483648:1", "frame rate"},
        {"YUV4MPEG2 W16 H16 F25:-1", "frame rate"},
        {"YUV4MPEG2 W16 H16 F:", "frame rate"},
    };
    for (const HostileHeader& hostile : cases) {
        SCOPED_TRACE(hostile.header);
        VideoInfo info;
        info.width = 7;
        info.height = 9;
        std::string error;
        EXPECT_FALSE(parse_y4m_header(hostile.header, &info, &error));
        EXPECT_NE(error.find(hostile.message_part), std::string::npos) << error;
        EXPECT_EQ(info.width, 7);
        EXPECT_EQ(info.height, 9);
    }
}

TEST(Y4mHostileHeader, InterlacedAndUnknownChromaTagsAreNamed) {
    const HostileHeader cases[] = {
        {"YUV4MPEG2 W16 H16 Ix", "interlaced input 'Ix'"},
        {"YUV4MPEG2 W16 H16 I", "interlaced input 'I'"},
        {"YUV4MPEG2 W16 H16 Ipp", "interlaced input 'Ipp'"},
        {"YUV4MPEG2 W16 H16 Cmono16", "colour space 'Cmono16'"},
        {"YUV4MPEG2 W16 H16 C420p12", "colour space 'C420p12'"},
        {"YUV4MPEG2 W16 H16 C444alpha", "colour space 'C444alpha'"},
        {"YUV4MPEG2 W16 H16 C420JPEG", "colour space 'C420JPEG'"},  // tags are case-sensitive
        {"YUV4MPEG2 W16 H16 Cfoo", "colour space 'Cfoo'"},
        {"YUV4MPEG2 W16 H16 C", "colour space 'C'"},
        // A valid tag does not excuse a later bad one.
        {"YUV4MPEG2 W16 H16 C420jpeg Ip C422", "colour space 'C422'"},
    };
    for (const HostileHeader& hostile : cases) {
        SCOPED_TRACE(hostile.header);
        VideoInfo info;
        std::string error;
        EXPECT_FALSE(parse_y4m_header(hostile.header, &info, &error));
        EXPECT_NE(error.find(hostile.message_part), std::string::npos) << error;
    }
}

// The reader's limit is 8192 both ways; the encoder's is 8192x4320 (level 6.2). A header
// between the two opens, and tc_init then refuses it by name before allocating anything.
TEST_F(HostileInputTest, SizesBeyondTheEncoderLimitAreRefusedByTcInit) {
    std::string error;
    auto reader = Y4mReader::open(write_file("tall.y4m", "YUV4MPEG2 W8192 H4322 F25:1\n"), &error);
    ASSERT_NE(reader, nullptr) << error;
    TCConfig config = {static_cast<uint32_t>(reader->info().width),
                       static_cast<uint32_t>(reader->info().height), 25, 0.5f, false};
    EXPECT_EQ(tc_init(&config), nullptr);
    EXPECT_NE(std::string(tc_init_error()).find("8192x4322 is outside"), std::string::npos)
        << tc_init_error();
    EXPECT_EQ(tc_max_output_size(&config), 0u);

    config.width = 100000;
    config.height = 100000;
    EXPECT_EQ(tc_init(&config), nullptr);
    EXPECT_STRNE(tc_init_error(), "");
    EXPECT_EQ(tc_max_output_size(&config), 0u);
}

TEST_F(HostileInputTest, OpenRefusesAbsurdSizesAndNamesTheFile) {
    for (const std::string header : {"YUV4MPEG2 W100000 H100000 F25:1", "YUV4MPEG2 W0 H0",
                                     "YUV4MPEG2 W-1 H-1", "YUV4MPEG2 F25:1 Ip"}) {
        SCOPED_TRACE(header);
        std::string error;
        EXPECT_EQ(Y4mReader::open(write_file("absurd.y4m", header + "\nFRAME\n"), &error), nullptr);
        EXPECT_NE(error.find("absurd.y4m: y4m header:"), std::string::npos) << error;
    }
}

TEST_F(HostileInputTest, FileEndingInsideTheStreamHeader) {
    const HostileHeader cases[] = {
        {"YUV4MPEG2", "ends inside the y4m header"},
        {"YUV4MPEG2 ", "ends inside the y4m header"},
        {"YUV4MPEG2 W16 H16 F25:1", "ends inside the y4m header"},
        {"YUV4", "not a y4m file"},
        {"\n", "not a y4m file"},
        {"", "empty input"},
    };
    for (const HostileHeader& hostile : cases) {
        SCOPED_TRACE(hostile.header);
        std::string error;
        EXPECT_EQ(Y4mReader::open(write_file("cut.y4m", hostile.header), &error), nullptr);
        EXPECT_NE(error.find(hostile.message_part), std::string::npos) << error;
    }
}

TEST_F(HostileInputTest, BinaryGarbageIsNotAY4mFile) {
    std::string garbage(300, '\0');
    for (size_t i = 0; i < garbage.size(); ++i) garbage[i] = static_cast<char>(i * 37 + 11);
    std::string error;
    EXPECT_EQ(Y4mReader::open(write_file("garbage.y4m", garbage), &error), nullptr);
    EXPECT_NE(error.find("not a y4m file"), std::string::npos) << error;
    // The excerpt in the message is printable: control bytes are shown as '?'.
    for (char c : error) EXPECT_TRUE(c >= 0x20 && c < 0x7f) << static_cast<int>(c);
}

struct HostileStream {
    const char* name;
    std::string body;  // everything after the stream header line
    const char* message_part;
};

ReadResult read_all(FrameSource& source) {
    std::vector<uint8_t> frame(frame_size(source.info()));
    ReadResult result;
    while ((result = source.read_frame(frame.data())) == ReadResult::kFrame) {
    }
    return result;
}

TEST_F(HostileInputTest, BrokenFirstFrames) {
    const std::string frame = frame_bytes(16, 8);
    const HostileStream cases[] = {
        {"pixels without a FRAME marker", frame, "frame 0: expected a FRAME marker"},
        {"lower-case marker", "frame\n" + frame, "frame 0: expected a FRAME marker, found \"frame\""},
        {"second header instead of a frame", "YUV4MPEG2 W16 H8\n", "expected a FRAME marker"},
        {"FRAME at the end of the file", "FRAME", "frame 0: the input ends inside the frame header"},
        {"FRAME and a parameter at the end", "FRAME Ixyz", "ends inside the frame header"},
        {"endless frame header", "FRAME " + std::string(5000, 'X'), "frame header is too long"},
        {"marker then nothing", "FRAME\n", "frame 0 is truncated (got 0 of 192 bytes)"},
        {"marker then half a frame", "FRAME\n" + frame.substr(0, 96),
         "frame 0 is truncated (got 96 of 192 bytes)"},
    };
    for (const HostileStream& hostile : cases) {
        SCOPED_TRACE(hostile.name);
        const std::string path = write_file("in.y4m", "YUV4MPEG2 W16 H8 F25:1\n" + hostile.body);
        std::string error;
        auto reader = Y4mReader::open(path, &error);
        ASSERT_NE(reader, nullptr) << error;
        EXPECT_EQ(read_all(*reader), ReadResult::kError);
        EXPECT_EQ(reader->frames_read(), 0);
        EXPECT_NE(reader->error().find(hostile.message_part), std::string::npos) << reader->error();
        // The error sticks: no resynchronisation in the middle of garbage.
        std::vector<uint8_t> buffer(frame_size(reader->info()));
        EXPECT_EQ(reader->read_frame(buffer.data()), ReadResult::kError);
    }
}

TEST_F(HostileInputTest, HeaderOnlyFileHasNoFrames) {
    std::string error;
    auto reader = Y4mReader::open(write_file("in.y4m", "YUV4MPEG2 W16 H8 F25:1\n"), &error);
    ASSERT_NE(reader, nullptr) << error;
    EXPECT_EQ(read_all(*reader), ReadResult::kEnd);
    EXPECT_EQ(reader->frames_read(), 0);
}

TEST_F(HostileInputTest, RawSizesOutOfRangeAreRefusedBeforeOpening) {
    const std::pair<int, int> sizes[] = {{100000, 100000}, {0, 16},  {16, 0},   {-16, 16},
                                         {16, -16},        {8193, 2}, {2, 8193}, {-2147483647 - 1, 1}};
    for (const auto& [width, height] : sizes) {
        SCOPED_TRACE(std::to_string(width) + "x" + std::to_string(height));
        VideoInfo info;
        info.width = width;
        info.height = height;
        std::string error;
        // The path does not exist: the size must be refused before the file is even opened.
        EXPECT_EQ(RawReader::open((dir_ / "missing.yuv").string(), info, &error), nullptr);
        EXPECT_NE(error.find("raw input size " + std::to_string(width) + "x" + std::to_string(height) +
                             " is outside"),
                  std::string::npos)
            << error;
    }
    VideoInfo info;
    info.width = 16;
    info.height = 16;
    info.fps_num = 0;
    std::string error;
    EXPECT_EQ(RawReader::open(write_file("in.yuv", ""), info, &error), nullptr);
    EXPECT_NE(error.find("frame rate must be positive"), std::string::npos) << error;
}

TEST_F(HostileInputTest, RawFilesThatAreNotAWholeNumberOfFrames) {
    VideoInfo info;
    info.width = 16;
    info.height = 8;  // 192 bytes a frame
    const std::string frame = frame_bytes(16, 8);
    struct Case {
        std::string content;
        int64_t frames;
        const char* message_part;
    };
    const Case cases[] = {
        {frame.substr(0, 1), 0, "1 bytes left over after frame 0 (a 16x8 4:2:0 frame is 192 bytes)"},
        {frame.substr(0, 191), 0, "191 bytes left over after frame 0"},
        {frame + frame + frame.substr(0, 191), 2, "191 bytes left over after frame 2"},
        // A file of the wrong size for --input-res (a 16x12 frame read as 16x8 frames).
        {frame_bytes(16, 12), 1, "96 bytes left over after frame 1"},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.message_part);
        std::string error;
        auto reader = RawReader::open(write_file("in.yuv", c.content), info, &error);
        ASSERT_NE(reader, nullptr) << error;
        EXPECT_EQ(read_all(*reader), ReadResult::kError);
        EXPECT_EQ(reader->frames_read(), c.frames);
        EXPECT_NE(reader->error().find(c.message_part), std::string::npos) << reader->error();
        EXPECT_NE(reader->error().find("in.yuv"), std::string::npos) << reader->error();
    }
    std::string error;
    auto empty = RawReader::open(write_file("empty.yuv", ""), info, &error);
    ASSERT_NE(empty, nullptr) << error;
    EXPECT_EQ(read_all(*empty), ReadResult::kEnd);
    EXPECT_EQ(empty->frames_read(), 0);
}

}  // namespace
}  // namespace tc::io
