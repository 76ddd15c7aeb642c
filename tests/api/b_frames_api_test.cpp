// B-frames through the C API: output delay, flush until empty, no frame lost or repeated,
// zero latency, and the calls that B-frames change.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>
#include <vector>

#include "temporal_compression.h"

namespace {

std::vector<uint8_t> moving_frame(int width, int height, int index) {
    std::vector<uint8_t> frame(static_cast<size_t>(width) * height * 3 / 2);
    for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
            frame[static_cast<size_t>(y) * width + x] = static_cast<uint8_t>(((x + 2 * index) * 7 + y * 3) & 255);
        }
    }
    for (size_t i = static_cast<size_t>(width) * height; i < frame.size(); i++) frame[i] = static_cast<uint8_t>(128 + index);
    return frame;
}

struct EncodeRun {
    std::vector<int64_t> coded_frames;  // frame_number of each picture, in coding order
    std::string types;
    std::vector<int> delays;  // per input call: pictures returned so far minus frames given
    std::vector<int> qps;     // slice QP of each picture, in coding order
};

// One tc_process_frame call into `out` (its size is the capacity): a returned picture's frame
// number and type go into `run`, its bytes onto `stream` when given. Returns the call's result.
int process(TCContext* ctx, const uint8_t* frame, std::vector<uint8_t>& out, EncodeRun& run,
            std::vector<uint8_t>* stream = nullptr) {
    size_t size = out.size();
    const int rc = tc_process_frame(ctx, frame, out.data(), &size);
    EXPECT_GE(rc, 0) << tc_last_error(ctx);
    if (rc > 0) {
        TCFrameStats stats;
        EXPECT_EQ(tc_get_frame_stats(ctx, &stats), TC_OK);
        run.coded_frames.push_back(stats.frame_number);
        run.types += stats.slice_type;
        run.qps.push_back(stats.qp);
        if (stream != nullptr) stream->insert(stream->end(), out.begin(), out.begin() + rc);
    }
    return rc;
}

// Feeds `frames` frames, then flushes with NULL until a call returns 0 bytes.
EncodeRun encode(TCContext* ctx, size_t capacity, int frames, int width, int height) {
    EncodeRun run;
    std::vector<uint8_t> out(capacity);
    auto collect = [&](const uint8_t* frame) { return process(ctx, frame, out, run); };
    for (int i = 0; i < frames; i++) {
        const auto frame = moving_frame(width, height, i);
        collect(frame.data());
        run.delays.push_back(i + 1 - static_cast<int>(run.coded_frames.size()));
    }
    for (int guard = 0; guard <= frames; guard++) {
        if (collect(nullptr) == 0) break;
    }
    return run;
}

// Anchor pairs' configuration: a picture of three CTU rows, two threads, b B-frames (no
// adaptive count), frame-threads as given.
TCConfig anchor_pair_config(int b_frames, const char* frame_threads) {
    TCConfig config = {64, 192, 25, 0.5f, false};
    EXPECT_EQ(tc_config_set(&config, "bframes", std::to_string(b_frames).c_str()), TC_OK);
    EXPECT_EQ(tc_config_set(&config, "b-adapt", "0"), TC_OK);
    EXPECT_EQ(tc_config_set(&config, "threads", "2"), TC_OK);
    EXPECT_EQ(tc_config_set(&config, "frame-threads", frame_threads), TC_OK);
    return config;
}

TCContext* open(int b_frames, const char* tune = nullptr, const char* b_qp_offset = nullptr) {
    TCConfig config = {64, 64, 25, 0.5f, false};
    EXPECT_EQ(tc_config_set(&config, "bframes", std::to_string(b_frames).c_str()), TC_OK);
    EXPECT_EQ(tc_config_set(&config, "b-adapt", "0"), TC_OK);  // the full count: the patterns are exact
    if (tune != nullptr) {
        EXPECT_EQ(tc_config_set(&config, "tune", tune), TC_OK);
    }
    if (b_qp_offset != nullptr) {
        EXPECT_EQ(tc_config_set(&config, "b-qp-offset", b_qp_offset), TC_OK);
    }
    return tc_init(&config);
}

// The QP of each picture (quality dial 0.5: QP 26): intra and P pictures the QP, B pictures of
// the first pyramid level (frame 4k + 2 with three B-frames) QP + b-qp-offset (2 unless set),
// the level above (odd frames) one more; 7 B-frames add a third level.
TEST(BFramesApi, BPicturesTakeTheQpOfTheirPyramidLevel) {
    for (const char* offset : {static_cast<const char*>(nullptr), "0", "1", "5"}) {
        const int b_offset = offset == nullptr ? 2 : std::atoi(offset);
        for (int b : {3, 7}) {
            SCOPED_TRACE(std::string("b-qp-offset ") + (offset == nullptr ? "default" : offset) + " bframes " +
                         std::to_string(b));
            TCContext* ctx = open(b, nullptr, offset);
            ASSERT_NE(ctx, nullptr) << tc_init_error();
            TCConfig config = {64, 64, 25, 0.5f, false};
            const EncodeRun run = encode(ctx, tc_max_output_size(&config), b + 2, 64, 64);
            ASSERT_EQ(run.qps.size(), run.coded_frames.size());
            ASSERT_EQ(run.types, b == 3 ? "IPBBB" : "IPBBBBBBB");
            for (size_t i = 0; i < run.qps.size(); i++) {
                const int64_t frame = run.coded_frames[i];
                // Pyramid level of frame f in a mini-GOP of b + 1: 1 at the middle, then halves.
                int level = 0;
                if (run.types[i] == 'B') {
                    const int period = b + 1;
                    const int position = static_cast<int>(frame % period);
                    level = 1;
                    for (int step = period / 2; position % step != 0; step /= 2) level++;
                }
                const int expected = level == 0 ? 26 : 26 + b_offset + level - 1;
                EXPECT_EQ(run.qps[i], expected) << "frame " << frame << " (" << run.types[i] << ")";
            }
            tc_destroy(ctx);
        }
    }
    TCConfig config = {64, 64, 25, 0.5f, false};
    EXPECT_EQ(tc_config_set(&config, "b-qp-offset", "13"), TC_ERR_INVALID_CONFIG);
    EXPECT_EQ(tc_config_set(&config, "b-qp-offset", "-1"), TC_ERR_INVALID_CONFIG);
}

TEST(BFramesApi, EveryFrameComesOutOnceAfterTheDocumentedDelay) {
    for (int b : {1, 3, 7}) {
        for (int frames : {1, 2, 3, 4, 5, 9, 17}) {
            SCOPED_TRACE("b " + std::to_string(b) + " frames " + std::to_string(frames));
            TCContext* ctx = open(b);
            ASSERT_NE(ctx, nullptr) << tc_init_error();
            TCConfig config = {64, 64, 25, 0.5f, false};
            const EncodeRun run = encode(ctx, tc_max_output_size(&config), frames, 64, 64);
            ASSERT_EQ(run.coded_frames.size(), static_cast<size_t>(frames));
            std::set<int64_t> unique(run.coded_frames.begin(), run.coded_frames.end());
            EXPECT_EQ(unique.size(), static_cast<size_t>(frames));
            EXPECT_EQ(*unique.begin(), 0);
            EXPECT_EQ(*unique.rbegin(), frames - 1);
            for (int delay : run.delays) {
                EXPECT_LE(delay, b) << "held back more than b_frames frames";
            }
            if (frames >= b + 2) {
                EXPECT_NE(run.types.find('B'), std::string::npos) << run.types;
            }
            // After the flush the encoder is empty: another NULL returns nothing.
            size_t size = 0;
            EXPECT_EQ(tc_process_frame(ctx, nullptr, nullptr, &size), 0);
            tc_destroy(ctx);
        }
    }
}

// The encoder may copy a call's frame beside the analysis of the picture it codes in that call
// (a picture planned before): the caller may still reuse its buffer as soon as the call
// returns. One buffer, overwritten with garbage after every call, gives the bytes of a buffer
// per frame, with B-frames on one to three threads (and frame-level pairs), and 2 to 7 B-frames.
TEST(BFramesApi, TheCallerMayReuseItsFrameBufferOnceACallReturns) {
    for (const char* threads : {"1", "2", "3"}) {
        for (int b : {2, 3, 7}) {
            SCOPED_TRACE(std::string("threads ") + threads + " b " + std::to_string(b));
            std::vector<uint8_t> expected, got;
            for (int reuse = 0; reuse < 2; reuse++) {
                TCConfig config = {64, 192, 25, 0.5f, false};  // three CTU rows
                ASSERT_EQ(tc_config_set(&config, "bframes", std::to_string(b).c_str()), TC_OK);
                ASSERT_EQ(tc_config_set(&config, "threads", threads), TC_OK);
                ASSERT_EQ(tc_config_set(&config, "b-adapt", "0"), TC_OK);  // B pictures in any motion
                TCContext* ctx = tc_init(&config);
                ASSERT_NE(ctx, nullptr) << tc_init_error();
                std::vector<uint8_t> out(tc_max_output_size(&config));
                std::vector<uint8_t> buffer(64 * 192 * 3 / 2);
                EncodeRun run;
                std::vector<uint8_t>& stream = reuse == 1 ? got : expected;
                for (int i = 0; i < 20; i++) {
                    const auto frame = moving_frame(64, 192, i);
                    if (reuse == 1) {
                        std::copy(frame.begin(), frame.end(), buffer.begin());
                        process(ctx, buffer.data(), out, run, &stream);
                        std::fill(buffer.begin(), buffer.end(), static_cast<uint8_t>(0x55 + i));
                    } else {
                        process(ctx, frame.data(), out, run, &stream);
                    }
                }
                for (int guard = 0; guard <= 20; guard++) {
                    if (process(ctx, nullptr, out, run, &stream) == 0) break;
                }
                EXPECT_EQ(run.coded_frames.size(), 20u);
                EXPECT_NE(run.types.find('B'), std::string::npos) << run.types;
                tc_destroy(ctx);
            }
            EXPECT_FALSE(expected.empty());
            EXPECT_TRUE(got == expected) << "a frame was read after its call returned";
        }
    }
}

// Anchor pairs (frame-threads 2, on a picture of three CTU rows with two threads): the first B
// picture of a mini-GOP waits for the next mini-GOP, so the output runs up to 2B+1 frames behind;
// still every frame once, and the flush drains them all. keyint 6 makes mini-GOPs of one P
// picture before each IDR picture (B2 pairs with P5, then I6 follows).
TEST(BFramesApi, AnchorPairsDelayByAtMostOneMoreMiniGop) {
    for (int keyint : {120, 6}) {
        for (int b : {1, 3, 7}) {
            for (int frames : {1, 2, 4, 5, 6, 9, 10, 17}) {
                SCOPED_TRACE("keyint " + std::to_string(keyint) + " b " + std::to_string(b) + " frames " +
                             std::to_string(frames));
                TCConfig config = anchor_pair_config(b, "2");
                EXPECT_EQ(tc_config_set(&config, "keyint", std::to_string(keyint).c_str()), TC_OK);
                TCContext* ctx = tc_init(&config);
                ASSERT_NE(ctx, nullptr) << tc_init_error();
                const EncodeRun run = encode(ctx, tc_max_output_size(&config), frames, 64, 192);
                ASSERT_EQ(run.coded_frames.size(), static_cast<size_t>(frames));
                std::set<int64_t> unique(run.coded_frames.begin(), run.coded_frames.end());
                EXPECT_EQ(unique.size(), static_cast<size_t>(frames));
                int largest = 0;
                for (int delay : run.delays) largest = std::max(largest, delay);
                EXPECT_LE(largest, 2 * b + 1);
                if (b <= 3 && frames >= 2 * b + 3) {
                    EXPECT_GT(largest, b) << "the first B picture did not wait for the next anchor";
                }
                size_t size = 0;
                EXPECT_EQ(tc_process_frame(ctx, nullptr, nullptr, &size), 0);
                tc_destroy(ctx);
            }
        }
    }
}

TEST(BFramesApi, ZeroLatencyReturnsEachFrameFromItsOwnCall) {
    TCContext* ctx = open(3, "zerolatency");
    ASSERT_NE(ctx, nullptr) << tc_init_error();
    TCConfig config = {64, 64, 25, 0.5f, false};
    const EncodeRun run = encode(ctx, tc_max_output_size(&config), 6, 64, 64);
    ASSERT_EQ(run.coded_frames.size(), 6u);
    for (int i = 0; i < 6; i++) EXPECT_EQ(run.coded_frames[static_cast<size_t>(i)], i);
    for (int delay : run.delays) {
        EXPECT_EQ(delay, 0);
    }
    EXPECT_EQ(run.types.find('B'), std::string::npos);
    tc_set_gop_structure(ctx, 60, 2);
    EXPECT_EQ(tc_last_error_code(ctx), TC_ERR_UNSUPPORTED) << "zerolatency has no room for B-frames";
    tc_destroy(ctx);
}

TEST(BFramesApi, GopStructureSwitchesBFramesOnAndOff) {
    TCContext* ctx = open(0);
    ASSERT_NE(ctx, nullptr);
    TCConfig config = {64, 64, 25, 0.5f, false};
    const size_t capacity = tc_max_output_size(&config);
    tc_set_gop_structure(ctx, 120, 3);  // the specification's live call
    ASSERT_EQ(tc_last_error_code(ctx), TC_OK) << tc_last_error(ctx);
    const EncodeRun with_b = encode(ctx, capacity, 9, 64, 64);
    EXPECT_EQ(with_b.coded_frames.size(), 9u);
    EXPECT_EQ(with_b.types, "IPBBBPBBB");
    tc_set_gop_structure(ctx, 120, 0);
    ASSERT_EQ(tc_last_error_code(ctx), TC_OK);
    const EncodeRun without_b = encode(ctx, capacity, 4, 64, 64);
    EXPECT_EQ(without_b.types, "PPPP");
    for (int delay : without_b.delays) {
        EXPECT_EQ(delay, 0);
    }
    tc_destroy(ctx);
}

// Anchor pairs while the GOP structure changes mid-stream (no flush between): 3 B-frames, then
// none, then 3 again, on a picture where anchor pairs run (three CTU rows, two threads). Every
// frame comes out once. (A change takes effect from the next mini-GOP planned, which anchor pairs
// plan later than frame-threads 1, so the streams differ; TCENC_TEST_DUMP_DIR=dir writes both
// for decoding by hand: ffmpeg and libde265 -c decode them, 2026-12-04.)
TEST(BFramesApi, AnchorPairsFollowGopChangesMidStream) {
    auto run = [](const char* frame_threads, std::vector<int64_t>& coded) {
        TCConfig config = anchor_pair_config(3, frame_threads);
        TCContext* ctx = tc_init(&config);
        EXPECT_NE(ctx, nullptr) << tc_init_error();
        std::vector<uint8_t> stream, out(tc_max_output_size(&config));
        if (ctx == nullptr) return stream;
        EncodeRun record;
        auto call = [&](const uint8_t* frame) { return process(ctx, frame, out, record, &stream); };
        int t = 0;
        for (const int b_frames : {3, 0, 3}) {
            tc_set_gop_structure(ctx, 120, b_frames);
            EXPECT_EQ(tc_last_error_code(ctx), TC_OK) << tc_last_error(ctx);
            for (int i = 0; i < 9; i++, t++) call(moving_frame(64, 192, t).data());
        }
        for (int guard = 0; guard <= t && call(nullptr) > 0; guard++) {
        }
        tc_destroy(ctx);
        coded = record.coded_frames;
        return stream;
    };
    for (const char* frame_threads : {"1", "2"}) {
        SCOPED_TRACE(std::string("frame-threads ") + frame_threads);
        std::vector<int64_t> frames;
        const std::vector<uint8_t> stream = run(frame_threads, frames);
        if (const char* dump = std::getenv("TCENC_TEST_DUMP_DIR")) {  // to decode by hand
            std::FILE* file = std::fopen((std::string(dump) + "/gop_change_ft" + frame_threads + ".hevc").c_str(), "wb");
            if (file != nullptr) {
                std::fwrite(stream.data(), 1, stream.size(), file);
                std::fclose(file);
            }
        }
        ASSERT_EQ(frames.size(), 27u);
        std::set<int64_t> unique(frames.begin(), frames.end());
        EXPECT_EQ(unique.size(), 27u);
    }
}

TEST(BFramesApi, ExternalReferenceNeedsLowDelay) {
    TCContext* ctx = open(3);
    ASSERT_NE(ctx, nullptr);
    const auto frame = moving_frame(64, 64, 0);
    tc_use_reference_frame(ctx, frame.data());
    EXPECT_EQ(tc_last_error_code(ctx), TC_ERR_UNSUPPORTED);
    tc_destroy(ctx);
}

}  // namespace
