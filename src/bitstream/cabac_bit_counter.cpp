#include "bitstream/cabac_bit_counter.h"

#include "bitstream/cabac_tables.h"

namespace tc {
namespace {

constexpr uint64_t kOneBit = uint64_t{1} << CabacBitCounter::kFracBits;
static_assert(CabacBitCounter::kFracBits == kCabacCostFracBits);

// terminate(0) costs log2(range / (range - 2)); averaged over range in [256, 510] that is about
// 0.0078 bit. terminate(1) renormalizes by exactly 7 bits.
constexpr uint64_t kTerminateZeroCost = 257;
constexpr uint64_t kTerminateOneCost = 7 * kOneBit;

}  // namespace

void CabacBitCounter::encode_bypass(int) {
    fractional_bits_ += kOneBit;
}

void CabacBitCounter::encode_bypass_bits(uint32_t, int count) {
    if (count > 0) fractional_bits_ += kOneBit * static_cast<uint64_t>(count);
}

void CabacBitCounter::encode_terminate(int bin) {
    fractional_bits_ += bin != 0 ? kTerminateOneCost : kTerminateZeroCost;
}

}  // namespace tc
