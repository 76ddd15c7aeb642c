// Per-frame latency of the GPU motion stages (CUDA backend, issue 7) at 1080p, 4K and 8K,
// with the frames in ordinary memory ("staged": copied into the backend's pinned buffer on
// the CPU first) and in registered, page-locked planes as the encoder keeps them
// ("registered": uploaded straight from the plane): copy into the pinned buffer (CPU), upload,
// pyramid build, coarse search of every CTU and block search of every 16x16 block against the
// previous frame (cudaEvent times), the wall time the CPU waits for the three,
// and the same stages on the CPU (Pyramid::build + coarse_ctu_vector, the encoder's path)
// for comparison. Frames: the bundled sample's luma tiled over the picture and panned, so
// the content moves like video. Also checks the GPU vectors equal the CPU ones.
//
//   gpu_motion_bench [sample.y4m] [frames] [results.md]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cuda/cuda_motion_accelerator.h"
#include "kernels/kernel_dispatch.h"
#include "motion/motion_search.h"
#include "motion/pyramid.h"

namespace {

using Clock = std::chrono::steady_clock;

double elapsed_ms(Clock::time_point since) {
    return std::chrono::duration<double, std::milli>(Clock::now() - since).count();
}

// Luma planes of a y4m file (4:2:0); empty when it cannot be read.
struct Luma {
    int width = 0, height = 0;
    std::vector<std::vector<uint8_t>> frames;
};

Luma read_y4m_luma(const std::string& path) {
    Luma luma;
    std::ifstream file(path, std::ios::binary);
    std::string header;
    if (!file || !std::getline(file, header)) return luma;
    std::istringstream fields(header);
    std::string field;
    while (fields >> field) {
        if (field[0] == 'W') luma.width = std::stoi(field.substr(1));
        if (field[0] == 'H') luma.height = std::stoi(field.substr(1));
    }
    const size_t luma_bytes = static_cast<size_t>(luma.width) * luma.height;
    std::string frame_line;
    while (luma.width > 0 && std::getline(file, frame_line)) {
        std::vector<uint8_t> frame(luma_bytes);
        std::vector<char> chroma(luma_bytes / 2);
        if (!file.read(reinterpret_cast<char*>(frame.data()), static_cast<std::streamsize>(luma_bytes)) ||
            !file.read(chroma.data(), static_cast<std::streamsize>(chroma.size()))) {
            break;
        }
        luma.frames.push_back(std::move(frame));
    }
    return luma;
}

// Frame `index`: the sample tiled (mirrored at tile edges so that no seam repeats), panned by
// (3, 1) samples per frame, the sample's own motion playing inside.
void make_frame(const Luma& sample, int index, tc::Plane& plane) {
    const std::vector<uint8_t>& source = sample.frames[static_cast<size_t>(index) % sample.frames.size()];
    for (int y = 0; y < plane.height(); y++) {
        const int sy = y + index;
        const int tile_y = sy / sample.height, in_y = sy % sample.height;
        const int row = tile_y % 2 == 0 ? in_y : sample.height - 1 - in_y;
        for (int x = 0; x < plane.width(); x++) {
            const int sx = x + 3 * index;
            const int tile_x = sx / sample.width, in_x = sx % sample.width;
            const int column = tile_x % 2 == 0 ? in_x : sample.width - 1 - in_x;
            *plane.at(x, y) = source[static_cast<size_t>(row) * sample.width + column];
        }
    }
}

struct Series {
    std::vector<double> values;
    double median() {
        std::sort(values.begin(), values.end());
        return values.empty() ? 0 : values[values.size() / 2];
    }
};

struct Resolution {
    const char* name;
    int width, height, range;
};

}  // namespace

int main(int argc, char** argv) {
    const std::string sample_path = argc > 1 ? argv[1] : "samples/vt2people_320x192_9f.y4m";
    const int frame_count = argc > 2 ? std::max(3, std::atoi(argv[2])) : 30;
    const std::string results_path = argc > 3 ? argv[3] : "";
    const Luma sample = read_y4m_luma(sample_path);
    if (sample.frames.empty()) {
        std::fprintf(stderr, "gpu_motion_bench: cannot read %s\n", sample_path.c_str());
        return 1;
    }
    if (tc::CudaMotionAccelerator::device_count() == 0) {
        std::fprintf(stderr, "gpu_motion_bench: no CUDA device\n");
        return 1;
    }
    tc::PixelKernels kernels{};
    const tc::CpuLevel cpu_level = tc::init_pixel_kernels(kernels, tc::CpuLevel::kAvx512);

    std::ostringstream table;
    table << "| picture | input | CTUs | pinned copy (CPU) | upload | pyramid | coarse search | block search (16x16) | "
             "GPU stages, CPU waits (wall) | CPU path: pyramid + coarse search |\n"
          << "|---|---|---|---|---|---|---|---|---|---|\n";
    bool all_equal = true;
    const Resolution resolutions[] = {{"1920x1080", 1920, 1080, 64}, {"3840x2160", 3840, 2160, 96},
                                      {"7680x4320", 7680, 4320, 128}};
    for (const Resolution& r : resolutions) {
      // staged: through the pinned buffer; registered: from the page-locked plane; overlapped:
      // registered, with the CPU's own pyramid build (which the encoder does for its
      // lookahead) between the upload and the search, as in the encoder.
      for (const char* mode : {"staged", "registered", "overlapped"}) {
        const bool registered = mode[0] != 's';
        const bool overlapped = mode[0] == 'o';
        constexpr int kSlots = 2;
        std::vector<tc::Plane> planes(kSlots);  // before gpu: registered planes outlive it
        std::vector<tc::Pyramid> pyramids(kSlots);
        for (int i = 0; i < kSlots; i++) {
            if (!planes[static_cast<size_t>(i)].allocate(r.width, r.height, 0) ||
                !pyramids[static_cast<size_t>(i)].allocate(r.width, r.height)) {
                return 1;
            }
        }
        auto gpu = tc::CudaMotionAccelerator::create(0, r.width, r.height, kSlots);
        if (!gpu) {
            std::fprintf(stderr, "gpu_motion_bench: cannot create the CUDA backend at %s\n", r.name);
            return 1;
        }
        for (int i = 0; registered && i < kSlots; i++) {
            if (!gpu->register_host_plane(planes[static_cast<size_t>(i)])) {
                std::fprintf(stderr, "gpu_motion_bench: cannot register a plane at %s\n", r.name);
                return 1;
            }
        }
        const size_t ctus = static_cast<size_t>(gpu->geometry().ctu_columns()) * gpu->geometry().ctu_rows();
        std::vector<tc::Mv> on_gpu(ctus), on_cpu(ctus);
        std::vector<tc::Mv> blocks(static_cast<size_t>(tc::block_search_columns(r.width)) *
                                   static_cast<size_t>(tc::block_search_rows(r.height)));
        const tc::BlockSearchParameters block_parameters{1400, 72};  // sqrt(lambda) at QP 32, in 1/256
        Series pinned, upload, pyramid, search, block_search, wall, cpu_path;
        for (int frame = 0; frame < frame_count; frame++) {
            const int slot = frame % kSlots, previous = (frame + kSlots - 1) % kSlots;
            tc::Plane& plane = planes[static_cast<size_t>(slot)];
            if (!gpu->finish_uploads()) return 1;  // the plane's last upload has read it
            make_frame(sample, frame, plane);
            // wall: how long the CPU waits in the GPU calls.
            auto start = Clock::now();
            bool ok = gpu->upload_frame(slot, plane) && gpu->build_pyramid(slot);
            double wall_ms = elapsed_ms(start);
            double overlapped_cpu_ms = 0;
            if (overlapped) {
                const auto cpu_start = Clock::now();
                pyramids[static_cast<size_t>(slot)].build(plane, kernels);
                overlapped_cpu_ms = elapsed_ms(cpu_start);
            }
            start = Clock::now();
            ok = ok && (frame == 0 || gpu->motion_field(slot, previous, r.range, block_parameters, on_gpu, blocks));
            wall_ms += elapsed_ms(start);
            if (!ok) {
                std::fprintf(stderr, "gpu_motion_bench: a CUDA stage failed at %s\n", r.name);
                return 1;
            }
            const auto cpu_start = Clock::now();
            if (!overlapped) pyramids[static_cast<size_t>(slot)].build(plane, kernels);
            if (frame > 0) {
                for (size_t i = 0; i < ctus; i++) {
                    const int columns = gpu->geometry().ctu_columns();
                    on_cpu[i] = tc::coarse_ctu_vector(pyramids[static_cast<size_t>(slot)],
                                                      pyramids[static_cast<size_t>(previous)],
                                                      static_cast<int>(i) % columns, static_cast<int>(i) / columns,
                                                      r.range, kernels);
                }
            }
            const double cpu_ms = elapsed_ms(cpu_start) + overlapped_cpu_ms;
            if (frame == 0) continue;
            all_equal = all_equal && on_gpu == on_cpu;
            if (frame < 3) continue;  // warm-up
            const tc::CudaMotionAccelerator::StageTimes times = gpu->last_stage_times();
            pinned.values.push_back(times.pinned_copy_ms);
            upload.values.push_back(times.upload_ms);
            pyramid.values.push_back(times.pyramid_ms);
            search.values.push_back(times.coarse_search_ms);
            block_search.values.push_back(times.block_search_ms);
            wall.values.push_back(wall_ms);
            cpu_path.values.push_back(cpu_ms);
        }
        char line[512];
        std::snprintf(line, sizeof line,
                      "| %s | %s | %zu | %.3f ms | %.3f ms | %.3f ms | %.3f ms | %.3f ms | %.3f ms | %.2f ms |\n",
                      r.name, mode, ctus, pinned.median(), upload.median(), pyramid.median(), search.median(),
                      block_search.median(), wall.median(), cpu_path.median());
        table << line;
      }
    }
    table << "\nMedians over " << frame_count - 3 << " frames (after 3 of warm-up). CPU path kernels: level "
          << static_cast<int>(cpu_level) << " (0 scalar, 1 AVX2, 2 AVX-512), one thread. GPU vectors "
          << (all_equal ? "equal" : "DIFFER FROM") << " the CPU's on every frame.\n";

    // gpu-decisions' stage: the smoothing and coding of a P picture against the previous frame's
    // reconstruction (here the previous source frame; chroma flat grey), and its results back in
    // pinned host memory. QP 32 (lambda 57.5, sqrt 7.6, in 1/256).
    table << "\n| picture | smoothing + coding (GPU) | results to the host (GPU copy) | call, CPU waits (wall) |\n"
          << "|---|---|---|---|\n";
    for (const Resolution& r : resolutions) {
        std::vector<tc::Picture> pictures(2);  // before gpu: registered planes outlive it
        for (tc::Picture& picture : pictures) {
            if (!picture.allocate(r.width, r.height, 0)) return 1;
            for (int c = 1; c < 3; c++) {
                tc::Plane& plane = picture.planes[c];
                for (int y = 0; y < plane.height(); y++) std::memset(plane.row(y), 128, static_cast<size_t>(plane.width()));
            }
        }
        auto gpu = tc::CudaMotionAccelerator::create(0, r.width, r.height, 2);
        if (!gpu) return 1;
        for (tc::Picture& picture : pictures) {
            for (const tc::Plane& plane : picture.planes) gpu->register_host_plane(plane);
        }
        std::vector<tc::Mv> coarse(static_cast<size_t>(gpu->geometry().ctu_columns()) * gpu->geometry().ctu_rows());
        std::vector<tc::Mv> blocks(static_cast<size_t>(tc::block_search_columns(r.width)) *
                                   static_cast<size_t>(tc::block_search_rows(r.height)));
        const tc::InterCodingParameters parameters{32, 31, 14720, 1941};
        Series coding, download, call;
        for (int frame = 0; frame < frame_count; frame++) {
            const int slot = frame % 2, previous = 1 - slot;
            if (!gpu->finish_uploads()) return 1;
            make_frame(sample, frame, pictures[static_cast<size_t>(slot)].planes[0]);
            bool ok = gpu->upload_frame(slot, pictures[static_cast<size_t>(slot)].planes[0]) && gpu->build_pyramid(slot);
            if (!ok) return 1;
            if (frame == 0) continue;
            ok = gpu->motion_field(slot, previous, r.range, tc::BlockSearchParameters{1941, 72}, coarse, blocks) &&
                 gpu->upload_reconstruction(0, pictures[static_cast<size_t>(previous)]);
            tc::InterCodingView view;
            const auto start = Clock::now();
            ok = ok && gpu->code_inter_picture(slot, pictures[static_cast<size_t>(slot)], 0, blocks, parameters, view);
            const double wall_ms = elapsed_ms(start);
            if (!ok) {
                std::fprintf(stderr, "gpu_motion_bench: the inter coding failed at %s\n", r.name);
                return 1;
            }
            if (frame < 3) continue;
            const tc::CudaMotionAccelerator::StageTimes times = gpu->last_stage_times();
            coding.values.push_back(times.inter_coding_ms);
            download.values.push_back(times.inter_download_ms);
            call.values.push_back(wall_ms);
        }
        char line[256];
        std::snprintf(line, sizeof line, "| %s | %.3f ms | %.3f ms | %.3f ms |\n", r.name, coding.median(),
                      download.median(), call.median());
        table << line;
    }
    std::fputs(table.str().c_str(), stdout);
    if (!results_path.empty()) {
        std::ofstream results(results_path);
        results << table.str();
    }
    return all_equal ? 0 : 2;
}
