// Lookahead analysis: frame complexity, scene cuts and the adaptive B-frame count, on
// synthetic 1/8 planes and on the shared real clips (which must show exactly the known cuts).
#include "gop/lookahead_analysis.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "kernels/kernel_dispatch.h"
#include "kernels/pixel_kernels.h"
#include "motion/pyramid.h"
#include "threading/thread_pool.h"

namespace tc {
namespace {

// A random texture larger than the frames cut from it, so that a frame can be a window
// shifted by some samples. Noise smoothed by a 3x3 box, like detail seen at 1/8 scale.
class Texture {
  public:
    Texture(int width, int height, uint32_t seed, int amplitude = 100)
        : width_(width), height_(height), samples_(static_cast<size_t>(width) * height) {
        std::mt19937 random(seed);
        std::vector<int> noise(samples_.size());
        for (int& value : noise)
            value = static_cast<int>(random() % (2 * amplitude + 1)) - amplitude;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int sum = 0;
                for (int v = -1; v <= 1; v++) {
                    for (int u = -1; u <= 1; u++) {
                        const int sx = std::clamp(x + u, 0, width - 1);
                        const int sy = std::clamp(y + v, 0, height - 1);
                        sum += noise[static_cast<size_t>(sy) * width + sx];
                    }
                }
                samples_[static_cast<size_t>(y) * width + x] = sum / 3;  // 9 terms, keep contrast
            }
        }
    }
    // Sample at (x, y), around zero.
    int at(int x, int y) const {
        return samples_[static_cast<size_t>(std::clamp(y, 0, height_ - 1)) * width_ +
                        std::clamp(x, 0, width_ - 1)];
    }

  private:
    int width_, height_;
    std::vector<int> samples_;
};

constexpr int kWidth = 83;  // not a multiple of 8: clipped edge blocks
constexpr int kHeight = 45;
constexpr int kMargin = 64;  // texture border for shifted windows

// The window of `texture` at (offset_x, offset_y) scaled by gain / 256 around mid-grey plus
// `brightness`, clamped to 8 bits; width x height samples.
Plane frame_from(const Texture& texture, int offset_x, int offset_y, int brightness = 0,
                 int gain = 256, int width = kWidth, int height = kHeight) {
    Plane plane;
    EXPECT_TRUE(plane.allocate(width, height, 0));
    for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
            const int value =
                128 + brightness +
                texture.at(x + kMargin + offset_x, y + kMargin + offset_y) * gain / 256;
            *plane.at(x, y) = static_cast<uint8_t>(std::clamp(value, 0, 255));
        }
    }
    return plane;
}

// measure_complexity with the kernels up to `level` (the best this CPU has by default) against
// a LookaheadReference holding `previous`.
FrameComplexity measure(const Plane& current, const Plane* previous,
                        CpuLevel level = CpuLevel::kAvx512) {
    PixelKernels kernels;
    init_pixel_kernels(kernels, level);
    if (previous == nullptr) return measure_complexity(current, nullptr, kernels);
    LookaheadReference reference;
    EXPECT_TRUE(reference.allocate(previous->width(), previous->height()));
    reference.assign(*previous);
    return measure_complexity(current, &reference, kernels);
}

Texture make_texture(uint32_t seed, int amplitude = 100) {
    return Texture(kWidth + 2 * kMargin, kHeight + 2 * kMargin, seed, amplitude);
}

TEST(LookaheadComplexity, PlaneHasStrideWiderThanWidth) {
    const Plane plane = frame_from(make_texture(1), 0, 0);
    EXPECT_GT(plane.stride(), plane.width());
}

TEST(LookaheadComplexity, FirstFrameCostsIntra) {
    const Plane plane = frame_from(make_texture(1), 0, 0);
    const FrameComplexity first = measure(plane, nullptr);
    EXPECT_GT(first.intra_cost, 0u);
    EXPECT_EQ(first.inter_cost, first.intra_cost);
    EXPECT_EQ(first.motion, 0);
}

TEST(LookaheadComplexity, FlatFrameCostsNothing) {
    Plane flat;
    ASSERT_TRUE(flat.allocate(kWidth, kHeight, 0));
    for (int y = 0; y < kHeight; y++) std::fill_n(flat.row(y), kWidth, uint8_t{77});
    const FrameComplexity first = measure(flat, nullptr);
    EXPECT_EQ(first.intra_cost, 0u);
    EXPECT_FALSE(is_scene_cut(first, kDefaultScenecutThreshold));
}

TEST(LookaheadComplexity, IdenticalFrameHasNoInterCostAndNoMotion) {
    const Texture texture = make_texture(2);
    const Plane a = frame_from(texture, 0, 0);
    const Plane b = frame_from(texture, 0, 0);
    const FrameComplexity c = measure(b, &a);
    EXPECT_EQ(c.inter_cost, 0u);
    EXPECT_EQ(c.motion, 0);
}

TEST(LookaheadComplexity, ShiftedTextureIsFoundBySearch) {
    const Texture texture = make_texture(3);
    const Plane previous = frame_from(texture, 0, 0);
    const Plane current = frame_from(texture, 3, -2);  // content moves left 3, down 2
    const FrameComplexity c = measure(current, &previous);
    // Only the blocks at the uncovered edges cost anything.
    EXPECT_LT(c.inter_cost * 100, c.intra_cost * 15) << c.inter_cost << " vs " << c.intra_cost;
    // Interior blocks move by sqrt(13) = 3.6 samples: 57.7 in units of 1/16.
    EXPECT_GT(c.motion, 40);
    EXPECT_LE(c.motion, 58);
    EXPECT_FALSE(is_scene_cut(c, kDefaultScenecutThreshold));
}

TEST(LookaheadComplexity, MotionBeyondSearchRangeCostsLikeIntra) {
    const Texture texture = make_texture(4);
    const Plane previous = frame_from(texture, 0, 0);
    const Plane current = frame_from(texture, 20, 0);
    const FrameComplexity c = measure(current, &previous);
    EXPECT_GT(c.inter_cost * 100, c.intra_cost * 80);
}

TEST(LookaheadComplexity, IsDeterministic) {
    const Texture texture = make_texture(5);
    const Plane previous = frame_from(texture, 0, 0);
    const Plane current = frame_from(texture, 1, 2, 5);
    const FrameComplexity a = measure(current, &previous);
    const FrameComplexity b = measure(current, &previous);
    EXPECT_EQ(a.intra_cost, b.intra_cost);
    EXPECT_EQ(a.inter_cost, b.inter_cost);
    EXPECT_EQ(a.motion, b.motion);
}

// Measured in bands on a pool's workers, the answer is the same as on one thread: planes with
// fewer block rows than bands (6) and more (38, 38.5: clipped edge blocks), with and without
// fade compensation, still and moving.
TEST(LookaheadComplexity, SameAnswerOnAPool) {
    std::unique_ptr<ThreadPool> pool = ThreadPool::create(3);
    ASSERT_NE(pool, nullptr);
    PixelKernels kernels;
    init_pixel_kernels(kernels, CpuLevel::kAvx512);
    for (const int height : {kHeight, 8 * 38, 8 * 38 + 4}) {
        static_assert(8 * 38 > 8 * kComplexityBands);
        const Texture texture(kWidth + 2 * kMargin, height + 2 * kMargin, 21);
        for (const int brightness : {0, 9}) {
            for (const int shift : {0, 3}) {
                const Plane previous = frame_from(texture, 0, 0, 0, 256, kWidth, height);
                const Plane current =
                    frame_from(texture, shift, shift / 2, brightness, 256, kWidth, height);
                LookaheadReference reference;
                ASSERT_TRUE(reference.allocate(kWidth, height));
                reference.assign(previous);
                const FrameComplexity alone = measure_complexity(current, &reference, kernels);
                const FrameComplexity banded =
                    measure_complexity(current, &reference, kernels, pool.get());
                EXPECT_GT(alone.intra_cost, 0u);
                EXPECT_EQ(banded.intra_cost, alone.intra_cost) << height;
                EXPECT_EQ(banded.inter_cost, alone.inter_cost) << height << " shift " << shift;
                EXPECT_EQ(banded.motion, alone.motion) << height;
                if (shift > 0) {
                    EXPECT_GT(alone.motion, 0);
                }
                const FrameComplexity first =
                    measure_complexity(current, nullptr, kernels, pool.get());
                EXPECT_EQ(first.intra_cost, alone.intra_cost);
                EXPECT_EQ(first.inter_cost, alone.intra_cost);
                // Every block row is measured once: the intra costs of the plane's 8-row strips,
                // each measured alone, add up to the plane's.
                uint64_t strips = 0;
                for (int y = 0; y < height; y += 8) {
                    const Plane strip = frame_from(texture, shift, shift / 2 + y, brightness, 256,
                                                   kWidth, std::min(8, height - y));
                    strips += measure_complexity(strip, nullptr, kernels).intra_cost;
                }
                EXPECT_EQ(strips, alone.intra_cost) << height;
            }
        }
    }
}

// Every kernel table gives the same answer, with and without fade compensation, for motion
// that reaches past the plane's edges (the edge blocks read the replicated border).
TEST(LookaheadComplexity, SameAnswerWithEveryCpuLevel) {
    const Texture texture = make_texture(15);
    for (const int brightness : {0, 9}) {
        for (const int shift : {0, 2, 7}) {
            const Plane previous = frame_from(texture, 0, 0);
            const Plane current = frame_from(texture, shift, -shift / 2, brightness);
            const FrameComplexity scalar = measure(current, &previous, CpuLevel::kNone);
            if (shift > 0) {
                EXPECT_GT(scalar.inter_cost, 0u);
            }
            for (const CpuLevel level : {CpuLevel::kAvx2, CpuLevel::kAvx512}) {
                const FrameComplexity simd = measure(current, &previous, level);
                EXPECT_EQ(simd.intra_cost, scalar.intra_cost);
                EXPECT_EQ(simd.inter_cost, scalar.inter_cost) << "shift " << shift;
                EXPECT_EQ(simd.motion, scalar.motion);
            }
        }
    }
}

TEST(LookaheadSceneCut, DifferentTextureIsACut) {
    const Plane previous = frame_from(make_texture(6), 0, 0);
    const Plane current = frame_from(make_texture(7), 0, 0);
    const FrameComplexity c = measure(current, &previous);
    EXPECT_GT(c.inter_cost * 100, c.intra_cost * 90) << c.inter_cost << " vs " << c.intra_cost;
    EXPECT_TRUE(is_scene_cut(c, kDefaultScenecutThreshold));
    EXPECT_FALSE(is_scene_cut(c, 0)) << "threshold 0 turns detection off";
}

TEST(LookaheadSceneCut, FlatFrameAfterDetailIsNoCut) {
    const Plane previous = frame_from(make_texture(8), 0, 0);
    const Plane current = frame_from(make_texture(8, 0), 0, 0);
    const FrameComplexity c = measure(current, &previous);
    EXPECT_EQ(c.intra_cost, 0u);
    EXPECT_FALSE(is_scene_cut(c, kDefaultScenecutThreshold))
        << "a flat frame costs nothing either way";
}

TEST(LookaheadSceneCut, ThresholdScalesTheDecision) {
    FrameComplexity frame;
    frame.intra_cost = 1000;
    frame.inter_cost = 800;
    EXPECT_FALSE(is_scene_cut(frame, 40));  // needs > 800
    frame.inter_cost = 801;
    EXPECT_TRUE(is_scene_cut(frame, 40));
    EXPECT_FALSE(is_scene_cut(frame, 30));  // needs > 850
    frame.inter_cost = 501;
    EXPECT_TRUE(is_scene_cut(frame, 100));  // needs > 500
    EXPECT_FALSE(is_scene_cut(frame, 99));
    EXPECT_TRUE(is_scene_cut(frame, 250)) << "clamped to 100";
    EXPECT_FALSE(is_scene_cut(frame, -5)) << "clamped to 0";
}

// A low-contrast texture brightening by 4 levels per frame and a fade to black: without the
// mean-luma offset every frame of the first would cost more than intra.
TEST(LookaheadSceneCut, GradualFadesAreNotCuts) {
    const Texture texture = make_texture(9, 12);
    Plane previous = frame_from(texture, 0, 0);
    for (int step = 1; step <= 30; step++) {
        Plane current = frame_from(texture, 0, 0, 4 * step);
        const FrameComplexity c = measure(current, &previous);
        EXPECT_FALSE(is_scene_cut(c, kDefaultScenecutThreshold)) << "brightening step " << step;
        previous = std::move(current);
    }
    const Texture detailed = make_texture(10);
    previous = frame_from(detailed, 0, 0);
    for (int step = 1; step <= 30; step++) {
        const int level = 256 * (30 - step) / 30;  // gain and brightness fall together
        Plane current = frame_from(detailed, 0, 0, (level - 256) / 2, level);
        const FrameComplexity c = measure(current, &previous);
        EXPECT_FALSE(is_scene_cut(c, kDefaultScenecutThreshold)) << "fade to black step " << step;
        previous = std::move(current);
    }
}

// Complexities of `count` frames of `texture` moving by (step_x, step_y) per frame; frame 0
// is measured against the frame before it.
std::vector<FrameComplexity> moving_sequence(const Texture& texture, int count, int step_x,
                                             int step_y) {
    std::vector<FrameComplexity> result;
    Plane previous = frame_from(texture, 0, 0);
    for (int i = 1; i <= count; i++) {
        Plane current = frame_from(texture, i * step_x, i * step_y);
        result.push_back(measure(current, &previous));
        previous = std::move(current);
    }
    return result;
}

TEST(LookaheadBFrames, StaticSceneTakesAllBFrames) {
    const std::vector<FrameComplexity> still = moving_sequence(make_texture(11), 8, 0, 0);
    EXPECT_EQ(choose_b_frame_count(still, 7), 7);
    EXPECT_EQ(choose_b_frame_count(still, 3), 3);
    EXPECT_EQ(choose_b_frame_count(still, 0), 0);
    EXPECT_EQ(choose_b_frame_count(std::span(still).first(4), 7), 3)
        << "the anchor must be in the span";
    EXPECT_EQ(choose_b_frame_count({}, 7), 0);
}

TEST(LookaheadBFrames, HighMotionTakesFewerBFrames) {
    const Texture texture = make_texture(12);
    const std::vector<FrameComplexity> still = moving_sequence(texture, 8, 0, 0);
    const std::vector<FrameComplexity> slow = moving_sequence(texture, 8, 1, 0);
    const std::vector<FrameComplexity> fast = moving_sequence(texture, 8, 3, 2);
    const int still_count = choose_b_frame_count(still, 7);
    const int slow_count = choose_b_frame_count(slow, 7);
    const int fast_count = choose_b_frame_count(fast, 7);
    EXPECT_EQ(still_count, 7);
    EXPECT_LT(fast_count, still_count);
    EXPECT_LT(fast_count, slow_count);
    EXPECT_LE(fast_count, 1);
    EXPECT_GE(slow_count, 1);
}

TEST(LookaheadBFrames, StopsBeforeASceneCut) {
    const std::vector<FrameComplexity> still = moving_sequence(make_texture(13), 8, 0, 0);
    std::vector<FrameComplexity> upcoming = still;
    const Plane old_scene = frame_from(make_texture(13), 0, 0);
    const Plane new_scene = frame_from(make_texture(14), 0, 0);
    FrameComplexity cut = measure(new_scene, &old_scene);
    ASSERT_TRUE(is_scene_cut(cut, kDefaultScenecutThreshold));
    cut.motion = 0;  // the chance vectors between unrelated textures, not under test here
    upcoming[4] = cut;
    // upcoming[3] ends the old scene as the anchor of 3 B-frames; the cut starts a new group.
    EXPECT_EQ(choose_b_frame_count(upcoming, 7), 3);
    // With detection off the cut may be the anchor, but is too poorly predicted to be a B.
    EXPECT_EQ(choose_b_frame_count(upcoming, 7, 0), 4);
    upcoming[0] = cut;
    EXPECT_EQ(choose_b_frame_count(upcoming, 7), 0)
        << "a cut right after the anchor is the next anchor";
}

TEST(LookaheadBFrames, PoorlyPredictedFrameIsNotAB) {
    std::vector<FrameComplexity> upcoming(8);
    for (FrameComplexity& frame : upcoming) frame = {1000, 100, 0};
    upcoming[2].inter_cost = 500;  // 50 %: worse than a B picture should be, not yet a cut
    EXPECT_EQ(choose_b_frame_count(upcoming, 7), 2);
}

// --- Real clips -------------------------------------------------------------------------

std::filesystem::path shared_data_directory() {
    if (const char* env = std::getenv("TCENC_SHARED_DATA"); env != nullptr && *env != '\0')
        return env;
    // tests/gop/ -> the checkout's sibling shared/data
    return std::filesystem::path(__FILE__).parent_path() / ".." / ".." / ".." / "shared" / "data";
}

// The luma planes of a 4:2:0 y4m file, reduced to 1/8 scale with tc::Pyramid.
struct ClipLuma {
    int width = 0, height = 0;
    std::vector<Plane> eighth;
};

bool read_y4m_eighth_planes(const std::filesystem::path& path, ClipLuma& clip, std::string& error) {
    std::ifstream file(path, std::ios::binary);
    std::string header;
    if (!std::getline(file, header) || header.rfind("YUV4MPEG2 ", 0) != 0) {
        error = "not a y4m file";
        return false;
    }
    size_t position = 0;
    while ((position = header.find(' ', position)) != std::string::npos) {
        position++;
        if (header[position] == 'W') clip.width = std::atoi(header.c_str() + position + 1);
        if (header[position] == 'H') clip.height = std::atoi(header.c_str() + position + 1);
        if (header[position] == 'C' && header.compare(position + 1, 3, "420") != 0) {
            error = "not 4:2:0";
            return false;
        }
    }
    if (clip.width < 16 || clip.height < 16) {
        error = "bad size";
        return false;
    }
    const size_t luma_size = static_cast<size_t>(clip.width) * clip.height;
    const size_t chroma_size =
        2 * static_cast<size_t>((clip.width + 1) / 2) * ((clip.height + 1) / 2);
    std::vector<uint8_t> luma(luma_size);
    Plane full;
    Pyramid pyramid;
    if (!full.allocate(clip.width, clip.height, 0) || !pyramid.allocate(clip.width, clip.height)) {
        error = "out of memory";
        return false;
    }
    PixelKernels kernels;
    init_scalar_pixel_kernels(kernels);
    std::string frame_line;
    while (std::getline(file, frame_line)) {
        if (frame_line.rfind("FRAME", 0) != 0) {
            error = "bad frame header";
            return false;
        }
        if (!file.read(reinterpret_cast<char*>(luma.data()),
                       static_cast<std::streamsize>(luma_size)) ||
            !file.ignore(static_cast<std::streamsize>(chroma_size))) {
            error = "truncated frame";
            return false;
        }
        full.fill_from(luma.data(), clip.width, clip.height);
        pyramid.build(full, kernels);
        const Plane& level = pyramid.level(3);
        Plane copy;
        if (!copy.allocate(level.width(), level.height(), 0)) {
            error = "out of memory";
            return false;
        }
        for (int y = 0; y < level.height(); y++)
            std::copy_n(level.row(y), level.width(), copy.row(y));
        clip.eighth.push_back(std::move(copy));
    }
    return !clip.eighth.empty();
}

struct ClipScores {
    std::vector<int> cuts;       // frames detected as cuts (display index, from 1)
    std::vector<int> per_mille;  // inter / intra of every frame (frame 0: unused)
    std::vector<FrameComplexity> frames;
};

ClipScores score_clip(const ClipLuma& clip) {
    ClipScores scores;
    for (size_t i = 0; i < clip.eighth.size(); i++) {
        const FrameComplexity c = measure(clip.eighth[i], i > 0 ? &clip.eighth[i - 1] : nullptr);
        scores.frames.push_back(c);
        scores.per_mille.push_back(
            c.intra_cost > 0 ? static_cast<int>(c.inter_cost * 1000 / c.intra_cost) : 0);
        if (i > 0 && is_scene_cut(c, kDefaultScenecutThreshold))
            scores.cuts.push_back(static_cast<int>(i));
    }
    return scores;
}

// Loads a shared clip or explains why not (the caller skips with that reason).
bool load_clip(const std::string& name, ClipLuma& clip, std::string& reason) {
    const std::filesystem::path path = shared_data_directory() / name;
    if (!std::filesystem::exists(path)) {
        reason = path.string() + " is missing (set TCENC_SHARED_DATA to the shared clips)";
        return false;
    }
    std::string error;
    if (!read_y4m_eighth_planes(path, clip, error)) {
        ADD_FAILURE() << path << ": " << error;
        reason = error;
        return false;
    }
    return true;
}

// The largest per-mille score of the frames that are not in `cuts`, and the smallest of those
// that are, for the report.
void print_margins(const std::string& name, const ClipScores& scores,
                   const std::vector<int>& cuts) {
    int highest_other = 0, highest_other_frame = 0, lowest_cut = 1000;
    for (size_t i = 1; i < scores.per_mille.size(); i++) {
        const bool cut = std::find(cuts.begin(), cuts.end(), static_cast<int>(i)) != cuts.end();
        if (cut) lowest_cut = std::min(lowest_cut, scores.per_mille[i]);
        if (!cut && scores.per_mille[i] > highest_other) {
            highest_other = scores.per_mille[i];
            highest_other_frame = static_cast<int>(i);
        }
    }
    std::printf(
        "[ scores   ] %s: threshold %d per mille; lowest cut %d; highest other %d (frame %d)\n",
        name.c_str(), 1000 - 5 * kDefaultScenecutThreshold, cuts.empty() ? -1 : lowest_cut,
        highest_other, highest_other_frame);
}

TEST(LookaheadRealClip, BikesCutsAreExactlyFrames37And87) {
    const std::string name = "bikes_640x272_100f_scenecuts.y4m";
    ClipLuma clip;
    std::string reason;
    if (!load_clip(name, clip, reason)) GTEST_SKIP() << reason;
    ASSERT_EQ(clip.eighth.size(), 100u);
    const ClipScores scores = score_clip(clip);
    print_margins(name, scores, {37, 87});
    EXPECT_EQ(scores.cuts, (std::vector<int>{37, 87}));
    // Margin: the same cuts at thresholds 10 points either side of the default.
    for (const int threshold : {kDefaultScenecutThreshold - 10, kDefaultScenecutThreshold + 10}) {
        std::vector<int> cuts;
        for (size_t i = 1; i < scores.frames.size(); i++) {
            if (is_scene_cut(scores.frames[i], threshold)) cuts.push_back(static_cast<int>(i));
        }
        EXPECT_EQ(cuts, (std::vector<int>{37, 87})) << "threshold " << threshold;
    }
}

class LookaheadRealClipWithoutCuts : public testing::TestWithParam<const char*> {};

TEST_P(LookaheadRealClipWithoutCuts, HasNoSceneCut) {
    ClipLuma clip;
    std::string reason;
    if (!load_clip(GetParam(), clip, reason)) GTEST_SKIP() << reason;
    const ClipScores scores = score_clip(clip);
    print_margins(GetParam(), scores, {});
    EXPECT_TRUE(scores.cuts.empty()) << "first cut at frame " << scores.cuts.front();
}

INSTANTIATE_TEST_SUITE_P(LookaheadSharedClips, LookaheadRealClipWithoutCuts,
                         testing::Values("crowd_run_1280x720_10f.y4m",
                                         "foreman_cif_352x288_300f.y4m",
                                         "driving_pan_1920x1080_16f_fullrange.y4m",
                                         "carphone_qcif_176x144_120f.y4m",
                                         "mobile_crop_300x168_50f.y4m", "vt2people_320x192_9f.y4m"),
                         [](const testing::TestParamInfo<const char*>& param) {
                             std::string name = param.param;
                             return name.substr(0, name.find('_'));
                         });

}  // namespace
}  // namespace tc
