// Encoder side of sign data hiding (H.265 7.3.8.11 signHidden): in each 4x4 sub-block
// whose first and last non-zero levels are more than 3 scan positions apart, the
// decoder infers the first level's sign from the parity of the sum of magnitudes.
// Where the parity is wrong, change one level by +-1 where the rounding error says it
// costs least.
#pragma once
#include <cstdint>

namespace tc {

// levels: quantised levels (row-major), coeffs: the transform coefficients they came
// from, rounding_error: quantize()'s per-coefficient error in 1/256 level units.
void apply_sign_data_hiding(int32_t* levels, const int32_t* coeffs, const int32_t* rounding_error,
                            int log2_size, int scan_idx);

}  // namespace tc
