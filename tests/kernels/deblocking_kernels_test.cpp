// Deblocking edge filter kernels against their scalar references: luma and chroma, horizontal
// and vertical edges, 1..40 segments per call (whole groups and tails), thresholds of every QP
// 0..51 with bS 1 and 2 and every offset, contents built so that every decision branch happens
// (no filtering, strong, normal with and without p1/q1, lines left as natural edges; counted),
// random and extreme samples, and reads and writes that stay inside the segments.

#include <algorithm>
#include <array>
#include <cstdlib>

#include "filter/deblocking.h"
#include "filter/deblocking_tables.h"
#include "guarded_buffer.h"
#include "kernel_test_support.h"

namespace tc::kernel_test {
namespace {

constexpr int kMaxSegments = 40;

// Where the samples of an edge lie in a buffer: line k (along the edge), position i across it
// (i = 0 is p3 for luma, p1 for chroma) at q0 + k * along + (i - before) * across.
struct EdgeLayout {
    ptrdiff_t across, along;
    int before;  // samples on the p side: 4 for luma, 2 for chroma
};

// Which branches of 8.7.2.5.3 / 8.7.2.5.7 the segments took (from the unfiltered samples).
struct BranchCounts {
    int tc_zero = 0, no_filter = 0, strong = 0, normal = 0, normal_p1 = 0, normal_q1 = 0,
        natural_edge_lines = 0;
};

template <size_t kSize>
std::array<uint8_t, kSize> filled(uint8_t value) {
    std::array<uint8_t, kSize> values;
    values.fill(value);
    return values;
}

class DeblockingKernels : public KernelsVersusScalar {
  protected:
    // The thresholds of one segment from a random QP, bS, and offsets.
    void random_thresholds(uint8_t& beta, uint8_t& tc, uint8_t& chroma) {
        std::uniform_int_distribution<int> qp(0, 51), strength(1, 2), offset(-6, 6);
        const int q = qp(rng_), bs = strength(rng_), tc_offset = offset(rng_);
        beta = static_cast<uint8_t>(luma_beta(q, offset(rng_)));
        tc = static_cast<uint8_t>(luma_tc(q, bs, tc_offset));
        chroma = static_cast<uint8_t>(chroma_tc(q, tc_offset));
    }

    // One line's samples across the edge: a ramp with a step at the edge, optional noise and
    // curvature on one side; or random or extreme samples.
    void fill_segment(uint8_t* q0, const EdgeLayout& layout, int kind) {
        std::uniform_int_distribution<int> any(0, 255), base_d(16, 240), slope_d(-3, 3),
            small(0, 12), large(0, 80), coin(0, 1), noise_d(-1, 1), bend_d(0, 6);
        const int base = base_d(rng_), slope = slope_d(rng_);
        const int step = coin(rng_) ? small(rng_) : large(rng_);
        const int sign = coin(rng_) ? 1 : -1;
        const bool noisy = kind == 2, bent_p = kind == 3 && coin(rng_), bent_q = kind == 3;
        const int bend = bend_d(rng_);
        const int samples = 2 * layout.before;
        for (int k = 0; k < 4; k++) {
            for (int i = 0; i < samples; i++) {
                const int position = i - layout.before;  // -before .. before - 1
                int value = base + slope * position + (position >= 0 ? sign * step : 0);
                if (noisy) value += noise_d(rng_);
                if (bent_p && position < 0) value += (position % 2 == 0) ? bend : 0;
                if (bent_q && position >= 0) value += (position % 2 == 1) ? bend : 0;
                if (kind == 4) value = any(rng_);
                if (kind == 5) value = coin(rng_) ? 255 : 0;
                q0[k * layout.along + position * layout.across] =
                    static_cast<uint8_t>(std::clamp(value, 0, 255));
            }
        }
    }

    static int at(const uint8_t* q0, const EdgeLayout& layout, int line, int position) {
        return q0[line * layout.along + position * layout.across];
    }

    // The decisions the scalar filter takes on a luma segment, counted.
    static void classify_luma(const uint8_t* q0, const EdgeLayout& layout, int beta, int tc,
                              BranchCounts& counts) {
        if (tc == 0) {
            counts.tc_zero++;
            return;
        }
        auto d = [&](int line, int side) {  // side -1: p, +1: q
            auto s = [&](int i) { return at(q0, layout, line, side < 0 ? -1 - i : i); };
            return std::abs(s(2) - 2 * s(1) + s(0));
        };
        const int dp = d(0, -1) + d(3, -1), dq = d(0, 1) + d(3, 1);
        if (dp + dq >= beta) {
            counts.no_filter++;
            return;
        }
        auto strong_line = [&](int line) {
            auto s = [&](int i) { return at(q0, layout, line, i); };
            return 2 * (d(line, -1) + d(line, 1)) < (beta >> 2) &&
                   std::abs(s(-4) - s(-1)) + std::abs(s(0) - s(3)) < (beta >> 3) &&
                   std::abs(s(-1) - s(0)) < ((5 * tc + 1) >> 1);
        };
        if (strong_line(0) && strong_line(3)) {
            counts.strong++;
            return;
        }
        counts.normal++;
        const int side_threshold = (beta + (beta >> 1)) >> 3;
        if (dp < side_threshold) counts.normal_p1++;
        if (dq < side_threshold) counts.normal_q1++;
        for (int k = 0; k < 4; k++) {
            auto s = [&](int i) { return at(q0, layout, k, i); };
            const int delta = (9 * (s(0) - s(-1)) - 3 * (s(1) - s(-2)) + 8) >> 4;
            if (std::abs(delta) >= 10 * tc) counts.natural_edge_lines++;
        }
    }

    // One call of every table's kernel on a random edge of `segments` segments; the whole
    // buffer (samples beside the edge included) must match the reference's.
    void compare(bool luma, bool vertical, int segments, BranchCounts& counts) {
        const int before = luma ? 4 : 2;
        const int lines = 4 * segments;
        // Horizontal: 2 * before rows of `lines` samples; vertical: `lines` rows of 2 * before.
        const int width = vertical ? 2 * before : lines;
        const int height = vertical ? lines : 2 * before;
        Buffer<uint8_t> original(height, random_stride(width));
        fill(original.storage, 0, 255);
        const ptrdiff_t stride = original.stride;
        const EdgeLayout layout =
            vertical ? EdgeLayout{1, stride, before} : EdgeLayout{stride, 1, before};
        uint8_t* q0 = original.block() + (vertical ? before : before * stride);
        std::array<uint8_t, kMaxSegments> beta{}, tc{}, chroma{};
        std::uniform_int_distribution<int> kind(0, 5);
        for (int s = 0; s < segments; s++) {
            uint8_t* segment_q0 = q0 + 4 * s * layout.along;
            fill_segment(segment_q0, layout, kind(rng_));
            random_thresholds(beta[size_t(s)], tc[size_t(s)], chroma[size_t(s)]);
            if (luma) classify_luma(segment_q0, layout, beta[size_t(s)], tc[size_t(s)], counts);
        }
        const uint8_t* thresholds = luma ? tc.data() : chroma.data();
        auto run = [&](const PixelKernels& k, Buffer<uint8_t>& buffer) {
            uint8_t* edge = buffer.block() + (q0 - original.block());
            if (luma && vertical)
                k.deblock_luma_vertical(edge, stride, beta.data(), tc.data(), segments);
            if (luma && !vertical)
                k.deblock_luma_horizontal(edge, stride, beta.data(), tc.data(), segments);
            if (!luma && vertical) k.deblock_chroma_vertical(edge, stride, thresholds, segments);
            if (!luma && !vertical) k.deblock_chroma_horizontal(edge, stride, thresholds, segments);
        };
        Buffer<uint8_t> expected = original;
        run(reference_, expected);
        for (const PixelKernels* k : tables()) {
            Buffer<uint8_t> got = original;
            run(*k, got);
            ASSERT_EQ(got.storage, expected.storage)
                << (luma ? "luma " : "chroma ") << (vertical ? "vertical" : "horizontal")
                << " edge of " << segments << " segments";
        }
    }
};

TEST_P(DeblockingKernels, LumaEdgesMatchTheReference) {
    BranchCounts counts;
    for (const bool vertical : {false, true}) {
        for (int trial = 0; trial < 60; trial++) {
            for (int segments = 1; segments <= kMaxSegments; segments++) {
                compare(true, vertical, segments, counts);
                if (HasFatalFailure()) return;
            }
        }
    }
    // Every branch of the decisions happened many times.
    for (const int count : {counts.tc_zero, counts.no_filter, counts.strong, counts.normal,
                            counts.normal_p1, counts.normal_q1, counts.natural_edge_lines}) {
        EXPECT_GT(count, 200);
    }
    std::printf(
        "[   INFO   ] tc 0 %d, no filter %d, strong %d, normal %d (p1 %d, q1 %d), "
        "natural-edge lines %d\n",
        counts.tc_zero, counts.no_filter, counts.strong, counts.normal, counts.normal_p1,
        counts.normal_q1, counts.natural_edge_lines);
}

TEST_P(DeblockingKernels, ChromaEdgesMatchTheReference) {
    BranchCounts unused;
    for (const bool vertical : {false, true}) {
        for (int trial = 0; trial < 40; trial++) {
            for (int segments = 1; segments <= kMaxSegments; segments++) {
                compare(false, vertical, segments, unused);
                if (HasFatalFailure()) return;
            }
        }
    }
}

// Every threshold pair the tables give (QP 0..51, bS 1 and 2, every offset) on ramp-and-step
// contents, so that each QP sees strong and normal segments.
TEST_P(DeblockingKernels, EveryThresholdMatchesTheReference) {
    for (int qp = 0; qp <= 51; qp++) {
        for (int bs = 1; bs <= 2; bs++) {
            for (int offset = -6; offset <= 6; offset++) {
                const auto beta = static_cast<uint8_t>(luma_beta(qp, offset));
                const auto tc = static_cast<uint8_t>(luma_tc(qp, bs, offset));
                const auto chroma = static_cast<uint8_t>(chroma_tc(qp, offset));
                for (const bool vertical : {false, true}) {
                    for (const bool luma : {true, false}) {
                        constexpr int kSegments = 8;
                        const int before = luma ? 4 : 2;
                        const int width = vertical ? 2 * before : 4 * kSegments;
                        const int height = vertical ? 4 * kSegments : 2 * before;
                        Buffer<uint8_t> original(height, width);
                        const ptrdiff_t stride = original.stride;
                        const EdgeLayout layout = vertical ? EdgeLayout{1, stride, before}
                                                           : EdgeLayout{stride, 1, before};
                        uint8_t* q0 = original.block() + (vertical ? before : before * stride);
                        for (int s = 0; s < kSegments; s++) {
                            fill_segment(q0 + 4 * s * layout.along, layout, s % 4);
                        }
                        const auto betas = filled<kSegments>(beta);
                        const auto tcs = filled<kSegments>(luma ? tc : chroma);
                        auto run = [&](const PixelKernels& k, Buffer<uint8_t>& buffer) {
                            uint8_t* edge = buffer.block() + (q0 - original.block());
                            if (luma && vertical)
                                k.deblock_luma_vertical(edge, stride, betas.data(), tcs.data(),
                                                        kSegments);
                            if (luma && !vertical)
                                k.deblock_luma_horizontal(edge, stride, betas.data(), tcs.data(),
                                                          kSegments);
                            if (!luma && vertical)
                                k.deblock_chroma_vertical(edge, stride, tcs.data(), kSegments);
                            if (!luma && !vertical)
                                k.deblock_chroma_horizontal(edge, stride, tcs.data(), kSegments);
                        };
                        Buffer<uint8_t> expected = original;
                        run(reference_, expected);
                        for (const PixelKernels* k : tables()) {
                            Buffer<uint8_t> got = original;
                            run(*k, got);
                            ASSERT_EQ(got.storage, expected.storage)
                                << "qp " << qp << " bS " << bs << " offset " << offset
                                << (luma ? " luma" : " chroma")
                                << (vertical ? " vertical" : " horizontal");
                        }
                    }
                }
            }
        }
    }
}

// Exactly the samples of the segments between two inaccessible pages (no spare bytes): a read
// or write outside them faults.
TEST_P(DeblockingKernels, AccessesStayInsideTheSegments) {
    std::uniform_int_distribution<int> any(0, 255);
    for (const auto placement : {GuardedBytes::kFront, GuardedBytes::kBack}) {
        for (int segments = 1; segments <= 13; segments++) {
            for (const bool luma : {true, false}) {
                for (const bool vertical : {false, true}) {
                    // Rows exactly as wide as the samples the filters read, stride = width.
                    const int before = luma ? 4 : 2;
                    const int width = vertical ? 2 * before : 4 * segments;
                    const int height = vertical ? 4 * segments : 2 * before;
                    const size_t bytes = static_cast<size_t>(width * height);
                    const GuardedBytes samples(bytes, placement);
                    std::vector<uint8_t> original(bytes);
                    for (uint8_t& v : original) v = static_cast<uint8_t>(any(rng_) / 8 + 100);
                    const std::vector<uint8_t> betas(size_t(segments), 64),
                        tcs(size_t(segments), 20);
                    uint8_t* q0 = samples.data() + (vertical ? before : before * width);
                    auto run = [&](const PixelKernels& k) {
                        std::copy(original.begin(), original.end(), samples.data());
                        if (luma && vertical)
                            k.deblock_luma_vertical(q0, width, betas.data(), tcs.data(), segments);
                        if (luma && !vertical)
                            k.deblock_luma_horizontal(q0, width, betas.data(), tcs.data(),
                                                      segments);
                        if (!luma && vertical)
                            k.deblock_chroma_vertical(q0, width, tcs.data(), segments);
                        if (!luma && !vertical)
                            k.deblock_chroma_horizontal(q0, width, tcs.data(), segments);
                        return std::vector<uint8_t>(samples.data(), samples.data() + bytes);
                    };
                    const std::vector<uint8_t> expected = run(reference_);
                    for (const PixelKernels* k : tables()) {
                        ASSERT_EQ(run(*k), expected) << segments << " segments";
                    }
                }
            }
        }
    }
}

// Whole pictures through deblock_picture: the tables' kernels and the scalar ones agree on
// pictures of blocks with steps between them, with random block maps and parameters.
TEST_P(DeblockingKernels, PicturesMatchTheScalarFilters) {
    std::uniform_int_distribution<int> size(1, 40), percent(0, 99), qp(0, 51), offset(-6, 6),
        level(40, 200), noise(-2, 2), ref(0, 2), mv(-8, 8);
    for (int trial = 0; trial < 40; trial++) {
        const int width = 8 * size(rng_), height = 8 * size(rng_);
        Picture original;
        ASSERT_TRUE(original.allocate(width, height, 32));
        for (int c = 0; c < 3; c++) {
            Plane& plane = original.planes[c];
            const int block = c == 0 ? 8 : 4;
            std::vector<int> levels(
                static_cast<size_t>((plane.width() / block + 1) * (plane.height() / block + 1)));
            for (int& v : levels) v = level(rng_);
            for (int y = 0; y < plane.height(); y++) {
                for (int x = 0; x < plane.width(); x++) {
                    const int v = levels[static_cast<size_t>(
                        (y / block) * (plane.width() / block + 1) + x / block)];
                    *plane.at(x, y) = static_cast<uint8_t>(std::clamp(v + noise(rng_), 0, 255));
                }
            }
        }
        DeblockingMap map;
        map.allocate(width, height);
        const int intra_percent = percent(rng_), edge_percent = percent(rng_);
        const int qp_base = qp(rng_);
        for (int y4 = 0; y4 < map.height4(); y4++) {
            for (int x4 = 0; x4 < map.width4(); x4++) {
                DeblockBlockInfo& block = map.at(x4, y4);
                block.qp = static_cast<uint8_t>(std::clamp(qp_base + noise(rng_), 0, 51));
                block.intra = percent(rng_) < intra_percent;
                block.nonzero_luma = percent(rng_) < 30;
                block.transform_edge_left = percent(rng_) < edge_percent;
                block.transform_edge_top = percent(rng_) < edge_percent;
                block.prediction_edge_left = percent(rng_) < edge_percent;
                block.prediction_edge_top = percent(rng_) < edge_percent;
                block.ref_id[0] = ref(rng_) - 1;
                block.mv[0][0] = static_cast<int16_t>(mv(rng_));
                block.mv[0][1] = static_cast<int16_t>(mv(rng_));
            }
        }
        const DeblockingParameters parameters{offset(rng_), offset(rng_)};
        auto run = [&](const PixelKernels& k) {
            Picture picture;
            EXPECT_TRUE(picture.allocate(width, height, 32));
            for (int c = 0; c < 3; c++) {
                const Plane& from = original.planes[c];
                for (int y = 0; y < from.height(); y++) {
                    std::copy(from.row(y), from.row(y) + from.width(), picture.planes[c].row(y));
                }
            }
            deblock_picture(k, picture, map, parameters);
            std::vector<uint8_t> samples;
            for (int c = 0; c < 3; c++) {
                const Plane& plane = picture.planes[c];
                for (int y = 0; y < plane.height(); y++) {
                    samples.insert(samples.end(), plane.row(y), plane.row(y) + plane.width());
                }
            }
            return samples;
        };
        const std::vector<uint8_t> expected = run(reference_);
        for (const PixelKernels* k : tables()) {
            ASSERT_EQ(run(*k), expected) << "trial " << trial << " " << width << "x" << height;
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Isa, DeblockingKernels,
                         ::testing::Values(IsaCase{CpuLevel::kAvx2, init_pixel_kernels_avx2},
                                           IsaCase{CpuLevel::kAvx512, init_pixel_kernels_avx512}),
                         isa_name);

}  // namespace
}  // namespace tc::kernel_test
