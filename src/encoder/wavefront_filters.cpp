#include "encoder/wavefront_filters.h"

#include <algorithm>
#include <cstring>

namespace tc {

void describe_ctu_for_deblocking(const CtuDecision& ctu, const AnalysisFrame& frame,
                                 int coded_width, int coded_height, DeblockingMap& map) {
    for (const CodingUnit& cu : ctu.cus) {
        const int size = 1 << cu.log2_size;
        for (int y = cu.y; y < cu.y + size && y < coded_height; y += 4) {
            for (int x = cu.x; x < cu.x + size && x < coded_width; x += 4) {
                DeblockBlockInfo& info = map.at(x >> 2, y >> 2);
                info = DeblockBlockInfo{};
                info.qp = static_cast<uint8_t>(frame.qp);
                info.intra = cu.pred_mode == PredMode::kIntra;
                info.prediction_edge_left = info.transform_edge_left = x == cu.x;
                info.prediction_edge_top = info.transform_edge_top = y == cu.y;
                if (cu.pred_mode == PredMode::kIntra) continue;
                // The boundary between two prediction units is a prediction edge.
                const int half = size / 2;
                if (cu.part_mode == PartMode::kNx2N && x == cu.x + half)
                    info.prediction_edge_left = true;
                if (cu.part_mode == PartMode::k2NxN && y == cu.y + half)
                    info.prediction_edge_top = true;
                const PuMotion& motion = cu.motion_at(x, y);
                for (int list = 0; list < 2; list++) {
                    if (!motion.uses(list)) continue;
                    const auto l = static_cast<size_t>(list);
                    const auto ref_idx = static_cast<size_t>(motion.ref_idx[list]);
                    // A picture's identity: its POC (a long-term one is told apart by the sign
                    // bit).
                    info.ref_id[l] = frame.candidates.ref_poc[l][ref_idx] |
                                     (frame.candidates.ref_long_term[l][ref_idx] ? 0x40000000 : 0);
                    info.mv[l][0] = motion.mv[list].x;
                    info.mv[l][1] = motion.mv[list].y;
                }
            }
        }
        for (int t = 0; t < cu.tu_count; t++) {
            const TransformUnit& tu = ctu.tus[cu.first_tu + static_cast<size_t>(t)];
            const int tu_size = 1 << tu.log2_size;
            for (int y = tu.y; y < tu.y + tu_size && y < coded_height; y += 4) {
                for (int x = tu.x; x < tu.x + tu_size && x < coded_width; x += 4) {
                    DeblockBlockInfo& info = map.at(x >> 2, y >> 2);
                    info.nonzero_luma = (tu.cbf & 1) != 0;
                    info.transform_edge_left |= x == tu.x;
                    info.transform_edge_top |= y == tu.y;
                }
            }
        }
    }
}

void copy_ctu_row(const Picture& from, Picture& to, int row) {
    for (int c = 0; c < 3; c++) {
        const Plane& source = from.planes[c];
        Plane& destination = to.planes[c];
        const int ctb_size = c == 0 ? kCtuSize : kCtuSize / 2;
        const int end = std::min((row + 1) * ctb_size, source.height());
        for (int y = row * ctb_size; y < end; y++) {
            std::memcpy(destination.row(y), source.row(y), static_cast<size_t>(source.width()));
        }
    }
}

void apply_sao_ctu_row(Picture& picture, const Picture& deblocked,
                       const std::vector<CtuSaoParameters>& params, int ctu_columns, int row) {
    for (int column = 0; column < ctu_columns; column++) {
        const CtuSaoParameters& ctu = params[static_cast<size_t>(row) * ctu_columns + column];
        for (int c = 0; c < 3; c++) {
            // 4:2:0: the chroma CTB is half the luma CTB in each direction.
            const int ctb_size = c == 0 ? kCtuSize : kCtuSize / 2;
            apply_sao_block(picture.planes[c], deblocked.planes[c], ctu.component[c],
                            column * ctb_size, row * ctb_size, ctb_size, ctb_size);
        }
    }
}

}  // namespace tc
