#include "encoder/wavefront.h"

#include <mutex>

namespace tc {

void Wavefront::run_together(ThreadPool& pool, const WavefrontJob& first,
                             const WavefrontJob& second) {
    const WavefrontJob* jobs[2] = {&first, &second};
    int next_row[2] = {0, 0}, next_after[2] = {0, 0};
    for (const WavefrontJob* job : jobs) job->wavefront->finished_.reset();
    std::mutex claiming;
    // The pool calls this once per task of either wavefront; each call claims the next one.
    // A wavefront's rows are claimed in increasing order and each starts as it is claimed,
    // so a row waits only for rows that are running or done (run()'s guarantee).
    auto task = [&](int, int worker) {
        int k = -1, index = 0;
        {
            std::lock_guard<std::mutex> lock(claiming);
            int best_progress = -1;
            for (int j = 0; j < 2; j++) {
                const Wavefront& w = *jobs[j]->wavefront;
                const int row = next_row[j];
                if (row >= w.rows_) continue;
                // How far the row above is: a first row (or a slice's) waits for nothing.
                const int progress =
                    w.starts_slice(row) ? w.columns_ : w.finished_.published(row - 1);
                const bool better = progress > best_progress ||
                                    (progress == best_progress &&
                                     w.rows_ - row > jobs[k]->wavefront->rows_ - next_row[k]);
                if (better) {
                    k = j;
                    best_progress = progress;
                }
            }
            if (k >= 0) {
                index = next_row[k]++;
            } else {
                k = next_after[0] < first.after.count ? 0 : 1;
                index = jobs[k]->wavefront->rows_ + next_after[k]++;
            }
        }
        const WavefrontJob& job = *jobs[k];
        job.wavefront->run_task(index, worker, job.visit, job.row_end, job.after);
    };
    pool.run(
        first.wavefront->rows_ + first.after.count + second.wavefront->rows_ + second.after.count,
        task);
}

}  // namespace tc
