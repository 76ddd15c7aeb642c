// SerialWorker: jobs run one after another in posting order, on another thread; wait_idle
// returns after every earlier job with its writes visible (finish_here runs the waiting ones
// on the caller); posting beyond the capacity waits
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

// wait_pending(n): returns once all but the last n posted jobs are done, with their writes
// visible, while the others still wait.
struct Gated {
    std::atomic<int> allowed{0};  // jobs with a smaller argument may finish
    std::vector<int> done;        // written by the worker only
    static void job(void* object, int argument) {
        auto* self = static_cast<Gated*>(object);
        while (argument >= self->allowed.load()) std::this_thread::sleep_for(std::chrono::microseconds(50));
        self->done.push_back(argument);
    }
};

TEST(SerialWorker, WaitPendingLeavesTheLastJobsRunning) {
    Gated gated;
    gated.done.reserve(4);
    auto worker = tc::SerialWorker::create(2, &Gated::job, &gated);
    ASSERT_NE(worker, nullptr);
    worker->post(0);
    worker->post(1);
    worker->wait_pending(2);  // both may still wait: returns at once
    gated.allowed = 1;
    worker->wait_pending(1);
    EXPECT_EQ(gated.done, std::vector<int>{0});  // job 1 is still held
    gated.allowed = 2;
    worker->wait_pending(0);
    EXPECT_EQ(gated.done, (std::vector<int>{0, 1}));
}

// finish_here: the job running on the worker's thread (held) finishes there first; the jobs
// not yet started then run on the caller's thread as its own job, in posting order, none
// beside another.
TEST(SerialWorker, FinishHereRunsWaitingJobsOnTheCallerInOrder) {
    struct Tracker {
        std::vector<int> order;
        std::vector<std::thread::id> threads;
        std::atomic<int> running{0};
        std::atomic<bool> overlapped{false};
        std::atomic<bool> hold{false};
        std::atomic<bool> started{false};
        static void job(void* object, int argument) {
            auto* self = static_cast<Tracker*>(object);
            if (self->running.fetch_add(1) != 0) self->overlapped = true;
            self->started = true;
            while (self->hold.load()) std::this_thread::sleep_for(std::chrono::microseconds(50));
            self->order.push_back(argument);
            self->threads.push_back(std::this_thread::get_id());
            self->running.fetch_sub(1);
        }
    };
    Tracker tracker;
    tracker.order.reserve(8);
    tracker.threads.reserve(8);
    auto worker = tc::SerialWorker::create(8, &Tracker::job, &tracker);
    ASSERT_NE(worker, nullptr);
    tracker.hold = true;
    worker->post(0);
    while (!tracker.started.load()) std::this_thread::sleep_for(std::chrono::microseconds(50));
    for (int i = 1; i < 6; i++) worker->post(i);
    std::thread release([&] {  // long enough for finish_here to claim jobs 1-5 on a loaded machine
        std::this_thread::sleep_for(std::chrono::milliseconds(150));
        tracker.hold = false;
    });
    // Jobs run here go through the job given for that (the encoder's spreads over its pool):
    // it records its arguments plus 100.
    worker->finish_here([](void* object, int argument) { Tracker::job(object, argument + 100); });
    release.join();
    EXPECT_EQ(tracker.order, (std::vector<int>{0, 101, 102, 103, 104, 105}));
    EXPECT_FALSE(tracker.overlapped.load());
    ASSERT_EQ(tracker.threads.size(), 6u);
    EXPECT_NE(tracker.threads[0], std::this_thread::get_id());  // the held job stayed on the worker
    for (size_t i = 1; i < 6; i++) EXPECT_EQ(tracker.threads[i], std::this_thread::get_id()) << "job " << i;
    // The worker goes on with later posts as before.
    worker->post(6);
    worker->wait_idle();
    EXPECT_EQ(tracker.order.back(), 6);
    EXPECT_NE(tracker.threads.back(), std::this_thread::get_id());
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
