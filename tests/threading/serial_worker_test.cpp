// SerialWorker: jobs run one after another in posting order, on another thread; wait_idle
// returns after every earlier job with its writes visible; posting beyond the capacity waits
// for room instead of overwriting; the destructor runs what is left.
#include "threading/serial_worker.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

namespace {

struct Recorder {
    std::vector<int> order;  // written by the worker only, read after wait_idle
    std::thread::id thread;
    std::atomic<bool> hold{false};
    static void job(void* object, int argument) {
        auto* self = static_cast<Recorder*>(object);
        while (self->hold.load()) std::this_thread::sleep_for(std::chrono::microseconds(50));
        self->order.push_back(argument);
        self->thread = std::this_thread::get_id();
    }
};

TEST(SerialWorker, RunsJobsInPostingOrderOnItsOwnThread) {
    Recorder recorder;
    recorder.order.reserve(100);
    auto worker = tc::SerialWorker::create(4, &Recorder::job, &recorder);
    ASSERT_NE(worker, nullptr);
    for (int i = 0; i < 100; i++) worker->post(i);  // 4 at a time: post waits for room
    worker->wait_idle();
    ASSERT_EQ(recorder.order.size(), 100u);
    for (int i = 0; i < 100; i++) EXPECT_EQ(recorder.order[static_cast<size_t>(i)], i);
    EXPECT_NE(recorder.thread, std::this_thread::get_id());
}

TEST(SerialWorker, WaitIdleWaitsForAHeldJob) {
    Recorder recorder;
    recorder.order.reserve(4);
    auto worker = tc::SerialWorker::create(2, &Recorder::job, &recorder);
    ASSERT_NE(worker, nullptr);
    recorder.hold = true;
    worker->post(7);
    std::thread release([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        recorder.hold = false;
    });
    worker->wait_idle();
    EXPECT_EQ(recorder.order, std::vector<int>{7});
    release.join();
}

TEST(SerialWorker, DestructorRunsWhatIsLeft) {
    Recorder recorder;
    recorder.order.reserve(8);
    {
        auto worker = tc::SerialWorker::create(8, &Recorder::job, &recorder);
        ASSERT_NE(worker, nullptr);
        for (int i = 0; i < 8; i++) worker->post(i);
    }
    EXPECT_EQ(recorder.order.size(), 8u);
}

TEST(SerialWorker, RejectsZeroCapacity) { EXPECT_EQ(tc::SerialWorker::create(0, &Recorder::job, nullptr), nullptr); }

}  // namespace
