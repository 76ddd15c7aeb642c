// The accelerated block motion search (accel/block_search_steps.h) on the CPU: the loops the
// CUDA kernel spreads over threads, in the same order of candidates. The CPU mirror runs it,
// and it is the reference the kernel is tested against.
#pragma once
#include <span>

#include "accel/block_search_steps.h"

namespace tc {

// The 16x16 prediction at (qx, qy) quarter samples from the window's start, by the project's
// scalar uni-prediction (interpolate_luma_uni_scalar, separable): the samples
// block_predicted_sample gives one by one, at a quarter of the arithmetic.
void predict_block_separably(const uint8_t* window, int qx, int qy, uint8_t* prediction);

// The vector (quarter samples) of one block.
Mv search_block_vector(const BlockSearchSite& site, const Mv* coarse, const BlockSearchParameters& parameters);

// Every block's vector (raster order over block_search_columns x block_search_rows) of
// `source` against `reference` (both width x height, tightly packed), given the coarse
// vector of every CTU. False when `out` has the wrong size.
bool search_block_vectors(const uint8_t* source, const uint8_t* reference, int width, int height,
                          std::span<const Mv> coarse, const BlockSearchParameters& parameters, std::span<Mv> out);

}  // namespace tc
