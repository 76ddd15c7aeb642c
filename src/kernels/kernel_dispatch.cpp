// Kernel table initialisation by CPU level. Compiled with the library's portable flags: it only
// calls into the per-ISA files once the CPU is known to have the ISA.
#include "kernels/kernel_dispatch.h"

namespace tc {

CpuLevel init_pixel_kernels(PixelKernels& kernels, CpuLevel allowed, const CpuFeatures& cpu) {
    const CpuLevel available = highest_cpu_level(cpu);
    const CpuLevel level = allowed < available ? allowed : available;
    init_scalar_pixel_kernels(kernels);
    if (level >= CpuLevel::kAvx2) init_pixel_kernels_avx2(kernels);
    if (level >= CpuLevel::kAvx512) init_pixel_kernels_avx512(kernels);
    return level;
}

CpuLevel init_pixel_kernels(PixelKernels& kernels, CpuLevel allowed) {
    return init_pixel_kernels(kernels, allowed, detect_cpu_features());
}

}  // namespace tc
