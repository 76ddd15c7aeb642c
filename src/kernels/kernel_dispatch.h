// Fills a per-encoder PixelKernels table: scalar references first, then the SIMD versions the
// CPU has and the caller allows (dav1d's *_init_x86 pattern, without global function pointers).
#pragma once
#include "kernels/cpu_features.h"
#include "kernels/pixel_kernels.h"

namespace tc {

// Detects the CPU and fills `kernels` with the best versions up to `allowed`. Returns the level
// actually used (the lower of `allowed` and what the CPU has).
CpuLevel init_pixel_kernels(PixelKernels& kernels, CpuLevel allowed);

// Same with the CPU features given (tests, or a caller that detected them once).
CpuLevel init_pixel_kernels(PixelKernels& kernels, CpuLevel allowed, const CpuFeatures& cpu);

// Per-ISA overrides, defined in src/kernels/x86/pixel_kernels_<isa>.cpp (compiled with that
// ISA's flags). Each replaces the entries it has and leaves the others, so at CpuLevel::kAvx512
// the table holds AVX-512 kernels where there are some and AVX2 ones elsewhere. Call one only
// when the CPU has the ISA; on non-x86 builds they leave the table untouched.
void init_pixel_kernels_avx2(PixelKernels& kernels);
void init_pixel_kernels_avx512(PixelKernels& kernels);

}  // namespace tc
