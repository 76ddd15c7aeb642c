#include "accel/accelerated_motion.h"

#include <new>

#include "accel/cpu_motion_accelerator.h"
#if defined(TCENC_HAVE_CUDA)
#include "cuda/cuda_motion_accelerator.h"
#endif

namespace tc {

namespace {
const uint8_t* storage_of(const Pyramid& pyramid) { return pyramid.level(1).data(); }
}  // namespace

std::unique_ptr<MotionAccelerator> create_motion_accelerator(const AccelerationRequest& request, int width,
                                                             int height, int slots) {
#if defined(TCENC_HAVE_CUDA)
    if (request.gpu && !request.algorithm_on_cpu) {
        std::unique_ptr<MotionAccelerator> cuda = CudaMotionAccelerator::create(request.device, width, height, slots);
        if (cuda) return cuda;
    }
#endif
    return CpuMotionAccelerator::create(width, height, slots);
}

std::unique_ptr<AcceleratedMotion> AcceleratedMotion::create(const AccelerationRequest& request, int width,
                                                             int height, int pyramids) {
    std::unique_ptr<MotionAccelerator> backend = create_motion_accelerator(request, width, height, pyramids);
    if (!backend) return nullptr;
    std::unique_ptr<AcceleratedMotion> motion(new (std::nothrow) AcceleratedMotion(std::move(backend)));
    if (!motion) return nullptr;
    try {
        motion->slot_storage_.assign(static_cast<size_t>(pyramids), nullptr);
        motion->slot_valid_.assign(static_cast<size_t>(pyramids), false);
    } catch (const std::bad_alloc&) {
        return nullptr;
    }
    return motion;
}

AcceleratedMotion::AcceleratedMotion(std::unique_ptr<MotionAccelerator> backend) : backend_(std::move(backend)) {}

int AcceleratedMotion::slot_of(const Pyramid& pyramid) const {
    const uint8_t* storage = storage_of(pyramid);
    for (size_t i = 0; i < slot_storage_.size(); i++) {
        if (slot_storage_[i] == storage) return static_cast<int>(i);
    }
    return -1;
}

int AcceleratedMotion::claim_slot(const Pyramid& pyramid) {
    const int slot = slot_of(pyramid);
    if (slot >= 0) return slot;
    for (size_t i = 0; i < slot_storage_.size(); i++) {
        if (slot_storage_[i] == nullptr) {
            slot_storage_[i] = storage_of(pyramid);
            return static_cast<int>(i);
        }
    }
    return -1;
}

namespace {
bool same_parameters(const BlockSearchParameters& a, const BlockSearchParameters& b) {
    return a.lambda_q8 == b.lambda_q8 && a.margin == b.margin;
}
}  // namespace

void AcceleratedMotion::drop_pending() {
    if (!pending_) return;
    pending_ = false;
    backend_->collect_motion_field({}, {});  // waits for it; the results are not wanted
}

void AcceleratedMotion::speculate(int range, const BlockSearchParameters& parameters) {
    speculating_ = true;
    speculation_.range = range;
    speculation_.parameters = parameters;
}

bool AcceleratedMotion::frame_arrived(const Plane& luma, const Pyramid& pyramid) {
    const int slot = claim_slot(pyramid);
    if (slot < 0) return false;
    // The upload must not overwrite a frame a launched search still reads.
    if (pending_ && (pending_search_.current == slot || pending_search_.reference == slot)) drop_pending();
    const bool built = backend_->upload_frame(slot, luma) && backend_->build_pyramid(slot);
    slot_valid_[static_cast<size_t>(slot)] = built;
    const int previous = last_arrived_;
    last_arrived_ = built ? slot : -1;
    if (built && speculating_ && previous >= 0 && previous != slot && slot_valid_[static_cast<size_t>(previous)]) {
        drop_pending();
        pending_search_ = speculation_;
        pending_search_.current = slot;
        pending_search_.reference = previous;
        pending_ = backend_->launch_motion_field(slot, previous, speculation_.range, speculation_.parameters, true);
    }
    return built;
}

bool AcceleratedMotion::motion_field(const Pyramid& source, const Pyramid& reference, int range,
                                     const BlockSearchParameters& parameters, std::span<Mv> coarse,
                                     std::span<Mv> blocks) {
    const int current = slot_of(source), reference_slot = slot_of(reference);
    if (current < 0 || reference_slot < 0 || !slot_valid_[static_cast<size_t>(current)] ||
        !slot_valid_[static_cast<size_t>(reference_slot)]) {
        return false;
    }
    if (pending_) {
        const Search& p = pending_search_;
        if (p.current == current && p.reference == reference_slot && p.range == range && !blocks.empty() &&
            same_parameters(p.parameters, parameters)) {
            pending_ = false;
            speculative_hits_++;
            return backend_->collect_motion_field(coarse, blocks);
        }
        drop_pending();
    }
    return backend_->motion_field(current, reference_slot, range, parameters, coarse, blocks);
}

bool AcceleratedMotion::launch_inter_picture(const Pyramid& source, const Picture& source_picture, int reference_slot,
                                             std::span<const Mv> block_vectors, const InterCodingParameters& parameters,
                                             InterCodingView& out, int& ticket) {
    const int current = slot_of(source);
    if (current < 0 || !slot_valid_[static_cast<size_t>(current)]) return false;
    return backend_->launch_inter_picture(current, source_picture, reference_slot, block_vectors, parameters, out,
                                          ticket);
}

bool AcceleratedMotion::register_host_picture(const Picture& picture) {
    bool all = true;
    for (const Plane& plane : picture.planes) all = backend_->register_host_plane(plane) && all;
    return all;
}

}  // namespace tc
