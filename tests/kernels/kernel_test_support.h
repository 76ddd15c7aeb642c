// The checkasm-style fixture shared by the kernel tests: one instance per ISA level, skipped
// (with the reason) where the CPU lacks the ISA, holding the scalar table, the table the encoder
// gets at that level and a table with only that ISA's own entries over the scalar ones.
#pragma once
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "kernels/cpu_features.h"
#include "kernels/kernel_dispatch.h"
#include "kernels/pixel_kernels.h"

namespace tc::kernel_test {

struct IsaCase {
    CpuLevel level;
    void (*init)(PixelKernels&);  // the ISA's own overrides
};

inline std::string isa_name(const ::testing::TestParamInfo<IsaCase>& info) {
    return cpu_level_name(info.param.level);
}

// A picture-like buffer: `rows` rows of `stride` elements with a margin row above and below and
// kKernelOverread spare elements at the end, so that the kernels' reads stay inside.
template <typename T>
struct Buffer {
    Buffer(int height, ptrdiff_t stride_, int margin_rows = 1)
        : stride(stride_), margin(margin_rows),
          storage(static_cast<size_t>(stride_ * (height + 2 * margin_rows) + kKernelOverread)) {}
    T* block() { return storage.data() + margin * stride + margin_columns; }
    const T* block() const { return storage.data() + margin * stride + margin_columns; }
    ptrdiff_t stride;
    int margin;
    static constexpr int margin_columns = 8;  // room for the taps left of the block
    std::vector<T> storage;
};

class KernelsVersusScalar : public ::testing::TestWithParam<IsaCase> {
protected:
    void SetUp() override {
        const IsaCase isa = GetParam();
        const CpuLevel available = highest_cpu_level(detect_cpu_features());
        if (available < isa.level) {
            GTEST_SKIP() << "CPU lacks " << cpu_level_name(isa.level) << " (has " << cpu_level_name(available)
                         << "): not tested on this machine";
        }
        init_scalar_pixel_kernels(reference_);
        init_pixel_kernels(tested_, isa.level);
        own_ = reference_;
        isa.init(own_);
        std::printf("[   INFO   ] testing %s kernels\n", cpu_level_name(isa.level));
        RecordProperty("isa", cpu_level_name(isa.level));
    }

    // The dispatched table and the ISA's own entries (which a higher level may shadow).
    std::vector<const PixelKernels*> tables() const { return {&tested_, &own_}; }

    ptrdiff_t random_stride(int width) { return width + 16 + std::uniform_int_distribution<int>(0, 80)(rng_); }
    template <typename T>
    void fill(std::vector<T>& v, int low, int high) {
        std::uniform_int_distribution<int> d(low, high);
        for (T& x : v) x = static_cast<T>(d(rng_));
    }

    PixelKernels reference_{}, tested_{}, own_{};
    std::mt19937 rng_{12345};
};

}  // namespace tc::kernel_test
