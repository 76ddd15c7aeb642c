#include "bitstream/residual_coding.h"

#include <algorithm>
#include <bit>
#include <cstdlib>
#include <cstring>

#include "bitstream/cabac_bit_counter.h"
#include "bitstream/cabac_encoder.h"
#include "bitstream/sub_block_significance.h"
#include "common/coded_sub_blocks.h"
#include "common/scan_order.h"
#include "kernels/residual_rate.h"

namespace tc {

namespace {

// H.265 9.3.4.2.5: ctxIdxMap for sig_coeff_flag in 4x4 blocks.
constexpr uint8_t kSigCtxIdxMap4x4[16] = {0, 1, 4, 5, 2, 3, 4, 5, 6, 6, 8, 8, 7, 7, 8, 8};

// sig_coeff_flag's position pattern in sub-blocks of 8x8 and larger blocks (9.3.4.2.5): by
// prevCsbf (right flag + 2 * below flag) and scan position n inside the sub-block, the value
// 0..2 before the block's offsets are added.
struct SigPattern {
    uint8_t ctx[3][4][16];  // [scan_idx][prevCsbf][n]
};

constexpr SigPattern make_sig_pattern() {
    SigPattern pattern{};
    for (int scan_idx = 0; scan_idx < 3; scan_idx++) {
        const CoefficientScan& scan = kCoefficientScans[0][scan_idx];
        for (int prev_csbf = 0; prev_csbf < 4; prev_csbf++) {
            for (int n = 0; n < 16; n++) {
                const int x_p = scan.x[n], y_p = scan.y[n];
                int ctx;
                if (prev_csbf == 0) {
                    ctx = (x_p + y_p == 0) ? 2 : (x_p + y_p < 3) ? 1 : 0;
                } else if (prev_csbf == 1) {
                    ctx = (y_p == 0) ? 2 : (y_p == 1) ? 1 : 0;
                } else if (prev_csbf == 2) {
                    ctx = (x_p == 0) ? 2 : (x_p == 1) ? 1 : 0;
                } else {
                    ctx = 2;
                }
                pattern.ctx[scan_idx][prev_csbf][n] = static_cast<uint8_t>(ctx);
            }
        }
    }
    return pattern;
}

constexpr SigPattern kSigPattern = make_sig_pattern();

// sig_coeff_flag's context in a 4x4 block by scan position n, per scan (ctxIdxMap of the
// position the scan visits at n).
struct Sig4x4Contexts {
    uint8_t ctx[3][16];
    constexpr const uint8_t* operator[](int scan_idx) const { return ctx[scan_idx]; }
};

constexpr Sig4x4Contexts make_sig_4x4_contexts() {
    Sig4x4Contexts table{};
    for (int scan_idx = 0; scan_idx < 3; scan_idx++) {
        const CoefficientScan& scan = kCoefficientScans[0][scan_idx];
        for (int n = 0; n < 16; n++) table.ctx[scan_idx][n] = kSigCtxIdxMap4x4[scan.in_sub_block[n]];
    }
    return table;
}

constexpr Sig4x4Contexts kSig4x4Contexts = make_sig_4x4_contexts();


template <class Coder>
[[gnu::always_inline]] inline void write_last_position_prefix(Coder& coder, ContextModel* contexts, int position, int log2_size,
                                int component) {
    // 9.3.4.2.3: context offset and shift of the prefix bins.
    int offset, shift;
    if (component == 0) {
        offset = 3 * (log2_size - 2) + ((log2_size - 1) >> 2);
        shift = (log2_size + 1) >> 2;
    } else {
        offset = 15;
        shift = log2_size - 2;
    }
    const int group = kLastPositionGroup[position];
    const int max_prefix = (log2_size << 1) - 1;  // TR binarisation with cMax
    for (int bin = 0; bin < group; bin++) coder.encode_bin(contexts[offset + (bin >> shift)], 1);
    if (group < max_prefix) coder.encode_bin(contexts[offset + (group >> shift)], 0);
}

template <class Coder>
void write_last_position_suffix(Coder& coder, int position) {
    const int group = kLastPositionGroup[position];
    if (group > 3) {
        const int bits = (group >> 1) - 1;
        coder.encode_bypass_bits(static_cast<uint32_t>(position - kLastGroupFirstPosition[group]), bits);
    }
}

// coeff_abs_level_remaining binarisation (9.3.3.11, version 1: cMax prefix of 4 ones
// before the Exp-Golomb escape).
template <class Coder>
void write_abs_level_remaining(Coder& coder, uint32_t value, int rice) {
    const uint32_t prefix_threshold = 3u << rice;
    if (value < prefix_threshold + (1u << rice)) {
        // value < 4 << rice: unary prefix of (value >> rice) ones, a zero, rice suffix bits.
        const uint32_t prefix = value >> rice;
        coder.encode_bypass_bits((1u << (prefix + 1)) - 2, static_cast<int>(prefix + 1));
        coder.encode_bypass_bits(value & ((1u << rice) - 1), rice);
        return;
    }
    // Escape: prefix of 4 + k ones (k >= 0) and a zero, then an Exp-Golomb-k suffix.
    // EGk with k = rice + 1 (9.3.3.3) of value - (4 << rice).
    const uint32_t code = value - (4u << rice);
    int k = 0;
    uint32_t base = 0;
    while (code >= base + (1u << (rice + k + 1))) {
        base += 1u << (rice + k + 1);
        k++;
    }
    const int length = rice + k + 1;
    const int prefix_ones = 4 + k;
    // prefix_ones ones then a zero; may exceed 32 bins only for absurd values (levels are 16-bit).
    coder.encode_bypass_bits((1u << (prefix_ones + 1)) - 2, prefix_ones + 1);
    coder.encode_bypass_bits(code - base, length);
}

}  // namespace

int intra_scan_idx(int log2_size, int component, int intra_mode) {
    // 7.4.9.11: for 4:2:0, luma 4x4/8x8 and chroma 4x4 use the mode-dependent scan.
    const bool mode_dependent = log2_size == 2 || (log2_size == 3 && component == 0);
    if (!mode_dependent) return kScanDiagonal;
    if (intra_mode >= 6 && intra_mode <= 14) return kScanVertical;
    if (intra_mode >= 22 && intra_mode <= 30) return kScanHorizontal;
    return kScanDiagonal;
}

namespace {

template <class Coder>
void write_residual_block(Coder& coder, CabacContexts& contexts, const ResidualBlock& block) {
    const int log2_size = block.log2_size;
    const int log2_sub_blocks = log2_size - 2;
    const int sub_block_count = 1 << (2 * log2_sub_blocks);
    const bool luma = block.component == 0;
    const int scan_idx = block.scan_idx;
    const int16_t* levels = block.levels;
    const CoefficientScan& scan = coefficient_scan(log2_size, scan_idx);

    // The coded sub-block flags, then the last significant coefficient in scan order.
    uint8_t coded_sub_block[8][8];
    mark_coded_sub_blocks(levels, log2_size, coded_sub_block);
    int last_sub_block = -1, last_position_in_sub_block = -1;
    for (int i = sub_block_count - 1; i >= 0 && last_sub_block < 0; i--) {
        if (!coded_sub_block[scan.sub_x[i]][scan.sub_y[i]]) continue;
        const int16_t* sub = levels + scan.sub_block[i];
        for (int n = 15; n >= 0; n--) {
            if (sub[scan.in_sub_block[n]] != 0) {
                last_sub_block = i;
                last_position_in_sub_block = n;
                break;
            }
        }
    }

    // last_sig_coeff_{x,y}: swapped for the vertical scan (7.4.9.11).
    {
        int last_x = (scan.sub_x[last_sub_block] << 2) + scan.x[last_position_in_sub_block];
        int last_y = (scan.sub_y[last_sub_block] << 2) + scan.y[last_position_in_sub_block];
        if (scan_idx == kScanVertical) std::swap(last_x, last_y);
        write_last_position_prefix(coder, contexts.last_sig_coeff_x_prefix, last_x, log2_size,
                                   block.component);
        write_last_position_prefix(coder, contexts.last_sig_coeff_y_prefix, last_y, log2_size,
                                   block.component);
        write_last_position_suffix(coder, last_x);
        write_last_position_suffix(coder, last_y);
    }

    int greater1_context_state = 1;  // greater1Ctx carried between sub-blocks (9.3.4.2.6)
    bool first_sub_block_with_levels = true;
    for (int i = last_sub_block; i >= 0; i--) {
        const int x_sub = scan.sub_x[i], y_sub = scan.sub_y[i];
        const int right_csbf = (x_sub + 1 < (1 << log2_sub_blocks)) ? coded_sub_block[x_sub + 1][y_sub] : 0;
        const int below_csbf = (y_sub + 1 < (1 << log2_sub_blocks)) ? coded_sub_block[x_sub][y_sub + 1] : 0;

        bool infer_dc_significant = false;
        if (i < last_sub_block && i > 0) {
            const int ctx = std::min(1, right_csbf + below_csbf) + (luma ? 0 : 2);
            coder.encode_bin(contexts.coded_sub_block_flag[ctx], coded_sub_block[x_sub][y_sub]);
            infer_dc_significant = true;
        }
        // A sub-block without levels has nothing more (only the DC one, i == 0, is coded
        // with its flag inferred to 1 and may still have none).
        if (!coded_sub_block[x_sub][y_sub] && i != 0) continue;

        // This sub-block's significance (bit n: scan position n); its levels are read where
        // significant only.
        const int16_t* sub_levels = levels + scan.sub_block[i];
        const uint32_t significant_mask = significance_in_scan_order(sub_levels, 1 << log2_size, scan_idx);

        // sig_coeff_flag (9.3.4.2.5).
        const int start = (i == last_sub_block) ? last_position_in_sub_block - 1 : 15;
        // The first and last sub-blocks have coded_sub_block_flag inferred to 1.
        if ((coded_sub_block[x_sub][y_sub] || i == 0) && start >= 0) {
            // Every position's context first (one table row per case), so that the loop over
            // the bins carries nothing but the coder's state.
            uint8_t ctx[16];
            if (log2_size == 2) {
                const uint8_t* map = kSig4x4Contexts[scan_idx];
                const int offset = luma ? 0 : 27;
                for (int n = 0; n < 16; n++) ctx[n] = static_cast<uint8_t>(map[n] + offset);
            } else {
                const int prev_csbf = right_csbf + (below_csbf << 1);
                const uint8_t* pattern = kSigPattern.ctx[scan_idx][prev_csbf];
                // The block's offsets on top of the pattern (contexts 27.. are chroma's).
                int offset;
                if (luma) {
                    offset = (x_sub + y_sub > 0 ? 3 : 0) + (log2_size == 3 ? (scan_idx == kScanDiagonal ? 9 : 15) : 21);
                } else {
                    offset = 27 + (log2_size == 3 ? 9 : 12);
                }
                for (int n = 0; n < 16; n++) ctx[n] = static_cast<uint8_t>(pattern[n] + offset);
                if (i == 0) ctx[0] = luma ? 0 : 27;  // the block's DC
            }
            ContextModel* sig_contexts = contexts.sig_coeff_flag;
            if (start > 0) coder.encode_bins_descending(sig_contexts, ctx, significant_mask, start, 1);
            // Position 0 is inferred significant when the sub-block's flag was coded and no
            // other position is.
            const bool others_significant = (significant_mask & ((2u << start) - 2u)) != 0;
            if (!infer_dc_significant || others_significant) coder.encode_bin(sig_contexts[ctx[0]], static_cast<int>(significant_mask & 1u));
        }

        // Levels of this sub-block, in reverse scan order.
        int absolute[16];
        bool negative[16];
        int count = 0;
        for (uint32_t remaining = significant_mask; remaining != 0; count++) {
            const int n = 31 - std::countl_zero(remaining);  // the highest scan position left
            remaining &= ~(1u << n);
            const int level = sub_levels[scan.in_sub_block[n]];
            absolute[count] = std::abs(level);
            negative[count] = level < 0;
        }
        if (count == 0) continue;  // only the DC sub-block can be coded with no level
        const int last_sig_scan_pos = 31 - std::countl_zero(significant_mask);
        const int first_sig_scan_pos = std::countr_zero(significant_mask);

        // coeff_abs_level_greater1_flag (9.3.4.2.6).
        int context_set = (i == 0 || !luma) ? 0 : 2;
        if (!first_sub_block_with_levels && greater1_context_state == 0) context_set++;
        first_sub_block_with_levels = false;
        int greater1_ctx = 1;
        int first_greater1_index = -1;
        const int greater1_count = std::min(count, 8);
        for (int k = 0; k < greater1_count; k++) {
            const int flag = absolute[k] > 1 ? 1 : 0;
            const int ctx = context_set * 4 + std::min(3, greater1_ctx) + (luma ? 0 : 16);
            coder.encode_bin(contexts.coeff_abs_level_greater1_flag[ctx], flag);
            if (flag) {
                greater1_ctx = 0;
                if (first_greater1_index < 0) first_greater1_index = k;
            } else if (greater1_ctx > 0) {
                greater1_ctx++;
            }
        }
        greater1_context_state = greater1_ctx;

        // coeff_abs_level_greater2_flag for the first level above 1.
        if (first_greater1_index >= 0) {
            const int flag = absolute[first_greater1_index] > 2 ? 1 : 0;
            coder.encode_bin(contexts.coeff_abs_level_greater2_flag[context_set + (luma ? 0 : 4)], flag);
        }

        // Signs; the first coefficient's sign (lowest scan position) may be hidden.
        const bool sign_hidden = block.sign_data_hiding && (last_sig_scan_pos - first_sig_scan_pos > 3);
        uint32_t sign_bits = 0;
        int sign_count = 0;
        for (int k = 0; k < count; k++) {
            if (sign_hidden && k == count - 1) break;
            sign_bits = (sign_bits << 1) | (negative[k] ? 1u : 0u);
            sign_count++;
        }
        coder.encode_bypass_bits(sign_bits, sign_count);

        // coeff_abs_level_remaining with Rice parameter adaptation.
        int rice = 0;
        for (int k = 0; k < count; k++) {
            const int value = absolute[k];
            int coded_base;
            if (k < 8) {
                const int greater1 = value > 1 ? 1 : 0;
                const int greater2 = (k == first_greater1_index) ? (value > 2 ? 1 : 0) : 0;
                coded_base = 1 + greater1 + greater2;
                // The spec codes the remainder only when the flags reached their maximum.
                const int max_base = (k == first_greater1_index) ? 3 : 2;
                if (coded_base != max_base) continue;
            } else {
                coded_base = 1;
            }
            const uint32_t remaining = static_cast<uint32_t>(value - coded_base);
            write_abs_level_remaining(coder, remaining, rice);
            if (value > 3 * (1 << rice)) rice = std::min(rice + 1, 4);
        }
    }
}

}  // namespace

template <>
void write_residual_coding<CabacEncoder>(CabacEncoder& coder, CabacContexts& contexts, const ResidualBlock& block) {
    // A local copy stays in registers: the caller's lives in memory, and each context update
    // (a byte store, which may alias anything) would force the coder's state to be reloaded.
    CabacEncoder local = coder;
    write_residual_block(local, contexts, block);
    coder = local;
}

template <>
void write_residual_coding<CabacBitCounter>(CabacBitCounter& coder, CabacContexts& contexts,
                                            const ResidualBlock& block) {
    // A local counter stays in a register; the caller's lives in memory, and every bin's cost
    // added to it there would wait for the previous store.
    CabacBitCounter local;
    write_residual_block(local, contexts, block);
    coder.add_fractional_bits(local.fractional_bits());
}

template <>
void write_residual_coding<CabacRateEstimator>(CabacRateEstimator& coder, CabacContexts&, const ResidualBlock& block) {
    coder.add_residual(block.levels, block.log2_size);
}

}  // namespace tc
