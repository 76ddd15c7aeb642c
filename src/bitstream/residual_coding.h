// residual_coding() of H.265 7.3.8.11 with the context selection of 9.3.4.2.
// A template over the coder (CabacEncoder writes bits, CabacBitCounter estimates them).
#pragma once
#include <cstdint>

#include "bitstream/cabac_contexts.h"

namespace tc {

struct ResidualBlock {
    const int16_t* levels;  // row-major, (1 << log2_size)^2, at least one non-zero
    int log2_size;          // 2..5
    int component;          // 0 luma, 1 Cb, 2 Cr
    int scan_idx;           // kScanDiagonal / kScanHorizontal / kScanVertical (7.4.9.11)
    bool sign_data_hiding;  // sign_data_hiding_enabled_flag (and not transquant bypass)
};

class CabacEncoder;
class CabacBitCounter;
class CabacRateEstimator;

template <class Coder>
void write_residual_coding(Coder& coder, CabacContexts& contexts, const ResidualBlock& block);
template <>
void write_residual_coding<CabacEncoder>(CabacEncoder& coder, CabacContexts& contexts, const ResidualBlock& block);
template <>
void write_residual_coding<CabacBitCounter>(CabacBitCounter& coder, CabacContexts& contexts,
                                            const ResidualBlock& block);
// An estimate from the levels alone; leaves the contexts as they are.
template <>
void write_residual_coding<CabacRateEstimator>(CabacRateEstimator& coder, CabacContexts& contexts,
                                               const ResidualBlock& block);

// scanIdx of 7.4.9.11 for an intra block: mode-dependent for luma 4x4/8x8 and chroma 4x4.
int intra_scan_idx(int log2_size, int component, int intra_mode);

}  // namespace tc
