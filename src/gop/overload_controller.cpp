#include "gop/overload_controller.h"

#include <algorithm>
#include <chrono>
#include <cstdio>

namespace tc {

namespace {

// "b-frames 3->2": what differs between two adjacent levels.
void describe_change(const SpeedLevel& from, const SpeedLevel& to, char* out, size_t size) {
    if (from.b_frames != to.b_frames) {
        std::snprintf(out, size, "b-frames %d->%d", from.b_frames, to.b_frames);
    } else if (from.keyint_cap != to.keyint_cap) {
        const auto cap = [](int value, char* text, size_t text_size) {
            if (value == 0) {
                std::snprintf(text, text_size, "none");
            } else {
                std::snprintf(text, text_size, "%d", value);
            }
        };
        char before[16], after[16];
        cap(from.keyint_cap, before, sizeof before);
        cap(to.keyint_cap, after, sizeof after);
        std::snprintf(out, size, "keyint cap %s->%s", before, after);
    } else if (from.search_range != to.search_range) {
        std::snprintf(out, size, "search range %d->%d", from.search_range, to.search_range);
    } else if (from.rect_partitions != to.rect_partitions) {
        std::snprintf(out, size, "rect partitions %s->%s", from.rect_partitions ? "on" : "off",
                      to.rect_partitions ? "on" : "off");
    } else {
        std::snprintf(out, size, "8x8 CUs %s->%s", from.min_cu_log2 <= 3 ? "on" : "off",
                      to.min_cu_log2 <= 3 ? "on" : "off");
    }
}

}  // namespace

double SteadyClock::now_seconds() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

OverloadController::OverloadController(const SpeedLevel& configured, double fps) : fps_(fps) {
    // The ladder of levels, each one step below the one before (see the header).
    SpeedLevel level = configured;
    int count = 0;
    levels_[0] = level;
    const auto push = [&] { levels_[static_cast<size_t>(++count)] = level; };
    for (int b = 0; b < kMaxBFrameSteps && level.b_frames > 0; b++) {
        level.b_frames--;
        push();
    }
    if (level.keyint_cap == 0 || level.keyint_cap > kShortGop) {
        level.keyint_cap = kShortGop;
        push();
    }
    while (level.search_range > kMinSearchRange && count < kMaxSteps - 2) {
        level.search_range = std::max(kMinSearchRange, level.search_range / 2);
        push();
    }
    if (level.rect_partitions) {
        level.rect_partitions = false;
        push();
    }
    if (level.min_cu_log2 < 4) {
        level.min_cu_log2 = 4;
        push();
    }
    lowest_step_ = fps > 0 ? count : 0;
}

double OverloadController::mean_load(int frames) const {
    double sum = 0;
    for (int i = 1; i <= frames; i++) {
        sum += loads_[static_cast<size_t>((next_load_ - i + kHeadroomWindow) % kHeadroomWindow)];
    }
    return sum / frames;
}

int OverloadController::late_frames(int frames) const {
    int late = 0;
    for (int i = 1; i <= frames; i++) {
        if (loads_[static_cast<size_t>((next_load_ - i + kHeadroomWindow) % kHeadroomWindow)] > 1.0)
            late++;
    }
    return late;
}

void OverloadController::change_to(int step, const char* cause) {
    char change[64];
    describe_change(level(), levels_[static_cast<size_t>(step)], change, sizeof change);
    std::snprintf(reason_.data(), reason_.size(), "%s: %s", cause, change);
    step_ = step;
    frames_at_level_ = 0;
}

bool OverloadController::record_frame(double seconds) {
    if (lowest_step_ == 0) return false;
    loads_[static_cast<size_t>(next_load_)] = seconds * fps_;
    next_load_ = (next_load_ + 1) % kHeadroomWindow;
    frames_at_level_++;
    if (frames_since_step_up_ >= 0 && ++frames_since_step_up_ >= kReboundWindow) {
        // The step up held: trust the next one sooner.
        up_hold_off_ = std::max(kHeadroomWindow, up_hold_off_ / 2);
        frames_since_step_up_ = -1;
    }

    char cause[64];
    if (step_ < lowest_step_ && frames_at_level_ >= kLateWindow) {
        const double mean = mean_load(kLateWindow);
        const int late = late_frames(kLateWindow);
        if (mean > 1.0 && late >= kMinLateFrames) {
            if (frames_since_step_up_ >= 0) {
                // Stepped up too early: the level above cannot keep up.
                up_hold_off_ = std::min(kMaxUpHoldOff, 2 * up_hold_off_);
                frames_since_step_up_ = -1;
            }
            std::snprintf(cause, sizeof cause, "late %d/%d frames, mean %.2fx budget", late,
                          kLateWindow, mean);
            change_to(step_ + 1, cause);
            return true;
        }
    }
    if (step_ > 0 && frames_at_level_ >= up_hold_off_) {
        const double mean = mean_load(kHeadroomWindow);
        if (mean < kHeadroomLoad && late_frames(kHeadroomWindow) == 0) {
            std::snprintf(cause, sizeof cause, "headroom: mean %.2fx budget over %d frames", mean,
                          kHeadroomWindow);
            change_to(step_ - 1, cause);
            frames_since_step_up_ = 0;
            return true;
        }
    }
    return false;
}

}  // namespace tc
