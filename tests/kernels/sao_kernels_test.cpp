// SAO statistics kernels against their scalar references: band and all four edge classes, widths
// 1..70 and some wider (whole vectors, tails and narrow blocks), random, flat, noisy, extreme and
// striped contents, blocks large enough to pass the kernels' internal flush points and strips,
// accumulation onto nonzero totals, and reads that stay inside the planes.

#include <algorithm>
#include <array>

#include "guarded_buffer.h"
#include "kernel_test_support.h"

namespace tc::kernel_test {
namespace {

class SaoKernels : public KernelsVersusScalar {
  protected:
    static constexpr int kContents = 6;

    // content 0: random; 1: flat with few changes (mostly edge category 0); 2: small noise around
    // mid-grey; 3: extremes only (the largest differences, both signs); 4, 5: columns, rows
    // alternately 0 and 255, source the other extreme: every sample a peak or a valley of the
    // horizontal, vertical class, so that the largest difference of one sign piles up in the
    // same vector lane (the sums the SIMD versions keep in 16-bit lanes).
    void fill_planes(Buffer<uint8_t>& source, Buffer<uint8_t>& deblocked, int content) {
        std::uniform_int_distribution<int> any(0, 255), noise(-3, 3), rare(0, 15);
        if (content >= 4) {
            for (Buffer<uint8_t>* plane : {&source, &deblocked}) {
                const bool is_source = plane == &source;
                for (size_t i = 0; i < plane->storage.size(); i++) {
                    const size_t x = i % static_cast<size_t>(plane->stride);
                    const size_t y = i / static_cast<size_t>(plane->stride);
                    const bool high = ((content == 4 ? x : y) & 1) != is_source;
                    plane->storage[i] = high ? 255 : 0;
                }
            }
            return;
        }
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
        compare(source.block(), source.stride, deblocked.block(), deblocked.stride, width, height,
                content);
    }

    // The block of width x height at `source` and `deblocked`, whose samples' neighbours of every
    // edge class lie in the planes.
    void compare(const uint8_t* source, ptrdiff_t source_stride, const uint8_t* deblocked,
                 ptrdiff_t deblocked_stride, int width, int height, int content) {
        compare_band(source, source_stride, deblocked, deblocked_stride, width, height, content);
        if (HasFatalFailure()) return;
        compare_edges(source, source_stride, deblocked, deblocked_stride, width, height, content);
    }

    void compare_band(const uint8_t* source, ptrdiff_t source_stride, const uint8_t* deblocked,
                      ptrdiff_t deblocked_stride, int width, int height, int content) {
        std::array<int64_t, 32> initial{};
        for (int64_t& v : initial) v = std::uniform_int_distribution<int>(-1000, 1000)(rng_);

        std::array<int64_t, 32> expected_count = initial, expected_sum = initial;
        reference_.sao_band_statistics(source, source_stride, deblocked, deblocked_stride, width,
                                       height, expected_count.data(), expected_sum.data());
        for (const PixelKernels* k : tables()) {
            std::array<int64_t, 32> got_count = initial, got_sum = initial;
            k->sao_band_statistics(source, source_stride, deblocked, deblocked_stride, width,
                                   height, got_count.data(), got_sum.data());
            ASSERT_EQ(got_count, expected_count)
                << "band " << width << "x" << height << " content " << content;
            ASSERT_EQ(got_sum, expected_sum)
                << "band " << width << "x" << height << " content " << content;
        }
    }

    void compare_edges(const uint8_t* source, ptrdiff_t source_stride, const uint8_t* deblocked,
                       ptrdiff_t deblocked_stride, int width, int height, int content) {
        for (int eo_class = 0; eo_class < 4; eo_class++) {
            std::array<int64_t, 5> expected_edge_count{1, 2, 3, 4, 5},
                expected_edge_sum{-5, 4, -3, 2, -1};
            const std::array<int64_t, 5> initial_count = expected_edge_count,
                                         initial_sum = expected_edge_sum;
            reference_.sao_edge_statistics(source, source_stride, deblocked, deblocked_stride,
                                           eo_class, width, height, expected_edge_count.data(),
                                           expected_edge_sum.data());
            for (const PixelKernels* k : tables()) {
                std::array<int64_t, 5> got_count = initial_count, got_sum = initial_sum;
                k->sao_edge_statistics(source, source_stride, deblocked, deblocked_stride, eo_class,
                                       width, height, got_count.data(), got_sum.data());
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
    for (int content = 0; content < kContents; content++) {
        for (int width = 1; width <= 70; width++) {
            for (int height : {1, 2, 3, 7, 32, 64}) compare(width, height, content);
        }
        for (int width : {96, 127, 128, 129, 191, 200}) compare(width, 9, content);
    }
}

// Past the kernels' internal flush points: 255 vectors (the AVX2 edge kernel's byte counters),
// 2^22 samples (the AVX2 band kernel's packed sums), 64 and 128 vectors (the AVX-512 band and
// edge kernels' 16-bit sums; the striped contents fill them the most), 4096 and 8192 samples of
// a row (the AVX-512 kernels' strips) and 256 rows of blocks at most 32 wide (two rows a vector).
TEST_P(SaoKernels, LargeBlocks) {
    compare(64, 300, 0);
    compare(1000, 40, 3);
    compare(2050, 2100, 3);
    for (int content : {3, 4, 5}) {
        compare(64, 300, content);
        compare(100, 300, content);
        compare(32, 600, content);
        compare(17, 601, content);
        compare(4097, 70, content);
        compare(8192, 64, content);
        compare(8200, 65, content);
    }
}

// Planes of exactly the samples the scalar versions read, touching either guard page (the back
// one after the kKernelOverread bytes that may be read past a plane): the block alone for bands,
// the block with its neighbours (one sample on each side) for edge classes. A read outside faults.
TEST_P(SaoKernels, ReadsStayInsideThePlanes) {
    std::uniform_int_distribution<int> any(0, 255);
    auto fill_randomly = [&](const GuardedBytes& plane, size_t bytes) {
        for (size_t i = 0; i < bytes; i++) plane.data()[i] = static_cast<uint8_t>(any(rng_));
    };
    for (const auto placement : {GuardedBytes::kFront, GuardedBytes::kBack}) {
        for (int width = 1; width <= 130; width++) {
            for (int height : {1, 2, 3, 33}) {
                const size_t band_bytes = static_cast<size_t>(width) * static_cast<size_t>(height);
                const GuardedBytes band_source(band_bytes, placement, kKernelOverread),
                    band_deblocked(band_bytes, placement, kKernelOverread);
                fill_randomly(band_source, band_bytes);
                fill_randomly(band_deblocked, band_bytes);
                compare_band(band_source.data(), width, band_deblocked.data(), width, width, height,
                             0);
                ASSERT_FALSE(HasFatalFailure());

                const ptrdiff_t stride = width + 2;
                const size_t edge_bytes =
                    static_cast<size_t>(stride) * static_cast<size_t>(height + 2);
                const GuardedBytes edge_source(edge_bytes, placement, kKernelOverread),
                    edge_deblocked(edge_bytes, placement, kKernelOverread);
                fill_randomly(edge_source, edge_bytes);
                fill_randomly(edge_deblocked, edge_bytes);
                compare_edges(edge_source.data() + stride + 1, stride,
                              edge_deblocked.data() + stride + 1, stride, width, height, 0);
                ASSERT_FALSE(HasFatalFailure());
            }
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Isa, SaoKernels,
                         ::testing::Values(IsaCase{CpuLevel::kAvx2, init_pixel_kernels_avx2},
                                           IsaCase{CpuLevel::kAvx512, init_pixel_kernels_avx512}),
                         isa_name);

}  // namespace
}  // namespace tc::kernel_test
