// SAO statistics kernels against their scalar references: band and all four edge classes, widths
// 1..70 (whole vectors, tails and narrow blocks), random, flat, noisy and extreme contents, blocks
// large enough to pass the kernels' internal flush points, and accumulation onto nonzero totals.
#include <algorithm>
#include <array>

#include "kernel_test_support.h"

namespace tc::kernel_test {
namespace {

class SaoKernels : public KernelsVersusScalar {
  protected:
    // content 0: random; 1: flat with few changes (mostly edge category 0); 2: small noise around
    // mid-grey; 3: extremes only (the largest differences, both signs).
    void fill_planes(Buffer<uint8_t>& source, Buffer<uint8_t>& deblocked, int content) {
        std::uniform_int_distribution<int> any(0, 255), noise(-3, 3), rare(0, 15);
        // The planes' strides differ; source samples are drawn against the deblocked sample at
        // the same storage index where there is one.
        source.storage.resize(std::max(source.storage.size(), deblocked.storage.size()));
        for (size_t i = 0; i < source.storage.size(); i++) {
            int s = any(rng_), d = any(rng_);
            if (content == 1) d = rare(rng_) == 0 ? any(rng_) : 100, s = d + noise(rng_);
            if (content == 2) d = 128 + noise(rng_), s = d + noise(rng_);
            if (content == 3) d = rare(rng_) < 8 ? 0 : 255, s = 255 - d;
            source.storage[i] = static_cast<uint8_t>(std::clamp(s, 0, 255));
            if (i < deblocked.storage.size()) deblocked.storage[i] = static_cast<uint8_t>(d);
        }
    }

    void compare(int width, int height, int content) {
        Buffer<uint8_t> source(height, random_stride(width)),
            deblocked(height, random_stride(width));
        fill_planes(source, deblocked, content);
        std::array<int64_t, 32> initial{};
        for (int64_t& v : initial) v = std::uniform_int_distribution<int>(-1000, 1000)(rng_);

        std::array<int64_t, 32> expected_count = initial, expected_sum = initial;
        reference_.sao_band_statistics(source.block(), source.stride, deblocked.block(),
                                       deblocked.stride, width, height, expected_count.data(),
                                       expected_sum.data());
        for (const PixelKernels* k : tables()) {
            std::array<int64_t, 32> got_count = initial, got_sum = initial;
            k->sao_band_statistics(source.block(), source.stride, deblocked.block(),
                                   deblocked.stride, width, height, got_count.data(),
                                   got_sum.data());
            ASSERT_EQ(got_count, expected_count)
                << "band " << width << "x" << height << " content " << content;
            ASSERT_EQ(got_sum, expected_sum)
                << "band " << width << "x" << height << " content " << content;
        }
        for (int eo_class = 0; eo_class < 4; eo_class++) {
            std::array<int64_t, 5> expected_edge_count{1, 2, 3, 4, 5},
                expected_edge_sum{-5, 4, -3, 2, -1};
            const std::array<int64_t, 5> initial_count = expected_edge_count,
                                         initial_sum = expected_edge_sum;
            reference_.sao_edge_statistics(source.block(), source.stride, deblocked.block(),
                                           deblocked.stride, eo_class, width, height,
                                           expected_edge_count.data(), expected_edge_sum.data());
            for (const PixelKernels* k : tables()) {
                std::array<int64_t, 5> got_count = initial_count, got_sum = initial_sum;
                k->sao_edge_statistics(source.block(), source.stride, deblocked.block(),
                                       deblocked.stride, eo_class, width, height, got_count.data(),
                                       got_sum.data());
                ASSERT_EQ(got_count, expected_edge_count)
                    << "edge class " << eo_class << " " << width << "x" << height << " content "
                    << content;
                ASSERT_EQ(got_sum, expected_edge_sum) << "edge class " << eo_class << " " << width
                                                      << "x" << height << " content " << content;
            }
        }
    }
};

TEST_P(SaoKernels, EveryWidthAndContent) {
    for (int content = 0; content < 4; content++) {
        for (int width = 1; width <= 70; width++) {
            for (int height : {1, 2, 7, 32, 64}) compare(width, height, content);
        }
    }
}

// Past 255 vectors per call (the AVX2 edge kernel's byte counters) and past 2^22 samples (the
// band kernel's packed sums), with the largest differences.
TEST_P(SaoKernels, LargeBlocks) {
    compare(64, 300, 0);
    compare(1000, 40, 3);
    compare(2050, 2100, 3);
}

INSTANTIATE_TEST_SUITE_P(Isa, SaoKernels,
                         ::testing::Values(IsaCase{CpuLevel::kAvx2, init_pixel_kernels_avx2},
                                           IsaCase{CpuLevel::kAvx512, init_pixel_kernels_avx512}),
                         isa_name);

}  // namespace
}  // namespace tc::kernel_test
