#include "encoder/wavefront_filters.h"

#include <algorithm>
#include <climits>
#include <cstring>

namespace tc {

namespace {

// What every 4x4 block of one prediction unit of `cu` shares (part 0 or 1 of a 2NxN or Nx2N
// inter CU): QP, prediction mode and motion, with reference pictures told apart by POC (a
// long-term one by a flag bit). Edges are left unset.
DeblockBlockInfo prediction_unit_info(const CodingUnit& cu, int part, const AnalysisFrame& frame) {
    DeblockBlockInfo info;
    info.qp = static_cast<uint8_t>(frame.qp);
    info.intra = cu.pred_mode == PredMode::kIntra;
    if (info.intra) return info;
    const PuMotion& motion = cu.pu[part].motion;
    for (int list = 0; list < 2; list++) {
        if (!motion.uses(list)) continue;
        const auto l = static_cast<size_t>(list);
        const auto ref_idx = static_cast<size_t>(motion.ref_idx[list]);
        info.ref_id[l] = frame.candidates.ref_poc[l][ref_idx] |
                         (frame.candidates.ref_long_term[l][ref_idx] ? 0x40000000 : 0);
        info.mv[l][0] = motion.mv[list].x;
        info.mv[l][1] = motion.mv[list].y;
    }
    return info;
}

}  // namespace

void describe_ctu_for_deblocking(const CtuDecision& ctu, const AnalysisFrame& frame,
                                 int coded_width, int coded_height, DeblockingMap& map) {
    for (const CodingUnit& cu : ctu.cus) {
        const int size = 1 << cu.log2_size;
        const int half = size / 2;
        const bool inter = cu.pred_mode != PredMode::kIntra;
        // The boundary between two prediction units is a prediction edge.
        const bool split_rows = inter && cu.part_mode == PartMode::k2NxN;
        const bool split_columns = inter && cu.part_mode == PartMode::kNx2N;
        DeblockBlockInfo parts[2] = {prediction_unit_info(cu, 0, frame), {}};
        if (split_rows || split_columns) parts[1] = prediction_unit_info(cu, 1, frame);
        const int x_end = std::min(cu.x + size, coded_width);
        const int y_end = std::min(cu.y + size, coded_height);
        const int columns = (x_end - cu.x + 3) >> 2;
        // Nx2N: the right prediction unit's first column.
        const int right = split_columns ? std::min(half >> 2, columns) : columns;
        // Every block of the CU takes its prediction unit's info (no edges, no coefficients),
        // row by row (the map is row-major); then the CU's own edges.
        for (int y = cu.y; y < y_end; y += 4) {
            DeblockBlockInfo* row = &map.at(cu.x >> 2, y >> 2);
            const DeblockBlockInfo& first = parts[split_rows && y >= cu.y + half ? 1 : 0];
            std::fill_n(row, right, first);
            std::fill_n(row + right, columns - right, parts[1]);
            row[0].transform_edge_left = true;
            row[0].prediction_edge_left = true;
            if (right < columns) row[right].prediction_edge_left = true;
        }
        DeblockBlockInfo* top = &map.at(cu.x >> 2, cu.y >> 2);
        for (int i = 0; i < columns; i++) {
            top[i].transform_edge_top = true;
            top[i].prediction_edge_top = true;
        }
        if (split_rows && cu.y + half < y_end) {
            DeblockBlockInfo* middle = &map.at(cu.x >> 2, (cu.y + half) >> 2);
            for (int i = 0; i < columns; i++) middle[i].prediction_edge_top = true;
        }
        for (int t = 0; t < cu.tu_count; t++) {
            const TransformUnit& tu = ctu.tus[cu.first_tu + static_cast<size_t>(t)];
            const bool nonzero = (tu.cbf & 1) != 0;
            // A transform block as large as the CU without luma coefficients adds nothing.
            if (!nonzero && tu.log2_size == cu.log2_size) continue;
            const int tu_size = 1 << tu.log2_size;
            const int tu_x_end = std::min(tu.x + tu_size, coded_width);
            const int tu_y_end = std::min(tu.y + tu_size, coded_height);
            for (int y = tu.y; y < tu_y_end; y += 4) {
                DeblockBlockInfo* row = &map.at(tu.x >> 2, y >> 2);
                for (int x = tu.x; x < tu_x_end; x += 4, row++) {
                    row->nonzero_luma = nonzero;
                    row->transform_edge_left |= x == tu.x;
                    row->transform_edge_top |= y == tu.y;
                }
            }
        }
    }
}

void copy_for_sao(const Picture& from, Picture& to, int row) {
    for (int c = 0; c < 3; c++) {
        const Plane& source = from.planes[c];
        Plane& destination = to.planes[c];
        const int ctb_size = c == 0 ? kCtuSize : kCtuSize / 2;
        const int first = row == 0 ? 0 : row * ctb_size + 1;
        const int end = std::min((row + 1) * ctb_size + 1, source.height());
        for (int y = first; y < end; y++) {
            std::memcpy(destination.row(y), source.row(y), static_cast<size_t>(source.width()));
        }
    }
}

void apply_sao_ctu_row(const PixelKernels& kernels, Picture& picture, const Picture& deblocked,
                       const std::vector<CtuSaoParameters>& params, int ctu_columns, int row,
                       int slice_first_row, int slice_end_row) {
    for (int column = 0; column < ctu_columns; column++) {
        const CtuSaoParameters& ctu = params[static_cast<size_t>(row) * ctu_columns + column];
        for (int c = 0; c < 3; c++) {
            // 4:2:0: the chroma CTB is half the luma CTB in each direction.
            const int ctb_size = c == 0 ? kCtuSize : kCtuSize / 2;
            const int bottom = slice_end_row < INT_MAX / kCtuSize ? slice_end_row * ctb_size : INT_MAX;
            apply_sao_block(kernels, picture.planes[c], deblocked.planes[c], ctu.component[c],
                            column * ctb_size, row * ctb_size, ctb_size, ctb_size, slice_first_row * ctb_size,
                            bottom);
        }
    }
}

}  // namespace tc
