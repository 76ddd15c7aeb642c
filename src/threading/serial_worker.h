// One thread that runs posted jobs one after another, in the order they were posted: the
// encoder's lookahead (each input frame's complexity against the frame before it) runs there
// while the workers code pictures. Posting and waiting allocate nothing; at most `capacity`
// jobs are posted and not yet done (post waits for room beyond that).
#pragma once
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace tc {

class SerialWorker {
  public:
    using Job = void (*)(void* object, int argument);
    // job(object, argument) runs on the worker's thread for every post(argument). Returns
    // nullptr when the thread cannot be started or memory is short. capacity >= 1.
    static std::unique_ptr<SerialWorker> create(int capacity, Job job, void* object);
    // Waits for the posted jobs, then stops the thread.
    ~SerialWorker();
    SerialWorker(const SerialWorker&) = delete;
    SerialWorker& operator=(const SerialWorker&) = delete;

    void post(int argument);
    // Returns when every job posted before the call has returned; what they wrote is then
    // visible to the caller.
    void wait_idle();
    // Returns when at most `count` of the jobs posted so far have not returned (the others, the
    // oldest, have: what they wrote is then visible to the caller). wait_pending(0) = wait_idle().
    void wait_pending(int count);
    // As wait_idle, but the jobs not yet started run on the calling thread (a job already
    // running finishes on the worker's), in order, never two at once, as here(object,
    // argument) (e.g. the same work spread over the caller's idle pool): a caller that needs
    // their results now does not wait for the worker's thread to be scheduled (on two busy
    // cores that took up to 150 us a mini-GOP) and may do them faster.
    void finish_here(Job here);

  private:
    SerialWorker(Job job, void* object) : job_(job), object_(object) {}
    void loop();

    Job job_;
    void* object_;
    std::vector<int> ring_;  // arguments of the jobs not yet taken
    uint64_t posted_ = 0, taken_ = 0, done_ = 0;  // a job runs while taken_ > done_
    int finishers_ = 0;                           // callers in finish_here
    bool stopping_ = false;
    std::mutex mutex_;
    std::condition_variable changed_;
    std::thread thread_;
};

}  // namespace tc
