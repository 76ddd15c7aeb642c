// Google Benchmark of the picture hash: MD5 of one 1080p luma plane's worth of bytes, the
// work of the decoded picture hash SEI per picture (H.265 D.3.19), in bytes per second.
//   tcenc_bench_kernels --benchmark_filter='md5'
#include <benchmark/benchmark.h>

#include <cstdint>
#include <random>
#include <vector>

#include "bitstream/md5.h"

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

}  // namespace
}  // namespace tc
