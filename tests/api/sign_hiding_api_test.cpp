// The "signhide" setting through the C API: ultrafast's -1 hides signs where the GPU codes the P
// pictures ("gpu-decisions", here on its CPU mirror) and nowhere else, so its streams equal those
// of an explicit 1 and 0 respectively; an explicit value is kept in both modes.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "temporal_compression.h"

namespace {

constexpr int kWidth = 128, kHeight = 96, kFrames = 3;

using Settings = std::vector<std::pair<std::string, std::string>>;

// A textured picture moving 2 samples right and 1 down per frame.
std::vector<uint8_t> moving_frame(int index) {
    std::vector<uint8_t> frame(static_cast<size_t>(kWidth) * kHeight * 3 / 2, 128);
    for (int y = 0; y < kHeight; y++) {
        for (int x = 0; x < kWidth; x++) {
            const int u = x - 2 * index, v = y - index;
            frame[static_cast<size_t>(y) * kWidth + x] = static_cast<uint8_t>((u * u / 5 + 3 * v + (u ^ v)) & 255);
        }
    }
    return frame;
}

// The whole stream of kFrames frames (flushed), encoded with `settings`.
std::vector<uint8_t> encode(const Settings& settings) {
    TCConfig config = {kWidth, kHeight, 25, 0.5f, false};
    for (const auto& [name, value] : settings) {
        EXPECT_EQ(tc_config_set(&config, name.c_str(), value.c_str()), TC_OK) << name << " " << tc_init_error();
    }
    std::vector<uint8_t> stream, out(tc_max_output_size(&config));
    TCContext* ctx = tc_init(&config);
    EXPECT_NE(ctx, nullptr) << tc_init_error();
    if (ctx == nullptr) return stream;
    for (int call = 0; call < kFrames + 4; call++) {
        const std::vector<uint8_t> frame = moving_frame(call);
        size_t size = out.size();
        const int rc = tc_process_frame(ctx, call < kFrames ? frame.data() : nullptr, out.data(), &size);
        EXPECT_GE(rc, 0) << tc_last_error(ctx);
        if (rc > 0) stream.insert(stream.end(), out.begin(), out.begin() + rc);
    }
    tc_destroy(ctx);
    return stream;
}

Settings with(Settings settings, const std::string& sign_hide) {
    settings.emplace_back("signhide", sign_hide);
    return settings;
}

TEST(SignHidingApi, UltrafastHidesSignsWhereTheGpuCodesThePPictures) {
    const Settings gpu = {{"preset", "ultrafast"}, {"bframes", "0"},        {"gpu", "1"},
                          {"gpu-algorithm-on-cpu", "1"}, {"gpu-decisions", "1"}, {"threads", "2"}};
    const std::vector<uint8_t> by_default = encode(gpu);
    ASSERT_FALSE(by_default.empty());
    EXPECT_EQ(by_default, encode(with(gpu, "1")));
    EXPECT_EQ(by_default, encode(with(gpu, "-1")));
    EXPECT_NE(by_default, encode(with(gpu, "0"))) << "an explicit 0 keeps every sign";
}

TEST(SignHidingApi, UltrafastKeepsEverySignOnTheCpuPath) {
    for (const Settings& cpu : {Settings{{"preset", "ultrafast"}, {"bframes", "0"}, {"threads", "2"}},
                                // The GPU's motion search alone: the CPU's analysis codes.
                                Settings{{"preset", "ultrafast"}, {"bframes", "0"}, {"gpu", "1"},
                                         {"gpu-algorithm-on-cpu", "1"}, {"threads", "2"}}}) {
        const std::vector<uint8_t> by_default = encode(cpu);
        ASSERT_FALSE(by_default.empty());
        EXPECT_EQ(by_default, encode(with(cpu, "0")));
        EXPECT_NE(by_default, encode(with(cpu, "1"))) << "an explicit 1 hides signs";
    }
}

TEST(SignHidingApi, OtherPresetsHideSigns) {
    const Settings superfast = {{"preset", "superfast"}, {"bframes", "0"}, {"threads", "2"}};
    EXPECT_EQ(encode(superfast), encode(with(superfast, "1")));
}

}  // namespace
