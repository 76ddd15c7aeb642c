// Intra prediction kernels against their scalar references (src/predict/intra_predict.cpp): every
// mode 0..34 at every size 4..32, with the boundary filters on (luma) and off (chroma, 32x32), on
// random, extreme (0/255 only), flat and ramp references; writes outside the block are caught by
// a sentinel-filled output with a wider stride, reads outside references[0..4N] and the block by
// guard pages. The dispatch through predict_intra (luma/chroma to boundary filters) is checked
// against the scalar predict_intra too.

#include <string>

#include "guarded_buffer.h"
#include "kernel_test_support.h"
#include "predict/intra_predict.h"

namespace tc::kernel_test {
namespace {

constexpr int kModes = 35;

enum class Content { kRandom, kExtremes, kFlat, kRamp };

// Where two outputs first differ (row and column in the buffer), or "none".
std::string first_difference(const std::vector<uint8_t>& got, const std::vector<uint8_t>& expected,
                             ptrdiff_t stride) {
    for (size_t i = 0; i < got.size(); i++) {
        if (got[i] != expected[i]) {
            return "row " + std::to_string(static_cast<ptrdiff_t>(i) / stride) + " column " +
                   std::to_string(static_cast<ptrdiff_t>(i) % stride) + ": " +
                   std::to_string(got[i]) + " instead of " + std::to_string(expected[i]);
        }
    }
    return "none";
}

class IntraPredictKernels : public KernelsVersusScalar {
  protected:
    // 4N+1 reference samples of the given kind.
    std::vector<uint8_t> references(int size, Content content) {
        std::vector<uint8_t> samples(static_cast<size_t>(4 * size + 1));
        std::uniform_int_distribution<int> any(0, 255), bit(0, 1);
        const int flat = any(rng_);
        const int start = any(rng_), slope = std::uniform_int_distribution<int>(-8, 8)(rng_);
        for (size_t i = 0; i < samples.size(); i++) {
            int value = 0;
            switch (content) {
                case Content::kRandom:
                    value = any(rng_);
                    break;
                case Content::kExtremes:
                    value = bit(rng_) * 255;
                    break;
                case Content::kFlat:
                    value = flat;
                    break;
                case Content::kRamp:
                    value = std::clamp(start + slope * static_cast<int>(i), 0, 255);
                    break;
            }
            samples[i] = static_cast<uint8_t>(value);
        }
        return samples;
    }

    // One kernel call into a sentinel-filled buffer with a stride wider than the block.
    static std::vector<uint8_t> predict(const PixelKernels& kernels, int size_index,
                                        const std::vector<uint8_t>& refs, int mode,
                                        bool boundary_filters, ptrdiff_t stride) {
        const int size = 4 << size_index;
        std::vector<uint8_t> block(static_cast<size_t>(stride * (size + 2)), 0xA5);
        kernels.predict_intra[size_index](refs.data(), mode, boundary_filters,
                                          block.data() + stride, stride);
        return block;
    }

    void compare_all_modes(Content content, int trials) {
        for (int trial = 0; trial < trials; trial++) {
            for (int size_index = 0; size_index < kTransformSizes; size_index++) {
                const int size = 4 << size_index;
                const std::vector<uint8_t> refs = references(size, content);
                const ptrdiff_t stride = random_stride(size);
                for (int mode = 0; mode < kModes; mode++) {
                    for (const bool filters : {false, true}) {
                        const std::vector<uint8_t> expected =
                            predict(reference_, size_index, refs, mode, filters, stride);
                        for (const PixelKernels* k : tables()) {
                            const std::vector<uint8_t> got =
                                predict(*k, size_index, refs, mode, filters, stride);
                            ASSERT_EQ(first_difference(got, expected, stride), "none")
                                << "(rows counted from the sentinel row above the block) " << size
                                << "x" << size << " mode " << mode << " boundary filters "
                                << filters << " trial " << trial;
                        }
                    }
                }
            }
        }
    }
};

TEST_P(IntraPredictKernels, RandomReferencesEveryModeAndSize) {
    compare_all_modes(Content::kRandom, 40);
}

TEST_P(IntraPredictKernels, ExtremeReferencesEveryModeAndSize) {
    compare_all_modes(Content::kExtremes, 40);
}

TEST_P(IntraPredictKernels, FlatAndRampReferencesEveryModeAndSize) {
    compare_all_modes(Content::kFlat, 5);
    compare_all_modes(Content::kRamp, 20);
}

// predict_intra through the table against the scalar predict_intra, luma and chroma: the boundary
// filters follow is_luma && N < 32.
TEST_P(IntraPredictKernels, DispatchMatchesScalarPredictIntra) {
    for (int log2_size = 2; log2_size <= 5; log2_size++) {
        const int size = 1 << log2_size;
        IntraReferences refs;
        refs.size = size;
        const std::vector<uint8_t> samples = references(size, Content::kRandom);
        std::copy(samples.begin(), samples.end(), refs.samples);
        for (int mode = 0; mode < kModes; mode++) {
            for (const bool is_luma : {true, false}) {
                std::vector<uint8_t> expected(32 * 32, 0), got(32 * 32, 0);
                predict_intra(refs, log2_size, mode, is_luma, expected.data(), 32);
                predict_intra(tested_, refs, log2_size, mode, is_luma, got.data(), 32);
                ASSERT_EQ(first_difference(got, expected, 32), "none")
                    << size << "x" << size << " mode " << mode << " luma " << is_luma;
            }
        }
    }
}

// Exactly the 4N+1 references and an output of N rows with stride N between guard pages: a read
// outside references[0..4N] or a write outside the block faults.
TEST_P(IntraPredictKernels, AccessesStayInsideReferencesAndBlock) {
    for (const auto placement : {GuardedBytes::kFront, GuardedBytes::kBack}) {
        for (int size_index = 0; size_index < kTransformSizes; size_index++) {
            const int size = 4 << size_index;
            const std::vector<uint8_t> refs = references(size, Content::kRandom);
            const GuardedBytes guarded_refs(refs.size(), placement);
            std::copy(refs.begin(), refs.end(), guarded_refs.data());
            const size_t block_bytes = static_cast<size_t>(size * size);
            const GuardedBytes block(block_bytes, placement);
            for (int mode = 0; mode < kModes; mode++) {
                for (const bool filters : {false, true}) {
                    reference_.predict_intra[size_index](guarded_refs.data(), mode, filters,
                                                         block.data(), size);
                    const std::vector<uint8_t> expected(block.data(), block.data() + block_bytes);
                    for (const PixelKernels* k : tables()) {
                        std::fill_n(block.data(), block_bytes, uint8_t{0});
                        k->predict_intra[size_index](guarded_refs.data(), mode, filters,
                                                     block.data(), size);
                        const std::vector<uint8_t> got(block.data(), block.data() + block_bytes);
                        ASSERT_EQ(first_difference(got, expected, size), "none")
                            << size << "x" << size << " mode " << mode;
                    }
                }
            }
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Isa, IntraPredictKernels,
                         ::testing::Values(IsaCase{CpuLevel::kAvx2, init_pixel_kernels_avx2},
                                           IsaCase{CpuLevel::kAvx512, init_pixel_kernels_avx512}),
                         isa_name);

}  // namespace
}  // namespace tc::kernel_test
