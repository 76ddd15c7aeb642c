// checkasm-style tests: every SIMD pixel kernel the machine can run against the scalar reference,
// on random inputs, all block sizes 4x4..64x64 (squares and rectangles), random strides and
// extreme values. Also the CPU level parser and the per-instance dispatch.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <optional>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "kernels/cpu_features.h"
#include "kernels/kernel_dispatch.h"
#include "kernels/pixel_kernels.h"
#include "guarded_buffer.h"

namespace tc {
namespace {

// ---- CPU level parser -------------------------------------------------------------------------

TEST(CpuLevelParser, AcceptsTheThreeLevels) {
    EXPECT_EQ(parse_cpu_level("none").level, CpuLevel::kNone);
    EXPECT_EQ(parse_cpu_level("avx2").level, CpuLevel::kAvx2);
    EXPECT_EQ(parse_cpu_level("avx512").level, CpuLevel::kAvx512);
    EXPECT_TRUE(parse_cpu_level("avx2").ok());
    EXPECT_EQ(parse_cpu_level(" AVX2\n").level, CpuLevel::kAvx2);
    EXPECT_EQ(parse_cpu_level("None").level, CpuLevel::kNone);
}

TEST(CpuLevelParser, RejectsUnknownValuesWithAClearMessage) {
    for (const char* bad : {"", "sse4", "avx", "avx-512", "avx2,avx512", "0", "native"}) {
        const CpuLevelParseResult result = parse_cpu_level(bad);
        EXPECT_FALSE(result.ok()) << bad;
        EXPECT_NE(result.error.find("expected none, avx2 or avx512"), std::string::npos) << result.error;
        EXPECT_NE(result.error.find(std::string("'") + bad + "'"), std::string::npos) << result.error;
    }
}

TEST(CpuLevelParser, EnvironmentValue) {
    EXPECT_TRUE(cpu_level_from_environment_value(nullptr).ok());
    EXPECT_EQ(cpu_level_from_environment_value(nullptr).level, CpuLevel::kAvx512);  // unset: no cap
    EXPECT_EQ(cpu_level_from_environment_value("").level, CpuLevel::kAvx512);
    EXPECT_EQ(cpu_level_from_environment_value("none").level, CpuLevel::kNone);
    const CpuLevelParseResult bad = cpu_level_from_environment_value("avx3");
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error.rfind("TCENC_CPU: ", 0), 0u) << bad.error;
}

TEST(CpuFeatures, LevelsNeedAllTheirFeatures) {
    EXPECT_EQ(highest_cpu_level(CpuFeatures{}), CpuLevel::kNone);
    EXPECT_EQ(highest_cpu_level(CpuFeatures{cpu_level_features(CpuLevel::kAvx2)}), CpuLevel::kAvx2);
    EXPECT_EQ(highest_cpu_level(CpuFeatures{cpu_level_features(CpuLevel::kAvx512)}), CpuLevel::kAvx512);
    // AVX-512 F without BW is not enough for the 512-bit kernels.
    EXPECT_EQ(highest_cpu_level(CpuFeatures{cpu_level_features(CpuLevel::kAvx512) & ~uint32_t{kCpuAvx512Bw}}),
              CpuLevel::kAvx2);
    EXPECT_EQ(highest_cpu_level(CpuFeatures{kCpuAvx2}), CpuLevel::kNone);  // no OS/AVX bits: not usable
    const CpuFeatures detected = detect_cpu_features();
    std::printf("[   INFO   ] detected CPU level: %s (feature mask 0x%x)\n", cpu_level_name(highest_cpu_level(detected)),
                detected.mask);
    RecordProperty("detected_cpu_level", cpu_level_name(highest_cpu_level(detected)));
}

// ---- dispatch -------------------------------------------------------------------------------------

TEST(KernelDispatch, LevelNoneIsTheScalarTable) {
    PixelKernels scalar{}, dispatched{};
    init_scalar_pixel_kernels(scalar);
    EXPECT_EQ(init_pixel_kernels(dispatched, CpuLevel::kNone), CpuLevel::kNone);
    EXPECT_EQ(std::memcmp(&dispatched, &scalar, sizeof scalar), 0);
}

TEST(KernelDispatch, EveryEntryIsFilledAtEveryLevel) {
    for (const CpuLevel level : {CpuLevel::kNone, CpuLevel::kAvx2, CpuLevel::kAvx512}) {
        PixelKernels kernels;
        std::memset(&kernels, 0, sizeof kernels);
        init_pixel_kernels(kernels, level);
        const auto* entries = reinterpret_cast<const unsigned char*>(&kernels);
        for (size_t i = 0; i < sizeof kernels; i += sizeof(void*)) {
            void* entry = nullptr;
            std::memcpy(&entry, entries + i, sizeof entry);
            EXPECT_NE(entry, nullptr) << cpu_level_name(level) << " entry at byte " << i;
        }
    }
}

TEST(KernelDispatch, RequestedLevel) {
    const char* outside = std::getenv(kCpuLevelEnvironmentVariable);
    const std::optional<std::string> saved = outside ? std::optional<std::string>(outside) : std::nullopt;
    EXPECT_EQ(requested_cpu_level(CpuLevel::kAvx2), CpuLevel::kAvx2);  // the setting wins
    ::setenv(kCpuLevelEnvironmentVariable, "none", 1);
    EXPECT_EQ(requested_cpu_level(std::nullopt), CpuLevel::kNone);
    EXPECT_EQ(requested_cpu_level(CpuLevel::kAvx512), CpuLevel::kAvx512);
    ::setenv(kCpuLevelEnvironmentVariable, "avx5l2", 1);  // a typo caps at none
    EXPECT_EQ(requested_cpu_level(std::nullopt), CpuLevel::kNone);
    ::unsetenv(kCpuLevelEnvironmentVariable);
    EXPECT_EQ(requested_cpu_level(std::nullopt), CpuLevel::kAvx512);
    if (saved) ::setenv(kCpuLevelEnvironmentVariable, saved->c_str(), 1);
}

TEST(KernelDispatch, NeverAboveWhatTheCpuHas) {
    PixelKernels kernels{};
    EXPECT_EQ(init_pixel_kernels(kernels, CpuLevel::kAvx512, CpuFeatures{}), CpuLevel::kNone);
    const CpuFeatures avx2_only{cpu_level_features(CpuLevel::kAvx2)};
    EXPECT_EQ(init_pixel_kernels(kernels, CpuLevel::kAvx512, avx2_only), CpuLevel::kAvx2);
    EXPECT_EQ(init_pixel_kernels(kernels, CpuLevel::kNone, avx2_only), CpuLevel::kNone);
}

TEST(KernelDispatch, TwoTablesInOneProcessDiffer) {
    if (highest_cpu_level(detect_cpu_features()) < CpuLevel::kAvx2) GTEST_SKIP() << "CPU lacks AVX2";
    PixelKernels plain{}, fast{};
    init_pixel_kernels(plain, CpuLevel::kNone);
    init_pixel_kernels(fast, CpuLevel::kAvx2);
    EXPECT_NE(plain.sad, fast.sad);  // and the first table was left alone
    EXPECT_NE(plain.interpolate_luma, fast.interpolate_luma);
    EXPECT_NE(plain.quantize, fast.quantize);
    PixelKernels scalar{};
    init_scalar_pixel_kernels(scalar);
    EXPECT_EQ(plain.sad, scalar.sad);
}

// ---- kernels against the scalar reference ------------------------------------------------------

// A picture-like buffer: `rows` rows of `stride` bytes, with a margin on both sides so a kernel
// that reads or writes outside the block stays inside the allocation (and writes are caught).
template <typename T>
struct Buffer {
    Buffer(int width, int height, ptrdiff_t stride_) : stride(stride_), storage(static_cast<size_t>(stride_ * (height + 2))) {}
    T* block() { return storage.data() + stride; }
    ptrdiff_t stride;
    std::vector<T> storage;
};

struct IsaCase {
    CpuLevel level;
    void (*init)(PixelKernels&);  // the ISA's own overrides, on top of the level below
};

class PixelKernelsVersusScalar : public ::testing::TestWithParam<IsaCase> {
protected:
    void SetUp() override {
        const IsaCase isa = GetParam();
        const CpuLevel available = highest_cpu_level(detect_cpu_features());
        if (available < isa.level) {
            GTEST_SKIP() << "CPU lacks " << cpu_level_name(isa.level) << " (has " << cpu_level_name(available)
                         << "): not tested on this machine";
        }
        init_scalar_pixel_kernels(reference_);
        // The table the encoder would get at this level, and the ISA's own functions alone.
        init_pixel_kernels(tested_, isa.level);
        std::printf("[   INFO   ] testing %s kernels\n", cpu_level_name(isa.level));
        RecordProperty("isa", cpu_level_name(isa.level));
        own_ = reference_;
        isa.init(own_);
    }

    // Both the dispatched table and the ISA's own entries (which may be shadowed by a higher level).
    std::vector<const PixelKernels*> tables() const { return {&tested_, &own_}; }

    ptrdiff_t random_stride(int width) { return width + std::uniform_int_distribution<int>(0, 80)(rng_); }
    void fill(std::vector<uint8_t>& v, int low = 0, int high = 255) {
        std::uniform_int_distribution<int> d(low, high);
        for (uint8_t& x : v) x = static_cast<uint8_t>(d(rng_));
    }
    void fill(std::vector<int16_t>& v, int low, int high) {
        std::uniform_int_distribution<int> d(low, high);
        for (int16_t& x : v) x = static_cast<int16_t>(d(rng_));
    }

    // Compares sad, sse and satd on one shape with the contents `fill_pair` writes.
    template <typename Fill>
    void compare_distortions(int width, int height, Fill fill_pair, bool satd) {
        Buffer<uint8_t> a(width, height, random_stride(width)), b(width, height, random_stride(width));
        fill_pair(a.storage, b.storage);
        for (const PixelKernels* k : tables()) {
            ASSERT_EQ(k->sad(a.block(), a.stride, b.block(), b.stride, width, height),
                      reference_.sad(a.block(), a.stride, b.block(), b.stride, width, height))
                << "sad " << width << "x" << height << " strides " << a.stride << "," << b.stride;
            ASSERT_EQ(k->sse(a.block(), a.stride, b.block(), b.stride, width, height),
                      reference_.sse(a.block(), a.stride, b.block(), b.stride, width, height))
                << "sse " << width << "x" << height << " strides " << a.stride << "," << b.stride;
            if (!satd) continue;
            ASSERT_EQ(k->satd(a.block(), a.stride, b.block(), b.stride, width, height),
                      reference_.satd(a.block(), a.stride, b.block(), b.stride, width, height))
                << "satd " << width << "x" << height << " strides " << a.stride << "," << b.stride;
        }
    }

    PixelKernels reference_{}, tested_{}, own_{};
    std::mt19937 rng_{12345};
};

// Every width and height 4..64 in steps of 4: covers 4x4..64x64, 8x4, 4x8, 16x8, 8x16, 32x16,
// 16x32, 64x32, 32x64 and the asymmetric partitions (16x4, 12x16, 32x24, ...).
TEST_P(PixelKernelsVersusScalar, DistortionsOnRandomBlocks) {
    for (int height = 4; height <= 64; height += 4) {
        for (int width = 4; width <= 64; width += 4) {
            for (int trial = 0; trial < 4; trial++) {
                compare_distortions(width, height, [&](auto& a, auto& b) { fill(a), fill(b); }, true);
                // Small differences, as in a motion search near the optimum.
                compare_distortions(width, height, [&](auto& a, auto& b) {
                    fill(a, 100, 140), b = a;
                    std::uniform_int_distribution<int> d(-3, 3);
                    for (uint8_t& x : b) x = static_cast<uint8_t>(x + d(rng_));
                }, true);
            }
        }
    }
}

TEST_P(PixelKernelsVersusScalar, DistortionsOnExtremeBlocks) {
    const auto constant = [](uint8_t va, uint8_t vb) {
        return [=](std::vector<uint8_t>& a, std::vector<uint8_t>& b) {
            std::fill(a.begin(), a.end(), va), std::fill(b.begin(), b.end(), vb);
        };
    };
    // Differences of +-255 in checkerboard or stripe patterns put all the energy into one
    // Hadamard coefficient: the largest intermediate values the transforms can see.
    const auto pattern = [](int kind) {
        return [=](std::vector<uint8_t>& a, std::vector<uint8_t>& b) {
            const auto high = [&](size_t i) {
                return kind == 0 ? (i & 1) != 0 : kind == 1 ? ((i / 4) & 1) != 0 : ((i * 7) % 3) == 0;
            };
            for (size_t i = 0; i < a.size(); i++) a[i] = high(i) ? 255 : 0;
            for (size_t i = 0; i < b.size(); i++) b[i] = high(i) ? 0 : 255;
        };
    };
    for (int height = 4; height <= 64; height += 4) {
        for (int width = 4; width <= 64; width += 4) {
            compare_distortions(width, height, constant(0, 255), true);
            compare_distortions(width, height, constant(255, 0), true);
            compare_distortions(width, height, constant(255, 255), true);
            compare_distortions(width, height, constant(0, 0), true);
            for (int kind = 0; kind < 3; kind++) compare_distortions(width, height, pattern(kind), true);
        }
    }
}

// sad and sse are also called on pyramid levels and whole planes: any width and height.
TEST_P(PixelKernelsVersusScalar, SadAndSseOnAnyShape) {
    for (int height = 1; height <= 19; height++) {
        for (int width = 1; width <= 131; width++) {
            compare_distortions(width, height, [&](auto& a, auto& b) { fill(a), fill(b); }, false);
        }
    }
    compare_distortions(1920, 3, [&](auto& a, auto& b) { fill(a), fill(b); }, false);
    compare_distortions(1928, 1088, [](auto& a, auto& b) {  // a whole 1080p plane of maximal error
        std::fill(a.begin(), a.end(), 255), std::fill(b.begin(), b.end(), 0);
    }, false);
}

TEST_P(PixelKernelsVersusScalar, SubtractAndAddClip) {
    for (int size = 1; size <= 64; size++) {
        for (int trial = 0; trial < 6; trial++) {
            Buffer<uint8_t> source(size, size, random_stride(size)), prediction(size, size, random_stride(size));
            fill(source.storage), fill(prediction.storage);
            if (trial == 1) std::fill(source.storage.begin(), source.storage.end(), 0);
            if (trial == 2) std::fill(prediction.storage.begin(), prediction.storage.end(), 0);
            Buffer<int16_t> residual(size, size, random_stride(size));
            // Residuals as the inverse transform gives them, the full int16 range, and the extremes.
            if (trial < 3) fill(residual.storage, -600, 600);
            if (trial == 3) fill(residual.storage, -32768, 32767);
            if (trial == 4) std::fill(residual.storage.begin(), residual.storage.end(), int16_t{32767});
            if (trial == 5) std::fill(residual.storage.begin(), residual.storage.end(), int16_t{-32768});
            for (const PixelKernels* k : tables()) {
                Buffer<int16_t> expected(size, size, residual.stride), got(size, size, residual.stride);
                fill(expected.storage, -32768, 32767);
                got.storage = expected.storage;  // the margins must stay as they were
                reference_.subtract(source.block(), source.stride, prediction.block(), prediction.stride,
                                    expected.block(), expected.stride, size);
                k->subtract(source.block(), source.stride, prediction.block(), prediction.stride, got.block(),
                            got.stride, size);
                ASSERT_EQ(got.storage, expected.storage) << "subtract " << size << "x" << size;

                Buffer<uint8_t> expected_pixels(size, size, random_stride(size));
                fill(expected_pixels.storage);
                Buffer<uint8_t> got_pixels = expected_pixels;
                reference_.add_clip(prediction.block(), prediction.stride, residual.block(), residual.stride,
                                    expected_pixels.block(), expected_pixels.stride, size);
                k->add_clip(prediction.block(), prediction.stride, residual.block(), residual.stride,
                            got_pixels.block(), got_pixels.stride, size);
                ASSERT_EQ(got_pixels.storage, expected_pixels.storage) << "add_clip " << size << "x" << size
                                                                       << " trial " << trial;
            }
        }
    }
}

// sad_x4 on every block size 4..64, candidates at different offsets of one reference.
TEST_P(PixelKernelsVersusScalar, SadX4) {
    for (int height = 4; height <= 64; height += 4) {
        for (int width = 4; width <= 64; width += 4) {
            for (int content = 0; content < 2; content++) {
                const ptrdiff_t source_stride = random_stride(width), reference_stride = random_stride(width + 8);
                Buffer<uint8_t> source(width, height, source_stride), reference(width + 8, height + 8, reference_stride);
                fill(source.storage), fill(reference.storage);
                if (content == 1) {  // maximal differences
                    std::fill(source.storage.begin(), source.storage.end(), 255);
                    std::fill(reference.storage.begin(), reference.storage.end(), 0);
                }
                const uint8_t* base = reference.block() + 4 * reference_stride;
                const uint8_t* const candidates[4] = {base + 3, base + 5, base + 4 - reference_stride,
                                                      base + 4 + reference_stride};
                uint32_t expected[4];
                reference_.sad_x4(source.block(), source_stride, candidates, reference_stride, width, height, expected);
                for (int i = 0; i < 4; i++) {
                    ASSERT_EQ(expected[i], reference_.sad(source.block(), source_stride, candidates[i], reference_stride,
                                                          width, height));
                }
                for (const PixelKernels* k : tables()) {
                    uint32_t got[4] = {};
                    k->sad_x4(source.block(), source_stride, candidates, reference_stride, width, height, got);
                    for (int i = 0; i < 4; i++) ASSERT_EQ(got[i], expected[i]) << width << "x" << height << " #" << i;
                }
            }
        }
    }
}

// sad_8x8_row: every count 1..72, random and maximal differences, the reference's last row
// ending at a guard page (the coarse levels have no padding to read into).
TEST_P(PixelKernelsVersusScalar, Sad8x8RowReadsOnlyItsCandidates) {
    for (int count = 1; count <= 72; count++) {
        for (int content = 0; content < 2; content++) {
            const ptrdiff_t source_stride = random_stride(8), reference_stride = count + 7 + (count % 3) * 5;
            Buffer<uint8_t> source(8, 8, source_stride);
            fill(source.storage);
            const size_t reference_bytes = static_cast<size_t>(7 * reference_stride + count + 7);
            kernel_test::GuardedBytes reference(reference_bytes, kernel_test::GuardedBytes::kBack);
            std::vector<uint8_t> reference_content(reference_bytes);
            fill(reference_content);
            if (content == 1) {  // maximal differences
                std::fill(source.storage.begin(), source.storage.end(), 255);
                std::fill(reference_content.begin(), reference_content.end(), 0);
            }
            std::copy(reference_content.begin(), reference_content.end(), reference.data());
            std::vector<uint32_t> expected(static_cast<size_t>(count));
            reference_.sad_8x8_row(source.block(), source_stride, reference.data(), reference_stride, count,
                                   expected.data());
            for (int i = 0; i < count; i++) {
                ASSERT_EQ(expected[static_cast<size_t>(i)],
                          reference_.sad(source.block(), source_stride, reference.data() + i, reference_stride, 8, 8));
            }
            for (const PixelKernels* k : tables()) {
                std::vector<uint32_t> got(static_cast<size_t>(count) + 1, 0xdeadbeef);
                k->sad_8x8_row(source.block(), source_stride, reference.data(), reference_stride, count, got.data());
                EXPECT_EQ(got.back(), 0xdeadbeef) << "wrote past sads[count - 1], count " << count;
                got.pop_back();
                ASSERT_EQ(got, expected) << "count " << count << " content " << content;
            }
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Isa, PixelKernelsVersusScalar,
                         ::testing::Values(IsaCase{CpuLevel::kAvx2, init_pixel_kernels_avx2},
                                           IsaCase{CpuLevel::kAvx512, init_pixel_kernels_avx512}),
                         [](const ::testing::TestParamInfo<IsaCase>& isa_info) {
                             return std::string(cpu_level_name(isa_info.param.level));
                         });

}  // namespace
}  // namespace tc
