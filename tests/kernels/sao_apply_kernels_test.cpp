// SAO application kernels (sao_apply_band, sao_apply_edge) against their scalar references: every
// width and height 1..64 and some wider blocks, strides wider than the block, band offset at every
// band position and edge offset of every class, random offsets of the encoder's range and of the
// whole int8_t range (extremes included), samples all over 0..255 and piled up near 0 and 255
// (clipping). The output planes are compared whole, so a sample written outside the block fails;
// planes between inaccessible pages prove that nothing outside the block (and, for edge classes,
// its neighbours of that class) is read or written.

#include <algorithm>
#include <array>
#include <string>

#include "filter/sao.h"
#include "guarded_buffer.h"
#include "kernel_test_support.h"

namespace tc::kernel_test {
namespace {

// The rows and columns of neighbours an edge class reads around the block.
struct Margin {
    int columns, rows;
};
constexpr Margin kEdgeMargin[4] = {{1, 0}, {0, 1}, {1, 1}, {1, 1}};

class SaoApplyKernels : public KernelsVersusScalar {
  protected:
    static constexpr int kContents = 4;
    static constexpr int kOffsetKinds = 4;

    // content 0: uniform 0..255; 1: near 0 and 255 only (the clipping); 2: three close levels
    // (many equal neighbours, Sign() = 0); 3: a ramp through every value (every band).
    void fill_input(Buffer<uint8_t>& input, int content) {
        std::uniform_int_distribution<int> any(0, 255), low(0, 7), level(0, 2), coin(0, 1);
        for (size_t i = 0; i < input.storage.size(); i++) {
            int value = any(rng_);
            if (content == 1) value = coin(rng_) ? low(rng_) : 255 - low(rng_);
            if (content == 2) value = 120 + level(rng_);
            if (content == 3) value = static_cast<int>(i * 7 % 256);
            input.storage[i] = static_cast<uint8_t>(value);
        }
    }

    // kind 0: the encoder's range (edge signs as 7.4.9.3.2 sets them); 1: any int8_t; 2: the
    // extremes -128 and 127; 3: +-7 and +-1, the largest the bitstream can carry.
    std::array<int8_t, 4> random_offsets(int kind, bool edge) {
        std::array<int8_t, 4> offsets{};
        std::uniform_int_distribution<int> spec(0, 7), any(-128, 127), coin(0, 1);
        for (int k = 0; k < 4; k++) {
            int offset = 0;
            if (kind == 0) offset = (edge ? k < 2 : coin(rng_) != 0) ? spec(rng_) : -spec(rng_);
            if (kind == 1) offset = any(rng_);
            if (kind == 2) offset = coin(rng_) ? 127 : -128;
            if (kind == 3) offset = (coin(rng_) ? 7 : 1) * (coin(rng_) ? 1 : -1);
            offsets[static_cast<size_t>(k)] = static_cast<int8_t>(offset);
        }
        return offsets;
    }

    // Runs `apply` (band or edge, given a table) on copies of one random output plane and
    // compares the whole planes, the stride's gap and the margins included.
    template <typename Apply>
    void compare_outputs(int width, int height, const Apply& apply, const char* what) {
        Buffer<uint8_t> initial(height, random_stride(width));
        fill(initial.storage, 0, 255);
        Buffer<uint8_t> expected = initial;
        apply(reference_, expected.block(), expected.stride);
        for (const PixelKernels* k : tables()) {
            Buffer<uint8_t> got = initial;
            apply(*k, got.block(), got.stride);
            ASSERT_EQ(got.storage, expected.storage) << what << " " << width << "x" << height;
        }
    }

    void compare_band(const Buffer<uint8_t>& input, int width, int height, int band_position,
                      const std::array<int8_t, 4>& offsets, int content) {
        const std::string what = "band position " + std::to_string(band_position) + " offsets " +
                                 describe(offsets) + " content " + std::to_string(content);
        compare_outputs(
            width, height,
            [&](const PixelKernels& k, uint8_t* output, ptrdiff_t output_stride) {
                k.sao_apply_band(input.block(), input.stride, output, output_stride, width, height,
                                 band_position, offsets.data());
            },
            what.c_str());
    }

    void compare_edge(const Buffer<uint8_t>& input, int width, int height, int eo_class,
                      const std::array<int8_t, 4>& offsets, int content) {
        const std::string what = "edge class " + std::to_string(eo_class) + " offsets " +
                                 describe(offsets) + " content " + std::to_string(content);
        compare_outputs(
            width, height,
            [&](const PixelKernels& k, uint8_t* output, ptrdiff_t output_stride) {
                k.sao_apply_edge(input.block(), input.stride, output, output_stride, width, height,
                                 eo_class, offsets.data());
            },
            what.c_str());
    }

    // Band offset at a random position and edge offset of every class, on one random input.
    void compare_all(int width, int height, int content, int offset_kind) {
        Buffer<uint8_t> input(height, random_stride(width));
        fill_input(input, content);
        const int band_position = std::uniform_int_distribution<int>(0, 31)(rng_);
        compare_band(input, width, height, band_position, random_offsets(offset_kind, false),
                     content);
        for (int eo_class = 0; eo_class < 4 && !HasFatalFailure(); eo_class++)
            compare_edge(input, width, height, eo_class, random_offsets(offset_kind, true),
                         content);
    }

    static std::string describe(const std::array<int8_t, 4>& offsets) {
        std::string text;
        for (const int8_t offset : offsets) text += std::to_string(offset) + " ";
        return text;
    }
};

TEST_P(SaoApplyKernels, EveryWidthAndHeight) {
    int round = 0;
    for (int width = 1; width <= 64; width++) {
        for (int height = 1; height <= 64; height++, round++) {
            compare_all(width, height, round % kContents, round / kContents % kOffsetKinds);
            ASSERT_FALSE(HasFatalFailure());
        }
    }
}

// Several vectors a row and the partial ones after them; the encoder's blocks are at most 64
// wide, the contract has no limit.
TEST_P(SaoApplyKernels, WideBlocks) {
    for (int width : {65, 95, 96, 100, 127, 128, 129, 200}) {
        for (int content = 0; content < kContents; content++) {
            for (int offset_kind = 0; offset_kind < kOffsetKinds; offset_kind++) {
                compare_all(width, 5, content, offset_kind);
                ASSERT_FALSE(HasFatalFailure());
            }
        }
    }
}

// Every band position (the window wrapping past band 31) with offsets of every kind, on ramps
// through all 256 values, at widths of each of the kernels' row shapes.
TEST_P(SaoApplyKernels, EveryBandPosition) {
    for (int width : {64, 33, 32, 20, 16, 7}) {
        Buffer<uint8_t> input(9, random_stride(width));
        fill_input(input, 3);
        for (int band_position = 0; band_position < 32; band_position++) {
            for (int offset_kind = 0; offset_kind < kOffsetKinds; offset_kind++) {
                compare_band(input, width, 9, band_position, random_offsets(offset_kind, false), 3);
                ASSERT_FALSE(HasFatalFailure());
            }
        }
    }
}

// The clipping: samples near 0 and 255 with the offsets that push them furthest past either end.
TEST_P(SaoApplyKernels, ClipsAtBothEnds) {
    const std::array<std::array<int8_t, 4>, 4> extremes = {
        {{127, 127, -128, -128}, {-128, -128, 127, 127}, {7, 7, -7, -7}, {-7, 7, -7, 7}}};
    for (int width : {64, 63, 32, 31, 16, 15, 1}) {
        Buffer<uint8_t> input(8, random_stride(width));
        fill_input(input, 1);
        for (const auto& offsets : extremes) {
            for (int band_position : {0, 29, 30, 31})
                compare_band(input, width, 8, band_position, offsets, 1);
            for (int eo_class = 0; eo_class < 4; eo_class++)
                compare_edge(input, width, 8, eo_class, offsets, 1);
            ASSERT_FALSE(HasFatalFailure());
        }
    }
}

// Input planes of exactly the block and the neighbours its class reads (none for bands), output
// planes of exactly the block, both with the stride the margin gives; each touching a guard page
// at its front or its back. A read or write outside faults; the results must still agree. Unlike
// the statistics kernels' guard test, no bytes past the end may be read.
TEST_P(SaoApplyKernels, ReadsAndWritesStayInsideTheBlock) {
    std::uniform_int_distribution<int> any(0, 255);
    for (const auto placement : {GuardedBytes::kFront, GuardedBytes::kBack}) {
        for (int width = 1; width <= 66; width++) {
            for (int height : {1, 2, 3, 17}) {
                for (int type = 0; type < 5; type++) {  // band, then edge classes 0..3
                    const Margin margin = type == 0 ? Margin{0, 0} : kEdgeMargin[type - 1];
                    const ptrdiff_t input_stride = width + 2 * margin.columns;
                    const size_t input_bytes = static_cast<size_t>(input_stride) *
                                               static_cast<size_t>(height + 2 * margin.rows);
                    const GuardedBytes input(input_bytes, placement);
                    for (size_t i = 0; i < input_bytes; i++)
                        input.data()[i] = static_cast<uint8_t>(any(rng_));
                    const uint8_t* block =
                        input.data() + margin.rows * input_stride + margin.columns;
                    const size_t output_bytes =
                        static_cast<size_t>(width) * static_cast<size_t>(height);
                    const GuardedBytes expected(output_bytes, placement),
                        got(output_bytes, placement);
                    const std::array<int8_t, 4> offsets = random_offsets(1, type != 0);
                    auto apply = [&](const PixelKernels& k, uint8_t* output) {
                        if (type == 0)
                            k.sao_apply_band(block, input_stride, output, width, width, height, 17,
                                             offsets.data());
                        else
                            k.sao_apply_edge(block, input_stride, output, width, width, height,
                                             type - 1, offsets.data());
                    };
                    apply(reference_, expected.data());
                    for (const PixelKernels* k : tables()) {
                        std::fill_n(got.data(), output_bytes, uint8_t{0});
                        apply(*k, got.data());
                        ASSERT_TRUE(
                            std::equal(got.data(), got.data() + output_bytes, expected.data()))
                            << "type " << type << " " << width << "x" << height;
                    }
                }
            }
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Isa, SaoApplyKernels,
                         ::testing::Values(IsaCase{CpuLevel::kAvx2, init_pixel_kernels_avx2},
                                           IsaCase{CpuLevel::kAvx512, init_pixel_kernels_avx512}),
                         isa_name);

}  // namespace
}  // namespace tc::kernel_test
