#include "accel/block_search.h"

#include <array>

#include "predict/inter_interpolation.h"

namespace tc {

namespace {

// The 3x3 sub-sample step around (cx, cy): each candidate's SATD as the sum of its tiles
// (the kernel: one thread per candidate and tile), then the smallest key.
void subpel_step(const BlockSearchSite& site, const uint8_t* window, const uint8_t* source_block, int start_x,
                 int start_y, int step, const BlockSearchParameters& parameters, int& cx, int& cy) {
    uint64_t best = kNoBlockCandidate;
    for (int index = 0; index < kBlockSubpelCandidates; index++) {
        int qx = 0, qy = 0;
        block_subpel_offset(index, step, cx, cy, qx, qy);
        const int mv_x = 4 * start_x + qx, mv_y = 4 * start_y + qy;
        if (!block_vector_allowed(site, mv_x, mv_y, parameters.margin)) continue;
        // The prediction filtered separably (the kernel: a thread per sample).
        std::array<uint8_t, kBlockSearchSize * kBlockSearchSize> prediction;
        predict_block_separably(window, qx, qy, prediction.data());
        uint32_t satd = 0;
        for (int tile_y = 0; tile_y < block_tile_rows(site); tile_y++) {
            for (int tile_x = 0; tile_x < block_tile_columns(site); tile_x++) {
                satd += block_tile_satd(source_block, prediction.data(), tile_x, tile_y);
            }
        }
        const uint64_t key =
            block_key(satd + block_rate_cost(mv_x, mv_y, site.predictor, parameters.lambda_q8), index);
        if (key < best) best = key;
    }
    if (best != kNoBlockCandidate) block_subpel_offset(block_key_index(best), step, cx, cy, cx, cy);
}

}  // namespace

void predict_block_separably(const uint8_t* window, int qx, int qy, uint8_t* prediction) {
    const uint8_t* at = window + (kBlockWindowMargin + (qy >> 2)) * kBlockWindowSide + kBlockWindowMargin + (qx >> 2);
    interpolate_luma_uni_scalar(at, kBlockWindowSide, kBlockSearchSize, kBlockSearchSize, qx & 3, qy & 3, prediction,
                                kBlockSearchSize);
}

Mv search_block_vector(const BlockSearchSite& site, const Mv* coarse, const BlockSearchParameters& parameters) {
    // Start: the cheapest of the four candidates that are allowed (zero always is).
    uint64_t best = kNoBlockCandidate;
    for (int index = 0; index < kBlockStartCandidates; index++) {
        int vx = 0, vy = 0;
        block_start_candidate(site, coarse, index, vx, vy);
        if (!block_vector_allowed(site, 4 * vx, 4 * vy, parameters.margin)) continue;
        uint32_t sad = 0;
        for (int row = 0; row < site.block_height; row++) sad += block_start_row_sad(site, vx, vy, row);
        const uint64_t key = block_key(sad + block_rate_cost(4 * vx, 4 * vy, site.predictor, parameters.lambda_q8), index);
        if (key < best) best = key;
    }
    int start_x = 0, start_y = 0;
    if (best != kNoBlockCandidate) block_start_candidate(site, coarse, block_key_index(best), start_x, start_y);

    std::array<uint8_t, kBlockWindowSide * kBlockWindowSide> window;
    for (int j = 0; j < kBlockWindowSide; j++) {
        for (int i = 0; i < kBlockWindowSide; i++) {
            window[static_cast<size_t>(j * kBlockWindowSide + i)] = block_window_sample(site, start_x, start_y, i, j);
        }
    }
    std::array<uint8_t, kBlockSearchSize * kBlockSearchSize> source_block;
    for (int j = 0; j < kBlockSearchSize; j++) {
        for (int i = 0; i < kBlockSearchSize; i++) {
            source_block[static_cast<size_t>(j * kBlockSearchSize + i)] = block_source_sample(site, i, j);
        }
    }

    // Full samples: every position of the +-radius square around the start.
    best = kNoBlockCandidate;
    for (int index = 0; index < kBlockSearchPositions; index++) {
        int dx = 0, dy = 0;
        block_integer_offset(index, dx, dy);
        const int mv_x = 4 * (start_x + dx), mv_y = 4 * (start_y + dy);
        if (!block_vector_allowed(site, mv_x, mv_y, parameters.margin)) continue;
        uint32_t sad = 0;
        for (int row = 0; row < site.block_height; row++) {
            sad += block_window_row_sad(window.data(), source_block.data(), site.block_width, dx, dy, row);
        }
        const uint64_t key = block_key(sad + block_rate_cost(mv_x, mv_y, site.predictor, parameters.lambda_q8), index);
        if (key < best) best = key;
    }
    int cx = 0, cy = 0;  // quarter samples from the start
    if (best != kNoBlockCandidate) {
        int dx = 0, dy = 0;
        block_integer_offset(block_key_index(best), dx, dy);
        cx = 4 * dx;
        cy = 4 * dy;
    }
    subpel_step(site, window.data(), source_block.data(), start_x, start_y, 2, parameters, cx, cy);
    subpel_step(site, window.data(), source_block.data(), start_x, start_y, 1, parameters, cx, cy);
    return Mv{static_cast<int16_t>(4 * start_x + cx), static_cast<int16_t>(4 * start_y + cy)};
}

bool search_block_vectors(const uint8_t* source, const uint8_t* reference, int width, int height,
                          std::span<const Mv> coarse, const BlockSearchParameters& parameters, std::span<Mv> out) {
    const int columns = block_search_columns(width), rows = block_search_rows(height);
    const size_t ctus = static_cast<size_t>((width + 63) / 64) * static_cast<size_t>((height + 63) / 64);
    if (out.size() != static_cast<size_t>(columns) * static_cast<size_t>(rows) || coarse.size() != ctus) return false;
    for (int row = 0; row < rows; row++) {
        for (int column = 0; column < columns; column++) {
            const BlockSearchSite site =
                block_search_site(source, reference, width, height, coarse.data(), column, row);
            out[static_cast<size_t>(row) * columns + column] = search_block_vector(site, coarse.data(), parameters);
        }
    }
    return true;
}

}  // namespace tc
