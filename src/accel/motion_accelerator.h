// The backend interface of the accelerated motion stages (issue 7, DESIGN.md §4): a set
// of pyramid slots, each holding levels 0..3 of one frame where the backend computes
// (GPU memory for CUDA), filled from an uploaded luma plane, the per-CTU coarse search
// between two slots and the per-block search on level 0 that follows it. Both backends give
// exactly what Pyramid::build and coarse_ctu_vector give on the CPU, and the block vectors
// of search_block_vectors (accel/block_search.h). Besides, reconstruction slots holding
// reference pictures, and the coding of a P picture against one of them (accel/inter_coding.h),
// which both backends do exactly as code_inter_picture_on_cpu.
#pragma once
#include <span>

#include "accel/block_search_steps.h"
#include "accel/inter_coding.h"
#include "accel/pyramid_geometry.h"
#include "common/motion.h"
#include "picture/plane.h"

namespace tc {

class MotionAccelerator {
public:
    virtual ~MotionAccelerator() = default;

    // Starts copying `luma` (geometry().width x height samples) towards `slot`. May return
    // before the copy is done. A plane given to register_host_plane is read while the copy
    // runs: it must not change until finish_uploads() returns; any other plane may change as
    // soon as upload_frame returns.
    virtual bool upload_frame(int slot, const Plane& luma) = 0;
    // Waits until every upload started so far has read its plane.
    virtual bool finish_uploads() { return true; }
    // Page-locks the memory of `plane` so that uploads from it go to the device directly
    // (and asynchronously: see upload_frame) instead of through a copy into the backend's own
    // pinned buffer. The plane must outlive
    // the backend (which unlocks it when destroyed). False when the backend has no use for it
    // or cannot (uploads from the plane still work, through the copy).
    virtual bool register_host_plane(const Plane& plane) {
        static_cast<void>(plane);
        return false;
    }
    // Builds levels 1..3 of `slot` from its last upload (asynchronous on a GPU).
    virtual bool build_pyramid(int slot) = 0;
    // Starts the coarse search of every CTU of the frame in `current` against the one in
    // `reference` (+-range full samples) and, with `with_blocks`, the search of every 16x16
    // block after it (asynchronous on a GPU). One search at a time: collect it before the
    // next launch, and before uploading into either slot.
    virtual bool launch_motion_field(int current, int reference, int range, const BlockSearchParameters& parameters,
                                     bool with_blocks) = 0;
    // Waits for the launched search: every CTU's coarse vector (raster order, coarse.size()
    // == CTU count) and, if it searched blocks and `blocks` is not empty, every block's vector
    // (raster order, blocks.size() == block_search_columns x block_search_rows of the luma
    // size). False when nothing was launched, a size is wrong or the backend failed.
    virtual bool collect_motion_field(std::span<Mv> coarse, std::span<Mv> blocks) = 0;
    // Both at once.
    bool motion_field(int current, int reference, int range, const BlockSearchParameters& parameters,
                      std::span<Mv> coarse, std::span<Mv> blocks) {
        return launch_motion_field(current, reference, range, parameters, !blocks.empty()) &&
               collect_motion_field(coarse, blocks);
    }
    bool coarse_vectors(int current, int reference, int range, std::span<Mv> out) {
        return motion_field(current, reference, range, BlockSearchParameters{}, out, {});
    }

    // Up to kMaxReconstructionSlots (16) reference pictures, each the full reconstruction (after
    // the in-loop filters) of a picture later P pictures predict from, coded size, 3 planes. A
    // picture whose planes were given to register_host_plane is read while the copy runs: it
    // must not change until finish_uploads() or the next code_inter_picture returns; any other
    // picture may change as soon as this returns.
    virtual bool upload_reconstruction(int slot, const Picture& picture) = 0;
    // Starts coding the P picture whose luma the pyramid slot `source` holds (its chroma from
    // `source_picture.planes[1..2]`, uploaded by this call) against reconstruction slot
    // `reference`, given one vector per 16x16 block (raster order over block_search_columns x
    // block_search_rows, e.g. what collect_motion_field returned), and returns (a GPU before the
    // work is done). `out` points to backend-owned memory whose contents are the results once
    // collect_inter_picture(ticket) returned true, and stay so until the second launch after
    // this one: the results of a picture stay readable while the next picture is coded. The
    // chroma planes, where given to register_host_plane, are read until then too. False on a
    // wrong size/slot or a backend failure. Independent of the motion search: a launched search
    // may stay pending across this call.
    virtual bool launch_inter_picture(int source, const Picture& source_picture, int reference,
                                      std::span<const Mv> block_vectors, const InterCodingParameters& parameters,
                                      InterCodingView& out, int& ticket) = 0;
    // Waits for the launch that gave `ticket` (one of the last two). May run on another thread
    // than the launches. False when that coding failed: the backend then refuses every later call.
    virtual bool collect_inter_picture(int ticket) = 0;
    // Both at once.
    bool code_inter_picture(int source, const Picture& source_picture, int reference, std::span<const Mv> block_vectors,
                            const InterCodingParameters& parameters, InterCodingView& out) {
        int ticket = -1;
        return launch_inter_picture(source, source_picture, reference, block_vectors, parameters, out, ticket) &&
               collect_inter_picture(ticket);
    }
    // Makes the reconstruction of the last successful launch_inter_picture (deblocked and with
    // SAO applied where its parameters asked for them) reconstruction slot `slot`, as
    // upload_reconstruction of that picture would, without a copy from the host. For a picture
    // that is final as coded (the CPU changes none of its samples).
    virtual bool keep_reconstruction(int slot) = 0;

    // Copies level 1..3 of `slot` into `out` (of that level's size): for tests.
    virtual bool read_level(int slot, int level, Plane& out) = 0;

    virtual bool on_gpu() const = 0;
    virtual const PyramidGeometry& geometry() const = 0;
    virtual int slot_count() const = 0;
};

}  // namespace tc
