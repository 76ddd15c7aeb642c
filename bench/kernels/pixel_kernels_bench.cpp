// Google Benchmark of every kernel table entry per ISA level and block size (STYLE.md:
// "Benchmarks per stage (Google Benchmark for kernels)"). Names are <kernel>_<size>/<level>.
//   tcenc_bench_kernels --benchmark_filter='satd_16x16'
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <random>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "kernels/cpu_features.h"
#include "kernels/kernel_dispatch.h"
#include "kernels/pixel_kernels.h"

namespace tc {
namespace {

constexpr ptrdiff_t kStride = 192;  // a picture-like stride, wider than any block

struct Data {
    Data() : a(kStride * 80), b(kStride * 80), residual(64 * 64), coeffs(32 * 32), levels(32 * 32), prediction(64 * 64) {
        std::mt19937 rng(7);
        std::uniform_int_distribution<int> d(0, 255);
        for (uint8_t& x : a) x = static_cast<uint8_t>(d(rng));
        for (size_t i = 0; i < b.size(); i++) b[i] = static_cast<uint8_t>(a[i] + d(rng) % 16 - 8);
        for (int16_t& x : residual) x = static_cast<int16_t>(d(rng) % 64 - 32);
        for (int32_t& x : coeffs) x = d(rng) * 8 - 1020;
        for (int16_t& x : prediction) x = static_cast<int16_t>(d(rng) * 64);
    }
    std::vector<uint8_t> a, b;
    std::vector<int16_t> residual;
    std::vector<int32_t> coeffs, levels;
    std::vector<int16_t> prediction;
};

const Data& data() {
    static const Data instance;
    return instance;
}

using Body = std::function<void(const PixelKernels&)>;

void run(benchmark::State& state, CpuLevel level, Body body, int64_t items) {
    if (highest_cpu_level(detect_cpu_features()) < level) {
        state.SkipWithError("CPU lacks this ISA");
        return;
    }
    PixelKernels kernels{};
    init_pixel_kernels(kernels, level);
    for (auto _ : state) body(kernels);
    state.SetItemsProcessed(state.iterations() * items);  // samples or coefficients per second
}

void add(const std::string& name, Body body, int64_t items) {
    for (const CpuLevel level : {CpuLevel::kNone, CpuLevel::kAvx2, CpuLevel::kAvx512}) {
        benchmark::RegisterBenchmark((name + "/" + cpu_level_name(level)).c_str(), run, level, body, items);
    }
}

// SAO statistics of one CTB as sao_estimation.cpp asks for them: band over the whole CTB, edge
// classes over it or (picture's left or right column) one sample narrower. The deblocked plane is
// a smooth picture-like gradient with noise, so that neighbouring samples often share a band.
void register_sao() {
    static const std::vector<uint8_t> deblocked = [] {
        std::vector<uint8_t> plane(kStride * 80);
        std::mt19937 rng(11);
        std::uniform_int_distribution<int> noise(-2, 2);
        for (size_t i = 0; i < plane.size(); i++) {
            const int x = static_cast<int>(i % kStride), y = static_cast<int>(i / kStride);
            plane[i] = static_cast<uint8_t>(std::clamp(60 + x / 2 + y + noise(rng), 0, 255));
        }
        return plane;
    }();
    const uint8_t* source = data().a.data() + kStride * 8 + 64;
    const uint8_t* filtered = deblocked.data() + kStride * 8 + 64;
    for (const auto& [w, h] : {std::pair{64, 64}, std::pair{32, 32}}) {
        const std::string size = std::to_string(w) + "x" + std::to_string(h);
        add("sao_band_" + size, [=](const PixelKernels& k) {
            int64_t count[32] = {}, sum[32] = {};
            k.sao_band_statistics(source, kStride, filtered, kStride, w, h, count, sum);
            benchmark::DoNotOptimize(count);
            benchmark::DoNotOptimize(sum);
        }, int64_t{w} * h);
        for (int eo_class = 0; eo_class < 4; eo_class++) {
            for (const int width : {w, w - 1}) {
                add("sao_edge" + std::to_string(eo_class) + "_" + std::to_string(width) + "x" + std::to_string(h),
                    [=](const PixelKernels& k) {
                        int64_t count[5] = {}, sum[5] = {};
                        k.sao_edge_statistics(source, kStride, filtered, kStride, eo_class, width, h, count, sum);
                        benchmark::DoNotOptimize(count);
                        benchmark::DoNotOptimize(sum);
                    }, int64_t{width} * h);
            }
        }
    }
}

void register_all() {
    // Source block aligned as in a picture; reference displaced by a motion vector.
    const uint8_t* a = data().a.data() + kStride * 8 + 64;
    const uint8_t* b = data().b.data() + kStride * 8 + 3;
    const std::pair<int, int> shapes[] = {{4, 4},   {8, 8},   {16, 16}, {32, 32}, {64, 64},
                                          {16, 8},  {8, 16},  {32, 16}, {64, 32}, {16, 12}};
    for (const auto& [w, h] : shapes) {
        const std::string size = std::to_string(w) + "x" + std::to_string(h);
        const int64_t samples = int64_t{w} * h;
        add("sad_" + size, [=](const PixelKernels& k) { benchmark::DoNotOptimize(k.sad(a, kStride, b, kStride, w, h)); }, samples);
        add("sad_x4_" + size, [=](const PixelKernels& k) {
            const uint8_t* const candidates[4] = {b - 1, b + 1, b - kStride, b + kStride};
            uint32_t sads[4];
            k.sad_x4(a, kStride, candidates, kStride, w, h, sads);
            benchmark::DoNotOptimize(sads);
        }, 4 * samples);
        add("satd_" + size, [=](const PixelKernels& k) { benchmark::DoNotOptimize(k.satd(a, kStride, b, kStride, w, h)); }, samples);
        add("sse_" + size, [=](const PixelKernels& k) { benchmark::DoNotOptimize(k.sse(a, kStride, b, kStride, w, h)); }, samples);
        for (const auto& [xf, yf, tag] : {std::tuple{2, 0, "h"}, std::tuple{0, 2, "v"}, std::tuple{1, 3, "hv"}}) {
            add(std::string("interpolate_luma_") + tag + "_" + size, [=, xf = xf, yf = yf](const PixelKernels& k) {
                alignas(64) int16_t out[64 * 64];
                k.interpolate_luma(b, kStride, w, h, xf, yf, out, 64);
                benchmark::DoNotOptimize(out);
            }, samples);
            add(std::string("interpolate_luma_uni_") + tag + "_" + size, [=, xf = xf, yf = yf](const PixelKernels& k) {
                alignas(64) uint8_t out[64 * 64];
                k.interpolate_luma_uni(b, kStride, w, h, xf, yf, out, 64);
                benchmark::DoNotOptimize(out);
            }, samples);
        }
        if (w <= 32) {
            add("interpolate_chroma_hv_" + size, [=](const PixelKernels& k) {
                alignas(64) int16_t out[64 * 64];
                k.interpolate_chroma(b, kStride, w, h, 3, 5, out, 64);
                benchmark::DoNotOptimize(out);
            }, samples);
        }
        add("weighted_uni_" + size, [=](const PixelKernels& k) {
            alignas(64) uint8_t out[64 * 64];
            k.weighted_uni(data().prediction.data(), 64, out, 64, w, h);
            benchmark::DoNotOptimize(out);
        }, samples);
        add("weighted_bi_" + size, [=](const PixelKernels& k) {
            alignas(64) uint8_t out[64 * 64];
            k.weighted_bi(data().prediction.data(), data().prediction.data() + 1, 64, out, 64, w, h);
            benchmark::DoNotOptimize(out);
        }, samples);
    }
    for (int size = 4; size <= 64; size *= 2) {
        const std::string name = std::to_string(size) + "x" + std::to_string(size);
        add("subtract_" + name, [=](const PixelKernels& k) {
            alignas(64) int16_t out[64 * 64];
            k.subtract(a, kStride, b, kStride, out, 64, size);
            benchmark::DoNotOptimize(out);
        }, int64_t{size} * size);
        add("add_clip_" + name, [=](const PixelKernels& k) {
            alignas(64) uint8_t out[64 * 64];
            k.add_clip(b, kStride, data().residual.data(), 64, out, 64, size);
            benchmark::DoNotOptimize(out);
        }, int64_t{size} * size);
    }
    for (int log2_size = 2; log2_size <= 5; log2_size++) {
        const int size = 1 << log2_size;
        const std::string name = std::to_string(size) + "x" + std::to_string(size);
        const int64_t count = int64_t{size} * size;
        add("quantize_" + name, [=](const PixelKernels& k) {
            alignas(64) int32_t levels[32 * 32], errors[32 * 32];
            benchmark::DoNotOptimize(k.quantize(data().coeffs.data(), levels, errors, log2_size, 27, false));
            benchmark::DoNotOptimize(errors);
        }, count);
        add("dequantize_" + name, [=](const PixelKernels& k) {
            alignas(64) int32_t coeffs[32 * 32];
            k.dequantize(data().coeffs.data(), coeffs, log2_size, 27);
            benchmark::DoNotOptimize(coeffs);
        }, count);
        add("forward_dct_" + name, [=](const PixelKernels& k) {
            alignas(64) int32_t coeffs[32 * 32];
            k.forward_dct[log2_size - 2](data().residual.data(), 64, coeffs);
            benchmark::DoNotOptimize(coeffs);
        }, count);
        add("inverse_dct_" + name, [=](const PixelKernels& k) {
            alignas(64) int16_t residual[32 * 32];
            k.inverse_dct[log2_size - 2](data().coeffs.data(), residual, size);
            benchmark::DoNotOptimize(residual);
        }, count);
    }
    add("forward_dst_4x4", [](const PixelKernels& k) {
        alignas(64) int32_t coeffs[4 * 4];
        k.forward_dst_4x4(data().residual.data(), 64, coeffs);
        benchmark::DoNotOptimize(coeffs);
    }, 16);
    add("inverse_dst_4x4", [](const PixelKernels& k) {
        alignas(64) int16_t residual[4 * 4];
        k.inverse_dst_4x4(data().coeffs.data(), residual, 4);
        benchmark::DoNotOptimize(residual);
    }, 16);
    add("downscale_2x_80x40", [](const PixelKernels& k) {
        alignas(64) uint8_t out[160 * 40];
        k.downscale_2x(data().a.data(), kStride, out, 160, 80, 40);  // a 160x80 area -> 80x40
        benchmark::DoNotOptimize(out);
    }, 80 * 40);
    register_sao();
}

}  // namespace
}  // namespace tc

int main(int argc, char** argv) {
    tc::register_all();
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
