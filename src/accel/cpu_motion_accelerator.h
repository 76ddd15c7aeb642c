// The GPU algorithm on the CPU: the same slot layout (level 0, and levels 1..3 tightly
// packed one after the other) and the same per-CTU and per-block work as the CUDA kernels, written as loops over what the
// kernels spread over threads. It runs when no GPU is there (or with the setting
// gpu-algorithm-on-cpu) and is the reference the CUDA backend is tested against.
#pragma once
#include <cstdint>
#include <memory>
#include <vector>

#include "accel/motion_accelerator.h"
#include "kernels/pixel_kernels.h"

namespace tc {

class CpuMotionAccelerator final : public MotionAccelerator {
public:
    // Returns nullptr when memory is short.
    static std::unique_ptr<CpuMotionAccelerator> create(int width, int height, int slots);

    bool upload_frame(int slot, const Plane& luma) override;
    bool build_pyramid(int slot) override;
    // The search runs in launch_motion_field; collect_motion_field hands its results over.
    bool launch_motion_field(int current, int reference, int range, const BlockSearchParameters& parameters,
                             bool with_blocks) override;
    bool collect_motion_field(std::span<Mv> coarse, std::span<Mv> blocks) override;
    bool read_level(int slot, int level, Plane& out) override;
    // Copies the picture (the CPU keeps no pointer to it).
    bool upload_reconstruction(int slot, const Picture& picture) override;
    // code_inter_picture_on_cpu with the best kernels of this CPU, all in the launch.
    bool launch_inter_picture(int source, const Picture& source_picture, int reference,
                              std::span<const Mv> block_vectors, const InterCodingParameters& parameters,
                              InterCodingView& out, int& ticket) override;
    bool collect_inter_picture(int ticket) override { return ticket == 0 || ticket == 1; }
    bool keep_reconstruction(int slot) override;

    bool on_gpu() const override { return false; }
    const PyramidGeometry& geometry() const override { return geometry_; }
    int slot_count() const override { return static_cast<int>(pending_uploads_.size()); }

private:
    CpuMotionAccelerator() = default;
    uint8_t* level_samples(int slot, int level);
    uint8_t* frame_samples(int slot);
    // Reconstruction slot `slot`'s packed planes, sized for the geometry; nullptr for a slot
    // out of range or when memory is short.
    uint8_t* slot_samples(int slot);

    PyramidGeometry geometry_;
    std::vector<uint8_t> pyramids_;  // slot after slot, pyramid_samples() each
    std::vector<uint8_t> frames_;    // slot after slot, level 0 (width x height)
    // The CPU reads the uploaded plane in place: upload_frame remembers it until build_pyramid.
    std::vector<const Plane*> pending_uploads_;
    // The last launched search's results, until collected.
    std::vector<Mv> coarse_result_, block_result_;
    bool launched_ = false, launched_blocks_ = false;
    // The inter coding: the kernel table, the reconstruction slots (each the three planes tightly
    // packed one after the other, allocated at their first upload) and the results.
    PixelKernels kernels_{};
    std::vector<std::vector<uint8_t>> reconstructions_;
    // 8-byte aligned storage of InterCodingOutput, two in turn (a picture's results stay valid
    // through the next picture's coding), the last one coded, and SAO's copy of the deblocked picture.
    std::vector<uint64_t> inter_coding_outputs_[2];
    int last_output_ = -1;  // -1: none since the last failure
    int output_turn_ = 0;   // the one the next coding writes
    std::vector<uint8_t> sao_scratch_;
    std::vector<uint8_t> skip_scratch_;  // decide_inter_skips_on_cpu's choices and marks
    std::vector<uint8_t> intra_scratch_;  // decide_intra_blocks_on_cpu's modes and waves
    std::vector<Mv> smoothed_vectors_[2];        // the block vectors after each smoothing pass, in turn
    std::vector<SmoothingCacheEntry> smoothing_cache_;  // the passes' SATDs (smooth_block_vectors_on_cpu)
    std::vector<uint8_t> smoothing_moved_;              // whose vector the last decision changed
    std::vector<uint64_t> area_costs_;  // the 32x32 areas' chosen costs (decide_area_vectors_on_cpu)
    std::vector<Mv> unit_vectors_;      // a vector per 8x8 unit (decide_unit_vectors_on_cpu)
};

// The per-CTU coarse search as the kernel does it, over tightly packed levels 1..3 of two
// pyramids (source, reference) of one geometry. Returns the vector in quarter samples.
Mv coarse_ctu_search(const PyramidGeometry& geometry, const uint8_t* source, const uint8_t* reference, int ctu_x,
                     int ctu_y, int range);

}  // namespace tc
