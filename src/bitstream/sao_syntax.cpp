#include "bitstream/sao_syntax.h"

#include <algorithm>
#include <cstdlib>

#include "bitstream/cabac_bit_counter.h"
#include "bitstream/cabac_encoder.h"

namespace tc {
namespace {

// 9.3.3.2 truncated Rice with cRiceParam 0: `value` ones, then a zero unless value == c_max.
template <class Coder>
void write_truncated_unary_bypass(Coder& coder, int value, int c_max) {
    for (int i = 0; i < value; i++) coder.encode_bypass(1);
    if (value < c_max) coder.encode_bypass(0);
}

// sao_type_idx_luma / sao_type_idx_chroma: TR with cMax 2 (9.3.3), the first bin coded with the
// only context (ctxInc 0, 9.3.4.2.1), the second in bypass.
template <class Coder>
void write_sao_type_idx(Coder& coder, CabacContexts& contexts, int type) {
    coder.encode_bin(contexts.sao_type_idx[0], type != kSaoNotApplied ? 1 : 0);
    if (type != kSaoNotApplied) coder.encode_bypass(type == kSaoEdgeOffset ? 1 : 0);
}

}  // namespace

template <class Coder>
void write_sao_component_syntax(Coder& coder, CabacContexts& contexts,
                                const SaoComponentParameters& params, int component) {
    if (component < 2) write_sao_type_idx(coder, contexts, params.type);
    if (params.type == kSaoNotApplied) return;
    for (int i = 0; i < 4; i++) {
        // sao_offset_abs: TR with cMax 7, all bins bypass.
        const int offset_abs = std::min(std::abs(params.offsets[i]), kSaoMaxOffsetAbs);
        write_truncated_unary_bypass(coder, offset_abs, kSaoMaxOffsetAbs);
    }
    if (params.type == kSaoBandOffset) {
        for (int i = 0; i < 4; i++) {
            if (params.offsets[i] != 0)
                coder.encode_bypass(params.offsets[i] < 0 ? 1 : 0);  // sao_offset_sign
        }
        coder.encode_bypass_bits(params.band_position & 31u, 5);  // sao_band_position, FL 5 bits
    } else if (component < 2) {
        // sao_eo_class_luma / sao_eo_class_chroma, FL 2 bits; Cr uses Cb's class.
        coder.encode_bypass_bits(params.eo_class & 3u, 2);
    }
}

template <class Coder>
void write_sao_syntax(Coder& coder, CabacContexts& contexts, const CtuSaoParameters& params,
                      bool left_available, bool up_available) {
    // 7.3.8.3: sao_merge_left_flag when the left CTB exists, sao_merge_up_flag when the above one
    // exists and the left merge was not taken; both share one context (ctxInc 0).
    const bool merge_left = left_available && params.merge_left;
    if (left_available) coder.encode_bin(contexts.sao_merge_flag[0], merge_left ? 1 : 0);
    if (merge_left) return;
    const bool merge_up = up_available && params.merge_up;
    if (up_available) coder.encode_bin(contexts.sao_merge_flag[0], merge_up ? 1 : 0);
    if (merge_up) return;
    for (int component = 0; component < 3; component++) {
        write_sao_component_syntax(coder, contexts, params.component[component], component);
    }
}

#define TC_INSTANTIATE_SAO_SYNTAX(Coder)                                                         \
    template void write_sao_syntax<Coder>(Coder&, CabacContexts&, const CtuSaoParameters&, bool, \
                                          bool);                                                 \
    template void write_sao_component_syntax<Coder>(Coder&, CabacContexts&,                      \
                                                    const SaoComponentParameters&, int);
TC_INSTANTIATE_SAO_SYNTAX(CabacEncoder)
TC_INSTANTIATE_SAO_SYNTAX(CabacBitCounter)
#undef TC_INSTANTIATE_SAO_SYNTAX

}  // namespace tc
