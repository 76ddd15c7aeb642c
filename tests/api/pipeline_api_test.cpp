// The "pipeline" setting through the C API: each picture's access unit comes out of the call
// after the one that received its frame (two calls after with "pipeline-rows", whose rows run
// into the next call; the flush returns the last), byte for byte the access unit the encoder
// writes without it, with that picture's statistics, reconstruction and motion vectors; and the
// configurations it refuses.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "temporal_compression.h"

namespace {

constexpr int kWidth = 200, kHeight = 120;  // not a multiple of 64 (or of 16 vertically)

struct Size {
    int width = kWidth, height = kHeight;
};

// A textured picture moving 3 samples right and 1 down per frame, the chroma drifting too.
std::vector<uint8_t> moving_frame(int index, Size size = {}) {
    std::vector<uint8_t> frame(static_cast<size_t>(size.width) * size.height * 3 / 2);
    for (int y = 0; y < size.height; y++) {
        for (int x = 0; x < size.width; x++) {
            const int u = x - 3 * index, v = y - index;
            frame[static_cast<size_t>(y) * size.width + x] =
                static_cast<uint8_t>((u * u / 7 + v * 5 + (u ^ v)) & 255);
        }
    }
    const size_t luma = static_cast<size_t>(size.width) * size.height;
    for (size_t i = luma; i < frame.size(); i++) frame[i] = static_cast<uint8_t>(100 + ((i + 2 * index) % 37));
    return frame;
}

// What one call returned: its bytes and, for a picture, what the API says of it.
struct Returned {
    std::vector<uint8_t> bytes;
    int64_t frame_number = -1;
    int poc = -1;
    char slice_type = '?';
    uint64_t bits = 0;
    double psnr_y = 0;
    double background_ms = -1;  // TCFrameStageTimes.background_ms
    std::vector<uint8_t> reconstruction;
    std::vector<MotionVector> vectors;
};

// Encodes `frames` frames, then flushes until a call returns nothing; one entry per call.
std::vector<Returned> encode(std::vector<std::pair<std::string, std::string>> settings, int frames,
                             Size picture = {}) {
    TCConfig config = {static_cast<uint32_t>(picture.width), static_cast<uint32_t>(picture.height), 25, 0.5f, false};
    for (const auto& [name, value] : settings) {
        EXPECT_EQ(tc_config_set(&config, name.c_str(), value.c_str()), TC_OK) << name << " " << tc_init_error();
    }
    const size_t capacity = tc_max_output_size(&config);
    TCContext* ctx = tc_init(&config);
    EXPECT_NE(ctx, nullptr) << tc_init_error();
    std::vector<Returned> calls;
    if (ctx == nullptr) return calls;
    std::vector<uint8_t> out(capacity);
    for (int call = 0; call < frames + 8; call++) {
        const std::vector<uint8_t> frame = call < frames ? moving_frame(call, picture) : std::vector<uint8_t>();
        size_t size = out.size();
        const int rc = tc_process_frame(ctx, call < frames ? frame.data() : nullptr, out.data(), &size);
        EXPECT_GE(rc, 0) << tc_last_error(ctx);
        Returned r;
        if (rc > 0) {
            r.bytes.assign(out.begin(), out.begin() + rc);
            TCFrameStats stats;
            EXPECT_EQ(tc_get_frame_stats(ctx, &stats), TC_OK);
            r.frame_number = stats.frame_number;
            r.poc = stats.poc;
            r.slice_type = stats.slice_type;
            r.bits = stats.bits;
            r.psnr_y = stats.psnr_y;
            TCFrameStageTimes stages;
            EXPECT_EQ(tc_get_frame_stage_times(ctx, &stages), TC_OK);
            r.background_ms = stages.background_ms;
            r.reconstruction.resize(static_cast<size_t>(picture.width) * picture.height * 3 / 2);
            EXPECT_EQ(tc_get_reconstructed_frame(ctx, r.reconstruction.data(), r.reconstruction.size()),
                      static_cast<int>(r.reconstruction.size()));
            const int count = tc_get_motion_vectors(ctx, nullptr, 0);
            EXPECT_GE(count, 0);
            r.vectors.resize(static_cast<size_t>(std::max(count, 0)));
            EXPECT_EQ(tc_get_motion_vectors(ctx, r.vectors.data(), r.vectors.size()), count);
        }
        const bool flushing = call >= frames;
        calls.push_back(std::move(r));
        if (flushing && rc == 0) break;
    }
    tc_destroy(ctx);
    return calls;
}

bool same_vectors(const std::vector<MotionVector>& a, const std::vector<MotionVector>& b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); i++) {
        if (a[i].x != b[i].x || a[i].y != b[i].y || a[i].width != b[i].width || a[i].height != b[i].height ||
            a[i].list != b[i].list || a[i].ref_idx != b[i].ref_idx || a[i].mv_x != b[i].mv_x ||
            a[i].mv_y != b[i].mv_y) {
            return false;
        }
    }
    return true;
}

// How the pictures are pipelined: each picture `hashers` calls later (1: "pipeline", 2: with
// "pipeline-rows", 3 and 4: with as many "hash-threads"), their hashes on one thread's MD5 lanes
// where `lanes` ("hash-lanes" 1, with "pipeline-rows"), else a thread a picture ("hash-lanes" 0).
struct Depth {
    int hashers = 1;
    bool lanes = false;
};

// Every configuration's pipelined run against the same settings without "pipeline": each
// picture depth.hashers calls later, one call more where the accelerator codes the P pictures ("gpu-decisions")
// without the call waiting for it ("gpu-async"): their rows wait for its results while the next
// call goes on.
void expect_calls_later(const std::vector<std::pair<std::string, std::string>>& settings, int frames, Depth depth,
                        Size size = {}) {
    const int hashers = depth.hashers;
    std::vector<std::pair<std::string, std::string>> pipelined = settings;
    pipelined.emplace_back("pipeline", "1");
    if (hashers >= 2) pipelined.emplace_back("pipeline-rows", "1");
    if (hashers > 2) pipelined.emplace_back("hash-threads", std::to_string(hashers));
    if (hashers >= 2) pipelined.emplace_back("hash-lanes", depth.lanes ? "1" : "0");
    // The accelerator codes the P pictures ("gpu" and "gpu-decisions") and "gpu-async" is not 0.
    bool gpu = false;
    bool decisions = false;
    bool waits = false;
    for (const auto& [name, value] : settings) {
        gpu = gpu || (name == "gpu" && value == "1");
        decisions = decisions || (name == "gpu-decisions" && value == "1");
        waits = waits || (name == "gpu-async" && value == "0");
    }
    const bool asynchronous = gpu && decisions && !waits;
    const int delay = hashers + (hashers >= 2 && asynchronous ? 1 : 0);
    const std::vector<Returned> direct = encode(settings, frames, size);
    const std::vector<Returned> later = encode(pipelined, frames, size);
    // Without it: a picture per call with a frame, then one empty flush call.
    ASSERT_EQ(direct.size(), static_cast<size_t>(frames + 1));
    ASSERT_EQ(later.size(), static_cast<size_t>(frames + 1 + delay));
    for (int i = 0; i < delay; i++) EXPECT_TRUE(later[static_cast<size_t>(i)].bytes.empty()) << "call " << i;
    EXPECT_TRUE(later.back().bytes.empty());
    for (int i = 0; i < frames; i++) {
        SCOPED_TRACE("frame " + std::to_string(i));
        const Returned& a = direct[static_cast<size_t>(i)];
        const Returned& b = later[static_cast<size_t>(i + delay)];
        ASSERT_FALSE(a.bytes.empty());
        EXPECT_EQ(a.bytes, b.bytes) << "the access unit, byte for byte (MD5 SEI included)";
        EXPECT_EQ(b.frame_number, i);
        EXPECT_EQ(a.poc, b.poc);
        EXPECT_EQ(a.slice_type, b.slice_type);
        EXPECT_EQ(b.bits, b.bytes.size() * 8);
        EXPECT_EQ(a.bits, b.bits);
        EXPECT_EQ(a.psnr_y, b.psnr_y);
        // Only rows that ran on the encoder's own thread ("pipeline-rows") have a time there.
        EXPECT_EQ(a.background_ms, 0.0);
        if (delay >= 2) {
            EXPECT_GT(b.background_ms, 0.0);
        } else {
            EXPECT_EQ(b.background_ms, 0.0);
        }
        EXPECT_EQ(a.reconstruction, b.reconstruction) << "the returned picture's reconstruction";
        EXPECT_TRUE(same_vectors(a.vectors, b.vectors)) << "the returned picture's motion vectors";
    }
}

// Each test with "pipeline" alone (one call later), with "pipeline-rows" (two) and with three and
// four hash threads (three, four), and with two and four pictures hashed on lanes.
class PipelineDepth : public ::testing::TestWithParam<Depth> {};

TEST_P(PipelineDepth, LowDelayPComesOutLaterWithTheSameBytes) {
    expect_calls_later({{"bframes", "0"}, {"keyint", "6"}, {"threads", "2"}}, 9, GetParam());
}

TEST_P(PipelineDepth, ZeroLatencyOneThreadTwoReferences) {
    expect_calls_later({{"tune", "zerolatency"}, {"ref", "2"}, {"threads", "1"}, {"preset", "ultrafast"}}, 7,
                       GetParam());
}

// Nothing predicts from an all-intra picture: the next one must still not take the slot whose
// picture is being hashed (or, with "pipeline-rows", coded, or returned by the call).
TEST_P(PipelineDepth, AllIntraPicturesKeepTheHeldSlot) {
    expect_calls_later({{"bframes", "0"}, {"keyint", "1"}, {"threads", "2"}}, 5, GetParam());
}

TEST_P(PipelineDepth, IntraRefreshAndAcceleratorDecisions) {
    expect_calls_later({{"bframes", "0"}, {"intra-refresh", "1"}, {"keyint", "4"}}, 7, GetParam());
    expect_calls_later(
        {{"bframes", "0"}, {"gpu", "1"}, {"gpu-algorithm-on-cpu", "1"}, {"gpu-decisions", "1"}, {"threads", "2"}}, 6,
        GetParam());
    // The call waiting for the accelerator's results (gpu-async 0; by default the rows collect them).
    expect_calls_later({{"bframes", "0"}, {"gpu", "1"}, {"gpu-algorithm-on-cpu", "1"}, {"gpu-decisions", "1"},
                        {"gpu-async", "0"}, {"threads", "2"}},
                       6, GetParam());
    // Slices, and three threads for the rows beside the call's input stage.
    expect_calls_later({{"bframes", "0"}, {"gpu", "1"}, {"gpu-algorithm-on-cpu", "1"}, {"gpu-decisions", "1"},
                        {"threads", "3"}, {"slices", "2"}, {"preset", "ultrafast"}},
                       6, GetParam());
}

// Nine CTU rows and eight threads: with "pipeline-rows" two of them take in the next frame while
// seven code the rows (the call's thread one of the first, the rows' thread one of the others).
TEST_P(PipelineDepth, EightThreadsOnNineRows) {
    expect_calls_later({{"bframes", "0"}, {"keyint", "5"}, {"threads", "8"}, {"preset", "ultrafast"}}, 7, GetParam(),
                       Size{224, 552});
    expect_calls_later({{"bframes", "0"}, {"gpu", "1"}, {"gpu-algorithm-on-cpu", "1"}, {"gpu-decisions", "1"},
                        {"threads", "8"}, {"slices", "3"}},
                       5, GetParam(), Size{224, 552});
    expect_calls_later({{"bframes", "0"}, {"gpu", "1"}, {"gpu-algorithm-on-cpu", "1"}, {"gpu-decisions", "1"},
                        {"gpu-async", "0"}, {"threads", "8"}},
                       7, GetParam(), Size{224, 552});
}

INSTANTIATE_TEST_SUITE_P(Api, PipelineDepth,
                         ::testing::Values(Depth{1}, Depth{2}, Depth{3}, Depth{4}, Depth{2, true}, Depth{4, true}),
                         [](const ::testing::TestParamInfo<Depth>& param) {
                             const int hashers = param.param.hashers;
                             if (param.param.lanes) return "HashAndRowsOn" + std::to_string(hashers) + "PicturesOnLanes";
                             return hashers == 1   ? std::string("Hash")
                                    : hashers == 2 ? std::string("HashAndRows")
                                                   : "HashAndRowsOn" + std::to_string(hashers) + "HashThreads";
                         });

// "pipeline-rows": two frames, both come out of the flush, one per call.
TEST(PipelineRowsApi, TwoFramesComeOutOfTheFlush) {
    const std::vector<Returned> calls = encode({{"bframes", "0"}, {"pipeline", "1"}, {"pipeline-rows", "1"}}, 2);
    ASSERT_EQ(calls.size(), 5u);
    EXPECT_TRUE(calls[0].bytes.empty());
    EXPECT_TRUE(calls[1].bytes.empty());
    EXPECT_EQ(calls[2].frame_number, 0);
    EXPECT_EQ(calls[3].frame_number, 1);
    EXPECT_TRUE(calls[4].bytes.empty());
}

// tc_init with `settings` (each tc_init takes the settings set since the last one).
TCContext* init_with(const std::vector<std::pair<std::string, std::string>>& settings) {
    TCConfig config = {kWidth, kHeight, 25, 0.5f, false};
    for (const auto& [name, value] : settings) {
        EXPECT_EQ(tc_config_set(&config, name.c_str(), value.c_str()), TC_OK) << name;
    }
    return tc_init(&config);
}

TEST(PipelineRowsApi, NeedsPipelineAndRefusesRealtime) {
    EXPECT_EQ(init_with({{"bframes", "0"}, {"pipeline-rows", "1"}}), nullptr);
    EXPECT_NE(std::string(tc_init_error()).find("pipeline-rows needs pipeline"), std::string::npos) << tc_init_error();
    EXPECT_EQ(init_with({{"bframes", "0"}, {"pipeline", "1"}, {"pipeline-rows", "1"}, {"realtime", "1"}}), nullptr);
    EXPECT_NE(std::string(tc_init_error()).find("realtime"), std::string::npos) << tc_init_error();
    TCContext* ctx = init_with({{"bframes", "0"}, {"pipeline", "1"}, {"pipeline-rows", "1"}});
    ASSERT_NE(ctx, nullptr) << tc_init_error();
    tc_destroy(ctx);  // before any frame: nothing runs in the background
}

TEST(PipelineRowsApi, HashThreadsNeedPipelineRowsAndStayInRange) {
    EXPECT_EQ(init_with({{"bframes", "0"}, {"pipeline", "1"}, {"hash-threads", "3"}}), nullptr);
    EXPECT_NE(std::string(tc_init_error()).find("hash-threads needs pipeline-rows"), std::string::npos)
        << tc_init_error();
    TCConfig config = {kWidth, kHeight, 25, 0.5f, false};
    EXPECT_EQ(tc_config_set(&config, "hash-threads", "1"), TC_OK);  // in range, refused by tc_init
    EXPECT_EQ(tc_init(&config), nullptr);
    EXPECT_NE(std::string(tc_init_error()).find("hash-threads 1"), std::string::npos) << tc_init_error();
    EXPECT_NE(tc_config_set(&config, "hash-threads", "5"), TC_OK);
    EXPECT_EQ(tc_config_set(&config, "hash-threads", "4"), TC_OK);
    EXPECT_EQ(init_with({{"bframes", "0"}, {"pipeline", "1"}, {"hash-lanes", "1"}}), nullptr);
    EXPECT_NE(std::string(tc_init_error()).find("hash-lanes needs pipeline-rows"), std::string::npos)
        << tc_init_error();
    EXPECT_NE(tc_config_set(&config, "hash-lanes", "2"), TC_OK);
    EXPECT_EQ(tc_config_set(&config, "hash-lanes", "-1"), TC_OK);
}

// Calls until the first access unit: 2 at sizes up to two 1080p pictures, then 3 ("hash-threads"
// 0, automatic), unless set.
TEST(PipelineRowsApi, AutomaticHashThreadsAreThreeAboveTwo1080pPictures) {
    auto first_output = [](std::vector<std::pair<std::string, std::string>> settings, Size size) {
        settings.insert(settings.end(),
                        {{"bframes", "0"}, {"pipeline", "1"}, {"pipeline-rows", "1"}, {"preset", "ultrafast"}});
        const std::vector<Returned> calls = encode(settings, 4, size);  // more frames than calls of delay
        for (size_t i = 0; i < calls.size(); i++) {
            if (!calls[i].bytes.empty()) return static_cast<int>(i);
        }
        return -1;
    };
    EXPECT_EQ(first_output({}, Size{2048, 1024}), 2);
    EXPECT_EQ(first_output({}, Size{4096, 1024}), 3);  // 4 194 304 samples > 2 x 1920 x 1088
    EXPECT_EQ(first_output({{"hash-threads", "2"}}, Size{4096, 1024}), 2);
}

TEST(PipelineApi, OneFrameComesOutOfTheFlush) {
    const std::vector<Returned> calls = encode({{"bframes", "0"}, {"pipeline", "1"}}, 1);
    ASSERT_EQ(calls.size(), 3u);
    EXPECT_TRUE(calls[0].bytes.empty());
    EXPECT_FALSE(calls[1].bytes.empty());
    EXPECT_EQ(calls[1].frame_number, 0);
    EXPECT_TRUE(calls[2].bytes.empty());
}

TEST(PipelineApi, RefusesBFramesAndExternalReferences) {
    TCConfig config = {kWidth, kHeight, 25, 0.5f, false};
    ASSERT_EQ(tc_config_set(&config, "pipeline", "1"), TC_OK);
    ASSERT_EQ(tc_config_set(&config, "bframes", "3"), TC_OK);
    EXPECT_EQ(tc_init(&config), nullptr);
    EXPECT_NE(std::string(tc_init_error()).find("pipeline"), std::string::npos) << tc_init_error();
    EXPECT_EQ(tc_config_set(&config, "pipeline", "2"), TC_ERR_INVALID_CONFIG);

    ASSERT_EQ(tc_config_set(&config, "pipeline", "1"), TC_OK);
    TCContext* ctx = tc_init(&config);
    ASSERT_NE(ctx, nullptr) << tc_init_error();
    const std::vector<uint8_t> frame = moving_frame(0);
    tc_use_reference_frame(ctx, frame.data());
    EXPECT_EQ(tc_last_error_code(ctx), TC_ERR_UNSUPPORTED) << tc_last_error(ctx);
    tc_set_gop_structure(ctx, 30, 2);
    EXPECT_EQ(tc_last_error_code(ctx), TC_ERR_UNSUPPORTED) << tc_last_error(ctx);
    // Still usable: a frame goes in, and comes out of the flush.
    std::vector<uint8_t> out(tc_max_output_size(&config));
    size_t size = out.size();
    EXPECT_EQ(tc_process_frame(ctx, frame.data(), out.data(), &size), 0) << tc_last_error(ctx);
    size = out.size();
    EXPECT_GT(tc_process_frame(ctx, nullptr, out.data(), &size), 0) << tc_last_error(ctx);
    size = out.size();
    EXPECT_EQ(tc_process_frame(ctx, nullptr, out.data(), &size), 0) << tc_last_error(ctx);
    tc_destroy(ctx);
}

}  // namespace
