// Google Benchmark of residual_coding() (H.265 7.3.8.11) through the CABAC encoder, the rate
// estimator the analysis uses and the exact bit counter: 256 blocks of one size with levels
// shaped like a transform's at mid QPs (mostly zero, small magnitudes near DC, a few large
// ones), per block; and the kernel table's estimate of the same blocks, scalar and AVX2.
//   tcenc_bench_kernels --benchmark_filter='residual'
#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdlib>
#include <random>
#include <vector>

#include "bitstream/bit_writer.h"
#include "bitstream/cabac_bit_counter.h"
#include "bitstream/cabac_encoder.h"
#include "bitstream/residual_coding.h"
#include "common/scan_order.h"
#include "kernels/cpu_features.h"
#include "kernels/kernel_dispatch.h"

namespace tc {
namespace {

constexpr int kBlocks = 256;

// Levels whose density and magnitude fall with the distance from DC.
std::vector<int16_t> random_levels(int log2_size, std::mt19937& rng) {
    const int size = 1 << log2_size;
    std::vector<int16_t> levels(static_cast<size_t>(kBlocks) * size * size, 0);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    for (int b = 0; b < kBlocks; b++) {
        int16_t* block = levels.data() + static_cast<size_t>(b) * size * size;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                const double distance = static_cast<double>(x + y) / size;
                if (unit(rng) > 0.6 * (1.0 - distance) * (1.0 - distance) + 0.02) continue;
                int magnitude = 1;
                while (unit(rng) < 0.45 - 0.3 * distance && magnitude < 200)
                    magnitude += 1 + magnitude / 3;
                block[y * size + x] =
                    static_cast<int16_t>(unit(rng) < 0.5 ? -magnitude : magnitude);
            }
        }
        block[0] = block[0] == 0 ? 1 : block[0];  // at least one level
    }
    return levels;
}

// The CABAC encoder and the exact counter, bin by bin.
template <class Coder>
void residual_coding(benchmark::State& state) {
    const int log2_size = static_cast<int>(state.range(0));
    const int size = 1 << log2_size;
    std::mt19937 rng(17 + log2_size);
    const std::vector<int16_t> levels = random_levels(log2_size, rng);
    CabacContexts contexts;
    BitWriter writer;
    writer.reserve(1 << 20);
    for (auto _ : state) {
        init_cabac_contexts(contexts, 1, 32);
        writer.clear();
        Coder coder;
        if constexpr (std::is_same_v<Coder, CabacEncoder>) coder.start(&writer);
        for (int b = 0; b < kBlocks; b++) {
            const ResidualBlock block{levels.data() + static_cast<size_t>(b) * size * size,
                                      log2_size, 0, kScanDiagonal, true};
            write_residual_coding(coder, contexts, block);
        }
        if constexpr (std::is_same_v<Coder, CabacEncoder>) {
            coder.encode_terminate(1);
            coder.finish();
        }
        benchmark::DoNotOptimize(writer.bit_count());
        benchmark::DoNotOptimize(coder);
    }
    state.SetItemsProcessed(state.iterations() * kBlocks);
    state.counters["bits_per_block"] = static_cast<double>(writer.bit_count()) / kBlocks;
}

BENCHMARK(residual_coding<CabacEncoder>)->Name("residual_coding_cabac")->DenseRange(2, 5);
BENCHMARK(residual_coding<CabacBitCounter>)->Name("residual_coding_count")->DenseRange(2, 5);

// The kernel table's estimate (the fast presets' rate), per CPU level.
void residual_rate_estimate(benchmark::State& state, CpuLevel level) {
    if (highest_cpu_level(detect_cpu_features()) < level) {
        state.SkipWithError("CPU level not available");
        return;
    }
    PixelKernels kernels;
    init_pixel_kernels(kernels, level);
    const int log2_size = static_cast<int>(state.range(0));
    const int size = 1 << log2_size;
    std::mt19937 rng(17 + log2_size);
    const std::vector<int16_t> levels = random_levels(log2_size, rng);
    for (auto _ : state) {
        uint64_t bits = 0;
        for (int b = 0; b < kBlocks; b++) {
            bits += kernels.estimate_residual_rate(
                levels.data() + static_cast<size_t>(b) * size * size, log2_size);
        }
        benchmark::DoNotOptimize(bits);
    }
    state.SetItemsProcessed(state.iterations() * kBlocks);
}

BENCHMARK_CAPTURE(residual_rate_estimate, scalar, CpuLevel::kNone)->DenseRange(2, 5);
BENCHMARK_CAPTURE(residual_rate_estimate, avx2, CpuLevel::kAvx2)->DenseRange(2, 5);

}  // namespace
}  // namespace tc
