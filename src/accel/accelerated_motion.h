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
    // after this call): upload it and build the backend's pyramid of it; when speculating,
    // start its search against the frame that arrived before it. False when the backend
    // failed (the CPU path then serves).
    bool frame_arrived(const Plane& luma, const Pyramid& pyramid);
    // Low delay: from the next frame on, each arriving frame's search against the frame that
    // arrived before it (its reference when every picture predicts from the one before)
    // starts as soon as the frame is uploaded, with these settings, and runs while the CPU
    // takes the frame in; motion_field hands it over when asked for that pair with the same
    // settings, and otherwise drops it and searches.
    void speculate(int range, const BlockSearchParameters& parameters);
    void stop_speculating() { speculating_ = false; }
    // How many motion_field calls a speculative search served.
    int speculative_hits() const { return speculative_hits_; }
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
    // Reference picture `slot` (0..kMaxReconstructionSlots - 1) of the inter coding
    // (MotionAccelerator::upload_reconstruction).
    bool upload_reconstruction(int slot, const Picture& picture) { return backend_->upload_reconstruction(slot, picture); }
    // Codes the P picture whose luma went into `source` (frame_arrived) and whose chroma
    // `source_picture` holds against reconstruction `reference_slot`
    // (MotionAccelerator::launch_inter_picture: the results are there once
    // collect_inter_picture(ticket) returned true). A speculative search stays pending: the
    // coding only reads the source's slot, as the search does. False when the source was
    // never uploaded or the backend failed (the CPU analysis then serves).
    bool launch_inter_picture(const Pyramid& source, const Picture& source_picture, int reference_slot,
                              std::span<const Mv> block_vectors, const InterCodingParameters& parameters,
                              InterCodingView& out, int& ticket);
    // May run on another thread than the launch (MotionAccelerator::collect_inter_picture).
    bool collect_inter_picture(int ticket) { return backend_->collect_inter_picture(ticket); }
    // Both at once.
    bool code_inter_picture(const Pyramid& source, const Picture& source_picture, int reference_slot,
                            std::span<const Mv> block_vectors, const InterCodingParameters& parameters,
                            InterCodingView& out) {
        int ticket = -1;
        return launch_inter_picture(source, source_picture, reference_slot, block_vectors, parameters, out, ticket) &&
               collect_inter_picture(ticket);
    }
    // The last coded picture's reconstruction becomes reference picture `slot`
    // (MotionAccelerator::keep_reconstruction).
    bool keep_reconstruction(int slot) { return backend_->keep_reconstruction(slot); }
    // register_input_plane for the three planes of a picture (input chroma, reconstructions);
    // true when all three are registered.
    bool register_host_picture(const Picture& picture);
    bool on_gpu() const { return backend_->on_gpu(); }

private:
    explicit AcceleratedMotion(std::unique_ptr<MotionAccelerator> backend);
    int slot_of(const Pyramid& pyramid) const;
    int claim_slot(const Pyramid& pyramid);

    std::unique_ptr<MotionAccelerator> backend_;
    std::vector<const uint8_t*> slot_storage_;  // per slot, the host storage it mirrors
    std::vector<bool> slot_valid_;              // per slot, whether its last upload and build succeeded

    struct Search {
        int current = -1, reference = -1, range = 0;
        BlockSearchParameters parameters;
    };
    void drop_pending();
    bool speculating_ = false;
    Search speculation_;        // the settings (slots unused)
    int last_arrived_ = -1;     // the slot of the frame that arrived last
    bool pending_ = false;      // a speculative search is launched and not yet collected
    int speculative_hits_ = 0;
    Search pending_search_;
};

}  // namespace tc
