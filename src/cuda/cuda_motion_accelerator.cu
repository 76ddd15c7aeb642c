#include "cuda/cuda_motion_accelerator.h"

#include <chrono>
#include <cstdint>
#include <cstring>
#include <new>
#include <vector>

#include <cuda_runtime.h>

#include "cuda/block_search_kernel.cuh"
#include "cuda/coarse_search_kernel.cuh"
#include "cuda/pyramid_kernels.cuh"

namespace tc {

namespace {
constexpr int kStagingBuffers = 2;  // frame N+1 is copied in while frame N's buffer is still read
}  // namespace

struct CudaMotionAccelerator::DeviceState {
    int device = 0;
    cudaStream_t upload_stream = nullptr, search_stream = nullptr;
    uint8_t* pyramids = nullptr;  // device: slot after slot, levels 1..3
    uint8_t* frames = nullptr;    // device: slot after slot, level 0 (full-resolution luma, tightly packed)
    uint8_t* pinned_frames[kStagingBuffers] = {};  // host, page-locked
    cudaEvent_t staging_free[kStagingBuffers] = {};  // the copy that read the buffer is done
    int next_staging = 0;
    std::vector<bool> slot_uploaded;         // per slot, an upload not yet built into a pyramid
    std::vector<cudaEvent_t> pyramid_ready;  // per slot
    int16_t* vectors = nullptr;              // device: a vector per CTU
    int16_t* pinned_vectors = nullptr;       // host, page-locked
    int16_t* block_vectors = nullptr;         // device: a vector per 16x16 block
    int16_t* pinned_block_vectors = nullptr;  // host, page-locked
    cudaEvent_t upload_start = nullptr, upload_end = nullptr, pyramid_end = nullptr;
    cudaEvent_t search_start = nullptr, search_end = nullptr;
    cudaEvent_t block_search_start = nullptr, block_search_end = nullptr;
    double pinned_copy_ms = 0;
    // Host memory page-locked by register_host_plane: [begin, begin + bytes).
    struct RegisteredRange {
        const uint8_t* begin;
        size_t bytes;
    };
    std::vector<RegisteredRange> registered;
    bool failed = false;  // a CUDA call failed: every later call refuses (the CPU path serves)
    bool launched = false, launched_blocks = false;  // a search is queued on search_stream

    bool check(cudaError_t status) {
        if (status != cudaSuccess) failed = true;
        return !failed;
    }
    ~DeviceState();
};

CudaMotionAccelerator::DeviceState::~DeviceState() {
    cudaSetDevice(device);
    if (upload_stream != nullptr) cudaStreamSynchronize(upload_stream);
    if (search_stream != nullptr) cudaStreamSynchronize(search_stream);
    for (cudaEvent_t event : {upload_start, upload_end, pyramid_end, search_start, search_end, block_search_start, block_search_end}) {
        if (event != nullptr) cudaEventDestroy(event);
    }
    for (cudaEvent_t event : pyramid_ready) {
        if (event != nullptr) cudaEventDestroy(event);
    }
    for (const RegisteredRange& range : registered) cudaHostUnregister(const_cast<uint8_t*>(range.begin));
    for (int i = 0; i < kStagingBuffers; i++) {
        if (staging_free[i] != nullptr) cudaEventDestroy(staging_free[i]);
        cudaFreeHost(pinned_frames[i]);
    }
    cudaFree(frames);
    cudaFree(pyramids);
    cudaFree(vectors);
    cudaFreeHost(pinned_vectors);
    cudaFree(block_vectors);
    cudaFreeHost(pinned_block_vectors);
    if (upload_stream != nullptr) cudaStreamDestroy(upload_stream);
    if (search_stream != nullptr) cudaStreamDestroy(search_stream);
}

int CudaMotionAccelerator::device_count() {
    int count = 0;
    if (cudaGetDeviceCount(&count) != cudaSuccess) {
        cudaGetLastError();  // clear the sticky-free error so that later calls start clean
        return 0;
    }
    return count;
}

CudaMotionAccelerator::CudaMotionAccelerator(PyramidGeometry geometry, int slots)
    : geometry_(geometry), slots_(slots) {}

CudaMotionAccelerator::~CudaMotionAccelerator() = default;

std::unique_ptr<CudaMotionAccelerator> CudaMotionAccelerator::create(int device, int width, int height, int slots) {
    if (width <= 0 || height <= 0 || slots <= 0 || device < 0 || device >= device_count()) return nullptr;
    std::unique_ptr<CudaMotionAccelerator> accelerator(
        new (std::nothrow) CudaMotionAccelerator(PyramidGeometry{width, height}, slots));
    if (!accelerator) return nullptr;
    accelerator->state_.reset(new (std::nothrow) DeviceState());
    DeviceState* s = accelerator->state_.get();
    if (s == nullptr) return nullptr;
    s->device = device;
    const PyramidGeometry& g = accelerator->geometry_;
    const size_t frame_bytes = static_cast<size_t>(width) * static_cast<size_t>(height);
    const size_t vector_bytes = sizeof(int16_t) * 2 * static_cast<size_t>(g.ctu_columns()) * g.ctu_rows();
    const size_t block_vector_bytes =
        sizeof(int16_t) * 2 * static_cast<size_t>(block_search_columns(width)) * block_search_rows(height);
    try {
        s->slot_uploaded.assign(static_cast<size_t>(slots), false);
        s->pyramid_ready.assign(static_cast<size_t>(slots), nullptr);
    } catch (const std::bad_alloc&) {
        return nullptr;
    }
    bool ok = s->check(cudaSetDevice(device)) &&
              s->check(cudaStreamCreateWithFlags(&s->upload_stream, cudaStreamNonBlocking)) &&
              s->check(cudaStreamCreateWithFlags(&s->search_stream, cudaStreamNonBlocking)) &&
              s->check(cudaMalloc(&s->pyramids, static_cast<size_t>(g.pyramid_samples()) * slots)) &&
              s->check(cudaMalloc(&s->frames, frame_bytes * static_cast<size_t>(slots))) &&
              s->check(cudaMalloc(&s->vectors, vector_bytes)) &&
              s->check(cudaMallocHost(&s->pinned_vectors, vector_bytes)) &&
              s->check(cudaMalloc(&s->block_vectors, block_vector_bytes)) &&
              s->check(cudaMallocHost(&s->pinned_block_vectors, block_vector_bytes));
    for (int i = 0; ok && i < kStagingBuffers; i++) {
        ok = s->check(cudaMallocHost(&s->pinned_frames[i], frame_bytes)) &&
             s->check(cudaEventCreateWithFlags(&s->staging_free[i], cudaEventDisableTiming));
    }
    for (cudaEvent_t& event : s->pyramid_ready) {
        ok = ok && s->check(cudaEventCreateWithFlags(&event, cudaEventDisableTiming));
    }
    for (cudaEvent_t* event : {&s->upload_start, &s->upload_end, &s->pyramid_end, &s->search_start, &s->search_end,
                                &s->block_search_start, &s->block_search_end}) {
        ok = ok && s->check(cudaEventCreate(event));
    }
    if (!ok) {
        cudaGetLastError();
        return nullptr;
    }
    return accelerator;
}

bool CudaMotionAccelerator::register_host_plane(const Plane& plane) {
    DeviceState& s = *state_;
    if (s.failed || plane.allocation() == nullptr || !s.check(cudaSetDevice(s.device))) return false;
    try {
        s.registered.reserve(s.registered.size() + 1);
    } catch (const std::bad_alloc&) {
        return false;
    }
    // Locking can fail (a memory limit, memory registered already): not an error of the
    // backend, the plane's uploads then take the staging copy.
    if (cudaHostRegister(const_cast<uint8_t*>(plane.allocation()), plane.allocation_bytes(), cudaHostRegisterDefault) !=
        cudaSuccess) {
        cudaGetLastError();
        return false;
    }
    s.registered.push_back({plane.allocation(), plane.allocation_bytes()});
    return true;
}

bool CudaMotionAccelerator::upload_frame(int slot, const Plane& luma) {
    DeviceState& s = *state_;
    if (s.failed || slot < 0 || slot >= slots_ || luma.width() < geometry_.width || luma.height() < geometry_.height) {
        return false;
    }
    if (!s.check(cudaSetDevice(s.device))) return false;
    // The slot's level 0 is free: every search that read it has been collected (the caller's
    // part: collect_motion_field waits for the search stream), and the upload stream runs in
    // order.
    const size_t width = static_cast<size_t>(geometry_.width);
    uint8_t* target = frame_of(slot);
    const uint8_t* first = luma.row(0);
    const auto address = [](const uint8_t* p) { return reinterpret_cast<uintptr_t>(p); };
    const uintptr_t begin = address(first), end = address(luma.row(geometry_.height - 1)) + width;
    bool registered = false;
    for (const DeviceState::RegisteredRange& range : s.registered) {
        registered |= begin >= address(range.begin) && end <= address(range.begin) + range.bytes;
    }
    if (registered) {
        // Straight from the plane: the caller keeps it unchanged until finish_uploads().
        s.pinned_copy_ms = 0;
        const bool ok = s.check(cudaEventRecord(s.upload_start, s.upload_stream)) &&
                        s.check(cudaMemcpy2DAsync(target, width, first, static_cast<size_t>(luma.stride()), width,
                                                  static_cast<size_t>(geometry_.height), cudaMemcpyHostToDevice,
                                                  s.upload_stream)) &&
                        s.check(cudaEventRecord(s.upload_end, s.upload_stream));
        s.slot_uploaded[static_cast<size_t>(slot)] = ok;
        return ok;
    }
    // Through pinned buffer k, once the copy that last read it is done.
    const int k = s.next_staging;
    s.next_staging = (k + 1) % kStagingBuffers;
    if (!s.check(cudaEventSynchronize(s.staging_free[k]))) return false;
    const auto copy_start = std::chrono::steady_clock::now();
    for (int y = 0; y < geometry_.height; y++) std::memcpy(s.pinned_frames[k] + width * y, luma.row(y), width);
    s.pinned_copy_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - copy_start).count();
    const bool ok = s.check(cudaEventRecord(s.upload_start, s.upload_stream)) &&
                    s.check(cudaMemcpyAsync(target, s.pinned_frames[k], width * geometry_.height,
                                            cudaMemcpyHostToDevice, s.upload_stream)) &&
                    s.check(cudaEventRecord(s.upload_end, s.upload_stream)) &&
                    s.check(cudaEventRecord(s.staging_free[k], s.upload_stream));
    s.slot_uploaded[static_cast<size_t>(slot)] = ok;
    return ok;
}

uint8_t* CudaMotionAccelerator::frame_of(int slot) const {
    return state_->frames + static_cast<size_t>(geometry_.width) * static_cast<size_t>(geometry_.height) *
                                static_cast<size_t>(slot);
}

bool CudaMotionAccelerator::finish_uploads() {
    DeviceState& s = *state_;
    // upload_end follows the last copy on the upload stream, and so every earlier one.
    return !s.failed && s.check(cudaSetDevice(s.device)) && s.check(cudaEventSynchronize(s.upload_end));
}

bool CudaMotionAccelerator::build_pyramid(int slot) {
    DeviceState& s = *state_;
    if (s.failed || slot < 0 || slot >= slots_ || !s.slot_uploaded[static_cast<size_t>(slot)]) return false;
    if (!s.check(cudaSetDevice(s.device))) return false;
    s.slot_uploaded[static_cast<size_t>(slot)] = false;
    uint8_t* pyramid = s.pyramids + static_cast<size_t>(geometry_.pyramid_samples()) * slot;
    return s.check(cuda::launch_pyramid_build(frame_of(slot), geometry_.width, pyramid, geometry_, s.upload_stream)) &&
           s.check(cudaEventRecord(s.pyramid_end, s.upload_stream)) &&
           s.check(cudaEventRecord(s.pyramid_ready[static_cast<size_t>(slot)], s.upload_stream));
}

bool CudaMotionAccelerator::launch_motion_field(int current, int reference, int range,
                                                const BlockSearchParameters& parameters, bool with_blocks) {
    DeviceState& s = *state_;
    s.launched = false;
    if (s.failed || current < 0 || current >= slots_ || reference < 0 || reference >= slots_) return false;
    if (!s.check(cudaSetDevice(s.device))) return false;
    const size_t ctus = static_cast<size_t>(geometry_.ctu_columns()) * geometry_.ctu_rows();
    const size_t block_count =
        static_cast<size_t>(block_search_columns(geometry_.width)) * block_search_rows(geometry_.height);
    const size_t pyramid_samples = static_cast<size_t>(geometry_.pyramid_samples());
    bool ok =
        s.check(cudaStreamWaitEvent(s.search_stream, s.pyramid_ready[static_cast<size_t>(current)], 0)) &&
        s.check(cudaStreamWaitEvent(s.search_stream, s.pyramid_ready[static_cast<size_t>(reference)], 0)) &&
        s.check(cudaEventRecord(s.search_start, s.search_stream)) &&
        s.check(cuda::launch_coarse_search(s.pyramids + pyramid_samples * current,
                                           s.pyramids + pyramid_samples * reference, geometry_, range, s.vectors,
                                           s.search_stream)) &&
        s.check(cudaEventRecord(s.search_end, s.search_stream)) &&
        s.check(cudaMemcpyAsync(s.pinned_vectors, s.vectors, sizeof(int16_t) * 2 * ctus, cudaMemcpyDeviceToHost,
                                s.search_stream));
    if (ok && with_blocks) {
        ok = s.check(cudaEventRecord(s.block_search_start, s.search_stream)) &&
             s.check(cuda::launch_block_search(frame_of(current), frame_of(reference), geometry_.width,
                                               geometry_.height, s.vectors, parameters, s.block_vectors,
                                               s.search_stream)) &&
             s.check(cudaEventRecord(s.block_search_end, s.search_stream)) &&
             s.check(cudaMemcpyAsync(s.pinned_block_vectors, s.block_vectors, sizeof(int16_t) * 2 * block_count,
                                     cudaMemcpyDeviceToHost, s.search_stream));
    }
    s.launched = ok;
    s.launched_blocks = with_blocks;
    return ok;
}

bool CudaMotionAccelerator::collect_motion_field(std::span<Mv> coarse, std::span<Mv> blocks) {
    DeviceState& s = *state_;
    const bool launched = s.launched;
    s.launched = false;
    const size_t ctus = static_cast<size_t>(geometry_.ctu_columns()) * geometry_.ctu_rows();
    const size_t block_count =
        static_cast<size_t>(block_search_columns(geometry_.width)) * block_search_rows(geometry_.height);
    // The stream is waited for even when the sizes are wrong: the next upload may overwrite
    // what the search reads.
    const bool ok = launched && !s.failed && s.check(cudaSetDevice(s.device)) &&
                    s.check(cudaStreamSynchronize(s.search_stream));
    if (!ok || coarse.size() != ctus || (!blocks.empty() && (!s.launched_blocks || blocks.size() != block_count))) {
        return false;
    }
    for (size_t i = 0; i < ctus; i++) coarse[i] = Mv{s.pinned_vectors[2 * i], s.pinned_vectors[2 * i + 1]};
    for (size_t i = 0; i < blocks.size(); i++) {
        blocks[i] = Mv{s.pinned_block_vectors[2 * i], s.pinned_block_vectors[2 * i + 1]};
    }
    return true;
}

bool CudaMotionAccelerator::read_level(int slot, int level, Plane& out) {
    DeviceState& s = *state_;
    if (s.failed || slot < 0 || slot >= slots_ || level < 1 || level > 3) return false;
    const int width = geometry_.level_width(level), height = geometry_.level_height(level);
    if (out.width() != width || out.height() != height) return false;
    const uint8_t* samples =
        s.pyramids + static_cast<size_t>(geometry_.pyramid_samples()) * slot + geometry_.level_offset(level);
    return s.check(cudaSetDevice(s.device)) && s.check(cudaStreamSynchronize(s.upload_stream)) &&
           s.check(cudaMemcpy2D(out.data(), static_cast<size_t>(out.stride()), samples, static_cast<size_t>(width),
                                static_cast<size_t>(width), static_cast<size_t>(height), cudaMemcpyDeviceToHost));
}

CudaMotionAccelerator::StageTimes CudaMotionAccelerator::last_stage_times() const {
    DeviceState& s = *state_;
    StageTimes times;
    times.pinned_copy_ms = s.pinned_copy_ms;
    float upload = 0, pyramid = 0, search = 0, block_search = 0;
    cudaSetDevice(s.device);
    cudaEventSynchronize(s.pyramid_end);
    cudaEventSynchronize(s.search_end);
    cudaEventSynchronize(s.block_search_end);
    if (cudaEventElapsedTime(&upload, s.upload_start, s.upload_end) == cudaSuccess) times.upload_ms = upload;
    if (cudaEventElapsedTime(&pyramid, s.upload_end, s.pyramid_end) == cudaSuccess) times.pyramid_ms = pyramid;
    if (cudaEventElapsedTime(&search, s.search_start, s.search_end) == cudaSuccess) times.coarse_search_ms = search;
    if (cudaEventElapsedTime(&block_search, s.block_search_start, s.block_search_end) == cudaSuccess) {
        times.block_search_ms = block_search;
    }
    cudaGetLastError();  // an event never recorded (no search yet) is not a failure of the backend
    return times;
}

}  // namespace tc
