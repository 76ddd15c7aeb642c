#include "threading/serial_worker.h"

#include <algorithm>
#include <new>
#include <system_error>

namespace tc {

std::unique_ptr<SerialWorker> SerialWorker::create(int capacity, Job job, void* object) {
    std::unique_ptr<SerialWorker> worker(new (std::nothrow) SerialWorker(job, object));
    if (!worker || capacity < 1) return nullptr;
    try {
        worker->ring_.resize(static_cast<size_t>(capacity));
        worker->thread_ = std::thread([raw = worker.get()] { raw->loop(); });
    } catch (const std::system_error&) {
        return nullptr;
    } catch (const std::bad_alloc&) {
        return nullptr;
    }
    return worker;
}

SerialWorker::~SerialWorker() {
    {
        std::unique_lock<std::mutex> lock(mutex_);
        changed_.wait(lock, [&] { return done_ == posted_; });
        stopping_ = true;
    }
    changed_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void SerialWorker::post(int argument) {
    {
        std::unique_lock<std::mutex> lock(mutex_);
        changed_.wait(lock, [&] { return posted_ - done_ < ring_.size(); });
        ring_[static_cast<size_t>(posted_ % ring_.size())] = argument;
        posted_++;
    }
    changed_.notify_all();
}

void SerialWorker::wait_idle() { wait_pending(0); }

void SerialWorker::wait_pending(int count) {
    std::unique_lock<std::mutex> lock(mutex_);
    const uint64_t pending = static_cast<uint64_t>(std::max(count, 0));
    const uint64_t target = posted_ > pending ? posted_ - pending : 0;
    changed_.wait(lock, [&] { return done_ >= target; });
}

void SerialWorker::finish_here(Job here) {
    std::unique_lock<std::mutex> lock(mutex_);
    const uint64_t target = posted_;
    finishers_++;  // the worker's thread takes no job while a caller is here
    while (done_ < target) {
        if (taken_ > done_ || taken_ == posted_) {  // one is running (on the worker's thread)
            changed_.wait(lock);
            continue;
        }
        const int argument = ring_[static_cast<size_t>(taken_ % ring_.size())];
        taken_++;
        lock.unlock();
        here(object_, argument);
        lock.lock();
        done_++;
    }
    finishers_--;
    lock.unlock();
    changed_.notify_all();  // the worker's thread may take later jobs again
}

void SerialWorker::loop() {
    for (;;) {
        int argument = 0;
        {
            std::unique_lock<std::mutex> lock(mutex_);
            // The next job once none runs and no finish_here caller takes them.
            changed_.wait(lock,
                          [&] { return stopping_ || (taken_ < posted_ && taken_ == done_ && finishers_ == 0); });
            if (taken_ == posted_) return;  // stopping, nothing left
            argument = ring_[static_cast<size_t>(taken_ % ring_.size())];
            taken_++;
        }
        job_(object_, argument);
        {
            std::lock_guard<std::mutex> lock(mutex_);
            done_++;
        }
        changed_.notify_all();
    }
}

}  // namespace tc
