// Speed control for --realtime (DESIGN.md §5): each frame has a time budget of 1/fps; when
// frames run late the encoder steps down to cheaper settings, and back up when there is
// clear headroom.
//
// The steps, from the user's configuration downwards (each step changes one thing; steps
// that would change nothing for the configuration are left out):
//   1. fewer B-frames, one at a time, down to none;
//   2. a short GOP: the intra period capped at kShortGop (skipped if already that short);
//   3. the search range halved, repeatedly, but not below kMinSearchRange;
//   4. no rectangular (2NxN, Nx2N, AMP) partitions;
//   5. no 8x8 CUs (min_cu_log2 = 4).
// Stepping up retraces them in reverse order, never above the configuration.
//
// Decisions, per frame's load = encode seconds * fps (1.0 = exactly the budget):
//   - down one step when the last kLateWindow frames all ran at the current level, their
//     mean load is above 1.0, and at least kMinLateFrames of them were late (load > 1.0):
//     falling behind on average, not one spike;
//   - up one step when at least up_hold_off frames (kHeadroomWindow at first) ran at the
//     current level and the last kHeadroomWindow of them had a mean load below kHeadroomLoad
//     and none was late;
//   - a step down within kReboundWindow frames of a step up means the level above cannot
//     keep up: the hold-off before the next step up doubles (up to kMaxUpHoldOff). A step up
//     that holds for kReboundWindow frames halves it again (not below kHeadroomWindow).
// So a load near the budget cannot make the level oscillate, and the same durations always
// give the same decisions.
#pragma once
#include <array>
#include <cstddef>

namespace tc {

// What the encoder may lower, from the user's configuration downwards.
struct SpeedLevel {
    int b_frames = 0;
    int keyint_cap = 0;  // 0: the configured intra period; else at most this (1..8)
    int search_range = 64;
    bool rect_partitions = true;  // 2NxN, Nx2N and asymmetric partitions
    int min_cu_log2 = 3;          // 3: 8x8 CUs allowed; 4: none smaller than 16x16

    bool operator==(const SpeedLevel&) const = default;
};

// The time source the caller measures encode durations with; tests inject their own.
class Clock {
  public:
    virtual ~Clock() = default;
    virtual double now_seconds() = 0;
};

// std::chrono::steady_clock.
class SteadyClock final : public Clock {
  public:
    double now_seconds() override;
};

class OverloadController {
  public:
    static constexpr int kShortGop = 8;
    static constexpr int kMinSearchRange = 16;
    static constexpr int kLateWindow = 8;
    static constexpr int kMinLateFrames = 3;
    static constexpr int kHeadroomWindow = 30;
    static constexpr double kHeadroomLoad = 0.6;
    static constexpr int kReboundWindow = 2 * kHeadroomWindow;
    static constexpr int kMaxUpHoldOff = 16 * kHeadroomWindow;

    // fps <= 0 gives no budget: the level stays as configured.
    OverloadController(const SpeedLevel& configured, double fps);

    // Called once per coded frame with its encode duration in seconds. Returns true when
    // the level changed (it applies from the next frame).
    bool record_frame(double seconds);

    const SpeedLevel& level() const { return levels_[static_cast<size_t>(step_)]; }
    // 0 = as configured, higher = further down, at most lowest_step().
    int step() const { return step_; }
    int lowest_step() const { return lowest_step_; }
    // Why the level last changed, for the per-frame stats, e.g.
    // "late 6/8 frames, mean 1.31x budget: b-frames 3->2"; empty before any change.
    const char* last_change_reason() const { return reason_.data(); }

  private:
    // B-frames (clamped to kMaxBFrameSteps) + short GOP + search range halvings + rect + 8x8.
    static constexpr int kMaxBFrameSteps = 16;
    static constexpr int kMaxSteps = kMaxBFrameSteps + 1 + 16 + 1 + 1;

    double mean_load(int frames) const;
    int late_frames(int frames) const;
    void change_to(int step, const char* cause);

    std::array<SpeedLevel, kMaxSteps + 1> levels_{};
    int lowest_step_ = 0;
    double fps_ = 0;

    std::array<double, kHeadroomWindow> loads_{};  // ring of the latest loads
    int next_load_ = 0;
    int frames_at_level_ = 0;
    int frames_since_step_up_ = -1;  // -1: no step up to watch for a rebound
    int up_hold_off_ = kHeadroomWindow;
    int step_ = 0;
    std::array<char, 128> reason_{};
};

}  // namespace tc
