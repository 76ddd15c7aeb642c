// The public C API's contract: error codes, the too-small-buffer retry, flush, the
// output bound, settings, and independence of contexts.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>
#include <random>
#include <thread>
#include <vector>

#include "temporal_compression.h"

namespace {

std::vector<uint8_t> make_frame(int width, int height, uint32_t seed, bool noise) {
    std::vector<uint8_t> frame(static_cast<size_t>(width) * height * 3 / 2);
    std::mt19937 rng(seed);
    for (size_t i = 0; i < frame.size(); i++) {
        frame[i] = noise ? static_cast<uint8_t>(rng()) : static_cast<uint8_t>((i * 7 + seed) & 0xff);
    }
    return frame;
}

struct Encoded {
    std::vector<uint8_t> bytes;
    int rc;
};

Encoded encode_one(TCContext* ctx, const uint8_t* frame, size_t capacity) {
    Encoded e;
    e.bytes.resize(capacity);
    size_t size = capacity;
    e.rc = tc_process_frame(ctx, frame, e.bytes.data(), &size);
    e.bytes.resize(e.rc >= 0 ? size : 0);
    return e;
}

std::vector<uint8_t> encode_clip(int width, int height, int frames, const char* qp) {
    TCConfig config = {static_cast<uint32_t>(width), static_cast<uint32_t>(height), 25, 0.5f, false};
    if (qp != nullptr) {
        EXPECT_EQ(tc_config_set(&config, "qp", qp), TC_OK);
    }
    TCContext* ctx = tc_init(&config);
    EXPECT_NE(ctx, nullptr) << tc_init_error();
    std::vector<uint8_t> stream;
    const size_t capacity = tc_max_output_size(&config);
    for (int i = 0; i < frames; i++) {
        const auto frame = make_frame(width, height, static_cast<uint32_t>(i), false);
        const Encoded e = encode_one(ctx, frame.data(), capacity);
        EXPECT_GT(e.rc, 0) << tc_last_error(ctx);
        stream.insert(stream.end(), e.bytes.begin(), e.bytes.end());
    }
    tc_destroy(ctx);
    return stream;
}

TEST(CApi, VersionAndErrorStrings) {
    EXPECT_STRNE(tc_version(), "");
    for (int code = 0; code >= -7; code--) EXPECT_NE(tc_error_string(code), nullptr);
    EXPECT_STREQ(tc_error_string(-1000), "unknown error code");
}

TEST(CApi, InitRejectsBadConfigurationsWithAMessage) {
    EXPECT_EQ(tc_init(nullptr), nullptr);
    EXPECT_STRNE(tc_init_error(), "");
    const TCConfig bad[] = {
        {0, 0, 25, 0.5f, false},       {15, 16, 25, 0.5f, false},     {17, 16, 25, 0.5f, false},
        {64, 33, 25, 0.5f, false},     {8194, 64, 25, 0.5f, false},   {64, 4322, 25, 0.5f, false},
        {64, 64, 0, 0.5f, false},      {64, 64, 25, -0.1f, false},    {64, 64, 25, 1.5f, false},
        {64, 64, 25, NAN, false},      {0xffffffffu, 64, 25, 0.5f, false},
    };
    for (const TCConfig& config : bad) {
        EXPECT_EQ(tc_init(&config), nullptr) << config.width << "x" << config.height;
        EXPECT_STRNE(tc_init_error(), "");
        EXPECT_EQ(tc_max_output_size(&config), 0u);
    }
    const TCConfig odd = {99, 74, 25, 0.5f, false};
    EXPECT_EQ(tc_init(&odd), nullptr);
    EXPECT_NE(std::string(tc_init_error()).find("odd"), std::string::npos) << tc_init_error();
    // 8K at 120 fps is level 6.2; at 300 fps it exceeds every level.
    const TCConfig too_fast = {8192, 4320, 300, 0.5f, false};
    EXPECT_EQ(tc_init(&too_fast), nullptr);
}

TEST(CApi, ConfigSetValidatesNamesAndValues) {
    TCConfig config = {64, 64, 25, 0.5f, false};
    EXPECT_EQ(tc_config_set(nullptr, "qp", "1"), TC_ERR_INVALID_ARG);
    EXPECT_EQ(tc_config_set(&config, nullptr, "1"), TC_ERR_INVALID_ARG);
    EXPECT_EQ(tc_config_set(&config, "qp", nullptr), TC_ERR_INVALID_ARG);
    EXPECT_EQ(tc_config_set(&config, "no-such-setting", "1"), TC_ERR_INVALID_CONFIG);
    EXPECT_EQ(tc_config_set(&config, "qp", "52"), TC_ERR_INVALID_CONFIG);
    EXPECT_EQ(tc_config_set(&config, "qp", "-1"), TC_ERR_INVALID_CONFIG);
    EXPECT_EQ(tc_config_set(&config, "qp", "1x"), TC_ERR_INVALID_CONFIG);
    EXPECT_EQ(tc_config_set(&config, "qp", ""), TC_ERR_INVALID_CONFIG);
    EXPECT_EQ(tc_config_set(&config, "keyint", "0"), TC_ERR_INVALID_CONFIG);
    EXPECT_EQ(tc_config_set(&config, "full-range", "maybe"), TC_ERR_INVALID_CONFIG);
    EXPECT_EQ(tc_config_set(&config, "qp", "40"), TC_OK);
    EXPECT_EQ(tc_config_set(&config, "keyint", "30"), TC_OK);
    EXPECT_EQ(tc_config_set(&config, "full-range", "1"), TC_OK);
    tc_config_reset(&config);
    tc_config_reset(nullptr);
}

TEST(CApi, QpSettingChangesTheOutput) {
    const auto fine = encode_clip(64, 64, 1, "0");
    const auto coarse = encode_clip(64, 64, 1, "51");
    EXPECT_GT(fine.size(), 2 * coarse.size());
}

TEST(CApi, ProcessFrameRejectsNullArguments) {
    EXPECT_EQ(tc_process_frame(nullptr, nullptr, nullptr, nullptr), TC_ERR_INVALID_ARG);
    TCConfig config = {64, 64, 25, 0.5f, false};
    TCContext* ctx = tc_init(&config);
    ASSERT_NE(ctx, nullptr);
    const auto frame = make_frame(64, 64, 1, false);
    EXPECT_EQ(tc_process_frame(ctx, frame.data(), nullptr, nullptr), TC_ERR_INVALID_ARG);
    EXPECT_STRNE(tc_last_error(ctx), "");
    size_t size = 100;
    EXPECT_EQ(tc_process_frame(ctx, frame.data(), nullptr, &size), TC_ERR_INVALID_ARG);
    EXPECT_EQ(tc_last_error_code(ctx), TC_ERR_INVALID_ARG);
    // Still usable.
    const Encoded e = encode_one(ctx, frame.data(), tc_max_output_size(&config));
    EXPECT_GT(e.rc, 0);
    EXPECT_EQ(tc_last_error_code(ctx), TC_OK);
    tc_destroy(ctx);
    tc_destroy(nullptr);
}

TEST(CApi, TooSmallBufferReportsTheSizeAndLosesNothing) {
    TCConfig config = {96, 64, 25, 0.5f, false};
    const size_t capacity = tc_max_output_size(&config);
    TCContext* reference = tc_init(&config);
    TCContext* ctx = tc_init(&config);
    ASSERT_NE(ctx, nullptr);
    const auto frame0 = make_frame(96, 64, 3, false);
    const auto frame1 = make_frame(96, 64, 4, false);
    const Encoded expected0 = encode_one(reference, frame0.data(), capacity);
    const Encoded expected1 = encode_one(reference, frame1.data(), capacity);
    ASSERT_GT(expected0.rc, 0);

    std::vector<uint8_t> small(10, 0xAB);
    size_t size = small.size();
    EXPECT_EQ(tc_process_frame(ctx, frame0.data(), small.data(), &size), TC_ERR_BUFFER_TOO_SMALL);
    EXPECT_EQ(size, expected0.bytes.size());
    EXPECT_EQ(small, std::vector<uint8_t>(10, 0xAB)) << "nothing may be written";
    // A different frame now would be lost: refused.
    std::vector<uint8_t> big(capacity);
    size = big.size();
    EXPECT_EQ(tc_process_frame(ctx, frame1.data(), big.data(), &size), TC_ERR_STATE);
    // The same frame again fetches the pending output.
    size = big.size();
    EXPECT_EQ(tc_process_frame(ctx, frame0.data(), big.data(), &size), static_cast<int>(expected0.bytes.size()));
    big.resize(size);
    EXPECT_EQ(big, expected0.bytes);
    // And the encoder continues as if nothing happened.
    const Encoded next = encode_one(ctx, frame1.data(), capacity);
    EXPECT_EQ(next.bytes, expected1.bytes);

    // NULL also fetches a pending output.
    size = 1;
    EXPECT_EQ(tc_process_frame(ctx, frame0.data(), small.data(), &size), TC_ERR_BUFFER_TOO_SMALL);
    std::vector<uint8_t> again(capacity);
    size = again.size();
    EXPECT_GT(tc_process_frame(ctx, nullptr, again.data(), &size), 0);
    tc_destroy(reference);
    tc_destroy(ctx);
}

TEST(CApi, FlushWithoutBFramesReturnsNothing) {
    TCConfig config = {64, 64, 25, 0.5f, false};
    TCContext* ctx = tc_init(&config);
    std::vector<uint8_t> out(tc_max_output_size(&config));
    size_t size = out.size();
    EXPECT_EQ(tc_process_frame(ctx, nullptr, out.data(), &size), 0);
    EXPECT_EQ(size, 0u);
    size = 0;
    EXPECT_EQ(tc_process_frame(ctx, nullptr, nullptr, &size), 0);
    tc_destroy(ctx);
}

TEST(CApi, NoiseAtQpZeroFitsTheAdvertisedBound) {
    TCConfig config = {128, 64, 25, 1.0f, false};  // qp_factor 1 -> QP 0
    const size_t capacity = tc_max_output_size(&config);
    TCContext* ctx = tc_init(&config);
    ASSERT_NE(ctx, nullptr);
    for (uint32_t seed = 0; seed < 3; seed++) {
        const auto frame = make_frame(128, 64, seed, true);
        const Encoded e = encode_one(ctx, frame.data(), capacity);
        ASSERT_GT(e.rc, 0) << tc_last_error(ctx);
        EXPECT_LE(e.bytes.size(), capacity);
        EXPECT_GT(e.bytes.size(), 128u * 64u) << "noise at QP 0 should cost more than 8 bits per luma sample";
    }
    tc_destroy(ctx);
}

TEST(CApi, GopStructureAndReferenceCalls) {
    TCConfig config = {64, 64, 25, 0.5f, false};
    TCContext* ctx = tc_init(&config);
    const size_t capacity = tc_max_output_size(&config);
    const auto frame = make_frame(64, 64, 1, false);
    tc_set_gop_structure(ctx, 1, 0);
    EXPECT_EQ(tc_last_error_code(ctx), TC_OK);
    tc_set_gop_structure(ctx, 0, 0);
    EXPECT_EQ(tc_last_error_code(ctx), TC_ERR_INVALID_ARG);
    tc_set_gop_structure(ctx, 121, 0);
    EXPECT_EQ(tc_last_error_code(ctx), TC_ERR_INVALID_ARG);
    tc_set_gop_structure(ctx, 30, 8);
    EXPECT_EQ(tc_last_error_code(ctx), TC_ERR_INVALID_ARG);
    tc_set_gop_structure(ctx, 30, 3);
    EXPECT_EQ(tc_last_error_code(ctx), TC_OK) << tc_last_error(ctx);
    tc_set_gop_structure(ctx, 1, 0);
    EXPECT_EQ(tc_last_error_code(ctx), TC_OK);
    // gop 1: every picture intra.
    TCFrameStats stats;
    for (int i = 0; i < 2; i++) {
        ASSERT_GT(encode_one(ctx, frame.data(), capacity).rc, 0);
        ASSERT_EQ(tc_get_frame_stats(ctx, &stats), TC_OK);
        EXPECT_EQ(stats.slice_type, 'I');
    }
    // gop 3: I P P I P P.
    tc_set_gop_structure(ctx, 3, 0);
    EXPECT_EQ(tc_last_error_code(ctx), TC_OK);
    std::string types;
    for (int i = 0; i < 6; i++) {
        ASSERT_GT(encode_one(ctx, frame.data(), capacity).rc, 0);
        ASSERT_EQ(tc_get_frame_stats(ctx, &stats), TC_OK);
        types += stats.slice_type;
    }
    EXPECT_EQ(types, "IPPIPP");

    tc_use_reference_frame(ctx, nullptr);
    EXPECT_EQ(tc_last_error_code(ctx), TC_ERR_INVALID_ARG);
    EXPECT_GT(encode_one(ctx, frame.data(), capacity).rc, 0);
    // An external reference: the next output carries two pictures (two slice NAL units),
    // the first never displayed; the frame after that carries one again.
    auto count_slices = [](const std::vector<uint8_t>& au) {
        int slices = 0;
        for (size_t i = 0; i + 4 < au.size(); i++) {
            if (au[i] == 0 && au[i + 1] == 0 && au[i + 2] == 0 && au[i + 3] == 1) {
                const int type = (au[i + 4] >> 1) & 0x3f;
                if (type < 32) slices++;
            }
        }
        return slices;
    };
    tc_use_reference_frame(ctx, frame.data());
    EXPECT_EQ(tc_last_error_code(ctx), TC_OK) << tc_last_error(ctx);
    const Encoded with_reference = encode_one(ctx, frame.data(), capacity);
    ASSERT_GT(with_reference.rc, 0);
    EXPECT_EQ(count_slices(with_reference.bytes), 2);
    ASSERT_EQ(tc_get_frame_stats(ctx, &stats), TC_OK);
    EXPECT_EQ(stats.frame_number, 9) << "the external picture is not a frame";
    const Encoded after = encode_one(ctx, frame.data(), capacity);
    EXPECT_EQ(count_slices(after.bytes), 1);
    // All intra: nothing can use a reference.
    tc_set_gop_structure(ctx, 1, 0);
    tc_use_reference_frame(ctx, frame.data());
    EXPECT_EQ(tc_last_error_code(ctx), TC_ERR_STATE);
    EXPECT_GT(encode_one(ctx, frame.data(), capacity).rc, 0);
    tc_set_gop_structure(nullptr, 1, 0);
    tc_use_reference_frame(nullptr, frame.data());
    tc_destroy(ctx);
}

TEST(CApi, MotionVectorsDescribeEveryPredictionBlock) {
    std::vector<MotionVector> storage(512);
    MotionVector* mvs = storage.data();
    EXPECT_EQ(tc_get_motion_vectors(nullptr, mvs, 4), TC_ERR_INVALID_ARG);
    TCConfig config = {128, 64, 25, 0.5f, false};
    TCContext* ctx = tc_init(&config);
    EXPECT_EQ(tc_get_motion_vectors(ctx, mvs, 4), TC_ERR_STATE);
    EXPECT_EQ(tc_get_motion_vectors(ctx, nullptr, 4), TC_ERR_INVALID_ARG);
    const size_t capacity = tc_max_output_size(&config);
    // A picture and the same picture moved 3 samples right: the second is predicted
    // from the first.
    std::vector<uint8_t> first(128 * 64 * 3 / 2), second(first.size());
    for (int y = 0; y < 64; y++) {
        for (int x = 0; x < 128; x++) {
            const double v = 128 + 60 * std::sin(0.31 * x + 0.11 * y) + 40 * std::cos(0.19 * y - 0.07 * x);
            first[y * 128 + x] = static_cast<uint8_t>(v);
        }
    }
    std::fill(first.begin() + 128 * 64, first.end(), 128);
    second = first;
    for (int y = 0; y < 64; y++) {
        for (int x = 3; x < 128; x++) second[y * 128 + x] = first[y * 128 + x - 3];
    }
    ASSERT_GT(encode_one(ctx, first.data(), capacity).rc, 0);
    ASSERT_GT(encode_one(ctx, second.data(), capacity).rc, 0);
    const int total = tc_get_motion_vectors(ctx, nullptr, 0);
    ASSERT_GT(total, 0);
    ASSERT_LE(total, 512);
    EXPECT_EQ(tc_get_motion_vectors(ctx, mvs, 512), total);
    EXPECT_EQ(tc_get_motion_vectors(ctx, mvs, 1), 1);
    tc_get_motion_vectors(ctx, mvs, 512);
    int area = 0, inter_area = 0, shifted_area = 0;
    for (int i = 0; i < total; i++) {
        area += mvs[i].width * mvs[i].height;
        if (mvs[i].list == 0) {
            inter_area += mvs[i].width * mvs[i].height;
            EXPECT_EQ(mvs[i].ref_idx, 0);
            // 3 samples to the right means predicting from 3 samples to the left: -24 eighths.
            if (mvs[i].mv_x == -24 && mvs[i].mv_y == 0) shifted_area += mvs[i].width * mvs[i].height;
        }
    }
    EXPECT_EQ(area, 128 * 64) << "the blocks tile the picture";
    EXPECT_GT(shifted_area, inter_area / 2) << "most inter blocks found the 3-sample shift";
    tc_destroy(ctx);
}

TEST(CApi, PsnrIsMeasuredOnlyWhenAsked) {
    // "psnr" 0 leaves the stream as it is and the statistics' PSNR at 0 (the default measures).
    const auto first = make_frame(64, 48, 9, false);
    const auto second = make_frame(64, 48, 10, false);
    std::vector<uint8_t> streams[2];
    for (int measured = 1; measured >= 0; measured--) {
        TCConfig config = {64, 48, 25, 0.5f, false};
        if (measured == 0) {
            ASSERT_EQ(tc_config_set(&config, "psnr", "0"), TC_OK);
        }
        TCContext* ctx = tc_init(&config);
        ASSERT_NE(ctx, nullptr);
        for (const auto* frame : {&first, &second}) {
            const Encoded e = encode_one(ctx, frame->data(), tc_max_output_size(&config));
            ASSERT_GT(e.rc, 0);
            streams[measured].insert(streams[measured].end(), e.bytes.begin(), e.bytes.end());
            TCFrameStats stats;
            ASSERT_EQ(tc_get_frame_stats(ctx, &stats), TC_OK);
            if (measured == 1) {
                EXPECT_GT(stats.psnr_y, 20.0);
                EXPECT_GT(stats.psnr_u, 20.0);
                EXPECT_GT(stats.psnr_v, 20.0);
            } else {
                EXPECT_EQ(stats.psnr_y, 0.0);
                EXPECT_EQ(stats.psnr_u, 0.0);
                EXPECT_EQ(stats.psnr_v, 0.0);
            }
        }
        tc_destroy(ctx);
        tc_config_reset(&config);
    }
    EXPECT_EQ(streams[0], streams[1]);
    TCConfig config = {64, 48, 25, 0.5f, false};
    EXPECT_EQ(tc_config_set(&config, "psnr", "2"), TC_ERR_INVALID_CONFIG);
    tc_config_reset(&config);
}

TEST(CApi, StatisticsAndReconstruction) {
    TCConfig config = {64, 48, 25, 0.5f, false};
    TCContext* ctx = tc_init(&config);
    TCFrameStats stats;
    std::vector<uint8_t> recon(64 * 48 * 3 / 2);
    TCFrameStageTimes stages;
    EXPECT_EQ(tc_get_frame_stats(ctx, &stats), TC_ERR_STATE);
    EXPECT_EQ(tc_get_frame_stage_times(ctx, &stages), TC_ERR_STATE);
    EXPECT_EQ(tc_get_reconstructed_frame(ctx, recon.data(), recon.size()), TC_ERR_STATE);
    const auto frame = make_frame(64, 48, 9, false);
    const Encoded e = encode_one(ctx, frame.data(), tc_max_output_size(&config));
    ASSERT_GT(e.rc, 0);
    ASSERT_EQ(tc_get_frame_stats(ctx, &stats), TC_OK);
    EXPECT_EQ(stats.slice_type, 'I');
    EXPECT_EQ(stats.qp, 26);  // round(51 * 0.5)
    EXPECT_EQ(stats.frame_number, 0);
    EXPECT_EQ(stats.bits, e.bytes.size() * 8);
    EXPECT_GT(stats.psnr_y, 20.0);
    EXPECT_EQ(tc_get_frame_stats(ctx, nullptr), TC_ERR_INVALID_ARG);
    // The stages split the call's time: none negative, an intra picture has no motion search,
    // and together they make encode_ms.
    ASSERT_EQ(tc_get_frame_stage_times(ctx, &stages), TC_OK);
    const double parts[] = {stages.input_ms,  stages.motion_ms,  stages.analysis_ms,
                            stages.filter_ms, stages.entropy_ms, stages.other_ms};
    double sum = 0;
    for (double part : parts) {
        EXPECT_GE(part, 0.0);
        sum += part;
    }
    EXPECT_EQ(stages.motion_ms, 0.0);
    EXPECT_GT(stages.analysis_ms, 0.0);
    EXPECT_NEAR(sum, stats.encode_ms, 1e-6 + 1e-9 * stats.encode_ms);
    EXPECT_EQ(tc_get_frame_stage_times(ctx, nullptr), TC_ERR_INVALID_ARG);
    EXPECT_EQ(tc_get_reconstructed_frame(ctx, recon.data(), recon.size() - 1), TC_ERR_BUFFER_TOO_SMALL);
    EXPECT_EQ(tc_get_reconstructed_frame(ctx, nullptr, recon.size()), TC_ERR_INVALID_ARG);
    EXPECT_EQ(tc_get_reconstructed_frame(ctx, recon.data(), recon.size()), static_cast<int>(recon.size()));
    tc_destroy(ctx);
}

TEST(CApi, QpFactorMapping) {
    const float factors[] = {1.0f, 0.0f, 0.5f};
    const int qps[] = {0, 51, 26};
    for (int i = 0; i < 3; i++) {
        TCConfig config = {32, 32, 25, factors[i], false};
        TCContext* ctx = tc_init(&config);
        const auto frame = make_frame(32, 32, 1, false);
        ASSERT_GT(encode_one(ctx, frame.data(), tc_max_output_size(&config)).rc, 0);
        TCFrameStats stats;
        ASSERT_EQ(tc_get_frame_stats(ctx, &stats), TC_OK);
        EXPECT_EQ(stats.qp, qps[i]);
        tc_destroy(ctx);
    }
}

TEST(CApi, SameInputGivesSameBytesSequentiallyAndInParallel) {
    // Four CTU rows: each context also runs its own worker threads (threads = one per core).
    const auto first = encode_clip(80, 200, 3, "30");
    const auto second = encode_clip(80, 200, 3, "30");
    EXPECT_EQ(first, second);
    std::vector<uint8_t> a, b;
    std::thread ta([&] { a = encode_clip(80, 200, 3, "30"); });
    std::thread tb([&] { b = encode_clip(80, 200, 3, "30"); });
    ta.join();
    tb.join();
    EXPECT_EQ(a, first);
    EXPECT_EQ(b, first);
}

}  // namespace
