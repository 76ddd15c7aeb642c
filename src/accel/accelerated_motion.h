// The encoder's side of the accelerated motion stages: picks the backend (CUDA when built
// and a device is there, else the same algorithm on the CPU) and gives every host Pyramid
// a backend slot that mirrors it. The encoder swaps Pyramid objects' contents between its
// input frames and picture slots, so a mirror follows the host storage (the level-1
// samples' address), not the Pyramid object: whatever pyramid now holds that storage
// holds the frame the slot was built from.
#pragma once
#include <memory>
#include <span>
#include <vector>

#include "accel/motion_accelerator.h"
#include "motion/pyramid.h"

namespace tc {

struct AccelerationRequest {
    bool gpu = false;              // use the CUDA backend when there is one
    int device = 0;                // CUDA device index
    bool algorithm_on_cpu = false; // run the accelerator's algorithm on the CPU even with a GPU
};

// The backend for a request: CUDA on `device` when built with CUDA, asked for and present,
// else the CPU mirror. nullptr when memory is short.
std::unique_ptr<MotionAccelerator> create_motion_accelerator(const AccelerationRequest& request, int width,
                                                             int height, int slots);

class AcceleratedMotion {
public:
    // `pyramids`: how many host Pyramids (distinct storages) the encoder has.
    static std::unique_ptr<AcceleratedMotion> create(const AccelerationRequest& request, int width, int height,
                                                     int pyramids);

    // A new frame went into `luma`, whose pyramid the host builds into `pyramid` (before or
    // after this call): upload it and build the backend's pyramid of it. False when the
    // backend failed (the CPU path then serves).
    bool frame_arrived(const Plane& luma, const Pyramid& pyramid);
    // A plane that frames will arrive in (MotionAccelerator::register_host_plane); it must
    // outlive this object, and change only after finish_uploads().
    bool register_input_plane(const Plane& luma) { return backend_->register_host_plane(luma); }
    // Waits until the uploads of every frame that arrived have read their planes.
    bool finish_uploads() { return backend_->finish_uploads(); }
    // Coarse vectors (raster order) of `source` against `reference`, and unless `blocks` is
    // empty every 16x16 block's vector (MotionAccelerator::motion_field); false when either
    // was never uploaded or the backend failed, and the caller must search on the CPU.
    bool motion_field(const Pyramid& source, const Pyramid& reference, int range,
                      const BlockSearchParameters& parameters, std::span<Mv> coarse, std::span<Mv> blocks);
    bool coarse_vectors(const Pyramid& source, const Pyramid& reference, int range, std::span<Mv> out) {
        return motion_field(source, reference, range, BlockSearchParameters{}, out, {});
    }
    bool on_gpu() const { return backend_->on_gpu(); }

private:
    explicit AcceleratedMotion(std::unique_ptr<MotionAccelerator> backend);
    int slot_of(const Pyramid& pyramid) const;
    int claim_slot(const Pyramid& pyramid);

    std::unique_ptr<MotionAccelerator> backend_;
    std::vector<const uint8_t*> slot_storage_;  // per slot, the host storage it mirrors
    std::vector<bool> slot_valid_;              // per slot, whether its last upload and build succeeded
};

}  // namespace tc
