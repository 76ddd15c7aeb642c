// <immintrin.h> for the AVX-512 kernel files. GCC 12 reports -Wmaybe-uninitialized (and, where
// a helper is inlined twice, -Wuninitialized) inside its own AVX-512 intrinsics (their
// _mm512_undefined_* operands initialise themselves) wherever they are inlined; the warning is
// about the header, not about the kernels, so both are off for the rest of the including file.
#pragma once
#include <immintrin.h>

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
#endif
