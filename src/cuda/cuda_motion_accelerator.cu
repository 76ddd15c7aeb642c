#include "cuda/cuda_motion_accelerator.h"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <new>
#include <vector>

#include <cuda_runtime.h>

#include "accel/inter_coding_steps.h"
#include "cuda/block_search_kernel.cuh"
#include "cuda/coarse_search_kernel.cuh"
#include "cuda/cu_split_kernel.cuh"
#include "cuda/inter_coding_kernel.cuh"
#include "cuda/skip_decision_kernel.cuh"
#include "cuda/inter_deblocking_kernel.cuh"
#include "cuda/intra_coding_kernel.cuh"
#include "cuda/intra_unit_kernel.cuh"
#include "cuda/inter_sao_kernel.cuh"
#include "cuda/sao_statistics_kernel.cuh"
#include "cuda/pyramid_kernels.cuh"
#include "transform/transform_matrix.h"

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
    // The inter coding, allocated at its first use (allocate_inter_coding; the reconstruction
    // slots at their first upload). Everything it does runs on coding_stream.
    cudaStream_t coding_stream = nullptr;
    uint8_t* reconstructions[kMaxReconstructionSlots] = {};  // device: a picture's planes tightly packed
    bool reconstruction_valid[kMaxReconstructionSlots] = {};
    uint8_t* reconstruction_staging = nullptr;  // host, page-locked: one picture
    uint8_t* source_chroma = nullptr;           // device: Cb, then Cr
    uint8_t* chroma_staging = nullptr;          // host, page-locked
    Mv* coding_vectors = nullptr;               // device: a vector per 16x16 block
    Mv* smoothed_vectors[2] = {nullptr, nullptr};  // device: after each area decision step
    SmoothingCacheEntry* smoothing_cache = nullptr;  // device: kSmoothingCandidates a block
    uint8_t* smoothing_moved = nullptr;  // device: a flag a block, its vector changed at its last decision
    uint64_t* area_costs = nullptr;  // device: the 32x32 areas' chosen costs (launch_area_decisions)
    Mv* unit_vectors = nullptr;      // device: a vector per 8x8 unit (launch_split_decisions)
    uint8_t* skip_choices = nullptr;  // device: a byte per 8x8 unit each (launch_skip_decisions)
    uint8_t* skip_leaned = nullptr;
    uint8_t* intra_modes = nullptr;  // device: a byte per 16x16 block each (launch_intra_decisions)
    uint8_t* intra_waves = nullptr;
    uint32_t* intra_candidates = nullptr;  // device: the candidates' block indices, then their count
    uint8_t* unit_intra_modes = nullptr;   // device: a byte per 8x8 unit each (launch_intra_unit_decisions)
    uint8_t* unit_intra_waves = nullptr;
    Mv* pinned_coding_vectors = nullptr;        // host, page-locked
    int16_t* dct_matrix = nullptr;              // device: kDctMatrix
    uint8_t* coding_output = nullptr;           // device: InterCodingOutput's buffer
    // host, page-locked: the same, two in turn (a picture's results stay valid through the
    // next picture's coding); the last one coded (-1: none since the last failure)
    uint8_t* pinned_coding_outputs[2] = {nullptr, nullptr};
    int last_output = -1;
    int output_turn = 0;  // the one the next coding writes
    uint8_t* sao_deblocked = nullptr;  // device: the deblocked picture SAO reads (planes tightly packed)
    cudaEvent_t reconstruction_copied = nullptr;  // after the last reconstruction upload
    cudaEvent_t coding_inputs_read = nullptr;  // the last coding's uploads read their staging buffers
    cudaEvent_t output_ready[2] = {nullptr, nullptr};  // a coding's results are in pinned_coding_outputs[i]
    cudaEvent_t coding_start = nullptr, coding_end = nullptr, download_end = nullptr;
    // A CUDA call failed: every later call refuses (the CPU path serves). Atomic: a coding's
    // results may be collected on another thread than the launches.
    std::atomic<bool> failed{false};
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
    if (coding_stream != nullptr) cudaStreamSynchronize(coding_stream);
    for (cudaEvent_t event : {reconstruction_copied, coding_inputs_read, output_ready[0], output_ready[1], coding_start,
                              coding_end, download_end}) {
        if (event != nullptr) cudaEventDestroy(event);
    }
    for (uint8_t* reconstruction : reconstructions) cudaFree(reconstruction);
    cudaFreeHost(reconstruction_staging);
    cudaFree(source_chroma);
    cudaFreeHost(chroma_staging);
    cudaFree(coding_vectors);
    cudaFree(smoothed_vectors[0]);
    cudaFree(smoothed_vectors[1]);
    cudaFree(smoothing_cache);
    cudaFree(smoothing_moved);
    cudaFree(area_costs);
    cudaFree(unit_vectors);
    cudaFree(skip_choices);
    cudaFree(skip_leaned);
    cudaFree(intra_modes);
    cudaFree(intra_waves);
    cudaFree(intra_candidates);
    cudaFree(unit_intra_modes);
    cudaFree(unit_intra_waves);
    cudaFreeHost(pinned_coding_vectors);
    cudaFree(dct_matrix);
    cudaFree(coding_output);
    cudaFreeHost(pinned_coding_outputs[0]);
    cudaFreeHost(pinned_coding_outputs[1]);
    cudaFree(sao_deblocked);
    if (coding_stream != nullptr) cudaStreamDestroy(coding_stream);
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
    if (is_registered(luma, geometry_.width, geometry_.height)) {
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

bool CudaMotionAccelerator::is_registered(const Plane& plane, int width, int height) const {
    const auto address = [](const uint8_t* p) { return reinterpret_cast<uintptr_t>(p); };
    const uintptr_t begin = address(plane.row(0)), end = address(plane.row(height - 1)) + static_cast<size_t>(width);
    for (const DeviceState::RegisteredRange& range : state_->registered) {
        if (begin >= address(range.begin) && end <= address(range.begin) + range.bytes) return true;
    }
    return false;
}

uint8_t* CudaMotionAccelerator::frame_of(int slot) const {
    return state_->frames + static_cast<size_t>(geometry_.width) * static_cast<size_t>(geometry_.height) *
                                static_cast<size_t>(slot);
}

bool CudaMotionAccelerator::finish_uploads() {
    DeviceState& s = *state_;
    // upload_end follows the last copy on the upload stream, and so every earlier one;
    // reconstruction_copied the last reconstruction upload on the coding stream.
    return !s.failed && s.check(cudaSetDevice(s.device)) && s.check(cudaEventSynchronize(s.upload_end)) &&
           (s.reconstruction_copied == nullptr || s.check(cudaEventSynchronize(s.reconstruction_copied)));
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

namespace {

// cudaMalloc / cudaMallocHost of `bytes` into `pointer` unless it holds memory already. A
// failure (memory short) is not a failure of the backend: the error is cleared, the caller
// refuses the call, and the next call tries again.
template <typename T>
bool allocate_once(T*& pointer, size_t bytes, bool pinned) {
    if (pointer != nullptr) return true;
    void* memory = nullptr;
    if ((pinned ? cudaMallocHost(&memory, bytes) : cudaMalloc(&memory, bytes)) != cudaSuccess) {
        cudaGetLastError();
        return false;
    }
    pointer = static_cast<T*>(memory);
    return true;
}

}  // namespace

bool CudaMotionAccelerator::allocate_inter_coding() {
    DeviceState& s = *state_;
    const int width = geometry_.width, height = geometry_.height;
    const size_t chroma_bytes = 2 * static_cast<size_t>(width / 2) * static_cast<size_t>(height / 2);
    const size_t vector_bytes =
        sizeof(Mv) * static_cast<size_t>(block_search_columns(width)) * static_cast<size_t>(block_search_rows(height));
    const size_t output_bytes = inter_coding_output_bytes(width, height);
    const size_t unit_count = static_cast<size_t>(inter_unit_columns(width)) * static_cast<size_t>(inter_unit_rows(height));
    const bool had_matrix = s.dct_matrix != nullptr;
    if (!allocate_once(s.reconstruction_staging, inter_coding_picture_bytes(width, height), true) ||
        !allocate_once(s.source_chroma, chroma_bytes, false) || !allocate_once(s.chroma_staging, chroma_bytes, true) ||
        !allocate_once(s.coding_vectors, vector_bytes, false) ||
        !allocate_once(s.smoothed_vectors[0], vector_bytes, false) ||
        !allocate_once(s.smoothed_vectors[1], vector_bytes, false) ||
        !allocate_once(s.smoothing_cache,
                       vector_bytes / sizeof(Mv) * kSmoothingCandidates * sizeof(SmoothingCacheEntry), false) ||
        !allocate_once(s.smoothing_moved, vector_bytes / sizeof(Mv), false) ||
        !allocate_once(s.area_costs, sizeof(uint64_t) * area_cost_count(width, height), false) ||
        !allocate_once(s.unit_vectors, sizeof(Mv) * unit_count, false) ||
        !allocate_once(s.skip_choices, unit_count, false) || !allocate_once(s.skip_leaned, unit_count, false) ||
        !allocate_once(s.intra_modes, vector_bytes / sizeof(Mv), false) ||
        !allocate_once(s.intra_waves, vector_bytes / sizeof(Mv), false) ||
        !allocate_once(s.intra_candidates, (vector_bytes / sizeof(Mv) + 1) * sizeof(uint32_t), false) ||
        !allocate_once(s.unit_intra_modes, unit_count, false) || !allocate_once(s.unit_intra_waves, unit_count, false) ||
        !allocate_once(s.pinned_coding_vectors, vector_bytes, true) ||
        !allocate_once(s.coding_output, output_bytes, false) ||
        !allocate_once(s.pinned_coding_outputs[0], output_bytes, true) ||
        !allocate_once(s.pinned_coding_outputs[1], output_bytes, true) ||
        !allocate_once(s.sao_deblocked, inter_coding_picture_bytes(width, height), false) ||
        !allocate_once(s.dct_matrix, sizeof(kDctMatrix), false)) {
        return false;
    }
    if (!had_matrix && !s.check(cudaMemcpy(s.dct_matrix, kDctMatrix, sizeof(kDctMatrix), cudaMemcpyHostToDevice))) {
        return false;
    }
    if (s.coding_stream != nullptr) return true;
    bool ok = s.check(cudaStreamCreateWithFlags(&s.coding_stream, cudaStreamNonBlocking));
    for (cudaEvent_t* event : {&s.reconstruction_copied, &s.coding_inputs_read, &s.output_ready[0], &s.output_ready[1]}) {
        ok = ok && s.check(cudaEventCreateWithFlags(event, cudaEventDisableTiming));
    }
    for (cudaEvent_t* event : {&s.coding_start, &s.coding_end, &s.download_end}) ok = ok && s.check(cudaEventCreate(event));
    return ok;
}

bool CudaMotionAccelerator::upload_plane(const Plane& plane, int width, int height, uint8_t* target,
                                         uint8_t* staging) {
    DeviceState& s = *state_;
    const size_t row_bytes = static_cast<size_t>(width);
    if (is_registered(plane, width, height)) {
        return s.check(cudaMemcpy2DAsync(target, row_bytes, plane.row(0), static_cast<size_t>(plane.stride()), row_bytes,
                                         static_cast<size_t>(height), cudaMemcpyHostToDevice, s.coding_stream));
    }
    for (int y = 0; y < height; y++) std::memcpy(staging + row_bytes * static_cast<size_t>(y), plane.row(y), row_bytes);
    return s.check(cudaMemcpyAsync(target, staging, row_bytes * static_cast<size_t>(height), cudaMemcpyHostToDevice,
                                   s.coding_stream));
}

bool CudaMotionAccelerator::upload_reconstruction(int slot, const Picture& picture) {
    DeviceState& s = *state_;
    const int width = geometry_.width, height = geometry_.height;
    if (s.failed || slot < 0 || slot >= kMaxReconstructionSlots || !picture_covers(picture, width, height) ||
        !s.check(cudaSetDevice(s.device)) || !allocate_inter_coding() ||
        !allocate_once(s.reconstructions[slot], inter_coding_picture_bytes(width, height), false)) {
        return false;
    }
    // The staging buffer is free once the last reconstruction upload has read it (the coding
    // stream runs in order, so the slot is free of codings queued before).
    s.reconstruction_valid[slot] = false;
    if (!s.check(cudaEventSynchronize(s.reconstruction_copied))) return false;
    uint8_t* target = s.reconstructions[slot];
    uint8_t* staging = s.reconstruction_staging;
    for (int c = 0; c < 3; c++) {
        const int plane_width = c == 0 ? width : width / 2, plane_height = c == 0 ? height : height / 2;
        if (!upload_plane(picture.planes[c], plane_width, plane_height, target, staging)) return false;
        const size_t bytes = static_cast<size_t>(plane_width) * static_cast<size_t>(plane_height);
        target += bytes;
        staging += bytes;
    }
    s.reconstruction_valid[slot] = s.check(cudaEventRecord(s.reconstruction_copied, s.coding_stream));
    return s.reconstruction_valid[slot];
}

bool CudaMotionAccelerator::smooth_vectors(const uint8_t* source, const uint8_t* reference, int sqrt_lambda_q8) {
    DeviceState& s = *state_;
    // Each pass in two halves (inter_coding_steps.h), in place in coding_vectors: a half writes
    // only its own colour's vectors and reads only the other colour's (and its own). The moved
    // flags start clear (the blocks the smoothing leaves never set theirs).
    const size_t blocks = static_cast<size_t>(block_search_columns(geometry_.width)) *
                          static_cast<size_t>(block_search_rows(geometry_.height));
    if (!s.check(cudaMemsetAsync(s.smoothing_moved, 0, blocks, s.coding_stream))) return false;
    for (int pass = 0; pass < kSmoothingPasses; pass++) {
        for (int half = 0; half < 2; half++) {
            if (!s.check(cuda::launch_vector_smoothing(source, reference, geometry_.width, geometry_.height,
                                                       s.coding_vectors, sqrt_lambda_q8, half, s.smoothing_cache,
                                                       s.smoothing_moved, pass > 0, s.coding_stream))) {
                return false;
            }
        }
    }
    return true;
}

bool CudaMotionAccelerator::decide_areas(const uint8_t* source, const uint8_t* reference, int sqrt_lambda_q8) {
    DeviceState& s = *state_;
    // The smoothed field is in coding_vectors: the 32x32 step into smoothed_vectors[0], the 64x64
    // step into [1], where the coding reads it.
    const int width = geometry_.width, height = geometry_.height;
    return s.check(cuda::launch_area_decisions(source, reference, width, height, s.coding_vectors, sqrt_lambda_q8,
                                               2, s.smoothed_vectors[0], s.area_costs, s.coding_stream)) &&
           s.check(cuda::launch_area_decisions(source, reference, width, height, s.smoothed_vectors[0], sqrt_lambda_q8,
                                               4, s.smoothed_vectors[1], s.area_costs, s.coding_stream));
}

bool CudaMotionAccelerator::launch_inter_picture(int source, const Picture& source_picture, int reference,
                                                 std::span<const Mv> block_vectors,
                                                 const InterCodingParameters& parameters, InterCodingView& out,
                                                 int& ticket) {
    DeviceState& s = *state_;
    const int width = geometry_.width, height = geometry_.height;
    const size_t block_count =
        static_cast<size_t>(block_search_columns(width)) * static_cast<size_t>(block_search_rows(height));
    s.last_output = -1;
    if (s.failed || source < 0 || source >= slots_ || reference < 0 || reference >= kMaxReconstructionSlots ||
        !s.reconstruction_valid[reference] || width % 8 != 0 || height % 8 != 0 ||
        block_vectors.size() != block_count || !picture_covers(source_picture, width, height) ||
        (parameters.sao && (!parameters.sao_statistics || parameters.slices != 1)) ||
        !s.check(cudaSetDevice(s.device)) || !allocate_inter_coding()) {
        return false;
    }
    // The pinned output the picture before last went to (the last one's stays readable; the
    // caller is done with the one before: see the interface).
    const int output_index = s.output_turn;
    uint8_t* pinned_output = s.pinned_coding_outputs[output_index];
    // The staging buffers are free once the last coding's uploads have read them (normally long
    // done: its launch was a picture ago).
    if (!s.check(cudaEventSynchronize(s.coding_inputs_read))) return false;
    std::memcpy(s.pinned_coding_vectors, block_vectors.data(), sizeof(Mv) * block_count);
    const size_t chroma_plane = static_cast<size_t>(width / 2) * static_cast<size_t>(height / 2);
    const size_t luma_plane = static_cast<size_t>(width) * static_cast<size_t>(height);
    cuda::InterCodingKernelArguments arguments;
    arguments.source[0] = frame_of(source);
    arguments.source[1] = s.source_chroma;
    arguments.source[2] = s.source_chroma + chroma_plane;
    arguments.reference[0] = s.reconstructions[reference];
    arguments.reference[1] = s.reconstructions[reference] + luma_plane;
    arguments.reference[2] = s.reconstructions[reference] + luma_plane + chroma_plane;
    arguments.width = width;
    arguments.height = height;
    const bool smoothing = parameters.sqrt_lambda_q8 > 0;
    // The smoothing works in place; the area decisions leave their field in smoothed_vectors[1].
    arguments.block_vectors = smoothing && parameters.area_decisions ? s.smoothed_vectors[1] : s.coding_vectors;
    // The split decisions read that field and write a vector per 8x8 unit.
    const bool split = smoothing && parameters.split_decisions;
    arguments.unit_vectors = split ? s.unit_vectors : nullptr;
    // The intra CUs (accel/intra_coding_steps.h), with the smoothing as the mirror has them.
    const bool intra = smoothing && parameters.intra_waves > 0;
    // The 8x8 intra CUs (accel/intra_unit_steps.h) where there are 8x8 CUs: split blocks, or
    // blocks across the picture's right or bottom edge.
    const bool intra_units = intra && parameters.intra_unit_waves > 0 && (split || width % 16 != 0 || height % 16 != 0);
    arguments.dct_matrix = s.dct_matrix;
    arguments.parameters = parameters;
    const InterCodingOutput device_output = inter_coding_output(s.coding_output, width, height);
    arguments.units = device_output.units;
    for (int c = 0; c < 3; c++) {
        arguments.levels[c] = device_output.levels[c];
        arguments.reconstruction[c] = device_output.reconstruction[c];
    }
    const bool ok =
        s.check(cudaMemcpyAsync(s.coding_vectors, s.pinned_coding_vectors, sizeof(Mv) * block_count,
                                cudaMemcpyHostToDevice, s.coding_stream)) &&
        upload_plane(source_picture.planes[1], width / 2, height / 2, s.source_chroma, s.chroma_staging) &&
        upload_plane(source_picture.planes[2], width / 2, height / 2, s.source_chroma + chroma_plane,
                     s.chroma_staging + chroma_plane) &&
        s.check(cudaEventRecord(s.coding_inputs_read, s.coding_stream)) &&
        s.check(cudaStreamWaitEvent(s.coding_stream, s.pyramid_ready[static_cast<size_t>(source)], 0)) &&
        s.check(cudaEventRecord(s.coding_start, s.coding_stream)) &&
        (!smoothing || smooth_vectors(arguments.source[0], arguments.reference[0], parameters.sqrt_lambda_q8)) &&
        (!smoothing || !parameters.area_decisions ||
         decide_areas(arguments.source[0], arguments.reference[0], parameters.sqrt_lambda_q8)) &&
        (!split || s.check(cuda::launch_split_decisions(arguments.source[0], arguments.reference[0], width, height,
                                                        arguments.block_vectors, parameters.sqrt_lambda_q8,
                                                        s.unit_vectors, s.coding_stream))) &&
        (!intra || s.check(cuda::launch_intra_decisions(arguments, s.intra_modes, s.intra_waves, s.intra_candidates,
                                                            s.coding_stream))) &&
        (!intra_units || s.check(cuda::launch_intra_unit_decisions(arguments, s.intra_waves, s.unit_intra_modes,
                                                                   s.unit_intra_waves, s.coding_stream))) &&
        s.check(cuda::launch_inter_coding(arguments, s.coding_stream)) &&
        (!intra || s.check(cuda::launch_intra_marks(arguments, s.intra_modes, s.intra_waves, s.coding_stream))) &&
        (!intra_units || s.check(cuda::launch_intra_unit_marks(arguments, s.unit_intra_modes, s.unit_intra_waves,
                                                               s.coding_stream))) &&
        s.check(cuda::launch_skip_decisions(arguments, s.skip_choices, s.skip_leaned, s.coding_stream)) &&
        (!intra || s.check(cuda::launch_intra_coding(arguments, s.intra_candidates, s.intra_waves, s.coding_stream))) &&
        (!intra_units || s.check(cuda::launch_intra_unit_coding(arguments, s.unit_intra_waves, s.coding_stream))) &&
        s.check(cuda::launch_inter_deblocking(device_output.reconstruction, width, height, device_output.units,
                                              device_output.unit_columns, parameters.deblocking, parameters.slices,
                                              s.coding_stream)) &&
        (!parameters.sao_statistics ||
         s.check(cuda::launch_sao_statistics(arguments.source, device_output.reconstruction, width, height,
                                             parameters.slices, device_output.sao_statistics, s.coding_stream))) &&
        (!parameters.sao || apply_sao(device_output, parameters.lambda_q8)) &&
        s.check(cudaEventRecord(s.coding_end, s.coding_stream)) &&
        s.check(cudaMemcpyAsync(pinned_output, s.coding_output, inter_coding_output_bytes(width, height),
                                cudaMemcpyDeviceToHost, s.coding_stream)) &&
        s.check(cudaEventRecord(s.download_end, s.coding_stream)) &&
        s.check(cudaEventRecord(s.output_ready[output_index], s.coding_stream));
    if (!ok) return false;
    s.output_turn = 1 - output_index;
    s.last_output = output_index;
    out = inter_coding_output(pinned_output, width, height).view(parameters);
    ticket = output_index;
    return true;
}

bool CudaMotionAccelerator::collect_inter_picture(int ticket) {
    DeviceState& s = *state_;
    if (ticket < 0 || ticket > 1 || s.failed || !s.check(cudaSetDevice(s.device))) return false;
    return s.check(cudaEventSynchronize(s.output_ready[ticket]));
}

bool CudaMotionAccelerator::apply_sao(const InterCodingOutput& device_output, int64_t lambda_q8) {
    DeviceState& s = *state_;
    const int width = geometry_.width, height = geometry_.height;
    // SAO reads the deblocked picture from a copy and writes the output's reconstruction.
    const uint8_t* deblocked[3];
    uint8_t* copy = s.sao_deblocked;
    bool ok = s.check(cuda::launch_inter_sao_decisions(device_output.sao_statistics, inter_ctu_columns(width),
                                                       inter_ctu_rows(height), lambda_q8, device_output.sao_decisions,
                                                       s.coding_stream));
    for (int c = 0; c < 3 && ok; c++) {
        const size_t bytes = inter_coding_plane_bytes(width, height, c);
        ok = s.check(cudaMemcpyAsync(copy, device_output.reconstruction[c], bytes, cudaMemcpyDeviceToDevice,
                                     s.coding_stream));
        deblocked[c] = copy;
        copy += bytes;
    }
    return ok && s.check(cuda::launch_inter_sao_apply(deblocked, device_output.reconstruction, width, height,
                                                      device_output.sao_decisions, s.coding_stream));
}

bool CudaMotionAccelerator::keep_reconstruction(int slot) {
    DeviceState& s = *state_;
    const int width = geometry_.width, height = geometry_.height;
    if (s.failed || s.last_output < 0 || slot < 0 || slot >= kMaxReconstructionSlots ||
        !s.check(cudaSetDevice(s.device)) || !allocate_once(s.reconstructions[slot], inter_coding_picture_bytes(width, height), false)) {
        return false;
    }
    // The device output still holds the last coding's reconstruction (the coding stream runs
    // in order: the next coding writes it after this copy), its planes packed as in a slot.
    const InterCodingOutput device_output = inter_coding_output(s.coding_output, width, height);
    s.reconstruction_valid[slot] = false;
    uint8_t* target = s.reconstructions[slot];
    for (int c = 0; c < 3; c++) {
        const size_t bytes = inter_coding_plane_bytes(width, height, c);
        if (!s.check(cudaMemcpyAsync(target, device_output.reconstruction[c], bytes, cudaMemcpyDeviceToDevice,
                                     s.coding_stream))) {
            return false;
        }
        target += bytes;
    }
    s.reconstruction_valid[slot] = true;
    return true;
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
    if (s.coding_stream != nullptr) {
        float coding = 0, download = 0;
        cudaEventSynchronize(s.download_end);
        if (cudaEventElapsedTime(&coding, s.coding_start, s.coding_end) == cudaSuccess) times.inter_coding_ms = coding;
        if (cudaEventElapsedTime(&download, s.coding_end, s.download_end) == cudaSuccess) {
            times.inter_download_ms = download;
        }
    }
    cudaGetLastError();  // an event never recorded (no search yet) is not a failure of the backend
    return times;
}

}  // namespace tc
