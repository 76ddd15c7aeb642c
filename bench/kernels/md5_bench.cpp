// Google Benchmark of the picture hash: MD5 of one 1080p luma plane's worth of bytes, the
// work of the decoded picture hash SEI per picture (H.265 D.3.19), in bytes per second; and
// a whole 1080p picture's three planes, one after the other (plane_md5 three times, what
// each of several workers does) or interleaved on one thread (picture_md5).
//   tcenc_bench_kernels --benchmark_filter='md5'
#include <benchmark/benchmark.h>

#include <cstdint>
#include <random>
#include <vector>

#include "bitstream/md5.h"
#include "bitstream/picture_hash_sei.h"

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

}  // namespace
}  // namespace tc
