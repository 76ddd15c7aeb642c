// The AVX-512 level of the kernel table: the families with an AVX-512 file, on top of the AVX2
// level (kernel_dispatch.cpp applies that first). Compiled with the AVX-512 flags; called only
// once CPUID has reported AVX-512 F, BW, VL and DQ with the OS saving ZMM state.
#include "kernels/kernel_dispatch.h"
#include "kernels/x86/kernel_init_x86.h"

namespace tc {

void init_pixel_kernels_avx512(PixelKernels& kernels) {
#if defined(__AVX512F__) && defined(__AVX512BW__)
    init_sad_avx512(kernels);
    init_weighting_avx512(kernels);
    init_quantize_avx512(kernels);
    init_transform_avx512(kernels);
    init_satd_avx512(kernels);
    init_interpolation_avx512(kernels);
    init_sao_avx512(kernels);
    init_sao_apply_avx512(kernels);
    init_md5_lanes_avx512(kernels);
#else
    (void)kernels;
#endif
}

}  // namespace tc
