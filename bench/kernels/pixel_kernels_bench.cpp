// Google Benchmark of every kernel table entry per ISA level and block size (STYLE.md:
// "Benchmarks per stage (Google Benchmark for kernels)"). Names are <kernel>_<size>/<level>.
//   tcenc_bench_kernels --benchmark_filter='satd_16x16'
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
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

// SAO application of one CTB (64x64 luma, 32x32 chroma) from the same picture-like deblocked
// plane: band offset and the four edge classes, with offsets of the encoder's range.
void register_sao_apply() {
    static const std::vector<uint8_t> deblocked = [] {
        std::vector<uint8_t> plane(kStride * 80);
        std::mt19937 rng(13);
        std::uniform_int_distribution<int> noise(-2, 2);
        for (size_t i = 0; i < plane.size(); i++) {
            const int x = static_cast<int>(i % kStride), y = static_cast<int>(i / kStride);
            plane[i] = static_cast<uint8_t>(std::clamp(60 + x / 2 + y + noise(rng), 0, 255));
        }
        return plane;
    }();
    const uint8_t* input = deblocked.data() + kStride * 8 + 64;
    for (const int size : {64, 32}) {
        const std::string name = std::to_string(size) + "x" + std::to_string(size);
        add("sao_apply_band_" + name, [=](const PixelKernels& k) {
            alignas(64) uint8_t out[64 * 64];
            const int8_t offsets[4] = {3, -2, 1, -4};
            k.sao_apply_band(input, kStride, out, 64, size, size, 12, offsets);
            benchmark::DoNotOptimize(out);
        }, int64_t{size} * size);
        for (int eo_class = 0; eo_class < 4; eo_class++) {
            add("sao_apply_edge" + std::to_string(eo_class) + "_" + name, [=](const PixelKernels& k) {
                alignas(64) uint8_t out[64 * 64];
                const int8_t offsets[4] = {3, 1, -2, -5};
                k.sao_apply_edge(input, kStride, out, 64, size, size, eo_class, offsets);
                benchmark::DoNotOptimize(out);
            }, int64_t{size} * size);
        }
    }
}

// Deblocking of the edges one kernel call gets from deblocking.cpp: a horizontal luma edge of 32
// segments (128 samples), a vertical one of 16 (a 64-row CTU row), chroma edges of half those,
// at QP 32 bS 2, on a plane of 8x8 blocks with small steps between them and noise, so that the
// segments take the strong, normal and no filter. Each call starts from the unfiltered plane
// again (its copy is part of every ISA's time).
void register_deblocking() {
    static const std::vector<uint8_t> blocks = [] {
        std::vector<uint8_t> plane(kStride * 80);
        std::mt19937 rng(17);
        std::uniform_int_distribution<int> step(-12, 12), noise(-1, 1);
        std::vector<int> levels(static_cast<size_t>(kStride / 8 * 10));
        for (int& v : levels) v = 120 + step(rng);
        for (size_t i = 0; i < plane.size(); i++) {
            const int x = static_cast<int>(i % kStride), y = static_cast<int>(i / kStride);
            const int level = levels[static_cast<size_t>(y / 8 * (kStride / 8) + x / 8)];
            plane[i] = static_cast<uint8_t>(std::clamp(level + x / 16 + noise(rng), 0, 255));
        }
        return plane;
    }();
    auto edge = [](const std::string& name, bool luma, bool vertical, int segments) {
        add(name, [=](const PixelKernels& k) {
            alignas(64) uint8_t work[kStride * 80];
            if (vertical) {  // 8 bytes a row: one load and store each
                for (int y = 0; y < 4 * segments; y++) {
                    std::memcpy(work + y * kStride, blocks.data() + y * kStride, 8);
                }
            } else {
                for (int y = 0; y < 8; y++) {
                    std::memcpy(work + y * kStride, blocks.data() + y * kStride, size_t(4 * segments));
                }
            }
            uint8_t beta[32], tc[32];
            std::fill_n(beta, 32, uint8_t{26});  // QP 32, bS 2: beta 26, luma and chroma tc 3
            std::fill_n(tc, 32, uint8_t{3});
            uint8_t* q0 = vertical ? work + (luma ? 4 : 2) : work + (luma ? 4 : 2) * kStride;
            if (luma && vertical) k.deblock_luma_vertical(q0, kStride, beta, tc, segments);
            if (luma && !vertical) k.deblock_luma_horizontal(q0, kStride, beta, tc, segments);
            if (!luma && vertical) k.deblock_chroma_vertical(q0, kStride, tc, segments);
            if (!luma && !vertical) k.deblock_chroma_horizontal(q0, kStride, tc, segments);
            benchmark::DoNotOptimize(work);
        }, int64_t{4} * segments);
    };
    edge("deblock_luma_horizontal_32", true, false, 32);
    edge("deblock_luma_vertical_16", true, true, 16);
    edge("deblock_chroma_horizontal_16", false, false, 16);
    edge("deblock_chroma_vertical_8", false, true, 8);
}

// The encoder's "does this merge residual quantise to zero" test at QP 32, inter rounding, on
// residuals whose answer is zero (noise of +-3), non-zero at the DC (+20) and non-zero only past
// the DC (a ramp of zero mean): quantizes_to_zero against the path it replaces (subtract,
// forward_dct, quantize).
void register_zero_test() {
    struct Blocks {
        std::vector<uint8_t> prediction, zero, dc, ac;
    };
    static const Blocks blocks = [] {
        Blocks b;
        std::mt19937 rng(17);
        std::uniform_int_distribution<int> sample(40, 200), noise(-3, 3);
        for (int i = 0; i < 32 * 32; i++) {
            const int p = sample(rng), n = noise(rng);
            b.prediction.push_back(static_cast<uint8_t>(p));
            b.zero.push_back(static_cast<uint8_t>(p + n));
            b.dc.push_back(static_cast<uint8_t>(p + n + 20));
            b.ac.push_back(static_cast<uint8_t>(p + n + (i % 32 - 16) / 2));
        }
        return b;
    }();
    for (int log2_size = 2; log2_size <= 5; log2_size++) {
        const int size = 1 << log2_size;
        const std::string name = std::to_string(size) + "x" + std::to_string(size);
        const std::pair<const char*, const uint8_t*> cases[] = {
            {"_zero", blocks.zero.data()}, {"_dc", blocks.dc.data()}, {"_ac", blocks.ac.data()}};
        for (const auto& [tag, source] : cases) {
            add("quantizes_to_zero_" + name + tag, [=, source = source](const PixelKernels& k) {
                benchmark::DoNotOptimize(k.quantizes_to_zero(source, 32, blocks.prediction.data(), 32, log2_size, 32, false));
            }, int64_t{size} * size);
            add("transform_quantize_" + name + tag, [=, source = source](const PixelKernels& k) {
                alignas(64) int16_t residual[32 * 32];
                alignas(64) int32_t coeffs[32 * 32], levels[32 * 32], errors[32 * 32];
                k.subtract(source, 32, blocks.prediction.data(), 32, residual, size, size);
                k.forward_dct[log2_size - 2](residual, size, coeffs);
                benchmark::DoNotOptimize(k.quantize(coeffs, levels, errors, log2_size, 32, false));
            }, int64_t{size} * size);
        }
    }
}

// Intra prediction of one block (luma: boundary filters below 32x32) from random references:
// planar, DC, a positive and a negative angle of each direction, and all 35 modes in a row as the
// SATD pre-selection of intra_search.cpp asks for them.
void register_intra_predict() {
    static const std::vector<uint8_t> references = [] {
        std::vector<uint8_t> samples(4 * 32 + 1);
        std::mt19937 rng(23);
        for (uint8_t& x : samples) x = static_cast<uint8_t>(rng() % 256);
        return samples;
    }();
    for (int log2_size = 2; log2_size <= 5; log2_size++) {
        const int size = 1 << log2_size;
        const std::string name = std::to_string(size) + "x" + std::to_string(size);
        const bool filters = size < 32;
        for (const auto& [mode, tag] : {std::pair{0, "planar"}, std::pair{1, "dc"}, std::pair{7, "mode7"},
                                        std::pair{14, "mode14"}, std::pair{23, "mode23"}, std::pair{31, "mode31"}}) {
            add(std::string("intra_") + tag + "_" + name, [=, mode = mode](const PixelKernels& k) {
                alignas(64) uint8_t out[32 * 32];
                k.predict_intra[log2_size - 2](references.data(), mode, filters, out, 32);
                benchmark::DoNotOptimize(out);
            }, int64_t{size} * size);
        }
        add("intra_all_modes_" + name, [=](const PixelKernels& k) {
            alignas(64) uint8_t out[32 * 32];
            for (int mode = 0; mode < 35; mode++) {
                k.predict_intra[log2_size - 2](references.data(), mode, filters, out, 32);
                benchmark::DoNotOptimize(out);
            }
        }, int64_t{35} * size * size);
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
    register_zero_test();
    register_sao_apply();
    register_deblocking();
    register_intra_predict();
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
