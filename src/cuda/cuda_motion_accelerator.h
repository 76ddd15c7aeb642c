// The CUDA backend of the accelerated motion stages: every slot's frame and pyramid stay in
// GPU memory; a frame goes straight from a registered (page-locked) host plane, or else
// through a pinned host buffer (two, used in turn), on an upload stream that also builds its
// pyramid, so that the upload of the next frame overlaps the CPU's work on the current one;
// the coarse and block searches run on a second stream once both pyramids they read are
// built. The inter coding (accel/inter_coding.h) runs on a third stream with its reference
// pictures in GPU memory, so that a pending search does not delay it; its results come back
// into pinned memory in one copy. Plain C++ header: the CUDA types stay in the .cu file.
#pragma once
#include <memory>

#include "accel/motion_accelerator.h"

namespace tc {

class CudaMotionAccelerator final : public MotionAccelerator {
public:
    // nullptr when there is no CUDA device `device` or its memory is short.
    static std::unique_ptr<CudaMotionAccelerator> create(int device, int width, int height, int slots);
    // CUDA devices usable from this process (0 when the driver or a device is missing).
    static int device_count();
    ~CudaMotionAccelerator() override;
    CudaMotionAccelerator(const CudaMotionAccelerator&) = delete;
    CudaMotionAccelerator& operator=(const CudaMotionAccelerator&) = delete;

    // From a registered plane the copy goes straight to the device, and the call waits for it
    // (a fraction of what copying the plane into the pinned buffer takes on the CPU), so the
    // plane may still be changed as soon as it returns.
    bool upload_frame(int slot, const Plane& luma) override;
    bool register_host_plane(const Plane& plane) override;
    bool finish_uploads() override;
    bool build_pyramid(int slot) override;
    bool launch_motion_field(int current, int reference, int range, const BlockSearchParameters& parameters,
                             bool with_blocks) override;
    bool collect_motion_field(std::span<Mv> coarse, std::span<Mv> blocks) override;
    bool read_level(int slot, int level, Plane& out) override;
    // Registered planes go straight to the device, asynchronously (see the interface); others
    // through a pinned buffer.
    bool upload_reconstruction(int slot, const Picture& picture) override;
    // Queues the uploads, kernels and the results' copy on the coding stream; `out` points into
    // pinned memory, two buffers in turn (the ticket), each with an event its collect waits for.
    bool launch_inter_picture(int source, const Picture& source_picture, int reference,
                              std::span<const Mv> block_vectors, const InterCodingParameters& parameters,
                              InterCodingView& out, int& ticket) override;
    bool collect_inter_picture(int ticket) override;
    // A copy on the device, queued on the coding stream.
    bool keep_reconstruction(int slot) override;

    bool on_gpu() const override { return true; }
    const PyramidGeometry& geometry() const override { return geometry_; }
    int slot_count() const override { return slots_; }

    // GPU time (cudaEvent) of the last host-to-device copy, pyramid build, coarse search and block search,
    // and the CPU time of the last copy into the pinned buffer; of the last inter coding's kernel
    // and the copy of its results to the host; waits for the GPU.
    struct StageTimes {
        double pinned_copy_ms = 0, upload_ms = 0, pyramid_ms = 0, coarse_search_ms = 0, block_search_ms = 0;
        double inter_coding_ms = 0, inter_download_ms = 0;
    };
    StageTimes last_stage_times() const;

private:
    struct DeviceState;
    CudaMotionAccelerator(PyramidGeometry geometry, int slots);
    uint8_t* frame_of(int slot) const;  // the slot's level 0 on the device
    // kSmoothingPasses passes, each of two halves, over the uploaded block vectors on the coding
    // stream (the result in smoothed_vectors[1]).
    bool smooth_vectors(const uint8_t* source, const uint8_t* reference, int sqrt_lambda_q8);
    // The coding-unit sizes by cost after the smoothing (launch_area_decisions, both steps), on the
    // coding stream; the result back in smoothed_vectors[1].
    bool decide_areas(const uint8_t* source, const uint8_t* reference, int sqrt_lambda_q8);
    // The SAO decisions of every CTB and their application to the deblocked reconstruction of
    // `device_output` (accel/inter_sao_steps.h), queued on the coding stream.
    bool apply_sao(const InterCodingOutput& device_output, int64_t lambda_q8);
    bool is_registered(const Plane& plane, int width, int height) const;
    bool upload_plane(const Plane& plane, int width, int height, uint8_t* target, uint8_t* staging);
    bool allocate_inter_coding();

    PyramidGeometry geometry_;
    int slots_ = 0;
    std::unique_ptr<DeviceState> state_;
};

}  // namespace tc
