// The --realtime overload controller: the documented step-down order, the way back up to the
// configuration, no oscillation near the budget, and no reaction to a single spike.
#include "gop/overload_controller.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace tc {
namespace {

constexpr double kFps = 50.0;
constexpr double kBudget = 1.0 / kFps;

SpeedLevel full_configuration() {
    SpeedLevel level;
    level.b_frames = 3;
    level.keyint_cap = 0;
    level.search_range = 64;
    level.rect_partitions = true;
    level.min_cu_log2 = 3;
    return level;
}

// A clock the test moves by hand, to show how the caller measures a frame.
class FakeClock final : public Clock {
  public:
    double now_seconds() override { return now_; }
    void advance(double seconds) { now_ += seconds; }

  private:
    double now_ = 1000.0;
};

// Feeds frames of load * budget until the level changes; returns how many frames it took,
// or -1 when it did not change within `limit` frames.
int frames_until_change(OverloadController& controller, double load, int limit = 1000) {
    FakeClock clock;
    for (int frame = 1; frame <= limit; frame++) {
        const double start = clock.now_seconds();
        clock.advance(load * kBudget);  // encoding the frame
        if (controller.record_frame(clock.now_seconds() - start)) return frame;
    }
    return -1;
}

TEST(OverloadController, StartsAsConfigured) {
    const OverloadController controller(full_configuration(), kFps);
    EXPECT_EQ(controller.step(), 0);
    EXPECT_EQ(controller.level(), full_configuration());
    EXPECT_STREQ(controller.last_change_reason(), "");
    // 3 B-frame steps, short GOP, search range 64->32->16, rect, 8x8.
    EXPECT_EQ(controller.lowest_step(), 8);
}

TEST(OverloadController, LateFramesStepDownInTheDocumentedOrder) {
    OverloadController controller(full_configuration(), kFps);
    std::vector<SpeedLevel> levels{controller.level()};
    std::vector<std::string> reasons;
    for (int change = 0; change < controller.lowest_step(); change++) {
        const int frames = frames_until_change(controller, 1.5);
        ASSERT_EQ(frames, OverloadController::kLateWindow) << "change " << change;
        levels.push_back(controller.level());
        reasons.push_back(controller.last_change_reason());
    }
    EXPECT_EQ(frames_until_change(controller, 3.0), -1) << "nothing left to lower";
    EXPECT_EQ(controller.step(), controller.lowest_step());

    const auto level = [](int b, int cap, int range, bool rect, int min_cu) {
        return SpeedLevel{b, cap, range, rect, min_cu};
    };
    const std::vector<SpeedLevel> expected{
        level(3, 0, 64, true, 3), level(2, 0, 64, true, 3),  level(1, 0, 64, true, 3),
        level(0, 0, 64, true, 3), level(0, 8, 64, true, 3),  level(0, 8, 32, true, 3),
        level(0, 8, 16, true, 3), level(0, 8, 16, false, 3), level(0, 8, 16, false, 4)};
    ASSERT_EQ(levels.size(), expected.size());
    for (size_t i = 0; i < expected.size(); i++) EXPECT_EQ(levels[i], expected[i]) << "step " << i;

    EXPECT_EQ(reasons.front(), "late 8/8 frames, mean 1.50x budget: b-frames 3->2");
    EXPECT_EQ(reasons[3], "late 8/8 frames, mean 1.50x budget: keyint cap none->8");
    EXPECT_EQ(reasons[4], "late 8/8 frames, mean 1.50x budget: search range 64->32");
    EXPECT_EQ(reasons[6], "late 8/8 frames, mean 1.50x budget: rect partitions on->off");
    EXPECT_EQ(reasons.back(), "late 8/8 frames, mean 1.50x budget: 8x8 CUs on->off");
}

TEST(OverloadController, SkipsStepsTheConfigurationAlreadyTook) {
    SpeedLevel configured;
    configured.b_frames = 0;
    configured.keyint_cap = 4;
    configured.search_range = 16;
    configured.rect_partitions = false;
    configured.min_cu_log2 = 3;
    OverloadController controller(configured, kFps);
    ASSERT_EQ(controller.lowest_step(), 1);
    EXPECT_EQ(frames_until_change(controller, 2.0), OverloadController::kLateWindow);
    EXPECT_EQ(controller.level().min_cu_log2, 4);
    EXPECT_EQ(controller.level().keyint_cap, 4);
}

TEST(OverloadController, HeadroomStepsBackUpToTheConfigurationAndNoFurther) {
    OverloadController controller(full_configuration(), kFps);
    while (controller.step() < controller.lowest_step())
        ASSERT_GT(frames_until_change(controller, 2.0), 0);
    for (int step = controller.lowest_step() - 1; step >= 0; step--) {
        const int frames = frames_until_change(controller, 0.3);
        EXPECT_EQ(frames, OverloadController::kHeadroomWindow) << "to step " << step;
        EXPECT_EQ(controller.step(), step);
    }
    EXPECT_EQ(controller.level(), full_configuration());
    EXPECT_EQ(std::string(controller.last_change_reason()),
              "headroom: mean 0.30x budget over 30 frames: b-frames 2->3");
    EXPECT_EQ(frames_until_change(controller, 0.0, 5000), -1) << "never above the configuration";
}

TEST(OverloadController, ModerateLoadNeitherStepsDownNorUp) {
    OverloadController controller(full_configuration(), kFps);
    ASSERT_GT(frames_until_change(controller, 1.2), 0);
    EXPECT_EQ(frames_until_change(controller, 0.8, 2000), -1) << "0.8x: no lateness, no headroom";
    EXPECT_EQ(controller.step(), 1);
}

TEST(OverloadController, LowMeanWithLateFramesIsNoHeadroom) {
    OverloadController controller(full_configuration(), kFps);
    ASSERT_GT(frames_until_change(controller, 1.5), 0);
    for (int frame = 0; frame < 1000; frame++) {
        const double load = frame % 20 == 0 ? 1.5 : 0.3;  // mean 0.36, but a late frame every 20
        EXPECT_FALSE(controller.record_frame(load * kBudget)) << "frame " << frame;
    }
    EXPECT_EQ(controller.step(), 1);
}

TEST(OverloadController, SingleLateSpikeDoesNotStepDown) {
    OverloadController controller(full_configuration(), kFps);
    for (int frame = 0; frame < 1000; frame++) {
        const double load = frame % 100 == 50 ? 20.0 : 0.7;  // one frame at 20x budget
        EXPECT_FALSE(controller.record_frame(load * kBudget)) << "frame " << frame;
    }
    EXPECT_EQ(controller.step(), 0);
}

TEST(OverloadController, TwoLateFramesInAWindowDoNotStepDown) {
    OverloadController controller(full_configuration(), kFps);
    for (int frame = 0; frame < 1000; frame++) {
        const double load = frame % 8 < 2 ? 3.0 : 0.5;  // mean 1.125, but only 2 of 8 late
        controller.record_frame(load * kBudget);
    }
    EXPECT_EQ(controller.step(), 0);
}

TEST(OverloadController, AlternatingLoadAroundTheBudgetDoesNotOscillate) {
    for (const double high : {1.02, 1.05, 1.1, 1.3}) {
        OverloadController controller(full_configuration(), kFps);
        int changes = 0;
        for (int frame = 0; frame < 1000; frame++) {
            const double load = frame % 2 == 0 ? high : 0.97;
            if (controller.record_frame(load * kBudget)) changes++;
        }
        // Mean above the budget: step down once per window until the bottom; below: never.
        if ((high + 0.97) / 2 > 1.0) {
            EXPECT_EQ(controller.step(), controller.lowest_step()) << high;
            EXPECT_EQ(changes, controller.lowest_step()) << high << ": no step back up";
        } else {
            EXPECT_EQ(changes, 0) << high;
        }
    }
}

// A load that depends on the level, as a real encoder's does: too slow as configured, fast
// with headroom one step down. Stepping up fails again and again; the hold-off doubles after
// each failed try (30, 60, 120, 240, 480 frames), so the changes thin out.
TEST(OverloadController, LevelDependentLoadSettlesWithFewChanges) {
    OverloadController controller(full_configuration(), kFps);
    std::vector<int> change_frames;
    for (int frame = 0; frame < 1000; frame++) {
        const double load = controller.step() == 0 ? 1.1 : 0.5;
        if (controller.record_frame(load * kBudget)) change_frames.push_back(frame);
    }
    ASSERT_GE(change_frames.size(), 1u);
    EXPECT_LE(change_frames.size(), 11u);
    EXPECT_LE(
        std::count_if(change_frames.begin(), change_frames.end(), [](int f) { return f >= 500; }),
        2);
    for (size_t i = 3; i < change_frames.size(); i += 2) {
        // Time spent one step down before each retry doubles.
        EXPECT_GT(change_frames[i] - change_frames[i - 1],
                  change_frames[i - 2] - change_frames[i - 3]);
    }
}

TEST(OverloadController, LoadNearTheBudgetAtEveryLevelChangesAtMostTwice) {
    OverloadController controller(full_configuration(), kFps);
    int changes = 0;
    for (int frame = 0; frame < 1000; frame++) {
        // As configured slightly over budget on average, one step down slightly under.
        const double base = controller.step() == 0 ? 1.01 : 0.95;
        const double load = frame % 2 == 0 ? base + 0.1 : base - 0.1;
        if (controller.record_frame(load * kBudget)) changes++;
    }
    EXPECT_LE(changes, 2);
    EXPECT_EQ(controller.step(), 1);
}

TEST(OverloadController, IsDeterministic) {
    const auto run = [] {
        OverloadController controller(full_configuration(), kFps);
        std::vector<int> steps;
        unsigned state = 12345;
        for (int frame = 0; frame < 2000; frame++) {
            state = state * 1103515245u + 12345u;
            const double load =
                0.3 + static_cast<double>((state >> 16) % 1000) / 1000.0;  // 0.3..1.3
            controller.record_frame(load * kBudget);
            steps.push_back(controller.step());
        }
        return steps;
    };
    EXPECT_EQ(run(), run());
}

TEST(OverloadController, NoFrameRateMeansNoControl) {
    OverloadController controller(full_configuration(), 0.0);
    EXPECT_EQ(controller.lowest_step(), 0);
    EXPECT_EQ(frames_until_change(controller, 100.0), -1);
    EXPECT_EQ(controller.level(), full_configuration());
}

TEST(OverloadController, SteadyClockAdvances) {
    SteadyClock clock;
    const double start = clock.now_seconds();
    double now = start;
    for (int i = 0; i < 1000000 && now == start; i++) now = clock.now_seconds();
    EXPECT_GT(now, start);
}

}  // namespace
}  // namespace tc
