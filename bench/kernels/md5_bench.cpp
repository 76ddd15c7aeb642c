// Google Benchmark of the picture hash: MD5 of one 1080p luma plane's worth of bytes, the
// work of the decoded picture hash SEI per picture (H.265 D.3.19), in bytes per second; and
// a whole 1080p picture's three planes, one after the other (plane_md5 three times, what
// each of several workers does) or interleaved on one thread (picture_md5).
// Eight 1080p luma planes hashed on md5_lanes' eight lanes at each CPU level (the planes of
// several pictures at once), against two chains interleaved (Md5::update_blocks) four times.
//   tcenc_bench_kernels --benchmark_filter='md5'
#include <benchmark/benchmark.h>

#include <array>
#include <cstdint>
#include <random>
#include <vector>

#include "bitstream/md5.h"
#include "bitstream/picture_hash_sei.h"
#include "kernels/kernel_dispatch.h"

namespace tc {
namespace {

void md5_1920x1080(benchmark::State& state) {
    std::vector<uint8_t> samples(1920 * 1080);
    std::mt19937 rng(11);
    for (uint8_t& x : samples) x = static_cast<uint8_t>(rng());
    for (auto _ : state) {
        Md5 md5;
        md5.update(samples.data(), samples.size());
        benchmark::DoNotOptimize(md5.finish());
    }
    state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(samples.size()));
}
BENCHMARK(md5_1920x1080);

Picture random_picture(int width, int height) {
    Picture picture;
    picture.allocate(width, height, 32);
    std::mt19937 rng(13);
    for (Plane& plane : picture.planes) {
        for (int y = 0; y < plane.height(); y++) {
            for (int x = 0; x < plane.width(); x++) plane.at(x, y)[0] = static_cast<uint8_t>(rng());
        }
    }
    return picture;
}

void picture_md5_planes_one_by_one_1080p(benchmark::State& state) {
    const Picture picture = random_picture(1920, 1080);
    for (auto _ : state) {
        for (const Plane& plane : picture.planes) benchmark::DoNotOptimize(plane_md5(plane));
    }
    state.SetBytesProcessed(state.iterations() * int64_t{1920 * 1080 * 3 / 2});
}
BENCHMARK(picture_md5_planes_one_by_one_1080p);

void picture_md5_interleaved_1080p(benchmark::State& state) {
    const Picture picture = random_picture(1920, 1080);
    for (auto _ : state) benchmark::DoNotOptimize(picture_md5(picture));
    state.SetBytesProcessed(state.iterations() * int64_t{1920 * 1080 * 3 / 2});
}
BENCHMARK(picture_md5_interleaved_1080p);

constexpr size_t kPlaneBytes = 1920 * 1080;

std::vector<uint8_t> random_planes(int count) {
    std::vector<uint8_t> samples(kPlaneBytes * static_cast<size_t>(count));
    std::mt19937 rng(17);
    for (uint8_t& x : samples) x = static_cast<uint8_t>(rng());
    return samples;
}

void md5_eight_planes_two_chains_1080p(benchmark::State& state) {
    const std::vector<uint8_t> samples = random_planes(kMd5Lanes);
    for (auto _ : state) {
        for (int pair = 0; pair < kMd5Lanes / 2; pair++) {
            Md5 a, b;
            const uint8_t* plane_a = samples.data() + kPlaneBytes * static_cast<size_t>(2 * pair);
            const uint8_t* plane_b = plane_a + kPlaneBytes;
            for (size_t n = 0; n < kPlaneBytes; n += 64)
                Md5::update_blocks(a, plane_a + n, b, plane_b + n);
            benchmark::DoNotOptimize(a.finish());
            benchmark::DoNotOptimize(b.finish());
        }
    }
    state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(samples.size()));
}
BENCHMARK(md5_eight_planes_two_chains_1080p)->Unit(benchmark::kMillisecond);

void md5_eight_planes_lanes_1080p(benchmark::State& state, CpuLevel level) {
    PixelKernels kernels{};
    if (init_pixel_kernels(kernels, level) != level) {
        state.SkipWithError("the CPU lacks this level");
        return;
    }
    const std::vector<uint8_t> samples = random_planes(kMd5Lanes);
    for (auto _ : state) {
        std::array<Md5, kMd5Lanes> md5;
        Md5* lanes[kMd5Lanes];
        const uint8_t* blocks[kMd5Lanes];
        // A row of 1920 bytes a call, as the hasher takes rows as they settle.
        for (size_t n = 0; n < kPlaneBytes; n += 1920) {
            for (int lane = 0; lane < kMd5Lanes; lane++) {
                lanes[lane] = &md5[static_cast<size_t>(lane)];
                blocks[lane] = samples.data() + kPlaneBytes * static_cast<size_t>(lane) + n;
            }
            Md5::update_lanes(kernels.md5_lanes, lanes, blocks, 1920 / 64);
        }
        for (Md5& m : md5) benchmark::DoNotOptimize(m.finish());
    }
    state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(samples.size()));
}
BENCHMARK_CAPTURE(md5_eight_planes_lanes_1080p, scalar, CpuLevel::kNone)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(md5_eight_planes_lanes_1080p, avx2, CpuLevel::kAvx2)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(md5_eight_planes_lanes_1080p, avx512, CpuLevel::kAvx512)
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace tc
