// PixelKernels::md5_lanes with AVX2: the round functions from and, or, xor and andnot, the
// rotation from two shifts (md5_lanes_x86.h has the rest).
#include "kernels/x86/kernel_init_x86.h"
#include "kernels/x86/md5_lanes_x86.h"

namespace tc {
namespace {

struct Avx2Md5Ops {
    static constexpr bool kSplitsG = true;
    template <int kRound>
    static __m256i round_function(__m256i b, __m256i c, __m256i d) {
        if constexpr (kRound == 0)
            return _mm256_xor_si256(d, _mm256_and_si256(b, _mm256_xor_si256(c, d)));
        if constexpr (kRound == 1)
            return _mm256_or_si256(_mm256_and_si256(b, d), _mm256_andnot_si256(d, c));
        if constexpr (kRound == 2) return _mm256_xor_si256(_mm256_xor_si256(c, d), b);
        // I: c xor (b or not d); not d as d xor all-ones.
        return _mm256_xor_si256(c, _mm256_or_si256(b, _mm256_xor_si256(d, _mm256_set1_epi32(-1))));
    }
    template <int kBits>
    static __m256i rotate_left(__m256i x) {
        return _mm256_or_si256(_mm256_slli_epi32(x, kBits), _mm256_srli_epi32(x, 32 - kBits));
    }
};

}  // namespace

void init_md5_lanes_avx2(PixelKernels& kernels) {
    kernels.md5_lanes = md5_lanes_x86<Avx2Md5Ops>;
}

}  // namespace tc
