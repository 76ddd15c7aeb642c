// The encoder: owns every buffer (allocated at creation), turns one input frame into
// one access unit (I or P picture), and keeps the last frame's reconstruction and
// statistics.
#pragma once
#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "analysis/analysis_frame.h"
#include "analysis/ctu_analyzer.h"
#include "bitstream/bit_writer.h"
#include "bitstream/parameter_sets.h"
#include "common/block_info_map.h"
#include "common/ctu_decision.h"
#include "encoder/encoder_settings.h"
#include "filter/deblocking.h"
#include "filter/sao.h"
#include "kernels/pixel_kernels.h"
#include "motion/collocated_motion.h"
#include "motion/pyramid.h"
#include "picture/plane.h"
#include "predict/zscan_availability.h"

namespace tc {

struct FrameStatistics {
    int64_t frame_number = -1;
    int poc = 0;
    char slice_type = 'I';
    int qp = 0;
    uint64_t bits = 0;
    double psnr[3] = {0, 0, 0};
    double encode_ms = 0;
};

class Encoder {
public:
    // Returns nullptr with `error` set when the settings are invalid or memory is short.
    static std::unique_ptr<Encoder> create(const EncoderSettings& settings, std::string& error);

    // Upper bound of one access unit's size for these settings.
    static size_t max_access_unit_size(int width, int height);

    // Encodes one tightly packed 4:2:0 frame into `output` (replacing its content): its
    // access unit, preceded by that of a pending external reference picture if any.
    void encode(const uint8_t* frame, std::vector<uint8_t>& output);

    // Keeps a copy of `frame` to be coded before the next frame as a picture that is
    // never output and stays as a long-term reference (tc_use_reference_frame).
    void set_external_reference(const uint8_t* frame);

    const FrameStatistics& last_statistics() const { return statistics_; }
    // The prediction blocks of the last frame: intra ones with list -1.
    struct ExportedBlock {
        int x, y, width, height, list, ref_idx, mv_x, mv_y;  // vector in quarter samples
        uint32_t cost;
    };
    // Calls visit(block) for every prediction block of the last frame; returns the count.
    template <class Visit>
    size_t for_each_prediction_block(Visit visit) const {
        size_t count = 0;
        for (const CtuDecision& ctu : decisions_) {
            for (const CodingUnit& cu : ctu.cus) {
                const bool inter = cu.pred_mode != PredMode::kIntra;
                for (int i = 0; i < cu.prediction_unit_count(); i++) {
                    const tc::PredictionBlock block = cu.prediction_block(i);
                    const PuMotion& m = cu.pu[i].motion;
                    visit(ExportedBlock{block.x, block.y, block.width, block.height, inter ? 0 : -1,
                                          inter ? m.ref_idx[0] : -1, inter ? m.mv[0].x : 0, inter ? m.mv[0].y : 0,
                                          cu.cost});
                    count++;
                }
            }
        }
        return count;
    }
    // Sets the IDR period; takes effect from the next frame.
    void set_keyint(int keyint);
    bool uses_references() const { return settings_.keyint > 1; }

    // Copies the last reconstruction (output size, tightly packed 4:2:0).
    void copy_reconstruction(uint8_t* destination) const;
    size_t frame_bytes() const;

private:
    // A decoded picture buffer entry: the reconstruction (a reference once coded) and the
    // pyramid of its input frame.
    struct PictureSlot {
        Picture reconstruction;
        Pyramid pyramid;
        int poc = 0;
        bool is_reference = false;
        bool long_term = false;
        CollocatedMotion motion;  // for temporal motion vector prediction
    };

    explicit Encoder(const EncoderSettings& settings);
    bool allocate();
    void encode_picture(const uint8_t* frame, bool external, std::vector<uint8_t>& output);
    void choose_references(bool idr, bool external, int poc, SliceHeader& header);
    void prepare_motion(int current_slot);
    void analyse_picture(SliceType slice_type);
    void write_slice_data(BitWriter& out, SliceType slice_type);
    void deblock();
    void apply_sample_adaptive_offset();
    void write_picture_hash(std::vector<uint8_t>& access_unit);
    void measure(const uint8_t* frame);

    EncoderSettings settings_;
    SequenceParameters sequence_;
    PixelKernels kernels_{};
    Picture source_;
    std::vector<PictureSlot> slots_;
    int current_slot_ = 0;
    BlockInfoMap blocks_;
    DeblockingMap deblocking_map_;
    Picture deblocked_;  // the picture before SAO, which SAO classifies from
    std::vector<CtuSaoParameters> sao_parameters_;
    std::array<std::vector<int>, 2> median_scratch_;  // coarse vector components, for the global median
    static constexpr int kMaxSlots = 8;  // refs (up to 4) + an external reference + the current picture
    std::unique_ptr<ZscanAvailability> availability_;
    AnalysisFrame analysis_frame_;
    std::unique_ptr<CtuAnalyzer> analyzer_;
    std::vector<CtuDecision> decisions_;
    int ctu_columns_ = 0, ctu_rows_ = 0;
    BitWriter rbsp_;
    int64_t frame_count_ = 0;
    int frames_since_idr_ = 0;
    int poc_ = 0;  // of the next picture
    std::vector<uint8_t> external_frame_;
    bool external_pending_ = false;
    FrameStatistics statistics_;
};

}  // namespace tc
