// The stream does not depend on the thread count: the same input and settings give the
// same bytes with 1, 2, 3, 4 or 8 threads, with WPP (wavefront analysis and substreams)
// and without it, with frame-level threads (pairs of pictures coded at once), also when two
// contexts encode at once.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "temporal_compression.h"

namespace {

using Settings = std::vector<std::pair<std::string, std::string>>;

// A textured picture that pans and changes, so that inter, intra, merge and SAO all occur.
std::vector<uint8_t> moving_frame(int width, int height, int t) {
    std::vector<uint8_t> frame(static_cast<size_t>(width) * height * 3 / 2);
    for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
            const double v = 128 + 50 * std::sin(0.19 * (x + 3 * t) + 0.05 * y) +
                             35 * std::cos(0.11 * (y - 2 * t) - 0.07 * x) +
                             ((x * 13 + y * 7 + t * 5) % 11);
            frame[static_cast<size_t>(y) * width + x] =
                static_cast<uint8_t>(std::clamp(v, 0.0, 255.0));
        }
    }
    const size_t luma = static_cast<size_t>(width) * height;
    for (size_t i = luma; i < frame.size(); i++)
        frame[i] = static_cast<uint8_t>(110 + (i * 3 + static_cast<size_t>(t)) % 37);
    return frame;
}

// Encodes `frames` moving frames and flushes; calls on_output(ctx, bytes, size) after every call
// that returned a picture.
template <class OnOutput>
void encode_each(int width, int height, int frames, const Settings& settings, OnOutput on_output) {
    TCConfig config = {static_cast<uint32_t>(width), static_cast<uint32_t>(height), 25, 0.4f,
                       false};
    for (const auto& [name, value] : settings)
        EXPECT_EQ(tc_config_set(&config, name.c_str(), value.c_str()), TC_OK) << name;
    const size_t capacity = tc_max_output_size(&config);
    TCContext* ctx = tc_init(&config);
    EXPECT_NE(ctx, nullptr) << tc_init_error();
    if (ctx == nullptr) return;
    std::vector<uint8_t> output(capacity);
    for (int i = 0; i <= frames; i++) {
        const std::vector<uint8_t> frame =
            i < frames ? moving_frame(width, height, i) : std::vector<uint8_t>{};
        for (;;) {  // a flush (no frame) drains one held picture per call
            size_t size = capacity;
            const int rc =
                tc_process_frame(ctx, i < frames ? frame.data() : nullptr, output.data(), &size);
            EXPECT_GE(rc, 0) << tc_last_error(ctx);
            if (rc > 0) on_output(ctx, output.data(), size);
            if (i < frames || rc <= 0) break;
        }
    }
    tc_destroy(ctx);
}

std::vector<uint8_t> encode(int width, int height, int frames, const Settings& settings) {
    std::vector<uint8_t> stream;
    encode_each(width, height, frames, settings,
                [&](TCContext*, const uint8_t* bytes, size_t size) {
                    stream.insert(stream.end(), bytes, bytes + size);
                });
    return stream;
}

Settings with_threads(Settings settings, int threads) {
    settings.emplace_back("threads", std::to_string(threads));
    return settings;
}

void expect_same_for_every_thread_count(int width, int height, int frames,
                                        const Settings& settings) {
    const std::vector<uint8_t> one = encode(width, height, frames, with_threads(settings, 1));
    ASSERT_FALSE(one.empty());
    for (int threads : {2, 3, 4, 8}) {
        EXPECT_EQ(encode(width, height, frames, with_threads(settings, threads)), one)
            << width << "x" << height << " with " << threads << " threads";
    }
}

TEST(ThreadedEncoder, SameStreamForEveryThreadCount) {
    expect_same_for_every_thread_count(200, 232, 4, {{"qp", "30"}, {"ref", "2"}});
}

TEST(ThreadedEncoder, SameStreamWithBFramesAndWithoutFilters) {
    expect_same_for_every_thread_count(200, 232, 5, {{"qp", "34"}, {"bframes", "2"}});
    expect_same_for_every_thread_count(200, 232, 3, {{"qp", "26"}, {"deblock", "0"}, {"sao", "0"}});
}

TEST(ThreadedEncoder, SameStreamForOneCtuWideAndOneRowPictures) {
    expect_same_for_every_thread_count(48, 272, 3, {{"qp", "30"}});
    expect_same_for_every_thread_count(272, 48, 3, {{"qp", "30"}});
}

TEST(ThreadedEncoder, WithoutWppTheThreadCountChangesNothing) {
    const Settings settings = {{"qp", "30"}, {"wpp", "0"}};
    expect_same_for_every_thread_count(200, 232, 3, settings);
    // WPP changes the context synchronisation (and the stream) but not what is coded.
    EXPECT_NE(encode(200, 232, 3, with_threads(settings, 1)),
              encode(200, 232, 3, {{"qp", "30"}, {"threads", "1"}}));
}

// The `pair` statistic of every picture, in coding order.
std::vector<int> pairs_of(int width, int height, int frames, const Settings& settings) {
    std::vector<int> pairs;
    encode_each(width, height, frames, settings, [&](TCContext* ctx, const uint8_t*, size_t) {
        TCFrameStats stats;
        EXPECT_EQ(tc_get_frame_stats(ctx, &stats), TC_OK);
        pairs.push_back(stats.pair);
    });
    return pairs;
}

// Frame-level threads: two pictures after one that nothing predicts from are coded at once
// (the top of the B pyramid: b1 with b3 of P4 B2 b1 b3; b2 with the reference B4 of
// P6 B3 B1 b2 B4 b5), with the stream of one thread.
TEST(ThreadedEncoder, FrameThreadsPairPicturesWithTheSameStream) {
    const Settings b3 = {{"qp", "32"}, {"bframes", "3"}, {"b-adapt", "0"}};
    EXPECT_EQ(pairs_of(200, 232, 9, with_threads(b3, 2)),
              (std::vector<int>{0, 0, 0, 1, 2, 0, 0, 1, 2}));
    expect_same_for_every_thread_count(200, 232, 9, b3);
    const Settings b5 = {{"qp", "30"}, {"bframes", "5"}, {"b-adapt", "0"}, {"ref", "2"}};
    EXPECT_EQ(pairs_of(200, 232, 7, with_threads(b5, 3)), (std::vector<int>{0, 0, 0, 0, 1, 2, 0}));
    expect_same_for_every_thread_count(200, 232, 7, b5);
    const Settings b7 = {
        {"qp", "36"}, {"bframes", "7"}, {"b-adapt", "0"}, {"ref", "4"}, {"preset", "superfast"}};
    expect_same_for_every_thread_count(200, 232, 17, b7);
}

// Anchor pairs (frame-threads 2): the first B picture of a mini-GOP is coded beside the next
// mini-GOP's anchor (B2 with P8, then b1 with b3; P8 comes out after b3), so that every picture
// after the first mini-GOP has a partner; the stream is that of one thread.
TEST(ThreadedEncoder, AnchorPairsPairEveryPictureWithTheSameStream) {
    Settings b3 = {{"qp", "32"}, {"bframes", "3"}, {"b-adapt", "0"}, {"frame-threads", "2"}};
    // I0 P4 [B2 P8] [b1 b3] b3 P8 [B6 P12] [b5 b7] b7 P12; at the end nothing to pair B10 with.
    EXPECT_EQ(pairs_of(200, 232, 13, with_threads(b3, 2)),
              (std::vector<int>{0, 0, 1, 1, 2, 2, 1, 1, 2, 2, 0, 1, 2}));
    const std::vector<uint8_t> one = encode(200, 232, 13, with_threads(b3, 1));
    expect_same_for_every_thread_count(200, 232, 13, b3);
    Settings level1 = b3;
    level1.back().second = "1";
    EXPECT_EQ(encode(200, 232, 13, with_threads(level1, 2)), one);
    // Mini-GOPs of 2 and 1 B pictures (one begun picture waiting, or none), two references
    // (the anchor then predicts from the B picture: no anchor pair), and more B-frames than
    // the anchor pairs take (7: coded as with frame-threads 1).
    for (const char* b : {"1", "2", "7"}) {
        Settings s = {{"qp", "32"}, {"bframes", b}, {"b-adapt", "0"}, {"frame-threads", "2"}};
        expect_same_for_every_thread_count(200, 232, 11, s);
    }
    Settings two_refs = b3;
    two_refs.emplace_back("ref", "2");
    expect_same_for_every_thread_count(200, 232, 11, two_refs);
}

// The lookahead on its own thread (the default with B-frames) or in the call: the same stream.
TEST(ThreadedEncoder, LookaheadThreadGivesTheSameStream) {
    const Settings b3 = {{"qp", "32"}, {"bframes", "3"}, {"threads", "2"}};
    Settings inline_lookahead = b3;
    inline_lookahead.emplace_back("lookahead-thread", "0");
    EXPECT_EQ(encode(200, 232, 11, b3), encode(200, 232, 11, inline_lookahead));
}

// The coarse searches of the next pictures run ahead in the workers' waits (the default with
// B-frames) or in each picture's own call: the same stream, whatever the thread count, GOP,
// references and frame-level threads. A search taken for the wrong picture or reference would
// change the vectors the analysis starts from.
TEST(ThreadedEncoder, CoarsePrefetchGivesTheSameStream) {
    const std::vector<Settings> configurations = {
        {{"qp", "32"}, {"bframes", "3"}, {"b-adapt", "0"}},
        {{"qp", "30"}, {"bframes", "3"}, {"ref", "2"}},
        {{"qp", "32"}, {"bframes", "2"}, {"b-adapt", "0"}, {"frame-threads", "2"}},
        {{"qp", "32"}, {"bframes", "3"}, {"b-adapt", "0"}, {"preset", "ultrafast"}},
    };
    for (const Settings& configuration : configurations) {
        Settings off = configuration;
        off.emplace_back("coarse-prefetch", "0");
        const std::vector<uint8_t> reference = encode(200, 232, 13, with_threads(off, 2));
        ASSERT_FALSE(reference.empty());
        for (int threads : {1, 2, 4}) {
            EXPECT_EQ(encode(200, 232, 13, with_threads(configuration, threads)), reference)
                << configuration.size() << " settings, " << threads << " threads";
        }
    }
}

TEST(ThreadedEncoder, FrameThreadsOffOrOneThreadCodeEveryPictureAlone) {
    const Settings b3 = {{"qp", "32"}, {"bframes", "3"}, {"b-adapt", "0"}};
    const std::vector<int> alone(9, 0);
    EXPECT_EQ(pairs_of(200, 232, 9, with_threads(b3, 1)), alone);
    Settings off = with_threads(b3, 2);
    off.emplace_back("frame-threads", "0");
    EXPECT_EQ(pairs_of(200, 232, 9, off), alone);
    EXPECT_EQ(encode(200, 232, 9, off), encode(200, 232, 9, with_threads(b3, 2)));
}

TEST(ThreadedEncoder, TwoThreadedContextsAtOnceGiveTheSequentialBytes) {
    const Settings settings = {{"qp", "32"}, {"threads", "2"}};
    const std::vector<uint8_t> sequential = encode(200, 168, 3, settings);
    std::vector<uint8_t> a, b;
    std::thread ta([&] { a = encode(200, 168, 3, settings); });
    std::thread tb([&] { b = encode(200, 168, 3, settings); });
    ta.join();
    tb.join();
    EXPECT_EQ(a, sequential);
    EXPECT_EQ(b, sequential);
}

}  // namespace
