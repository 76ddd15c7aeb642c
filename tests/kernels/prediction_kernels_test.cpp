// Inter prediction and pyramid kernels against their scalar references: luma and chroma
// interpolation at every fraction pair and width 1..64 (to int16 predictions and fused with the
// uni-prediction weighting to samples), weighted uni/bi prediction over the whole
// int16 range (wrapped luma values included) and the 2:1 downscale.
#include <algorithm>

#include "kernel_test_support.h"

namespace tc::kernel_test {
namespace {

class PredictionKernels : public KernelsVersusScalar {
protected:
    // Compares one interpolation entry on a block of the given contents.
    template <typename Destination = int16_t, typename Entry>
    void compare_interpolation(Entry entry, int fractions, int width, int height, int content) {
        Buffer<uint8_t> source(height, random_stride(width) + 8, 4);
        if (content == 0) fill(source.storage, 0, 255);
        // Alternating extremes give the largest first-pass values and the wrapped luma outputs.
        for (size_t i = 0; i < source.storage.size() && content > 0; i++) {
            const bool high = content == 1 ? ((i / static_cast<size_t>(source.stride)) + i) % 2 == 0
                                           : (i / 2) % 2 == 0;
            source.storage[i] = high ? 255 : 0;
        }
        const ptrdiff_t prediction_stride = width + std::uniform_int_distribution<int>(0, 9)(rng_);
        for (int xf = 0; xf < fractions; xf++) {
            for (int yf = 0; yf < fractions; yf++) {
                std::vector<Destination> expected(static_cast<size_t>(prediction_stride * height + 32), 7);
                (reference_.*entry)(source.block(), source.stride, width, height, xf, yf, expected.data(),
                                    prediction_stride);
                for (const PixelKernels* k : tables()) {
                    std::vector<Destination> got(expected.size(), 7);
                    (k->*entry)(source.block(), source.stride, width, height, xf, yf, got.data(), prediction_stride);
                    ASSERT_EQ(got, expected) << width << "x" << height << " fraction " << xf << "," << yf
                                             << " content " << content << " stride " << source.stride;
                }
            }
        }
    }
};

TEST_P(PredictionKernels, LumaInterpolation) {
    for (int content = 0; content < 3; content++) {
        for (int width = 1; width <= 64; width++) {
            for (int height : {1, 2, 4, 6, 8, 12, 16, 64}) {
                if (content > 0 && width % 4 != 0) continue;
                compare_interpolation(&PixelKernels::interpolate_luma, 4, width, height, content);
            }
        }
    }
    compare_interpolation(&PixelKernels::interpolate_luma, 4, 80, 72, 0);  // past one 64-row tile
    compare_interpolation(&PixelKernels::interpolate_luma, 4, 48, 66, 0);  // two rows a register, two tiles
}

TEST_P(PredictionKernels, ChromaInterpolation) {
    for (int content = 0; content < 3; content++) {
        for (int width = 1; width <= 32; width++) {
            for (int height : {1, 2, 4, 8, 32}) {
                compare_interpolation(&PixelKernels::interpolate_chroma, 8, width, height, content);
            }
        }
    }
}

// The fused versions against the scalar interpolation followed by the scalar weighting, with the
// extreme contents whose two-dimensional luma values wrap in the int16 path.
TEST_P(PredictionKernels, LumaInterpolationToUniSamples) {
    for (int content = 0; content < 3; content++) {
        for (int width = 1; width <= 64; width++) {
            for (int height : {1, 2, 4, 6, 8, 12, 16, 64}) {
                if (content > 0 && width % 4 != 0) continue;
                compare_interpolation<uint8_t>(&PixelKernels::interpolate_luma_uni, 4, width, height, content);
            }
        }
    }
}

TEST_P(PredictionKernels, ChromaInterpolationToUniSamples) {
    for (int content = 0; content < 3; content++) {
        for (int width = 1; width <= 32; width++) {
            for (int height : {1, 2, 4, 8, 32}) {
                compare_interpolation<uint8_t>(&PixelKernels::interpolate_chroma_uni, 8, width, height, content);
            }
        }
    }
}

TEST_P(PredictionKernels, WeightedUniAndBi) {
    for (int width = 1; width <= 64; width++) {
        for (int height : {1, 2, 4, 8, 64}) {
            for (int trial = 0; trial < 5; trial++) {
                const ptrdiff_t stride = width + std::uniform_int_distribution<int>(0, 17)(rng_);
                std::vector<int16_t> p0(static_cast<size_t>(stride * height + 32)), p1(p0.size());
                // Trial 0: the whole int16 range (wrapped values included); 1: the true luma range
                // near its ends; 2: the largest stored values and the smallest wrapped ones;
                if (trial == 0) fill(p0, -32768, 32767), fill(p1, -32768, 32767);
                if (trial == 1) fill(p0, -16830, -15000), fill(p1, 30000, 32767);
                if (trial == 2) fill(p0, 32700, 32767), fill(p1, -32768, -32300);
                // 3 and 4: sums around the clipping points (bi 0 and 255).
                if (trial == 3) fill(p0, -300, 300), fill(p1, -300, 300);
                if (trial == 4) fill(p0, 16100, 16500), fill(p1, 16100, 16500);
                const ptrdiff_t destination_stride = width + 5;
                std::vector<uint8_t> expected_uni(static_cast<size_t>(destination_stride * height + 32), 3);
                std::vector<uint8_t> expected_bi = expected_uni;
                reference_.weighted_uni(p0.data(), stride, expected_uni.data(), destination_stride, width, height);
                reference_.weighted_bi(p0.data(), p1.data(), stride, expected_bi.data(), destination_stride, width,
                                       height);
                for (const PixelKernels* k : tables()) {
                    std::vector<uint8_t> uni(expected_uni.size(), 3), bi(expected_bi.size(), 3);
                    k->weighted_uni(p0.data(), stride, uni.data(), destination_stride, width, height);
                    k->weighted_bi(p0.data(), p1.data(), stride, bi.data(), destination_stride, width, height);
                    ASSERT_EQ(uni, expected_uni) << "uni " << width << "x" << height << " trial " << trial;
                    ASSERT_EQ(bi, expected_bi) << "bi " << width << "x" << height << " trial " << trial;
                }
            }
        }
    }
}

TEST_P(PredictionKernels, Downscale2x) {
    for (int width = 1; width <= 80; width++) {
        for (int height : {1, 3, 8}) {
            for (int content = 0; content < 3; content++) {
                Buffer<uint8_t> source(2 * height, random_stride(2 * width) | 1);
                fill(source.storage, content == 1 ? 255 : 0, content == 2 ? 0 : 255);
                const ptrdiff_t destination_stride = width + 3;
                std::vector<uint8_t> expected(static_cast<size_t>(destination_stride * height + 16), 9);
                reference_.downscale_2x(source.block(), source.stride, expected.data(), destination_stride, width,
                                        height);
                for (const PixelKernels* k : tables()) {
                    std::vector<uint8_t> got(expected.size(), 9);
                    k->downscale_2x(source.block(), source.stride, got.data(), destination_stride, width, height);
                    ASSERT_EQ(got, expected) << width << "x" << height << " content " << content;
                }
            }
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Isa, PredictionKernels,
                         ::testing::Values(IsaCase{CpuLevel::kAvx2, init_pixel_kernels_avx2},
                                           IsaCase{CpuLevel::kAvx512, init_pixel_kernels_avx512}),
                         isa_name);

}  // namespace
}  // namespace tc::kernel_test
