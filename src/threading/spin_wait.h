// A bounded busy wait before blocking. Pictures of live video are small units of work
// (a stage of a 640x272 picture takes tens of microseconds), so a worker that goes to sleep
// between two stages, or between two CTUs of a wavefront, pays a futex wake-up (tens of
// microseconds on a virtual machine) each time. Spinning first catches the next piece of
// work while it is still on its way; the bound keeps an idle encoder from burning a core.
// The spin yields its core between rounds (sched_yield): where threads outnumber cores (more
// workers than cores, the caller's read-ahead or lookahead threads, other processes) the
// thread being waited for runs instead of the spinner, and on an otherwise idle core the
// yield returns at once.
#pragma once
#include <chrono>
#include <thread>

namespace tc {

inline void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
}

// Calls done() until it returns true or about `budget` has passed; returns its last answer.
template <class Done>
bool spin_until(Done done, std::chrono::nanoseconds budget) {
    if (done()) return true;
    const auto deadline = std::chrono::steady_clock::now() + budget;
    for (;;) {
        for (int i = 0; i < 64; i++) {
            cpu_relax();
            if (done()) return true;
        }
        if (std::chrono::steady_clock::now() >= deadline) return done();
        std::this_thread::yield();
    }
}

// How long the pool and the wavefront spin before they block. With the yields, 200 us against
// 50 us without them (two threads, ultrafast, `bench/interleaved_ab.py` 30 rounds): bikes 0.976,
// foreman 0.968, driving_pan 0.999; three threads on two cores bikes 0.846; 50 and 500 us with
// the yields 1.007 and 1.004 against 200 (docs/BENCHMARKS.md).
inline constexpr std::chrono::microseconds kSpinBudget{200};

}  // namespace tc
