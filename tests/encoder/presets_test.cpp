// Presets and the search knobs: names, order of application, validation, and that each preset
// changes what the encoder does (streams differ, faster presets code fewer CUs' worth of work).
#include "encoder/presets.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "encoder/encoder_settings.h"
#include "temporal_compression.h"

namespace tc {
namespace {

TEST(Presets, EveryNameApplies) {
    for (const char* name :
         {"ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow"}) {
        EncoderSettings settings;
        std::string error;
        EXPECT_TRUE(apply_setting(settings, "preset", name, error)) << name << ": " << error;
    }
}

TEST(Presets, UnknownNameIsRefusedWithTheList) {
    EncoderSettings settings;
    std::string error;
    EXPECT_FALSE(apply_setting(settings, "preset", "placebo", error));
    EXPECT_NE(error.find("placebo"), std::string::npos);
    EXPECT_NE(error.find("ultrafast"), std::string::npos);
}

TEST(Presets, MediumIsTheDefault) {
    EncoderSettings defaults, medium;
    std::string error;
    ASSERT_TRUE(apply_setting(medium, "preset", "medium", error));
    EXPECT_EQ(medium.effort.max_cu_log2, defaults.effort.max_cu_log2);
    EXPECT_EQ(medium.effort.min_cu_log2, defaults.effort.min_cu_log2);
    EXPECT_EQ(medium.effort.subpel_steps, defaults.effort.subpel_steps);
    EXPECT_EQ(medium.effort.full_rd_inter, defaults.effort.full_rd_inter);
    EXPECT_EQ(medium.effort.early_skip, defaults.effort.early_skip);
    EXPECT_EQ(medium.effort.recursion_skip, defaults.effort.recursion_skip);
    EXPECT_EQ(medium.effort.intra_in_inter, defaults.effort.intra_in_inter);
    EXPECT_EQ(medium.effort.fast_intra, defaults.effort.fast_intra);
    EXPECT_EQ(medium.effort.estimate_residual_rate, defaults.effort.estimate_residual_rate);
    EXPECT_EQ(medium.effort.chroma_mode_search, defaults.effort.chroma_mode_search);
    EXPECT_EQ(medium.effort.sao_non_reference, defaults.effort.sao_non_reference);
    for (int i = 0; i < 7; i++) {
        EXPECT_EQ(medium.effort.intra_rd_candidates[i], defaults.effort.intra_rd_candidates[i]);
    }
    EXPECT_EQ(medium.refs, defaults.refs);
    EXPECT_EQ(medium.rect, defaults.rect);
    EXPECT_EQ(medium.sao, defaults.sao);
    EXPECT_EQ(medium.max_merge, defaults.max_merge);
    EXPECT_EQ(medium.sign_hide, defaults.sign_hide);
    EXPECT_EQ(medium.b_adapt, defaults.b_adapt);
}

// The accelerator's filters (gpu-filters) are on unless a caller turns them off; they only act
// with gpu-decisions.
TEST(Presets, GpuFiltersAreOnByDefaultAndCanBeTurnedOff) {
    EncoderSettings settings;
    EXPECT_TRUE(settings.gpu_filters);
    std::string error;
    ASSERT_TRUE(apply_setting(settings, "preset", "ultrafast", error)) << error;
    EXPECT_TRUE(settings.gpu_filters);
    ASSERT_TRUE(apply_setting(settings, "gpu-filters", "0", error)) << error;
    EXPECT_FALSE(settings.gpu_filters);
}

// The GPU mode's decisions after the smoothing are on in every preset unless a caller turns them
// off; they only act with gpu-decisions: the coding-unit sizes by cost (gpu-cu-sizes) and the skip
// decisions (gpu-skips). The 8x8 CUs inside the picture (gpu-cu8) are "auto" (-1, by the picture's
// size) unless a caller sets them on or off.
TEST(Presets, GpuDecisionStepsAreOnByDefaultAndCanBeTurnedOff) {
    for (const char* name : {"ultrafast", "superfast", "medium", "slow"}) {
        EncoderSettings settings;
        std::string error;
        ASSERT_TRUE(apply_setting(settings, "preset", name, error)) << error;
        EXPECT_EQ(settings.gpu_cu8, -1) << name;
        for (const char* value : {"0", "1", "-1"}) {
            ASSERT_TRUE(apply_setting(settings, "gpu-cu8", value, error)) << error;
            EXPECT_EQ(settings.gpu_cu8, std::stoi(value)) << name;
        }
        EXPECT_FALSE(apply_setting(settings, "gpu-cu8", "2", error));
    }
    const std::pair<const char*, bool EncoderSettings::*> steps[] = {{"gpu-cu-sizes", &EncoderSettings::gpu_cu_sizes},
                                                                     {"gpu-skips", &EncoderSettings::gpu_skips}};
    for (const auto& [setting, member] : steps) {
        for (const char* name : {"ultrafast", "superfast", "medium", "slow"}) {
            EncoderSettings settings;
            std::string error;
            ASSERT_TRUE(apply_setting(settings, "preset", name, error)) << error;
            EXPECT_TRUE(settings.*member) << name << " " << setting;
            ASSERT_TRUE(apply_setting(settings, setting, "0", error)) << error;
            EXPECT_FALSE(settings.*member) << name << " " << setting;
        }
    }
}

// Adaptive B-frames are off only in ultrafast (x265 ultrafast's b-adapt 0); a preset applied
// after b-adapt sets it again.
TEST(Presets, OnlyUltrafastTurnsAdaptiveBFramesOff) {
    for (const char* name :
         {"ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow"}) {
        EncoderSettings settings;
        std::string error;
        ASSERT_TRUE(apply_setting(settings, "b-adapt", std::string(name) == "ultrafast" ? "1" : "0",
                                  error));
        ASSERT_TRUE(apply_setting(settings, "preset", name, error)) << error;
        EXPECT_EQ(settings.b_adapt, std::string(name) != "ultrafast") << name;
    }
}

TEST(Presets, LaterSettingsOverrideThePreset) {
    EncoderSettings settings;
    std::string error;
    ASSERT_TRUE(apply_setting(settings, "preset", "ultrafast", error));
    EXPECT_EQ(settings.effort.min_cu_log2, 4);
    EXPECT_FALSE(settings.rect);
    EXPECT_EQ(settings.max_merge, 2);
    EXPECT_EQ(settings.sign_hide, -1) << "ultrafast hides signs only where the GPU codes the P pictures";
    EXPECT_FALSE(settings.effort.sao_non_reference);
    EXPECT_FALSE(settings.effort.sao_band_offsets);
    EXPECT_TRUE(settings.effort.quarter_after_half);
    EXPECT_TRUE(settings.effort.subpel_fit);
    EXPECT_FALSE(settings.b_adapt);
    ASSERT_TRUE(apply_setting(settings, "subpel-fit", "0", error));
    EXPECT_FALSE(settings.effort.subpel_fit);
    ASSERT_TRUE(apply_setting(settings, "sao-band", "1", error));
    EXPECT_TRUE(settings.effort.sao_band_offsets);
    ASSERT_TRUE(apply_setting(settings, "qpel-after-hpel", "0", error));
    EXPECT_FALSE(settings.effort.quarter_after_half);
    ASSERT_TRUE(apply_setting(settings, "b-adapt", "1", error));
    EXPECT_TRUE(settings.b_adapt);
    ASSERT_TRUE(apply_setting(settings, "signhide", "1", error));
    EXPECT_EQ(settings.sign_hide, 1);
    ASSERT_TRUE(apply_setting(settings, "sao-nonref", "1", error));
    EXPECT_TRUE(settings.effort.sao_non_reference);
    ASSERT_TRUE(apply_setting(settings, "max-merge", "5", error));
    EXPECT_EQ(settings.max_merge, 5);
    ASSERT_TRUE(apply_setting(settings, "min-cu-size", "8", error));
    ASSERT_TRUE(apply_setting(settings, "rect", "1", error));
    ASSERT_TRUE(apply_setting(settings, "subme", "0", error));
    EXPECT_TRUE(settings.effort.scale_cu_limits);
    ASSERT_TRUE(apply_setting(settings, "max-search-cu-size", "64", error));
    EXPECT_FALSE(settings.effort.scale_cu_limits) << "an explicit CU limit is taken as it is";
    EXPECT_EQ(settings.effort.min_cu_log2, 3);
    EXPECT_TRUE(settings.rect);
    EXPECT_EQ(settings.effort.subpel_steps, 0);
    EXPECT_EQ(settings.effort.max_search_cu_log2, 6);
    // A preset leaves the GOP alone.
    ASSERT_TRUE(apply_setting(settings, "bframes", "3", error));
    ASSERT_TRUE(apply_setting(settings, "preset", "slow", error));
    EXPECT_EQ(settings.b_frames, 3);
    EXPECT_EQ(settings.sign_hide, 1) << "every preset but ultrafast hides signs";
    ASSERT_TRUE(apply_setting(settings, "preset", "superfast", error));
    EXPECT_EQ(settings.max_merge, 3);
    EXPECT_EQ(settings.sign_hide, 1);
}

TEST(Presets, KnobValuesAreChecked) {
    EncoderSettings settings;
    std::string error;
    EXPECT_FALSE(apply_setting(settings, "min-cu-size", "12", error));
    EXPECT_NE(error.find("8, 16, 32 or 64"), std::string::npos);
    EXPECT_FALSE(apply_setting(settings, "max-cu-size", "128", error));
    EXPECT_FALSE(apply_setting(settings, "min-cu-size", "4", error));
    EXPECT_FALSE(apply_setting(settings, "subme", "3", error));
    EXPECT_FALSE(apply_setting(settings, "early-skip", "maybe", error));
    EXPECT_FALSE(apply_setting(settings, "max-merge", "0", error));
    EXPECT_FALSE(apply_setting(settings, "max-merge", "6", error));
    EXPECT_FALSE(apply_setting(settings, "slices", "0", error));
    EXPECT_FALSE(apply_setting(settings, "slices", "17", error));
    EXPECT_TRUE(apply_setting(settings, "slices", "16", error));
    EXPECT_FALSE(apply_setting(settings, "signhide", "2", error));
    EXPECT_FALSE(apply_setting(settings, "signhide", "-2", error));
    EXPECT_FALSE(apply_setting(settings, "max-search-cu-size", "24", error));
    EXPECT_FALSE(apply_setting(settings, "max-search-cu-size", "4", error));
    ASSERT_TRUE(apply_setting(settings, "max-search-cu-size", "16", error));
    EXPECT_EQ(settings.effort.max_search_cu_log2, 4);
    EXPECT_FALSE(apply_setting(settings, "max-intra-cu-size", "2", error));
    ASSERT_TRUE(apply_setting(settings, "max-intra-cu-size", "8", error));
    EXPECT_EQ(settings.effort.max_intra_cu_log2, 3);
    ASSERT_TRUE(apply_setting(settings, "max-merge", "2", error));
    ASSERT_TRUE(apply_setting(settings, "signhide", "0", error));
    EXPECT_EQ(settings.max_merge, 2);
    EXPECT_EQ(settings.sign_hide, 0);
    // min above max: accepted one by one, refused as a whole.
    settings.width = 64;
    settings.height = 64;
    settings.fps = 25;
    ASSERT_TRUE(apply_setting(settings, "min-cu-size", "32", error));
    ASSERT_TRUE(apply_setting(settings, "max-cu-size", "16", error));
    EXPECT_FALSE(validate_settings(settings, error));
    EXPECT_NE(error.find("min-cu-size"), std::string::npos);
}

TEST(Presets, TunePsnrIsAccepted) {
    EncoderSettings settings;
    std::string error;
    EXPECT_TRUE(apply_setting(settings, "tune", "psnr", error));
    EXPECT_FALSE(settings.zero_latency);
    EXPECT_FALSE(apply_setting(settings, "tune", "grain", error));
}

TEST(Presets, RefusedSettingIsExplained) {
    TCConfig config = {};
    EXPECT_EQ(tc_config_set(&config, "preset", "warp"), TC_ERR_INVALID_CONFIG);
    EXPECT_NE(std::string(tc_init_error()).find("'warp' is not one of"), std::string::npos)
        << tc_init_error();
    EXPECT_EQ(tc_config_set(&config, "min-cu-size", "12"), TC_ERR_INVALID_CONFIG);
    EXPECT_NE(std::string(tc_init_error()).find("min-cu-size"), std::string::npos)
        << tc_init_error();
    tc_config_reset(&config);
}

// Encodes `frames` frames of a moving gradient through the C API with one preset and returns
// the stream.
std::vector<uint8_t> encode_with_preset(const char* preset, int frames) {
    TCConfig config = {};
    config.width = 128;
    config.height = 96;
    config.fps = 25;
    config.qp_factor = 0.45f;
    EXPECT_EQ(tc_config_set(&config, "preset", preset), TC_OK);
    EXPECT_EQ(tc_config_set(&config, "threads", "1"), TC_OK);
    TCContext* context = tc_init(&config);
    EXPECT_NE(context, nullptr);
    std::vector<uint8_t> stream;
    if (context == nullptr) return stream;
    std::vector<uint8_t> frame(static_cast<size_t>(config.width) * config.height * 3 / 2);
    std::vector<uint8_t> output(1 << 20);
    for (int f = 0; f < frames; f++) {
        for (int y = 0; y < static_cast<int>(config.height); y++) {
            for (int x = 0; x < static_cast<int>(config.width); x++) {
                const int u = x + 2 * f, v = y + f;
                frame[static_cast<size_t>(y) * config.width + x] =
                    static_cast<uint8_t>(((u * 7) ^ (v * 5)) + ((u / 8 + v / 8) % 2) * 60);
            }
        }
        for (size_t i = static_cast<size_t>(config.width) * config.height; i < frame.size(); i++) {
            frame[i] = static_cast<uint8_t>(128 + (i % 17));
        }
        size_t size = output.size();
        const int written = tc_process_frame(context, frame.data(), output.data(), &size);
        EXPECT_GE(written, 0);
        if (written < 0) break;
        stream.insert(stream.end(), output.begin(), output.begin() + static_cast<ptrdiff_t>(size));
    }
    tc_destroy(context);
    return stream;
}

TEST(Presets, PresetsChangeTheStream) {
    const std::vector<uint8_t> ultrafast = encode_with_preset("ultrafast", 4);
    const std::vector<uint8_t> medium = encode_with_preset("medium", 4);
    const std::vector<uint8_t> medium_again = encode_with_preset("medium", 4);
    ASSERT_FALSE(ultrafast.empty());
    EXPECT_NE(ultrafast, medium);
    EXPECT_EQ(medium, medium_again);
}

}  // namespace
}  // namespace tc
