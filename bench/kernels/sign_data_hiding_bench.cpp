// Google Benchmark of apply_sign_data_hiding (the encoder's parity fix per 4x4 sub-block):
// 256 blocks of one size, coefficients shaped like a transform's (dense near DC, sparse far
// from it) and quantised with quantize() at QP 27, so that levels, rounding errors and the
// share of sub-blocks that need a change are as the encoder sees them.
//   tcenc_bench_kernels --benchmark_filter=sign_data_hiding
#include <benchmark/benchmark.h>

#include <cstdint>
#include <random>
#include <vector>

#include "common/scan_order.h"
#include "transform/quantize.h"
#include "transform/sign_data_hiding.h"

namespace tc {
namespace {

constexpr int kBlocks = 256;

void sign_data_hiding(benchmark::State& state) {
    const int log2_size = static_cast<int>(state.range(0));
    const int size = 1 << log2_size, count = size * size;
    std::mt19937 rng(31 + log2_size);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    std::vector<int32_t> coeffs(static_cast<size_t>(kBlocks) * count), levels(coeffs.size()),
        errors(coeffs.size());
    for (int b = 0; b < kBlocks; b++) {
        int32_t* c = coeffs.data() + static_cast<size_t>(b) * count;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                const double distance = static_cast<double>(x + y) / (2 * size);
                const double magnitude = 4000.0 * (1.0 - distance) * (1.0 - distance) * unit(rng);
                c[y * size + x] = static_cast<int32_t>(unit(rng) < 0.5 ? -magnitude : magnitude);
            }
        }
        quantize(c, levels.data() + static_cast<size_t>(b) * count, errors.data() + static_cast<size_t>(b) * count,
                 log2_size, 27, false);
    }
    std::vector<int32_t> work(levels.size());
    for (auto _ : state) {
        state.PauseTiming();
        work = levels;
        state.ResumeTiming();
        for (int b = 0; b < kBlocks; b++) {
            const size_t at = static_cast<size_t>(b) * count;
            apply_sign_data_hiding(work.data() + at, coeffs.data() + at, errors.data() + at, log2_size,
                                   kScanDiagonal);
        }
        benchmark::DoNotOptimize(work.data());
    }
    state.SetItemsProcessed(state.iterations() * kBlocks);
}

BENCHMARK(sign_data_hiding)->DenseRange(2, 5);

}  // namespace
}  // namespace tc
