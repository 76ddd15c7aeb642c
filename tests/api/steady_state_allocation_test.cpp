// DESIGN.md §1: memory is allocated at tc_init; steady-state encoding allocates nothing.
// This binary's global operator new counts the allocations made while `counting` is set.
#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <cstdlib>
#include <new>
#include <vector>

#include "temporal_compression.h"

namespace {
std::atomic<bool> counting{false};
std::atomic<long> allocations{0};
}  // namespace

void* operator new(std::size_t size) {
    if (counting.load(std::memory_order_relaxed)) allocations.fetch_add(1, std::memory_order_relaxed);
    void* p = std::malloc(size == 0 ? 1 : size);
    if (p == nullptr) throw std::bad_alloc();
    return p;
}
void* operator new[](std::size_t size) { return operator new(size); }
// The nothrow forms too (the library uses new (std::nothrow)): every allocation of this
// binary must come from the same malloc so that every delete can free it.
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
    if (counting.load(std::memory_order_relaxed)) allocations.fetch_add(1, std::memory_order_relaxed);
    return std::malloc(size == 0 ? 1 : size);
}
void* operator new[](std::size_t size, const std::nothrow_t& tag) noexcept { return operator new(size, tag); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }

namespace {

// A moving textured picture, so that every coding tool gets used.
void make_frame(std::vector<uint8_t>& frame, int width, int height, int t) {
    for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
            const double v = 128 + 60 * std::sin(0.21 * (x + 2 * t) + 0.07 * y) + 30 * std::cos(0.13 * (y + t) - 0.05 * x);
            frame[static_cast<size_t>(y) * width + x] = static_cast<uint8_t>(v);
        }
    }
    for (size_t i = static_cast<size_t>(width) * height; i < frame.size(); i++) {
        frame[i] = static_cast<uint8_t>(128 + (i + t) % 7);
    }
}

TEST(SteadyState, EncodingAllocatesNothingAfterInit) {
    const int width = 200, height = 120;
    TCConfig config = {width, static_cast<uint32_t>(height), 30, 0.45f, false};
    ASSERT_EQ(tc_config_set(&config, "ref", "2"), TC_OK);
    ASSERT_EQ(tc_config_set(&config, "keyint", "6"), TC_OK);
    const size_t capacity = tc_max_output_size(&config);
    TCContext* ctx = tc_init(&config);
    ASSERT_NE(ctx, nullptr);
    std::vector<uint8_t> frame(static_cast<size_t>(width) * height * 3 / 2), output(capacity), recon(frame.size());
    std::vector<MotionVector> mvs(4096);
    TCFrameStats stats;
    auto encode = [&](int t) {
        make_frame(frame, width, height, t);
        size_t size = capacity;
        ASSERT_GT(tc_process_frame(ctx, frame.data(), output.data(), &size), 0) << tc_last_error(ctx);
        ASSERT_EQ(tc_get_frame_stats(ctx, &stats), TC_OK);
        ASSERT_GT(tc_get_reconstructed_frame(ctx, recon.data(), recon.size()), 0);
        ASSERT_GE(tc_get_motion_vectors(ctx, mvs.data(), mvs.size()), 1);
    };
    for (int t = 0; t < 3; t++) encode(t);  // warm-up: the first I and P pictures

    counting = true;
    for (int t = 3; t < 15; t++) encode(t);  // P pictures and two more IDR pictures
    tc_use_reference_frame(ctx, frame.data());
    encode(15);
    counting = false;
    EXPECT_EQ(allocations.load(), 0) << "allocations while encoding 13 frames";
    tc_destroy(ctx);
}

// Random access with frame-level threads and two slices: the pairs of pictures coded at once
// (and the second one's access unit held for the next call), each picture's two slice NAL
// units, allocate nothing either; nor do anchor pairs (frame-threads 2: pictures begun ahead
// and access units waiting in their codings).
TEST(SteadyState, FrameThreadsAllocateNothingAfterInit) {
    for (const char* level : {"1", "2"}) {
        SCOPED_TRACE(std::string("frame-threads ") + level);
        const int width = 200, height = 232;
        TCConfig config = {width, static_cast<uint32_t>(height), 30, 0.45f, false};
        ASSERT_EQ(tc_config_set(&config, "slices", "2"), TC_OK);
        ASSERT_EQ(tc_config_set(&config, "bframes", "3"), TC_OK);
        ASSERT_EQ(tc_config_set(&config, "b-adapt", "0"), TC_OK);
        ASSERT_EQ(tc_config_set(&config, "threads", "2"), TC_OK);
        ASSERT_EQ(tc_config_set(&config, "frame-threads", level), TC_OK);
        const size_t capacity = tc_max_output_size(&config);
        TCContext* ctx = tc_init(&config);
        ASSERT_NE(ctx, nullptr);
        std::vector<uint8_t> frame(static_cast<size_t>(width) * height * 3 / 2), output(capacity), recon(frame.size());
        TCFrameStats stats;
        int paired = 0;
        auto encode = [&](int t) {
            make_frame(frame, width, height, t);
            size_t size = capacity;
            const int rc = tc_process_frame(ctx, frame.data(), output.data(), &size);
            ASSERT_GE(rc, 0) << tc_last_error(ctx);
            if (rc == 0) return;  // held for its mini-GOP
            ASSERT_EQ(tc_get_frame_stats(ctx, &stats), TC_OK);
            paired += stats.pair != 0 ? 1 : 0;
            ASSERT_GT(tc_get_reconstructed_frame(ctx, recon.data(), recon.size()), 0);
        };
        for (int t = 0; t < 9; t++) encode(t);  // warm-up: the first two mini-GOPs

        allocations = 0;
        counting = true;
        for (int t = 9; t < 25; t++) encode(t);
        counting = false;
        EXPECT_EQ(allocations.load(), 0) << "allocations while encoding 16 frames";
        // frame-threads 1 pairs b1 with b3 (8 of 16); 2 pairs every picture.
        EXPECT_GE(paired, level[0] == '1' ? 8 : 16) << "pictures coded in pairs";
        tc_destroy(ctx);
    }
}

// The GPU's motion algorithm (here on the CPU: "gpu-algorithm-on-cpu"), low delay, so that
// the block search, the analysis's choice among its vectors and each arriving frame's
// speculative search run: nothing allocated after init either.
TEST(SteadyState, GpuMotionAlgorithmAllocatesNothingAfterInit) {
    const int width = 200, height = 120;
    TCConfig config = {width, height, 30, 0.45f, true};
    ASSERT_EQ(tc_config_set(&config, "gpu-algorithm-on-cpu", "1"), TC_OK);
    ASSERT_EQ(tc_config_set(&config, "ref", "2"), TC_OK);
    ASSERT_EQ(tc_config_set(&config, "keyint", "8"), TC_OK);
    const size_t capacity = tc_max_output_size(&config);
    TCContext* ctx = tc_init(&config);
    ASSERT_NE(ctx, nullptr);
    std::vector<uint8_t> frame(static_cast<size_t>(width) * height * 3 / 2), output(capacity);
    auto encode = [&](int t) {
        make_frame(frame, width, height, t);
        size_t size = capacity;
        ASSERT_GT(tc_process_frame(ctx, frame.data(), output.data(), &size), 0) << tc_last_error(ctx);
    };
    for (int t = 0; t < 3; t++) encode(t);
    counting = true;
    for (int t = 3; t < 12; t++) encode(t);  // P pictures (speculated) and an IDR picture
    counting = false;
    EXPECT_EQ(allocations.load(), 0) << "allocations while encoding 9 frames";
    tc_destroy(ctx);
}

// "pipeline": each access unit waits in its coding for the hash thread and comes out of the next
// call (with the hash SEI appended there); the hash thread's posts and waits allocate nothing.
// "pipeline-rows" (delay 2): the rows' thread, the input workers and the second hash thread
// neither.
void expect_pipeline_allocates_nothing(int delay) {
    // "pipeline-rows": eight CTU rows, so that eight threads are eight workers (two of them the
    // input stage's beside seven for the rows: the call's thread is one of each).
    const int width = 200, height = delay == 2 ? 512 : 120;
    TCConfig config = {width, static_cast<uint32_t>(height), 30, 0.45f, false};
    ASSERT_EQ(tc_config_set(&config, "pipeline", "1"), TC_OK);
    if (delay == 2) {
        ASSERT_EQ(tc_config_set(&config, "pipeline-rows", "1"), TC_OK);
    }
    ASSERT_EQ(tc_config_set(&config, "bframes", "0"), TC_OK);
    ASSERT_EQ(tc_config_set(&config, "keyint", "6"), TC_OK);
    ASSERT_EQ(tc_config_set(&config, "threads", delay == 2 ? "8" : "2"), TC_OK);
    const size_t capacity = tc_max_output_size(&config);
    TCContext* ctx = tc_init(&config);
    ASSERT_NE(ctx, nullptr) << tc_init_error();
    std::vector<uint8_t> frame(static_cast<size_t>(width) * height * 3 / 2), output(capacity), recon(frame.size());
    TCFrameStats stats;
    auto encode = [&](int t) {
        make_frame(frame, width, height, t);
        size_t size = capacity;
        ASSERT_GT(tc_process_frame(ctx, frame.data(), output.data(), &size), 0) << tc_last_error(ctx);
        ASSERT_EQ(tc_get_frame_stats(ctx, &stats), TC_OK);
        ASSERT_EQ(stats.frame_number, t - delay);
        ASSERT_GT(tc_get_reconstructed_frame(ctx, recon.data(), recon.size()), 0);
    };
    for (int t = 0; t < delay; t++) {
        size_t size = capacity;
        make_frame(frame, width, height, t);
        ASSERT_EQ(tc_process_frame(ctx, frame.data(), output.data(), &size), 0);  // held
    }
    for (int t = delay; t < 4; t++) encode(t);
    allocations = 0;
    counting = true;
    for (int t = 4; t < 16; t++) encode(t);  // P pictures and two IDR pictures
    counting = false;
    EXPECT_EQ(allocations.load(), 0) << "allocations while encoding 12 frames";
    tc_destroy(ctx);
}

TEST(SteadyState, PipelineAllocatesNothingAfterInit) { expect_pipeline_allocates_nothing(1); }

TEST(SteadyState, PipelineRowsAllocatesNothingAfterInit) { expect_pipeline_allocates_nothing(2); }

}  // namespace
