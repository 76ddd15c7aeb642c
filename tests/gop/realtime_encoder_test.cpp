// --realtime inside the encoder, with an injected clock: frames that take longer than 1/fps
// make the encoder step down (fewer B-frames first), the change is reported in the frame
// statistics, and fast frames bring it back up.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "encoder/encoder.h"
#include "gop/overload_controller.h"

namespace tc {
namespace {

// Every reading is `per_frame` seconds after the one before: each encode call (which reads
// the clock at its start and end) lasts per_frame.
class FakeClock final : public Clock {
public:
    double per_frame = 0;
    double now_seconds() override { return now_ += per_frame; }

private:
    double now_ = 0;
};

std::vector<uint8_t> frame(int width, int height, int index) {
    std::vector<uint8_t> data(static_cast<size_t>(width) * height * 3 / 2, 128);
    for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) data[static_cast<size_t>(y) * width + x] = static_cast<uint8_t>((x + index + y * 3) * 5);
    }
    return data;
}

TEST(RealtimeEncoder, LateFramesDropBFramesAndFastFramesRestoreThem) {
    EncoderSettings settings;
    settings.width = 64;
    settings.height = 64;
    settings.fps = 50;  // 20 ms per frame
    settings.b_frames = 3;
    settings.b_adapt = false;
    settings.realtime = true;
    std::string error;
    std::unique_ptr<Encoder> encoder = Encoder::create(settings, error);
    ASSERT_NE(encoder, nullptr) << error;
    FakeClock clock;
    encoder->set_clock(&clock);
    std::vector<uint8_t> output;
    std::vector<int> steps;
    std::vector<std::string> changes;
    std::string types;
    auto encode = [&](int index) {
        const auto data = frame(64, 64, index);
        encoder->encode(data.data(), output);
        if (output.empty()) return;
        const FrameStatistics& stats = encoder->last_statistics();
        steps.push_back(stats.speed_step);
        types += stats.slice_type;
        if (stats.speed_change[0] != '\0') changes.emplace_back(stats.speed_change);
    };
    clock.per_frame = 0.040;  // twice the budget
    int index = 0;
    for (; index < 40; index++) encode(index);
    ASSERT_FALSE(changes.empty()) << "late frames must step down";
    EXPECT_NE(changes.front().find("b-frames 3->2"), std::string::npos) << changes.front();
    EXPECT_GE(steps.back(), 3) << "still late: three steps take the B-frames to none";
    // No B pictures once the B-frames are gone (the pictures coded last).
    EXPECT_EQ(types.substr(types.size() - 8).find('B'), std::string::npos) << types;

    const size_t down_changes = changes.size();
    clock.per_frame = 0.004;  // a fifth of the budget: clear headroom
    for (; index < 400; index++) encode(index);
    EXPECT_GT(changes.size(), down_changes) << "headroom must step back up";
    EXPECT_EQ(steps.back(), 0) << "back at the configured level";
    EXPECT_NE(types.substr(types.size() - 8).find('B'), std::string::npos) << "B-frames are back: " << types;
}

TEST(RealtimeEncoder, OnTimeFramesChangeNothing) {
    EncoderSettings settings;
    settings.width = 64;
    settings.height = 64;
    settings.fps = 50;
    settings.realtime = true;
    std::string error;
    std::unique_ptr<Encoder> encoder = Encoder::create(settings, error);
    ASSERT_NE(encoder, nullptr) << error;
    FakeClock clock;
    clock.per_frame = 0.015;
    encoder->set_clock(&clock);
    std::vector<uint8_t> output;
    for (int i = 0; i < 100; i++) {
        const auto data = frame(64, 64, i);
        encoder->encode(data.data(), output);
        EXPECT_EQ(encoder->last_statistics().speed_step, 0);
        EXPECT_STREQ(encoder->last_statistics().speed_change, "");
    }
}

}  // namespace
}  // namespace tc
