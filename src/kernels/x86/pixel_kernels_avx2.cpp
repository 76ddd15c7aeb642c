// The AVX2 level of the kernel table: every family that has an AVX2 file. Compiled with -mavx2;
// called only once CPUID has reported AVX2 (kernel_dispatch.cpp).
#include "kernels/kernel_dispatch.h"
#include "kernels/x86/kernel_init_x86.h"

namespace tc {

void init_pixel_kernels_avx2(PixelKernels& kernels) {
#if defined(__AVX2__)
    init_sad_avx2(kernels);
    init_sse_avx2(kernels);
    init_satd_avx2(kernels);
    init_residual_avx2(kernels);
    init_interpolation_avx2(kernels);
    init_weighting_avx2(kernels);
    init_quantize_avx2(kernels);
    init_transform_avx2(kernels);
    init_transform_zero_avx2(kernels);
    init_residual_rate_avx2(kernels);
    init_downscale_avx2(kernels);
    init_sao_avx2(kernels);
    init_deblocking_avx2(kernels);
    init_sao_apply_avx2(kernels);
    init_intra_predict_avx2(kernels);
    init_md5_lanes_avx2(kernels);
#else  // not x86, or built without the per-file flags: the table keeps what it has
    (void)kernels;
#endif
}

}  // namespace tc
