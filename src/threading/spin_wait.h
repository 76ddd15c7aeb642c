// A bounded busy wait before blocking. Pictures of live video are small units of work
// (a stage of a 640x272 picture takes tens of microseconds), so a worker that goes to sleep
// between two stages, or between two CTUs of a wavefront, pays a futex wake-up (tens of
// microseconds on a virtual machine) each time. Spinning a few microseconds first catches
// the next piece of work while it is still on its way; the bound keeps an idle encoder
// from burning a core.
#pragma once
#include <chrono>

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
    }
}

// How long the pool and the wavefront spin before they block.
inline constexpr std::chrono::microseconds kSpinBudget{50};

}  // namespace tc
