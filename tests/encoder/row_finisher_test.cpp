// RowFinisher (encoder/row_finisher.h) against the whole-picture functions and against
// itself across threads: with SAO, border and squared errors on (deblocking off: its per-row
// form is checked through the encoder's thread-count tests), rows finished on four threads in
// any interleaving give the picture, SAO parameters, digests and errors of rows finished one
// after the other; the digests are picture_md5's of the result, the errors those of the
// whole picture, and the result is apply_sao's with those parameters.
#include "encoder/row_finisher.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstring>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "kernels/kernel_dispatch.h"
#include "picture/plane_border.h"
#include "threading/thread_pool.h"

namespace tc {
namespace {

constexpr int kBorder = 16;

void fill_pictures(Picture& source, Picture& reconstruction, uint32_t seed) {
    std::mt19937 random(seed);
    std::uniform_int_distribution<int> noise(-9, 9);
    for (int p = 0; p < 3; p++) {
        Plane& s = source.planes[p];
        Plane& r = reconstruction.planes[p];
        for (int y = 0; y < s.height(); y++) {
            for (int x = 0; x < s.width(); x++) {
                const int value = 128 + static_cast<int>(70 * std::sin(0.13 * x + 0.05 * y * (p + 1)) +
                                                         30 * std::cos(0.21 * y - 0.02 * x));
                *s.at(x, y) = static_cast<uint8_t>(value);
                // A reconstruction with banded and edge-like errors for SAO to correct.
                const int error = noise(random) + ((value >> 3) % 4) - 2 + (x % 7 == 0 ? 4 : 0);
                *r.at(x, y) = static_cast<uint8_t>(std::clamp(value + error, 0, 255));
            }
        }
    }
}

// The samples inside the picture (not the border) of `from` into `to`, of the same size.
void copy_samples(const Picture& from, Picture& to) {
    for (int p = 0; p < 3; p++) {
        for (int y = 0; y < from.planes[p].height(); y++) {
            std::memcpy(to.planes[p].row(y), from.planes[p].row(y), static_cast<size_t>(from.planes[p].width()));
        }
    }
}

// CTU row `row`'s lines of every plane, from one picture to another (the analysis writing a
// row's samples just before its row_analysed).
void copy_ctu_row(const Picture& from, Picture& to, int row) {
    for (int p = 0; p < 3; p++) {
        const int shift = p == 0 ? 0 : 1;
        const Plane& plane = from.planes[p];
        const int end = std::min((row + 1) * 64 >> shift, plane.height());
        for (int y = row * 64 >> shift; y < end; y++) {
            std::memcpy(to.planes[p].row(y), plane.row(y), static_cast<size_t>(plane.width()));
        }
    }
}

bool same_planes(const Picture& a, const Picture& b, int border) {
    for (int p = 0; p < 3; p++) {
        const int pad = p == 0 ? border : border / 2;
        const Plane& x = a.planes[p];
        const Plane& y = b.planes[p];
        for (int row = -pad; row < x.height() + pad; row++) {
            if (std::memcmp(x.row(row) - pad, y.row(row) - pad, static_cast<size_t>(x.width() + 2 * pad)) != 0) {
                return false;
            }
        }
    }
    return true;
}

bool same_parameters(const CtuSaoParameters& a, const CtuSaoParameters& b) {
    if (a.merge_left != b.merge_left || a.merge_up != b.merge_up) return false;
    for (int c = 0; c < 3; c++) {
        const SaoComponentParameters& x = a.component[c];
        const SaoComponentParameters& y = b.component[c];
        if (x.type != y.type || x.band_position != y.band_position || x.eo_class != y.eo_class ||
            std::memcmp(x.offsets, y.offsets, sizeof x.offsets) != 0) {
            return false;
        }
    }
    return true;
}

struct Finished {
    Picture picture;
    std::vector<CtuSaoParameters> sao;
    std::array<PlaneDigest, 3> digests;
    std::array<uint64_t, 3> sse;
};

// What a finishing run reads: the source and the unfiltered picture (copied, never changed).
struct FinishingInputs {
    const PixelKernels* kernels;
    const Picture* source;
    const Picture* original;
    const std::vector<CtuDecision>* decisions;
    int width, height;
};

// Finishes a copy of the original into out.picture with `job` (its kernels, frame and decisions
// filled in here): tasks 0 .. rows - 1 call row_call(finisher, task), task rows settles the last
// row (helped: as the encoder's wavefront does, help_with_turns and settle_last_row, and the picture
// starts blank: row_call "analyses" a row by copying its lines in); in order on one thread, or
// on a pool of `threads`.
template <class RowCall>
// deferred_rows (with `helped`): the last rows' row_decided calls left to tasks of their own
// after the rows (RowFinisher::leave_row_decided_from / run_after_rows).
// `follower`: a thread row_call started that reads the finisher, joined before it goes.
void finish_picture(const FinishingInputs& in, RowFinishingJob job, int threads, RowCall row_call, Finished& out,
                    bool helped = false, int deferred_rows = 0, const RowFinisher** running = nullptr,
                    std::thread* follower = nullptr) {
    const int rows = (in.height + 63) / 64;
    ASSERT_TRUE(out.picture.allocate(in.width, in.height, kBorder));
    if (helped) {
        for (Plane& plane : out.picture.planes) {
            for (int y = 0; y < plane.height(); y++) std::memset(plane.row(y), 0, static_cast<size_t>(plane.width()));
        }
    } else {
        copy_samples(*in.original, out.picture);
    }
    AnalysisFrame frame;
    frame.source = in.source;
    frame.reconstruction = &out.picture;
    frame.lambda = 60.0;
    RowFinisher finisher;
    ASSERT_TRUE(finisher.allocate(in.width, in.height, true));
    job.kernels = in.kernels;
    job.frame = &frame;
    job.decisions = in.decisions;
    finisher.start(job);
    if (running != nullptr) *running = &finisher;
    if (deferred_rows > 0) finisher.leave_row_decided_from(rows - deferred_rows);
    auto task = [&](int index, int) {
        if (index < rows) {
            row_call(finisher, index);
        } else if (helped) {
            finisher.run_after_rows(index - rows);  // the turns, the last row, then the rows left
        } else {
            finisher.settle_last_row();
        }
    };
    const int tasks = rows + (helped ? finisher.after_rows_tasks() : 1);
    if (threads == 1) {
        for (int i = 0; i < tasks; i++) task(i, 0);
    } else {
        auto pool = ThreadPool::create(threads);
        ASSERT_NE(pool, nullptr);
        pool->run(tasks, task);
    }
    if (follower != nullptr && follower->joinable()) follower->join();
    out.sao = finisher.sao_parameters();
    out.digests = finisher.digests();
    for (int p = 0; p < 3; p++) out.sse[static_cast<size_t>(p)] = finisher.sse(p);
}

// A width x height source and unfiltered picture (fill_pictures with `seed`), no decisions,
// and the FinishingInputs pointing at them.
struct TestPicture {
    TestPicture(int width, int height, uint32_t seed)
        : columns((width + 63) / 64), rows((height + 63) / 64),
          decisions(static_cast<size_t>(columns) * rows),
          inputs{&kernels, &source, &original, &decisions, width, height} {
        init_pixel_kernels(kernels, CpuLevel::kAvx512);
        allocated = source.allocate(width, height, kBorder) && original.allocate(width, height, kBorder);
        if (allocated) fill_pictures(source, original, seed);
    }
    PixelKernels kernels{};
    Picture source, original;
    bool allocated = false;
    int columns, rows;
    std::vector<CtuDecision> decisions;
    FinishingInputs inputs;
};

// The picture (border samples around it included), digests and SAO parameters of `got` are
// those of `expected` (which holds as many parameters).
void expect_same_finish(const Finished& got, const Finished& expected, int border, const std::string& label) {
    EXPECT_TRUE(same_planes(got.picture, expected.picture, border)) << label;
    EXPECT_EQ(got.digests, expected.digests) << label;
    for (size_t i = 0; i < expected.sao.size(); i++) {
        EXPECT_TRUE(same_parameters(got.sao[i], expected.sao[i])) << "CTU " << i << ", " << label;
    }
}

class RowFinisherTest : public testing::TestWithParam<std::pair<int, int>> {};

TEST_P(RowFinisherTest, ThreadsAndWholePictureFunctionsAgree) {
    const auto [width, height] = GetParam();
    TestPicture test(width, height, static_cast<uint32_t>(width * 7 + height));
    ASSERT_TRUE(test.allocated);
    const PixelKernels& kernels = test.kernels;
    const Picture &source = test.source, &original = test.original;
    const int columns = test.columns;
    const FinishingInputs& inputs = test.inputs;
    auto finish = [&](int threads, Finished& out) {
        RowFinishingJob job;
        job.deblock = false;
        job.sao = true;
        job.border = kBorder;
        job.measured_width = width;
        job.measured_height = height;
        finish_picture(inputs, job, threads, [](RowFinisher& finisher, int row) { finisher.finish_row(row); }, out);
    };

    Finished serial;
    finish(1, serial);
    // The result is SAO applied with the chosen parameters to the unfiltered picture, its
    // border extended; the digests and errors are those of the whole result.
    Picture expected;
    ASSERT_TRUE(expected.allocate(width, height, kBorder));
    copy_samples(original, expected);
    apply_sao(kernels, expected, original, serial.sao, columns);
    extend_picture_borders(expected, kBorder);
    EXPECT_TRUE(same_planes(serial.picture, expected, kBorder));
    EXPECT_EQ(serial.digests, picture_md5(serial.picture));
    for (int p = 0; p < 3; p++) {
        const Plane& s = source.planes[p];
        const Plane& r = serial.picture.planes[p];
        EXPECT_EQ(serial.sse[static_cast<size_t>(p)],
                  kernels.sse(s.data(), s.stride(), r.data(), r.stride(), s.width(), s.height()))
            << "plane " << p;
    }
    int applied = 0;
    for (const CtuSaoParameters& ctu : serial.sao) applied += ctu.component[0].type != kSaoNotApplied ? 1 : 0;
    EXPECT_GT(applied, 0) << "the pictures must make SAO do something";

    for (int round = 0; round < 4; round++) {
        Finished threaded;
        finish(4, threaded);
        EXPECT_EQ(threaded.sse, serial.sse) << "round " << round;
        ASSERT_EQ(threaded.sao.size(), serial.sao.size());
        expect_same_finish(threaded, serial, kBorder, "round " + std::to_string(round));
    }
}

// With slices, rows analysed in any order (a lower slice's rows first, on four threads) give
// the picture of rows analysed in order; SAO treats each slice as a picture of its own (its
// result equals SAO applied to each slice cut out as a picture), merges no parameters across a
// slice boundary, and uses no chroma edge offsets in rows whose row / 2 lies in another slice.
TEST_P(RowFinisherTest, SlicesFinishInAnyOrderAndKeepToThemselves) {
    const auto [width, height] = GetParam();
    TestPicture test(width, height, static_cast<uint32_t>(width * 5 + height));
    ASSERT_TRUE(test.allocated);
    const PixelKernels& kernels = test.kernels;
    const Picture& original = test.original;
    const int columns = test.columns, rows = test.rows;
    const SliceRows slices(rows, 3);
    const FinishingInputs& inputs = test.inputs;
    auto finish = [&](const std::vector<int>& order, int threads, Finished& out) {
        RowFinishingJob job;
        job.slices = &slices;
        job.sao = true;
        finish_picture(inputs, job, threads,
                       [&](RowFinisher& finisher, int task) { finisher.row_analysed(order[static_cast<size_t>(task)]); },
                       out);
    };
    std::vector<int> in_order(static_cast<size_t>(rows)), slices_reversed;
    for (int row = 0; row < rows; row++) in_order[static_cast<size_t>(row)] = row;
    for (int s = slices.count() - 1; s >= 0; s--) {
        for (int row = slices.first_row(s); row < slices.end_row(s); row++) slices_reversed.push_back(row);
    }
    Finished serial;
    finish(in_order, 1, serial);
    EXPECT_EQ(serial.digests, picture_md5(serial.picture));

    for (int s = 0; s < slices.count(); s++) {
        // The slice cut out as a picture of its own, SAO applied with its parameters.
        const int first = slices.first_row(s) * 64, end = std::min(slices.end_row(s) * 64, height);
        Picture cut_in, cut_out;
        ASSERT_TRUE(cut_in.allocate(width, end - first, 0));
        ASSERT_TRUE(cut_out.allocate(width, end - first, 0));
        for (int p = 0; p < 3; p++) {
            const int shift = p == 0 ? 0 : 1;
            for (int y = first >> shift; y < end >> shift; y++) {
                std::memcpy(cut_in.planes[p].row(y - (first >> shift)), original.planes[p].row(y),
                            static_cast<size_t>(original.planes[p].width()));
            }
        }
        copy_samples(cut_in, cut_out);
        const auto begin = serial.sao.begin() + static_cast<ptrdiff_t>(slices.first_row(s)) * columns;
        const std::vector<CtuSaoParameters> slice_parameters(
            begin, begin + static_cast<ptrdiff_t>(slices.end_row(s) - slices.first_row(s)) * columns);
        apply_sao(kernels, cut_out, cut_in, slice_parameters, columns);
        for (int p = 0; p < 3; p++) {
            const int shift = p == 0 ? 0 : 1;
            for (int y = first >> shift; y < end >> shift; y++) {
                ASSERT_EQ(std::memcmp(cut_out.planes[p].row(y - (first >> shift)), serial.picture.planes[p].row(y),
                                      static_cast<size_t>(original.planes[p].width())),
                          0)
                    << "slice " << s << " plane " << p << " line " << y;
            }
        }
    }
    for (int row = 0; row < rows; row++) {
        for (int column = 0; column < columns; column++) {
            const CtuSaoParameters& ctu = serial.sao[static_cast<size_t>(row) * columns + column];
            if (slices.starts_slice(row)) {
                EXPECT_FALSE(ctu.merge_up) << "row " << row;
            }
            if (slices.slice_of(row / 2) != slices.slice_of(row)) {
                EXPECT_NE(ctu.component[1].type, kSaoEdgeOffset) << "row " << row;
            }
        }
    }

    for (int round = 0; round < 3; round++) {
        Finished threaded;
        finish(round == 0 ? in_order : slices_reversed, 4, threaded);
        expect_same_finish(threaded, serial, 0, "round " + std::to_string(round));
    }
    Finished reversed_serial;
    finish(slices_reversed, 1, reversed_serial);
    EXPECT_TRUE(same_planes(reversed_serial.picture, serial.picture, 0));
}

// A worker that has run out of rows helps with the turns (help_with_turns) beside
// the row_analysed calls, which come late and with pauses so that the helper waits for the
// analysis and races them for the turns: the result is that of rows finished one after the
// other, on one thread and on two to four, with the turns due once the row below is analysed
// and (row_below_reads_kept_lines) once the row itself is. Each row's lines are only written
// just before its row_analysed call, so a turn taken before its rows are analysed would filter
// and hash blank lines.
TEST_P(RowFinisherTest, HelperTakesTurnsBesideRowAnalysed) {
    const auto [width, height] = GetParam();
    TestPicture test(width, height, static_cast<uint32_t>(width * 3 + height));
    ASSERT_TRUE(test.allocated);
    const Picture& original = test.original;
    const FinishingInputs& inputs = test.inputs;
    bool kept_lines = false;  // RowFinishingJob::row_below_reads_kept_lines: turns one row earlier
    auto finish = [&](int threads, bool helped, Finished& out) {
        RowFinishingJob job;
        job.sao = true;
        job.border = kBorder;
        job.measured_width = width;
        job.measured_height = height;
        job.row_below_reads_kept_lines = kept_lines;
        finish_picture(
            inputs, job, threads,
            [&](RowFinisher& finisher, int row) {
                if (helped) {
                    std::this_thread::sleep_for(std::chrono::microseconds(50 * (row % 3)));
                    copy_ctu_row(original, out.picture, row);
                }
                finisher.row_analysed(row);
            },
            out, helped);
    };
    Finished serial;
    finish(1, false, serial);
    EXPECT_EQ(serial.digests, picture_md5(serial.picture));
    for (int threads : {1, 2, 3, 4}) {
        for (int round = 0; round < 4; round++) {
            kept_lines = round % 2 == 1;
            Finished helped;
            finish(threads, true, helped);
            const std::string label = std::to_string(threads) + " threads, round " + std::to_string(round);
            EXPECT_EQ(helped.sse, serial.sse) << label;
            ASSERT_EQ(helped.sao.size(), serial.sao.size());
            expect_same_finish(helped, serial, kBorder, label);
        }
    }
}

// The hash of a job without `hash` on a thread of its own ("pipeline-rows": hash_settled_rows),
// started before any row is written and following the rows as they settle on one to four
// threads: the digests of the finished picture, those the rows' own hash gives. Each row's lines
// are only written just before its row_analysed and SAO changes them after, so a hash that read
// a row before it settled would take blank or unfiltered lines.
TEST_P(RowFinisherTest, HashFollowingTheRowsOnAnotherThreadGivesTheRowsDigests) {
    const auto [width, height] = GetParam();
    TestPicture test(width, height, static_cast<uint32_t>(width * 11 + height));
    ASSERT_TRUE(test.allocated);
    const Picture& original = test.original;
    auto finish = [&](int threads, bool hash_in_rows, Finished& out, std::array<PlaneDigest, 3>* followed) {
        RowFinishingJob job;
        job.sao = true;
        job.border = kBorder;
        job.hash = hash_in_rows;
        std::thread hasher;
        finish_picture(
            test.inputs, job, threads,
            [&](RowFinisher& finisher, int row) {
                if (row == 0 && followed != nullptr) {
                    hasher = std::thread([&finisher, &out, followed] {
                        *followed = finisher.hash_settled_rows(out.picture);
                    });
                }
                std::this_thread::sleep_for(std::chrono::microseconds(40 * (row % 3)));
                copy_ctu_row(original, out.picture, row);
                finisher.row_analysed(row);
            },
            out, true, 0, nullptr, &hasher);
    };
    Finished in_rows;
    finish(1, true, in_rows, nullptr);
    EXPECT_EQ(in_rows.digests, picture_md5(in_rows.picture));
    for (int threads : {1, 2, 4}) {
        for (int round = 0; round < 3; round++) {
            Finished out;
            std::array<PlaneDigest, 3> followed{};
            finish(threads, false, out, &followed);
            const std::string label = std::to_string(threads) + " threads, round " + std::to_string(round);
            EXPECT_TRUE(same_planes(out.picture, in_rows.picture, kBorder)) << label;
            EXPECT_EQ(followed, in_rows.digests) << label;
        }
    }
}

// Turns left by row_analysed(row, false) and taken by try_turn (the wavefront's WaitHelper: a
// worker that would wait takes one turn at a time, without waiting for one), by the last rows'
// row_analysed and by the helper after the rows: the same picture as rows finished one after
// the other, on one to four threads. try_turn takes nothing before its rows are analysed: each
// row's lines are only written just before its row_analysed, so an early turn would filter and
// hash blank lines.
TEST_P(RowFinisherTest, TurnsLeftForWaitingWorkersFinishThePictureAlike) {
    const auto [width, height] = GetParam();
    TestPicture test(width, height, static_cast<uint32_t>(width * 5 + height));
    ASSERT_TRUE(test.allocated);
    const Picture& original = test.original;
    const int rows = (height + 63) / 64;
    auto finish = [&](int threads, bool leave_turns, Finished& out) {
        RowFinishingJob job;
        job.sao = true;
        job.border = kBorder;
        job.row_below_reads_kept_lines = true;
        std::atomic<int> taken_early{0};
        finish_picture(
            test.inputs, job, threads,
            [&](RowFinisher& finisher, int row) {
                if (leave_turns) {
                    taken_early += finisher.try_turn() ? 1 : 0;  // before this row's lines exist
                    copy_ctu_row(original, out.picture, row);
                }
                finisher.row_analysed(row, !leave_turns || row + 2 >= rows);
                if (leave_turns && row % 2 == 1) taken_early += finisher.try_turn() ? 1 : 0;
            },
            out, leave_turns);
        if (leave_turns && threads == 1 && rows > 3) {
            EXPECT_GT(taken_early.load(), 0) << "try_turn took none";
        }
    };
    Finished serial;
    finish(1, false, serial);
    for (int threads : {1, 2, 3, 4}) {
        for (int round = 0; round < 3; round++) {
            Finished left;
            finish(threads, true, left);
            const std::string label = std::to_string(threads) + " threads, round " + std::to_string(round);
            ASSERT_EQ(left.sao.size(), serial.sao.size());
            expect_same_finish(left, serial, kBorder, label);
        }
    }
}

// The last rows' row_decided left to tasks of their own (the encoder's substreams of a
// picture's last rows, beside their SAO and hash): every row's call comes once, after its SAO
// parameters are decided (what the call sees is what the picture ends with), and the picture
// finishes as without.
TEST_P(RowFinisherTest, LastRowsDecidedElsewhereSeeTheirFinalParameters) {
    const auto [width, height] = GetParam();
    TestPicture test(width, height, static_cast<uint32_t>(width + 7 * height));
    ASSERT_TRUE(test.allocated);
    const int rows = (height + 63) / 64, columns = (width + 63) / 64;
    struct Seen {
        std::vector<std::atomic<int>> calls;
        std::vector<std::vector<CtuSaoParameters>> parameters;
        const RowFinisher* finisher = nullptr;
        int columns = 0;
    };
    auto finish = [&](int threads, int deferred, Finished& out, Seen& seen) {
        seen.calls = std::vector<std::atomic<int>>(static_cast<size_t>(rows));
        seen.parameters.assign(static_cast<size_t>(rows), {});
        seen.columns = columns;
        RowFinishingJob job;
        job.sao = true;
        job.border = kBorder;
        job.row_below_reads_kept_lines = deferred % 2 == 1;
        job.row_decided = RowCallback{&seen, [](void* object, int row, int) {
                                          auto& s = *static_cast<Seen*>(object);
                                          s.calls[static_cast<size_t>(row)].fetch_add(1);
                                          const auto& all = s.finisher->sao_parameters();
                                          const auto first = all.begin() + row * s.columns;
                                          s.parameters[static_cast<size_t>(row)].assign(first, first + s.columns);
                                      }};
        finish_picture(
            test.inputs, job, threads, [](RowFinisher& finisher, int row) { finisher.row_analysed(row); }, out, true,
            deferred, &seen.finisher);
    };
    Finished plain;
    Seen plain_seen;
    finish(1, 0, plain, plain_seen);
    for (int threads : {1, 2, 4}) {
        for (int deferred : {1, std::min(2, rows)}) {
            Finished deferred_finish;
            Seen seen;
            finish(threads, deferred, deferred_finish, seen);
            const std::string label = std::to_string(threads) + " threads, " + std::to_string(deferred) + " deferred";
            for (int row = 0; row < rows; row++) {
                EXPECT_EQ(seen.calls[static_cast<size_t>(row)].load(), 1) << label << " row " << row;
                for (int column = 0; column < columns; column++) {
                    const CtuSaoParameters& at_call =
                        seen.parameters[static_cast<size_t>(row)][static_cast<size_t>(column)];
                    const CtuSaoParameters& final = deferred_finish.sao[static_cast<size_t>(row * columns + column)];
                    EXPECT_TRUE(same_parameters(at_call, final)) << label << " CTU " << column << "," << row;
                }
            }
            EXPECT_EQ(deferred_finish.sse, plain.sse) << label;
            expect_same_finish(deferred_finish, plain, kBorder, label);
        }
    }
}

INSTANTIATE_TEST_SUITE_P(encoder, RowFinisherTest,
                         testing::Values(std::pair{64, 64}, std::pair{200, 136}, std::pair{352, 288},
                                         std::pair{1280, 200}),
                         [](const testing::TestParamInfo<std::pair<int, int>>& tested) {
                             return std::to_string(tested.param.first) + "x" + std::to_string(tested.param.second);
                         });

}  // namespace
}  // namespace tc
