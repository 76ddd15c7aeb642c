// CoarsePrefetch: the searches queued for (picture, reference) pairs give coarse_ctu_vector's
// vectors whichever threads run them and in whatever order, and an entry is found only by its
// exact key and only once every queued search is done.
#include "encoder/coarse_prefetch.h"

#include <gtest/gtest.h>

#include <random>
#include <thread>
#include <vector>

#include "kernels/kernel_dispatch.h"
#include "motion/motion_search.h"

namespace tc {
namespace {

constexpr int kWidth = 200, kHeight = 136;  // 4 x 3 CTUs, the last column and row partial
constexpr int kColumns = 4, kRows = 3;

struct Frames {
    PixelKernels kernels{};
    Plane planes[3];
    Pyramid pyramids[3];

    Frames() {
        init_pixel_kernels(kernels, CpuLevel::kAvx512);
        std::mt19937 random(11);
        for (int f = 0; f < 3; f++) {
            EXPECT_TRUE(planes[f].allocate(kWidth, kHeight, 0));
            EXPECT_TRUE(pyramids[f].allocate(kWidth, kHeight));
            // A smooth pattern moved by (3f, 2f) samples plus noise: vectors that differ
            // between the references.
            for (int y = 0; y < kHeight; y++) {
                for (int x = 0; x < kWidth; x++) {
                    const int u = x + 3 * f, v = y + 2 * f;
                    *planes[f].at(x, y) = static_cast<uint8_t>((u * 7 + v * 5 + (u * v) / 13) % 251 + random() % 5);
                }
            }
            pyramids[f].build(planes[f], kernels);
        }
    }
    std::vector<Mv> direct(int source, int reference, int range) const {
        std::vector<Mv> vectors;
        for (int ctu = 0; ctu < kColumns * kRows; ctu++) {
            vectors.push_back(coarse_ctu_vector(pyramids[source], pyramids[reference], ctu % kColumns, ctu / kColumns,
                                                range, kernels));
        }
        return vectors;
    }
};

bool same(const std::vector<Mv>& a, const std::vector<Mv>& b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); i++) {
        if (!(a[i] == b[i])) return false;
    }
    return true;
}

TEST(CoarsePrefetch, SearchesOnAnyThreadsGiveTheDirectVectors) {
    Frames frames;
    for (int threads : {1, 3}) {
        CoarsePrefetch prefetch;
        prefetch.allocate(kColumns, kRows, 4);
        const CoarsePrefetch::Key a{10, &frames.pyramids[1], 5, 64};
        const CoarsePrefetch::Key b{10, &frames.pyramids[2], 7, 64};
        const CoarsePrefetch::Key c{11, &frames.pyramids[0], 1, 32};
        EXPECT_TRUE(prefetch.add(a, &frames.pyramids[0]));
        EXPECT_TRUE(prefetch.add(b, &frames.pyramids[0]));
        EXPECT_TRUE(prefetch.add(c, &frames.pyramids[2]));
        EXPECT_FALSE(prefetch.add(a, &frames.pyramids[0]));  // already there
        EXPECT_EQ(prefetch.untaken(), 3 * kColumns * kRows);
        EXPECT_EQ(prefetch.find(a), nullptr);  // not searched yet
        std::vector<std::thread> workers;
        for (int t = 0; t < threads; t++) {
            workers.emplace_back([&] {
                while (prefetch.try_task(frames.kernels)) {
                }
            });
        }
        for (std::thread& worker : workers) worker.join();
        EXPECT_EQ(prefetch.untaken(), 0);
        EXPECT_FALSE(prefetch.try_task(frames.kernels));
        ASSERT_NE(prefetch.find(a), nullptr);
        ASSERT_NE(prefetch.find(b), nullptr);
        ASSERT_NE(prefetch.find(c), nullptr);
        EXPECT_TRUE(same(*prefetch.find(a), frames.direct(0, 1, 64)));
        EXPECT_TRUE(same(*prefetch.find(b), frames.direct(0, 2, 64)));
        EXPECT_TRUE(same(*prefetch.find(c), frames.direct(2, 0, 32)));
        // The two references' vectors differ (else the lookups above would prove little).
        EXPECT_FALSE(same(*prefetch.find(a), *prefetch.find(b)));
    }
}

TEST(CoarsePrefetch, FindsOnlyTheExactKeyOfACompleteSet) {
    Frames frames;
    CoarsePrefetch prefetch;
    prefetch.allocate(kColumns, kRows, 2);
    const CoarsePrefetch::Key key{3, &frames.pyramids[1], 2, 64};
    EXPECT_TRUE(prefetch.add(key, &frames.pyramids[0]));
    // One search left undone: nothing is found.
    for (int i = 0; i + 1 < kColumns * kRows; i++) EXPECT_TRUE(prefetch.try_task(frames.kernels));
    EXPECT_EQ(prefetch.untaken(), 1);
    EXPECT_EQ(prefetch.find(key), nullptr);
    auto pool = ThreadPool::create(2);
    ASSERT_NE(pool, nullptr);
    prefetch.finish(*pool, frames.kernels);
    EXPECT_EQ(prefetch.untaken(), 0);
    EXPECT_NE(prefetch.find(key), nullptr);
    // Another source frame, reference, slot version or range: not this entry.
    for (const CoarsePrefetch::Key& other :
         {CoarsePrefetch::Key{4, &frames.pyramids[1], 2, 64}, CoarsePrefetch::Key{3, &frames.pyramids[2], 2, 64},
          CoarsePrefetch::Key{3, &frames.pyramids[1], 3, 64}, CoarsePrefetch::Key{3, &frames.pyramids[1], 2, 96}}) {
        EXPECT_EQ(prefetch.find(other), nullptr);
    }
    // Full, and empty again after clear().
    EXPECT_TRUE(prefetch.add({5, &frames.pyramids[2], 1, 64}, &frames.pyramids[0]));
    EXPECT_FALSE(prefetch.add({6, &frames.pyramids[2], 1, 64}, &frames.pyramids[0]));
    prefetch.clear();
    EXPECT_EQ(prefetch.find(key), nullptr);
    EXPECT_EQ(prefetch.untaken(), 0);
}

}  // namespace
}  // namespace tc
