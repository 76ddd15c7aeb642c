#include "accel/cpu_motion_accelerator.h"

#include "accel/inter_coding_steps.h"

#include <algorithm>
#include <array>
#include <new>

#include "accel/block_search.h"
#include "accel/coarse_search_steps.h"
#include "kernels/kernel_dispatch.h"

namespace tc {

namespace {

// The pyramid kernel's work: every output sample of one level from the level above.
void downscale_level(const uint8_t* from, int from_stride, uint8_t* to, int width, int height) {
    for (int y = 0; y < height; y++) {
        const uint8_t* row0 = from + static_cast<long>(2 * y) * from_stride;
        const uint8_t* row1 = row0 + from_stride;
        for (int x = 0; x < width; x++) to[static_cast<long>(y) * width + x] = downscale_sample(row0, row1, x);
    }
}

// The top level: one thread per candidate, each keeping the smallest key it saw.
uint64_t search_top_level(const CoarseLevel& level, int vx, int vy) {
    uint64_t best = kNoCandidate;
    for (int index = 0; index < level.candidate_count(); index++) {
        CoarseCandidate c{};
        if (!coarse_candidate(level, vx, vy, index, c)) continue;
        uint32_t sad = 0;
        for (int row = 0; row < level.block_height; row++) sad += coarse_row_sad(level, c, row);
        const uint64_t key = coarse_key(coarse_cost(sad, c), index);
        if (key < best) best = key;
    }
    return best;
}

// The refinement levels: nine candidates, one thread per (candidate, row) adding its row's
// SAD to the candidate's sum, then one thread per candidate forming its key.
uint64_t search_refinement_level(const CoarseLevel& level, int vx, int vy) {
    std::array<uint32_t, 9> sums{};
    const int items = 9 * level.block_height;
    for (int item = 0; item < items; item++) {
        const int index = item / level.block_height, row = item % level.block_height;
        CoarseCandidate c{};
        if (coarse_candidate(level, vx, vy, index, c)) sums[static_cast<size_t>(index)] += coarse_row_sad(level, c, row);
    }
    uint64_t best = kNoCandidate;
    for (int index = 0; index < 9; index++) {
        CoarseCandidate c{};
        if (!coarse_candidate(level, vx, vy, index, c)) continue;
        const uint64_t key = coarse_key(coarse_cost(sums[static_cast<size_t>(index)], c), index);
        if (key < best) best = key;
    }
    return best;
}

}  // namespace

Mv coarse_ctu_search(const PyramidGeometry& geometry, const uint8_t* source, const uint8_t* reference, int ctu_x,
                     int ctu_y, int range) {
    int vx = 0, vy = 0;
    for (int level_index = kCoarseTopLevel; level_index >= 1; level_index--) {
        const CoarseLevel level = coarse_level(geometry, source, reference, level_index, ctu_x, ctu_y, range);
        if (level.empty()) return Mv{};
        const uint64_t best = level_index == kCoarseTopLevel ? search_top_level(level, vx, vy)
                                                             : search_refinement_level(level, vx, vy);
        coarse_next_start(level, best, vx, vy);
    }
    return Mv{static_cast<int16_t>(vx * 4), static_cast<int16_t>(vy * 4)};
}

std::unique_ptr<CpuMotionAccelerator> CpuMotionAccelerator::create(int width, int height, int slots) {
    std::unique_ptr<CpuMotionAccelerator> accelerator(new (std::nothrow) CpuMotionAccelerator());
    if (!accelerator || width <= 0 || height <= 0 || slots <= 0) return nullptr;
    accelerator->geometry_ = PyramidGeometry{width, height};
    try {
        accelerator->pyramids_.resize(static_cast<size_t>(accelerator->geometry_.pyramid_samples()) *
                                      static_cast<size_t>(slots));
        accelerator->frames_.resize(static_cast<size_t>(width) * static_cast<size_t>(height) *
                                    static_cast<size_t>(slots));
        accelerator->pending_uploads_.assign(static_cast<size_t>(slots), nullptr);
        accelerator->reconstructions_.resize(kMaxReconstructionSlots);
        const PyramidGeometry& g = accelerator->geometry_;
        accelerator->coarse_result_.resize(static_cast<size_t>(g.ctu_columns()) * static_cast<size_t>(g.ctu_rows()));
        accelerator->block_result_.resize(static_cast<size_t>(block_search_columns(width)) *
                                          static_cast<size_t>(block_search_rows(height)));
        for (std::vector<Mv>& buffer : accelerator->smoothed_vectors_) buffer.resize(accelerator->block_result_.size());
        accelerator->smoothing_cache_.resize(accelerator->block_result_.size() * kSmoothingCandidates);
        accelerator->smoothing_moved_.resize(accelerator->block_result_.size());
        accelerator->area_costs_.resize(area_cost_count(width, height));
        accelerator->unit_vectors_.resize(static_cast<size_t>(inter_unit_columns(width)) *
                                          static_cast<size_t>(inter_unit_rows(height)));
    } catch (const std::bad_alloc&) {
        return nullptr;
    }
    init_pixel_kernels(accelerator->kernels_, CpuLevel::kAvx512);
    return accelerator;
}

uint8_t* CpuMotionAccelerator::level_samples(int slot, int level) {
    return pyramids_.data() + static_cast<size_t>(geometry_.pyramid_samples()) * static_cast<size_t>(slot) +
           geometry_.level_offset(level);
}

uint8_t* CpuMotionAccelerator::frame_samples(int slot) {
    return frames_.data() + static_cast<size_t>(geometry_.width) * static_cast<size_t>(geometry_.height) *
                                static_cast<size_t>(slot);
}

bool CpuMotionAccelerator::upload_frame(int slot, const Plane& luma) {
    if (slot < 0 || slot >= slot_count() || luma.width() < geometry_.width || luma.height() < geometry_.height) {
        return false;
    }
    pending_uploads_[static_cast<size_t>(slot)] = &luma;
    return true;
}

bool CpuMotionAccelerator::build_pyramid(int slot) {
    if (slot < 0 || slot >= slot_count() || pending_uploads_[static_cast<size_t>(slot)] == nullptr) return false;
    const Plane& luma = *pending_uploads_[static_cast<size_t>(slot)];
    pending_uploads_[static_cast<size_t>(slot)] = nullptr;
    uint8_t* frame = frame_samples(slot);
    for (int y = 0; y < geometry_.height; y++) {
        std::copy(luma.row(y), luma.row(y) + geometry_.width, frame + static_cast<size_t>(y) * geometry_.width);
    }
    downscale_level(frame, geometry_.width, level_samples(slot, 1), geometry_.level_width(1),
                    geometry_.level_height(1));
    for (int level = 2; level <= 3; level++) {
        downscale_level(level_samples(slot, level - 1), geometry_.level_width(level - 1), level_samples(slot, level),
                        geometry_.level_width(level), geometry_.level_height(level));
    }
    return true;
}

bool CpuMotionAccelerator::launch_motion_field(int current, int reference, int range,
                                               const BlockSearchParameters& parameters, bool with_blocks) {
    launched_ = false;
    if (current < 0 || current >= slot_count() || reference < 0 || reference >= slot_count()) return false;
    const int columns = geometry_.ctu_columns(), rows = geometry_.ctu_rows();
    const uint8_t* source = level_samples(current, 1);
    const uint8_t* reference_samples = level_samples(reference, 1);
    for (int row = 0; row < rows; row++) {
        for (int column = 0; column < columns; column++) {
            coarse_result_[static_cast<size_t>(row) * columns + column] =
                coarse_ctu_search(geometry_, source, reference_samples, column, row, range);
        }
    }
    if (with_blocks && !search_block_vectors(frame_samples(current), frame_samples(reference), geometry_.width,
                                             geometry_.height, coarse_result_, parameters, block_result_)) {
        return false;
    }
    launched_ = true;
    launched_blocks_ = with_blocks;
    return true;
}

bool CpuMotionAccelerator::collect_motion_field(std::span<Mv> coarse, std::span<Mv> blocks) {
    const bool launched = launched_;
    launched_ = false;
    if (!launched || coarse.size() != coarse_result_.size() ||
        (!blocks.empty() && (!launched_blocks_ || blocks.size() != block_result_.size()))) {
        return false;
    }
    std::copy(coarse_result_.begin(), coarse_result_.end(), coarse.begin());
    std::copy(block_result_.begin(), block_result_.begin() + static_cast<ptrdiff_t>(blocks.size()), blocks.begin());
    return true;
}

bool CpuMotionAccelerator::read_level(int slot, int level, Plane& out) {
    if (slot < 0 || slot >= slot_count() || level < 1 || level > 3) return false;
    const int width = geometry_.level_width(level), height = geometry_.level_height(level);
    if (out.width() != width || out.height() != height) return false;
    const uint8_t* samples = level_samples(slot, level);
    for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) out.at(x, y)[0] = samples[static_cast<long>(y) * width + x];
    }
    return true;
}

namespace {
// The three planes of a width x height picture stored one after the other, tightly packed.
InterCodingPlanes packed_planes(const uint8_t* samples, int width, int height) {
    InterCodingPlanes planes;
    const size_t luma = static_cast<size_t>(width) * static_cast<size_t>(height);
    const size_t chroma = static_cast<size_t>(width / 2) * static_cast<size_t>(height / 2);
    planes.samples[0] = samples;
    planes.samples[1] = samples + luma;
    planes.samples[2] = samples + luma + chroma;
    planes.stride[0] = width;
    planes.stride[1] = planes.stride[2] = width / 2;
    return planes;
}
}  // namespace

uint8_t* CpuMotionAccelerator::slot_samples(int slot) {
    if (slot < 0 || slot >= kMaxReconstructionSlots) return nullptr;
    std::vector<uint8_t>& storage = reconstructions_[static_cast<size_t>(slot)];
    try {
        storage.resize(inter_coding_picture_bytes(geometry_.width, geometry_.height));
    } catch (const std::bad_alloc&) {
        return nullptr;
    }
    return storage.data();
}

bool CpuMotionAccelerator::upload_reconstruction(int slot, const Picture& picture) {
    const int width = geometry_.width, height = geometry_.height;
    if (!picture_covers(picture, width, height)) return false;
    uint8_t* target = slot_samples(slot);
    if (target == nullptr) return false;
    for (int c = 0; c < 3; c++) {
        const Plane& plane = picture.planes[c];
        const int plane_width = c == 0 ? width : width / 2, plane_height = c == 0 ? height : height / 2;
        for (int y = 0; y < plane_height; y++, target += plane_width) {
            std::copy(plane.row(y), plane.row(y) + plane_width, target);
        }
    }
    return true;
}

bool CpuMotionAccelerator::launch_inter_picture(int source, const Picture& source_picture, int reference,
                                                std::span<const Mv> block_vectors,
                                                const InterCodingParameters& parameters, InterCodingView& out,
                                                int& ticket) {
    last_output_ = -1;
    const int width = geometry_.width, height = geometry_.height;
    if (source < 0 || source >= slot_count() || reference < 0 || reference >= kMaxReconstructionSlots ||
        reconstructions_[static_cast<size_t>(reference)].empty() || width % 8 != 0 || height % 8 != 0 ||
        !picture_covers(source_picture, width, height)) {
        return false;
    }
    const int next = output_turn_;
    std::vector<uint64_t>& storage = inter_coding_outputs_[next];
    try {
        storage.resize((inter_coding_output_bytes(width, height) + 7) / 8);
        if (parameters.sao) sao_scratch_.resize(inter_coding_picture_bytes(width, height));
        if (parameters.skip_candidates > 0) {
            skip_scratch_.resize(2 * static_cast<size_t>(inter_unit_columns(width)) *
                                 static_cast<size_t>(inter_unit_rows(height)));
        }
        if (parameters.intra_waves > 0) intra_scratch_.resize(intra_scratch_bytes(width, height));
    } catch (const std::bad_alloc&) {
        return false;
    }
    InterCodingPlanes source_planes;
    source_planes.samples[0] = frame_samples(source);
    source_planes.stride[0] = width;
    for (int c = 1; c < 3; c++) {
        source_planes.samples[c] = source_picture.planes[c].data();
        source_planes.stride[c] = source_picture.planes[c].stride();
    }
    const InterCodingOutput output = inter_coding_output(storage.data(), width, height);
    const InterCodingPlanes reference_planes =
        packed_planes(reconstructions_[static_cast<size_t>(reference)].data(), width, height);
    std::span<const Mv> vectors = block_vectors;
    std::span<const Mv> unit_vectors;
    if (parameters.sqrt_lambda_q8 > 0 && smoothed_vectors_[0].size() == block_vectors.size()) {
        // Each pass in two halves (inter_coding_steps.h): the first from the field as the pass
        // found it into smoothed_vectors_[0], the second from there into [1].
        for (int pass = 0; pass < kSmoothingPasses; pass++) {
            for (int half = 0; half < 2; half++) {
                std::vector<Mv>& smoothed = smoothed_vectors_[static_cast<size_t>(half)];
                smooth_block_vectors_on_cpu(kernels_, width, height, source_planes.samples[0], source_planes.stride[0],
                                            reference_planes.samples[0], reference_planes.stride[0], vectors,
                                            parameters.sqrt_lambda_q8, half, smoothed, smoothing_cache_, pass > 0,
                                            smoothing_moved_);
                vectors = smoothed;
            }
        }
        if (parameters.area_decisions) {
            // The smoothed field is in smoothed_vectors_[1]: the 32x32 step into [0], the 64x64
            // step back into [1].
            for (int side = 2; side <= 4; side += 2) {
                std::vector<Mv>& decided = smoothed_vectors_[side == 2 ? 0 : 1];
                decide_area_vectors_on_cpu(kernels_, width, height, source_planes.samples[0], source_planes.stride[0],
                                           reference_planes.samples[0], reference_planes.stride[0], vectors,
                                           parameters.sqrt_lambda_q8, side, decided, area_costs_);
                vectors = decided;
            }
        }
        if (parameters.split_decisions) {
            decide_unit_vectors_on_cpu(kernels_, width, height, source_planes.samples[0], source_planes.stride[0],
                                       reference_planes.samples[0], reference_planes.stride[0], vectors,
                                       parameters.sqrt_lambda_q8, unit_vectors_);
            unit_vectors = unit_vectors_;
        }
    }
    if (!code_inter_picture_on_cpu(kernels_, width, height, source_planes, reference_planes, vectors, unit_vectors,
                                   parameters, output, sao_scratch_.data(), skip_scratch_.data(),
                                   intra_scratch_.data())) {
        return false;
    }
    last_output_ = next;
    output_turn_ = 1 - next;
    out = output.view(parameters);
    ticket = next;
    return true;
}

bool CpuMotionAccelerator::keep_reconstruction(int slot) {
    const int width = geometry_.width, height = geometry_.height;
    if (last_output_ < 0) return false;
    uint8_t* target = slot_samples(slot);
    if (target == nullptr) return false;
    const InterCodingOutput output =
        inter_coding_output(inter_coding_outputs_[last_output_].data(), width, height);
    // The three planes are packed one after the other in the output as in a slot.
    for (int c = 0; c < 3; c++) {
        const size_t bytes = inter_coding_plane_bytes(width, height, c);
        std::copy_n(output.reconstruction[c], bytes, target);
        target += bytes;
    }
    return true;
}

}  // namespace tc
