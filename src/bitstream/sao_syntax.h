// sao(rx, ry) of H.265 7.3.8.3 for one slice without tiles, 4:2:0, slice_sao_luma_flag and
// slice_sao_chroma_flag both 1. Templates over the coder: CabacEncoder writes the slice data,
// CabacBitCounter estimates rates for the SAO decision.
#pragma once

#include "bitstream/cabac_contexts.h"
#include "filter/sao.h"

namespace tc {

// The whole sao() of one CTU; left_available / up_available say whether the merge candidates exist
// (the CTU to the left / above is in the picture: one slice, no tiles). When params.merge_left
// (or merge_up) is set, only the merge flags are written.
template <class Coder>
void write_sao_syntax(Coder& coder, CabacContexts& contexts, const CtuSaoParameters& params,
                      bool left_available, bool up_available);

// The part of sao() for one component after the merge flags: sao_type_idx_luma (component 0) or
// sao_type_idx_chroma (component 1; component 2 inherits the type), the offsets, and the band
// position or edge class. Component 2 is written with its own offsets and band position but
// the type and edge class signalled for component 1 (the caller keeps them equal).
template <class Coder>
void write_sao_component_syntax(Coder& coder, CabacContexts& contexts,
                                const SaoComponentParameters& params, int component);

}  // namespace tc
