// The y4m and raw readers and the y4m writer: every accepted header variant, every rejected
// header, broken frame markers, truncated files, and a write/read round trip.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "io/raw_reader.h"
#include "io/y4m_reader.h"
#include "io/y4m_writer.h"

namespace tc::io {
namespace {

namespace fs = std::filesystem;

class Y4mFileTest : public ::testing::Test {
protected:
    void SetUp() override {
        const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
        dir_ = fs::temp_directory_path() /
               ("tcenc_io_" + std::to_string(getpid()) + "_" + test->name());
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

// One frame of the given size whose bytes count up from seed.
std::string frame_bytes(int width, int height, int seed) {
    VideoInfo info;
    info.width = width;
    info.height = height;
    std::string bytes(frame_size(info), '\0');
    for (size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<char>((i + seed) & 0xff);
    return bytes;
}

std::string y4m_file(const std::string& header, int width, int height, int frames) {
    std::string content = header + "\n";
    for (int i = 0; i < frames; ++i) content += "FRAME\n" + frame_bytes(width, height, i);
    return content;
}

TEST(Y4mFrameSize, RoundsChromaUpForOddSizes) {
    VideoInfo info;
    info.width = 320;
    info.height = 192;
    EXPECT_EQ(frame_size(info), 320u * 192u * 3u / 2u);
    info.width = 99;
    info.height = 75;
    EXPECT_EQ(frame_size(info), 99u * 75u + 2u * 50u * 38u);
}

TEST_F(Y4mFileTest, AcceptsEveryFourTwoZeroChromaTag) {
    for (const std::string tag : {"", " C420", " C420jpeg", " C420mpeg2", " C420paldv"}) {
        SCOPED_TRACE(tag);
        const std::string path =
            write_file("in.y4m", y4m_file("YUV4MPEG2 W16 H8 F30:1 Ip A1:1" + tag, 16, 8, 2));
        std::string error;
        auto reader = Y4mReader::open(path, &error);
        ASSERT_NE(reader, nullptr) << error;
        EXPECT_EQ(reader->info().width, 16);
        EXPECT_EQ(reader->info().height, 8);
        std::vector<uint8_t> frame(frame_size(reader->info()));
        EXPECT_EQ(reader->read_frame(frame.data()), ReadResult::kFrame);
        EXPECT_EQ(frame[0], 0);
        EXPECT_EQ(reader->read_frame(frame.data()), ReadResult::kFrame);
        EXPECT_EQ(frame[0], 1);
        EXPECT_EQ(reader->read_frame(frame.data()), ReadResult::kEnd) << reader->error();
        EXPECT_EQ(reader->frames_read(), 2);
    }
}

TEST_F(Y4mFileTest, ParsesRateRangeAndIgnoresOtherTags) {
    const std::string path = write_file(
        "in.y4m", y4m_file("YUV4MPEG2 W6 H4 F30000:1001 I? A128:117 C420mpeg2 XYSCSS=420MPEG2 "
                           "XCOLORRANGE=FULL Zfuture",
                           6, 4, 1));
    std::string error;
    auto reader = Y4mReader::open(path, &error);
    ASSERT_NE(reader, nullptr) << error;
    EXPECT_EQ(reader->info().fps_num, 30000);
    EXPECT_EQ(reader->info().fps_den, 1001);
    EXPECT_TRUE(reader->info().full_range);
}

TEST_F(Y4mFileTest, DefaultsToLimitedRange) {
    const std::string path =
        write_file("in.y4m", y4m_file("YUV4MPEG2 W6 H4 F25:1 XCOLORRANGE=LIMITED", 6, 4, 1));
    std::string error;
    auto reader = Y4mReader::open(path, &error);
    ASSERT_NE(reader, nullptr) << error;
    EXPECT_FALSE(reader->info().full_range);
}

TEST_F(Y4mFileTest, ReadsOddSizesAndFrameParameters) {
    std::string content = "YUV4MPEG2 W5 H3 F12:1\n";
    content += "FRAME Ixyz\n" + frame_bytes(5, 3, 7);
    const std::string path = write_file("in.y4m", content);
    std::string error;
    auto reader = Y4mReader::open(path, &error);
    ASSERT_NE(reader, nullptr) << error;
    std::vector<uint8_t> frame(frame_size(reader->info()));
    ASSERT_EQ(frame.size(), 15u + 2u * 3u * 2u);
    EXPECT_EQ(reader->read_frame(frame.data()), ReadResult::kFrame) << reader->error();
    EXPECT_EQ(frame.back(), static_cast<uint8_t>(frame.size() - 1 + 7));
    EXPECT_EQ(reader->read_frame(frame.data()), ReadResult::kEnd);
}

struct BadHeader {
    const char* header;
    const char* message_part;
};

TEST_F(Y4mFileTest, RejectsBadHeadersWithAClearMessage) {
    const BadHeader cases[] = {
        {"YUV4MPEG2 W16 H16 F25:1 Cmono", "Cmono"},
        {"YUV4MPEG2 W16 H16 F25:1 C422", "C422"},
        {"YUV4MPEG2 W16 H16 F25:1 C444", "C444"},
        {"YUV4MPEG2 W16 H16 F25:1 C420p10", "C420p10"},
        {"YUV4MPEG2 W16 H16 F25:1 C411", "C411"},
        {"YUV4MPEG2 W16 H16 F25:1 It", "interlaced"},
        {"YUV4MPEG2 W16 H16 F25:1 Ib", "interlaced"},
        {"YUV4MPEG2 W16 H16 F25:1 Im", "interlaced"},
        {"YUV4MPEG2 H16 F25:1", "no width"},
        {"YUV4MPEG2 W16 F25:1", "no height"},
        {"YUV4MPEG2 W0 H16", "width"},
        {"YUV4MPEG2 W-16 H16", "width"},
        {"YUV4MPEG2 W16 Habc", "height"},
        {"YUV4MPEG2 W8193 H16", "8192"},
        {"YUV4MPEG2 W16 H99999999999999999999", "height"},
        {"YUV4MPEG2 W16 H16 F25", "frame rate"},
        {"YUV4MPEG2 W16 H16 F0:1", "frame rate"},
        {"YUV4MPEG2 W16 H16 F25:0", "frame rate"},
        {"YUV4MPEG2W16 H16", "not a y4m file"},
        {"YUV4MPEG W16 H16", "not a y4m file"},
        {"RIFF....", "not a y4m file"},
    };
    for (const BadHeader& bad : cases) {
        SCOPED_TRACE(bad.header);
        const std::string path = write_file("bad.y4m", y4m_file(bad.header, 16, 16, 1));
        std::string error;
        EXPECT_EQ(Y4mReader::open(path, &error), nullptr);
        EXPECT_NE(error.find(bad.message_part), std::string::npos) << error;
        EXPECT_NE(error.find("bad.y4m"), std::string::npos) << error;
    }
}

TEST_F(Y4mFileTest, HugeSizeIsRejectedBeforeAnythingIsAllocated) {
    std::string error;
    VideoInfo info;
    EXPECT_FALSE(parse_y4m_header("YUV4MPEG2 W8192 H8193 F25:1", &info, &error));
    EXPECT_TRUE(parse_y4m_header("YUV4MPEG2 W8192 H8192 F25:1", &info, &error)) << error;
    EXPECT_EQ(frame_size(info), 8192u * 8192u * 3u / 2u);
}

TEST_F(Y4mFileTest, RejectsEmptyFilesAndHeadersCutShort) {
    std::string error;
    EXPECT_EQ(Y4mReader::open(write_file("empty.y4m", ""), &error), nullptr);
    EXPECT_NE(error.find("empty"), std::string::npos) << error;
    EXPECT_EQ(Y4mReader::open(write_file("cut.y4m", "YUV4MPEG2 W16 H1"), &error), nullptr);
    EXPECT_NE(error.find("ends inside the y4m header"), std::string::npos) << error;
    EXPECT_EQ(Y4mReader::open(write_file("long.y4m", "YUV4MPEG2 " + std::string(10000, 'X')),
                              &error),
              nullptr);
    EXPECT_NE(error.find("longer than"), std::string::npos) << error;
}

TEST_F(Y4mFileTest, MissingFileNamesThePath) {
    std::string error;
    EXPECT_EQ(Y4mReader::open((dir_ / "no_such.y4m").string(), &error), nullptr);
    EXPECT_NE(error.find("no_such.y4m"), std::string::npos) << error;
    EXPECT_NE(error.find("cannot open"), std::string::npos) << error;
}

// Reads every frame; returns the result that ended the loop and the frames read.
ReadResult read_all(FrameSource& source, int64_t* frames) {
    std::vector<uint8_t> frame(frame_size(source.info()));
    ReadResult result;
    while ((result = source.read_frame(frame.data())) == ReadResult::kFrame) {
    }
    *frames = source.frames_read();
    return result;
}

struct BadStream {
    const char* name;
    std::string after_good_frames;
    const char* message_part;
};

TEST_F(Y4mFileTest, RejectsBrokenFramesAfterGoodOnes) {
    const std::string good = y4m_file("YUV4MPEG2 W16 H8 F25:1", 16, 8, 2);
    const std::string frame = frame_bytes(16, 8, 0);
    const BadStream cases[] = {
        {"missing marker", frame, "expected a FRAME marker"},
        {"garbage", "GARBAGE\n" + frame, "expected a FRAME marker, found \"GARBAGE\""},
        {"marker prefix", "FRAMES\n" + frame, "expected a FRAME marker"},
        {"inside marker", "FRA", "expected a FRAME marker"},
        {"inside frame header", "FRAME Ip", "ends inside the frame header"},
        {"truncated frame", "FRAME\n" + frame.substr(0, 100), "frame 2 is truncated (got 100 of 192"},
        {"marker only", "FRAME\n", "frame 2 is truncated (got 0 of 192"},
    };
    for (const BadStream& bad : cases) {
        SCOPED_TRACE(bad.name);
        const std::string path = write_file("in.y4m", good + bad.after_good_frames);
        std::string error;
        auto reader = Y4mReader::open(path, &error);
        ASSERT_NE(reader, nullptr) << error;
        int64_t frames = 0;
        EXPECT_EQ(read_all(*reader, &frames), ReadResult::kError);
        EXPECT_EQ(frames, 2);
        EXPECT_NE(reader->error().find(bad.message_part), std::string::npos) << reader->error();
        EXPECT_NE(reader->error().find("in.y4m"), std::string::npos) << reader->error();
    }
}

TEST_F(Y4mFileTest, RawReaderReadsFramesAndReportsLeftOverBytes) {
    VideoInfo info;
    info.width = 6;
    info.height = 4;
    const std::string frame = frame_bytes(6, 4, 3);
    const std::string path = write_file("in.yuv", frame + frame + frame.substr(0, 5));
    std::string error;
    auto reader = RawReader::open(path, info, &error);
    ASSERT_NE(reader, nullptr) << error;
    int64_t frames = 0;
    EXPECT_EQ(read_all(*reader, &frames), ReadResult::kError);
    EXPECT_EQ(frames, 2);
    EXPECT_NE(reader->error().find("5 bytes left over after frame 2"), std::string::npos)
        << reader->error();

    auto whole = RawReader::open(write_file("whole.yuv", frame + frame), info, &error);
    ASSERT_NE(whole, nullptr) << error;
    EXPECT_EQ(read_all(*whole, &frames), ReadResult::kEnd);
    EXPECT_EQ(frames, 2);
}

TEST_F(Y4mFileTest, RawReaderRejectsSizesOutOfRange) {
    VideoInfo info;
    info.width = 8194;
    info.height = 16;
    std::string error;
    EXPECT_EQ(RawReader::open(write_file("in.yuv", ""), info, &error), nullptr);
    EXPECT_NE(error.find("8194x16"), std::string::npos) << error;
}

TEST_F(Y4mFileTest, WriterOutputReadsBackIdentically) {
    VideoInfo info;
    info.width = 10;
    info.height = 6;
    info.fps_num = 30000;
    info.fps_den = 1001;
    info.full_range = true;
    const std::string path = (dir_ / "recon.y4m").string();
    const std::string first = frame_bytes(10, 6, 1);
    const std::string second = frame_bytes(10, 6, 2);
    std::string error;
    {
        auto writer = Y4mWriter::open(path, info, &error);
        ASSERT_NE(writer, nullptr) << error;
        EXPECT_TRUE(writer->write_frame(reinterpret_cast<const uint8_t*>(first.data())));
        EXPECT_TRUE(writer->write_frame(reinterpret_cast<const uint8_t*>(second.data())));
        EXPECT_TRUE(writer->close()) << writer->error();
    }
    auto reader = Y4mReader::open(path, &error);
    ASSERT_NE(reader, nullptr) << error;
    EXPECT_EQ(reader->info().width, 10);
    EXPECT_EQ(reader->info().height, 6);
    EXPECT_EQ(reader->info().fps_num, 30000);
    EXPECT_EQ(reader->info().fps_den, 1001);
    EXPECT_TRUE(reader->info().full_range);
    std::vector<uint8_t> frame(frame_size(info));
    ASSERT_EQ(reader->read_frame(frame.data()), ReadResult::kFrame);
    EXPECT_EQ(std::string(frame.begin(), frame.end()), first);
    ASSERT_EQ(reader->read_frame(frame.data()), ReadResult::kFrame);
    EXPECT_EQ(std::string(frame.begin(), frame.end()), second);
    EXPECT_EQ(reader->read_frame(frame.data()), ReadResult::kEnd);
}

TEST_F(Y4mFileTest, WriterReportsUncreatableFiles) {
    VideoInfo info;
    info.width = 16;
    info.height = 16;
    std::string error;
    EXPECT_EQ(Y4mWriter::open((dir_ / "missing_dir" / "r.y4m").string(), info, &error), nullptr);
    EXPECT_NE(error.find("cannot create"), std::string::npos) << error;
}

}  // namespace
}  // namespace tc::io
