// Marks functions that both the CPU mirror and the CUDA kernels call, so that the two
// backends share one definition of each arithmetic step.
#pragma once

#if defined(__CUDACC__)
#define TC_HOST_DEVICE __host__ __device__
#else
#define TC_HOST_DEVICE
#endif

// Unroll the next loop in device code (so that the small arrays it indexes stay in registers).
#if defined(__CUDA_ARCH__)
#define TC_UNROLL _Pragma("unroll")
#else
#define TC_UNROLL
#endif
