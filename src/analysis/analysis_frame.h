// What the analysis of one picture works on: source, reconstruction, decisions so far,
// and the per-picture constants of rate-distortion optimisation.
#pragma once

#include "accel/inter_coding.h"
#include "analysis/search_effort.h"
#include "bitstream/ctu_syntax.h"
#include "common/block_info_map.h"
#include <array>
#include <vector>

#include "kernels/pixel_kernels.h"
#include "motion/motion_candidates.h"
#include "motion/pyramid.h"
#include "picture/plane.h"
#include "predict/zscan_availability.h"

namespace tc {

struct AnalysisFrame {
    const PixelKernels* kernels = nullptr;
    const Picture* source = nullptr;
    Picture* reconstruction = nullptr;
    BlockInfoMap* blocks = nullptr;
    // The unfiltered last line of each CTU row of the reconstruction, per plane (line r of a
    // plane: the line above CTU row r + 1), kept as each CTU is analysed (CtuAnalyzer): intra
    // prediction at the top of a CTU row reads it there, so that the in-loop filters may change
    // a row as soon as it is analysed (RowFinishingJob::row_below_reads_kept_lines). nullptr: intra
    // prediction reads the reconstruction.
    std::array<Plane, 3>* ctu_row_bottoms = nullptr;
    const ZscanAvailability* availability = nullptr;
    SyntaxParameters syntax;
    int qp = 32;
    int chroma_qp = 32;
    double lambda = 1.0;       // for SSE + lambda * bits
    double sqrt_lambda = 1.0;  // for SATD + sqrt_lambda * bits
    double chroma_weight = 1.0;
    bool strong_intra_smoothing = true;
    // Inter pictures: the reference pictures of RefPicList0 and RefPicList1, with the
    // coarse per-CTU vectors and the global (median) vector of each.
    struct Reference {
        const Picture* picture = nullptr;
        std::vector<Mv> coarse_vectors;  // per CTU, raster order
        Mv global_vector;
        // The accelerated block search's vectors (per 16x16 block, raster order over
        // block_search_columns of the picture width), when it ran for this reference: the
        // analysis then chooses among them and the AMVP predictors instead of searching.
        std::vector<Mv> block_vectors;
        bool has_block_vectors = false;
        // Intra refresh: vectors of blocks left of refresh_column_begin may only reach
        // samples left of clean_width (luma) in this picture, those of the other blocks
        // left of free_width (INT32_MAX: anywhere; 0 or less: not at all).
        int clean_width = 0x7fffffff;
        int free_width = 0x7fffffff;
    };
    std::array<std::array<Reference, 8>, 2> references;  // [list][ref_idx]
    int ref_count[2] = {0, 0};
    // The pictures a prediction block's motion names, per list (nullptr for an unused list).
    void reference_pictures(const PuMotion& motion, const Picture* out[2]) const {
        for (int list = 0; list < 2; list++) {
            out[list] = motion.uses(list) ? references[static_cast<size_t>(list)]
                                                      [static_cast<size_t>(motion.ref_idx[list])].picture
                                          : nullptr;
        }
    }
    int ctu_columns = 0;
    CandidateContext candidates;
    int search_range = 64;
    bool rectangular_partitions = true;  // try 2NxN and Nx2N prediction units
    int min_cu_log2 = kLog2MinCuSize;    // inter pictures: no smaller CUs inside the picture
    // Intra refresh: CTU columns [begin, end) are coded intra; blocks left of begin predict
    // only from the references' clean areas (Reference::clean_width).
    int refresh_column_begin = 0, refresh_column_end = 0;
    bool constrained_intra_pred = false;  // constrained_intra_pred_flag
    int motion_margin = 72;  // samples a block may reach beyond the picture (padding 80 - 8 taps)

    // A P picture the accelerator coded (accel/inter_coding.h, setting gpu-decisions): the
    // analysis only signals its decisions (AcceleratedCtuCoder). nullptr: the CPU decides.
    const InterCodingView* accelerated_coding = nullptr;
    // Whether this picture is one (its signalling, row copies and finishing take that path).
    bool coded_by_accelerator() const { return accelerated_coding != nullptr && syntax.slice_type == SliceType::kP; }

    SearchEffort effort;  // the preset's search knobs (min_cu_log2 above is the inter pictures' live value)
};

}  // namespace tc
