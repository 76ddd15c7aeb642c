// PixelKernels::md5_lanes with AVX-512 (VL, on 256-bit registers): each round function is one
// three-input logic instruction and the rotation one instruction, which shortens the chain of
// dependent instructions a step from about eight to five (md5_lanes_x86.h has the rest).
#include "kernels/x86/avx512_intrinsics.h"
#include "kernels/x86/kernel_init_x86.h"
#include "kernels/x86/md5_lanes_x86.h"

namespace tc {
namespace {

// The immediate of vpternlogd for f(b, c, d): bit (b << 2 | c << 1 | d) of it is f of those bits.
template <class F>
constexpr int ternary_logic_table(F f) {
    int table = 0;
    for (int i = 0; i < 8; i++) table |= (f((i >> 2) & 1, (i >> 1) & 1, i & 1) & 1) << i;
    return table;
}

struct Avx512Md5Ops {
    static constexpr bool kSplitsG = false;  // G is one instruction already
    template <int kRound>
    static __m256i round_function(__m256i b, __m256i c, __m256i d) {
        constexpr int kTable = ternary_logic_table([](int x, int y, int z) {
            if (kRound == 0) return (x & y) | (~x & z);  // F
            if (kRound == 1) return (x & z) | (y & ~z);  // G
            if (kRound == 2) return x ^ y ^ z;           // H
            return y ^ (x | ~z);                         // I
        });
        return _mm256_ternarylogic_epi32(b, c, d, kTable);
    }
    template <int kBits>
    static __m256i rotate_left(__m256i x) {
        return _mm256_rol_epi32(x, kBits);
    }
};

}  // namespace

void init_md5_lanes_avx512(PixelKernels& kernels) {
    kernels.md5_lanes = md5_lanes_x86<Avx512Md5Ops>;
}

}  // namespace tc
