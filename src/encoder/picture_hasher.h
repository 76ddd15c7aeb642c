// The decoded picture hashes (MD5 SEI, H.265 D.3.19) of several pictures at once on one thread:
// "pipeline-rows" with `hash-lanes`. Each posted picture's three planes are streams of 64-byte
// blocks, taken as the picture's CTU rows settle; the streams of all the pictures in flight are
// hashed together on the lanes of PixelKernels::md5_lanes, so that one core does the work of
// several hash threads. A lane's chain is slower than a scalar one (about 1.8x on AVX2), so each
// picture's hash takes longer and more pictures must be in flight: where fewer than
// kMinLaneStreams streams have blocks ready, the thread hashes them on scalar chains instead (two
// interleaved, as PictureMd5), which is faster for one picture alone (its three planes).
#pragma once
#include <array>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "bitstream/md5.h"
#include "bitstream/picture_hash_sei.h"
#include "kernels/pixel_kernels.h"
#include "picture/plane.h"
#include "threading/row_progress.h"

namespace tc {

class PictureHasher {
  public:
    static constexpr int kMinLaneStreams = 4;

    // Takes picture ids 0 .. pictures - 1; `kernel` is PixelKernels::md5_lanes. nullptr where the
    // thread cannot be started or memory is short.
    static std::unique_ptr<PictureHasher> create(int pictures, Md5LanesKernel kernel);
    // Waits for the posted pictures' hashes, then stops the thread.
    ~PictureHasher();
    PictureHasher(const PictureHasher&) = delete;
    PictureHasher& operator=(const PictureHasher&) = delete;

    // Hashes `picture` (4:2:0), whose CTU rows (kCtuSize luma rows each, the last one maybe
    // shorter) become final one after another as `settled` publishes 1 for them. Both must stay
    // until wait(id) has returned; an id is posted again only after wait(id).
    void post(int id, const Picture& picture, const RowProgress& settled);
    // The digests of the three planes of the picture posted as `id`, once hashed.
    std::array<PlaneDigest, 3> wait(int id);

    // What the thread has done so far (tests): blocks hashed on lanes and on scalar chains.
    struct Counts {
        uint64_t lane_blocks = 0, scalar_blocks = 0;
    };
    Counts counts();

  private:
    // One plane of a picture as a stream of whole blocks, row after row.
    struct Stream {
        const Plane* plane = nullptr;
        PlaneBlocks blocks;
        Md5 md5;
        bool done = false;
    };
    struct Job {
        const Picture* picture = nullptr;
        const RowProgress* settled = nullptr;
        int settled_rows = 0;  // CTU rows known to be settled
        std::array<Stream, 3> streams;
        std::array<PlaneDigest, 3> digests{};
        uint64_t order = 0;  // when it was posted
    };
    enum class JobState : uint8_t { kFree, kPosted, kDone };

    PictureHasher(int pictures, Md5LanesKernel kernel)
        : kernel_(kernel),
          jobs_(static_cast<size_t>(pictures)),
          states_(static_cast<size_t>(pictures)) {}
    void loop();
    // Hashes what the active jobs have ready; false where nothing was ready.
    bool hash_ready(const std::vector<int>& active);
    // Rows of stream `plane` of `job` that are final now.
    static int ready_rows(const Job& job, int plane);

    Md5LanesKernel kernel_;
    std::vector<Job> jobs_;  // by id; a job's fields belong to the thread while it is posted
    std::vector<JobState> states_;
    uint64_t posted_ = 0;
    bool stopping_ = false;
    Counts counts_;
    std::mutex mutex_;
    std::condition_variable changed_;
    std::thread thread_;
};

}  // namespace tc
