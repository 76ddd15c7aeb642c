// Google Benchmark of the pipelined picture hashes ("pipeline-rows"): 12 pictures of 4K, one
// arriving every 6 ms, its 34 CTU rows settling over those 6 ms (the rows' thread at a 4K frame of
// the GPU mode on an H100 host), four in flight (each picture's hash has until the fourth picture
// after it arrives), hashed either by four threads, a picture each in turn (hash-threads 4, as
// RowFinisher::hash_settled_rows), or by one PictureHasher on MD5 lanes (hash-lanes 1). Real time
// and the process's CPU time (every thread's) per iteration: where the hashes keep up, 72 ms of
// real time; the CPU time is what they cost.
//   tcenc_bench_kernels --benchmark_filter=picture_hashes_4k
#include <benchmark/benchmark.h>

#include <array>
#include <chrono>
#include <memory>
#include <random>
#include <thread>
#include <vector>

#include "bitstream/picture_hash_sei.h"
#include "common/block_types.h"
#include "encoder/picture_hasher.h"
#include "kernels/kernel_dispatch.h"
#include "threading/serial_worker.h"

namespace tc {
namespace {

constexpr int kWidth = 3840, kHeight = 2160, kPictures = 12, kInFlight = 4;
constexpr auto kFramePeriod = std::chrono::microseconds(6000);
constexpr int kRows = (kHeight + kCtuSize - 1) / kCtuSize;

struct InFlight {
    std::array<Picture, kInFlight> pictures;
    std::array<std::unique_ptr<RowProgress>, kInFlight> settled;
    InFlight() {
        std::mt19937 rng(23);
        for (int k = 0; k < kInFlight; k++) {
            Picture& picture = pictures[static_cast<size_t>(k)];
            picture.allocate(kWidth, kHeight, 32);
            for (Plane& plane : picture.planes) {
                for (int y = 0; y < plane.height(); y++) {
                    for (int x = 0; x < plane.width(); x++)
                        plane.row(y)[x] = static_cast<uint8_t>(rng());
                }
            }
            settled[static_cast<size_t>(k)] = std::make_unique<RowProgress>(kRows);
        }
    }
    // Picture `index`'s rows settle over a frame period.
    void settle(int index) {
        const auto start = std::chrono::steady_clock::now();
        for (int row = 0; row < kRows; row++) {
            std::this_thread::sleep_until(start + kFramePeriod * (row + 1) / kRows);
            settled[static_cast<size_t>(index % kInFlight)]->publish(row, 1);
        }
    }
};

// hash-threads 4: picture i on thread i % 4, which first finished picture i - 4.
struct ScalarThreads {
    InFlight* in_flight;
    std::array<PlaneDigest, 3> digests[kInFlight];
    static void job(void* object, int slot) {
        auto* self = static_cast<ScalarThreads*>(object);
        PictureMd5 md5;
        for (int row = 0; row < kRows; row++) {
            self->in_flight->settled[static_cast<size_t>(slot)]->wait_for(row, 1);
            md5.add_rows_until(self->in_flight->pictures[static_cast<size_t>(slot)],
                               std::min((row + 1) * kCtuSize, kHeight));
        }
        self->digests[slot] = md5.finish();
    }
};

void picture_hashes_4k_scalar_threads(benchmark::State& state) {
    InFlight in_flight;
    ScalarThreads hashes{&in_flight, {}};
    std::array<std::unique_ptr<SerialWorker>, kInFlight> workers;
    for (auto& worker : workers) worker = SerialWorker::create(1, ScalarThreads::job, &hashes);
    for (auto _ : state) {
        for (int i = 0; i < kPictures; i++) {
            const int slot = i % kInFlight;
            workers[static_cast<size_t>(slot)]->wait_idle();  // picture i - 4 went out
            in_flight.settled[static_cast<size_t>(slot)]->reset();
            workers[static_cast<size_t>(slot)]->post(slot);
            in_flight.settle(i);
        }
        for (auto& worker : workers) worker->wait_idle();
    }
}
BENCHMARK(picture_hashes_4k_scalar_threads)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->MeasureProcessCPUTime();

void picture_hashes_4k_lanes(benchmark::State& state) {
    PixelKernels kernels{};
    init_pixel_kernels(kernels, CpuLevel::kAvx512);
    InFlight in_flight;
    auto hasher = PictureHasher::create(kInFlight, kernels.md5_lanes);
    for (auto _ : state) {
        for (int i = 0; i < kPictures; i++) {
            const int slot = i % kInFlight;
            if (i >= kInFlight) benchmark::DoNotOptimize(hasher->wait(slot));
            in_flight.settled[static_cast<size_t>(slot)]->reset();
            hasher->post(slot, in_flight.pictures[static_cast<size_t>(slot)],
                         *in_flight.settled[static_cast<size_t>(slot)]);
            in_flight.settle(i);
        }
        for (int i = kPictures - kInFlight; i < kPictures; i++)
            benchmark::DoNotOptimize(hasher->wait(i % kInFlight));
    }
    const PictureHasher::Counts counts = hasher->counts();
    state.counters["lane_share"] = static_cast<double>(counts.lane_blocks) /
                                   static_cast<double>(counts.lane_blocks + counts.scalar_blocks);
}
BENCHMARK(picture_hashes_4k_lanes)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->MeasureProcessCPUTime();

}  // namespace
}  // namespace tc
