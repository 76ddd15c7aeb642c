// The steps of the 8x8 intra CUs in the accelerated P-picture coding (accel/intra_unit_steps.h),
// against the project's own implementation of the same clauses, which the CPU path uses and the
// conformance tests check: the mode-dependent scans, the sign hiding in them, a whole unit's
// coding (prediction, transform, intra quantiser, sign hiding, scaling, inverse transform), the
// mode search, which units a 16x16 candidate reads, and the steps on several lanes (threads
// standing in for a warp's lanes) against the same steps on one.
#include "accel/intra_unit_steps.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <barrier>
#include <cstdint>
#include <random>
#include <thread>
#include <vector>

#include "accel_test_frames.h"
#include "bitstream/residual_coding.h"
#include "common/scan_order.h"
#include "common/slice_rows.h"
#include "predict/intra_predict.h"
#include "predict/intra_references.h"
#include "predict/zscan_availability.h"
#include "transform/forward_transform.h"
#include "transform/inverse_transform.h"
#include "transform/quantize.h"
#include "transform/sign_data_hiding.h"
#include "transform/transform_matrix.h"

namespace tc {
namespace {

TEST(IntraUnitSteps, ScanIsTheResidualCodersScan) {
    for (int mode = 0; mode < kIntraModes; mode++) {
        EXPECT_EQ(intra_unit_scan(mode), intra_scan_idx(3, 0, mode)) << "luma, mode " << mode;
        EXPECT_EQ(intra_unit_scan(mode), intra_scan_idx(2, 1, mode)) << "chroma, mode " << mode;
    }
}

template <int Log2Size>
void expect_scan_positions() {
    const int side = 1 << Log2Size;
    for (int scan = 0; scan < 3; scan++) {
        for (int i = 0; i < side * side; i++) {
            const ScanPosition p = ScanTable<Log2Size>::kScans[scan][i];
            EXPECT_EQ(scan_position(p.x, p.y, side, scan), i) << "side " << side << " scan " << scan;
        }
    }
}

TEST(IntraUnitSteps, ScanPositionsAreTheSpecsScans) {
    expect_scan_positions<1>();
    expect_scan_positions<2>();
}

// Random coefficients of a unit's three blocks, several levels a sub-block: the levels after
// intra_unit_sub_block_decision (lambda 0: every sub-block keeps its levels) and
// intra_unit_hide_sign on each sub-block are quantize's (intra) after apply_sign_data_hiding in the
// same scan, block by block.
TEST(IntraUnitSteps, SignHidingFollowsTheModesScan) {
    std::mt19937 random(5);
    std::uniform_int_distribution<int32_t> coefficient(-900, 900), zero(0, 2);
    int changed = 0;
    for (int round = 0; round < 300; round++) {
        const int scan = round % 3, qp = 22 + round % 15;
        std::array<int32_t, kIntraUnitSamples> coefficients{}, levels{};
        for (int32_t& value : coefficients) value = zero(random) == 0 ? 0 : coefficient(random);
        for (int i = 0; i < kIntraUnitSamples; i++) {
            levels[i] = quantize_intra_coefficient(coefficients[i], intra_unit_sample(i).log2_size, qp);
        }
        const std::array<int32_t, kIntraUnitSamples> quantized = levels;
        int last[3] = {-1, -1, -1};
        for (int g = 0; g < 6; g++) {
            const IntraUnitSample s = intra_unit_sub_block(g);
            if (intra_unit_sub_block_decision(levels.data(), coefficients.data(), g, qp, 0)) {
                last[s.c] = std::max(last[s.c], scan_position(s.u, s.v, s.n >> 2, scan));
            }
        }
        for (int g = 0; g < 6; g++) {
            intra_unit_hide_sign(levels.data(), coefficients.data(), g, qp, scan, last[intra_unit_sub_block(g).c]);
        }
        for (int c = 0; c < 3; c++) {
            const int log2_size = c == 0 ? 3 : 2, n = 1 << log2_size, offset = intra_unit_offset(c);
            std::array<int32_t, 64> expected{}, errors{};
            quantize(coefficients.data() + offset, expected.data(), errors.data(), log2_size, qp, true);
            for (int i = 0; i < n * n; i++) ASSERT_EQ(expected[i], quantized[offset + i]);
            apply_sign_data_hiding(expected.data(), coefficients.data() + offset, errors.data(), log2_size, scan);
            for (int i = 0; i < n * n; i++) {
                ASSERT_EQ(levels[offset + i], expected[i])
                    << "round " << round << " component " << c << " scan " << scan << " at " << i;
            }
        }
        changed += quantized != levels;
    }
    EXPECT_GT(changed, 100);
}

using accel_test::random_run_plane;

// Every unit of random planes with every mode: code_intra_unit's samples, levels and cbf are the
// project's intra coding of the unit (predict_intra from gather_intra_references, filtered where
// intra_filter_applies; forward_transform, quantize, apply_sign_data_hiding in
// intra_scan_idx's scan, dequantize, inverse_transform), with lambda 0 (every level kept).
// A 64x48 picture of random runs (the source and the reconstruction) for the steps, in `slices`
// slices.
struct UnitTestPicture {
    static constexpr int kWidth = 64, kHeight = 48;
    std::array<std::vector<uint8_t>, 3> source, reconstruction;
    std::array<std::vector<int16_t>, 3> levels;
    IntraUnitPicture p;
    explicit UnitTestPicture(unsigned seed, int slices) {
        std::mt19937 random(seed);
        p.width = kWidth;
        p.height = kHeight;
        p.slices = slices;
        p.dct_matrix = &kDctMatrix[0][0];
        for (int c = 0; c < 3; c++) {
            const int shift = c == 0 ? 0 : 1;
            source[c] = random_run_plane(kWidth >> shift, kHeight >> shift, random);
            reconstruction[c] = random_run_plane(kWidth >> shift, kHeight >> shift, random);
            levels[c].assign(reconstruction[c].size(), 0);
            p.source[c] = source[c].data();
            p.source_stride[c] = kWidth >> shift;
            p.reconstruction[c] = reconstruction[c].data();
            p.levels[c] = levels[c].data();
            p.stride[c] = kWidth >> shift;
        }
    }
};

TEST(IntraUnitSteps, CodingIsTheProjectsIntraCoding) {
    const int width = UnitTestPicture::kWidth, height = UnitTestPicture::kHeight;
    const UnitTestPicture picture(9, 1);
    const IntraUnitPicture& p = picture.p;
    const auto& source = picture.source;
    const auto& reconstruction = picture.reconstruction;
    const ZscanAvailability availability(width, height, kLog2CtuSize, SliceRows(1, 1));
    InterCodingParameters parameters;
    parameters.sign_hiding = true;
    int coded_blocks = 0;
    for (int uy = 0; uy < height / 8; uy++) {
        for (int ux = 0; ux < width / 8; ux++) {
            for (int mode = 0; mode < kIntraModes; mode++) {
                parameters.qp = 22 + (ux + uy + mode) % 16;
                parameters.chroma_qp = parameters.qp - 1;
                IntraUnitWork work;
                IntraUnitCoding coding;
                code_intra_unit(p, parameters, ux, uy, mode, SerialLanes{}, work, coding);
                for (int c = 0; c < 3; c++) {
                    const int shift = c == 0 ? 0 : 1, log2_size = 3 - shift, n = 1 << log2_size;
                    const int x0 = (ux * 8) >> shift, y0 = (uy * 8) >> shift, stride = width >> shift;
                    const int qp = c == 0 ? parameters.qp : parameters.chroma_qp;
                    IntraReferences references, filtered;
                    gather_intra_references(reconstruction[c].data(), stride, stride, height >> shift, x0, y0, n, shift,
                                            availability, references);
                    const bool filter = c == 0 && intra_filter_applies(log2_size, mode);
                    if (filter) filter_intra_references(references, log2_size, false, filtered);
                    std::array<uint8_t, 64> prediction{};
                    predict_intra(filter ? filtered : references, log2_size, mode, c == 0, prediction.data(), n);
                    std::array<int16_t, 64> residual{};
                    for (int i = 0; i < n * n; i++) {
                        residual[i] =
                            static_cast<int16_t>(source[c][(y0 + i / n) * stride + x0 + i % n] - prediction[i]);
                    }
                    std::array<int32_t, 64> coefficients{}, expected{}, errors{};
                    forward_transform(log2_size, false, residual.data(), n, coefficients.data());
                    const bool nonzero =
                        quantize(coefficients.data(), expected.data(), errors.data(), log2_size, qp, true) != 0;
                    if (nonzero) {
                        apply_sign_data_hiding(expected.data(), coefficients.data(), errors.data(), log2_size,
                                               intra_scan_idx(log2_size, c, mode));
                    }
                    std::array<int16_t, 64> reconstructed_residual{};
                    if (nonzero) {
                        std::array<int32_t, 64> scaled{};
                        dequantize(expected.data(), scaled.data(), log2_size, qp);
                        inverse_transform(log2_size, false, scaled.data(), reconstructed_residual.data(), n);
                    }
                    ASSERT_EQ(((coding.cbf >> c) & 1) != 0, nonzero) << "unit " << ux << "," << uy << " mode " << mode;
                    coded_blocks += nonzero;
                    for (int i = 0; i < n * n; i++) {
                        ASSERT_EQ(coding.levels[intra_unit_offset(c) + i], expected[i])
                            << "unit " << ux << "," << uy << " component " << c << " mode " << mode << " at " << i;
                        ASSERT_EQ(coding.samples[intra_unit_offset(c) + i],
                                  std::clamp(prediction[i] + reconstructed_residual[i], 0, 255))
                            << "unit " << ux << "," << uy << " component " << c << " mode " << mode << " at " << i;
                    }
                }
            }
        }
    }
    EXPECT_GT(coded_blocks, 1000);
}

// intra_unit_read_by_block against the samples each 16x16 candidate's reference line holds
// (ZscanAvailability's rule), on random candidates with slices.
TEST(IntraUnitSteps, ReadByBlockIsTheUnitsOnACandidatesLine) {
    const int width = 136, height = 152;
    std::mt19937 random(2);
    std::uniform_int_distribution<int> coin(0, 3);
    const int columns = block_search_columns(width), rows = block_search_rows(height);
    const int unit_columns = width / 8, unit_rows = height / 8;
    int read = 0;
    for (int slices = 1; slices <= 3; slices++) {
        const ZscanAvailability availability(width, height, kLog2CtuSize,
                                             SliceRows((height + kCtuSize - 1) / kCtuSize, slices));
        std::vector<uint8_t> waves(static_cast<size_t>(columns * rows));
        for (uint8_t& wave : waves) wave = coin(random) == 0 ? 1 : 0;
        std::vector<uint8_t> expected(static_cast<size_t>(unit_columns * unit_rows), 0);
        for (int by = 0; by < rows; by++) {
            for (int bx = 0; bx < columns; bx++) {
                if (waves[static_cast<size_t>(by * columns + bx)] == 0) continue;
                const int x = bx * 16, y = by * 16;
                const auto mark = [&](int sx, int sy) {
                    if (availability.available(x, y, sx, sy)) expected[static_cast<size_t>((sy / 8) * unit_columns + sx / 8)] = 1;
                };
                for (int k = 0; k < 32; k++) mark(x - 1, y + k);
                for (int k = -1; k < 32; k++) mark(x + k, y - 1);
            }
        }
        for (int uy = 0; uy < unit_rows; uy++) {
            for (int ux = 0; ux < unit_columns; ux++) {
                const bool is_read = intra_unit_read_by_block(waves.data(), width, height, slices, ux, uy);
                ASSERT_EQ(is_read, expected[static_cast<size_t>(uy * unit_columns + ux)] != 0)
                    << "unit " << ux << "," << uy << " slices " << slices;
                read += is_read;
            }
        }
    }
    EXPECT_GT(read, 50);
}

// A warp's lanes on the host: `count` threads run the same steps; sync() is a barrier and sum()
// exchanges the lanes' values between two barriers (WarpLanes' shuffles). A step that read a
// value before another lane wrote it, or that split its work between the lanes wrongly, gives
// other results than on SerialLanes (and a race that ThreadSanitizer reports).
struct LaneGroup {
    explicit LaneGroup(int count) : barrier(count), values(static_cast<size_t>(count)) {}
    std::barrier<> barrier;
    std::vector<uint64_t> values;
};

struct ThreadLanes {
    LaneGroup* group = nullptr;
    int lane_ = 0;
    int lane() const { return lane_; }
    int count() const { return static_cast<int>(group->values.size()); }
    void sync() const { group->barrier.arrive_and_wait(); }
    uint64_t sum(uint64_t value) const {
        group->values[static_cast<size_t>(lane_)] = value;
        sync();
        uint64_t total = 0;
        for (const uint64_t v : group->values) total += v;
        sync();
        return total;
    }
};

// Runs body(lanes) on `count` threads, each with its lane.
template <class Body>
void run_on_lanes(int count, const Body& body) {
    LaneGroup group(count);
    std::vector<std::thread> threads;
    for (int lane = 0; lane < count; lane++) threads.emplace_back([&, lane] { body(ThreadLanes{&group, lane}); });
    for (std::thread& thread : threads) thread.join();
}

// intra_unit_residual_satd (the Hadamard transform as dot products, an output a lane) is
// block_hadamard_8x8 (the butterflies) on random differences, up to the extremes of -255 and 255.
TEST(IntraUnitSteps, ResidualSatdOnLanesIsTheButterflies) {
    std::mt19937 random(17);
    std::uniform_int_distribution<int> difference(-255, 255);
    for (int trial = 0; trial < 2000; trial++) {
        IntraUnitWork work;
        int d[64];
        for (int i = 0; i < 64; i++) {
            d[i] = trial == 0 ? 255 : trial == 1 ? (i % 2 == 0 ? 255 : -255) : difference(random);
            work.residual[i] = d[i];
        }
        const uint32_t on_lanes = intra_unit_residual_satd(SerialLanes{}, work);
        ASSERT_EQ(on_lanes, block_hadamard_8x8(d)) << "trial " << trial;
    }
}

// The mode search on lanes chooses intra_unit_mode's mode (its 35 predictions and SATDs written
// out one by one), and the decision's decide_intra_unit's, on every unit, with and without slices
// and at three lambdas.
TEST(IntraUnitSteps, ModeSearchOnLanesIsIntraUnitMode) {
    std::array<int, kIntraModes> chosen{};
    std::array<int, 2> decisions{};
    for (int slices = 1; slices <= 3; slices += 2) {
        const UnitTestPicture picture(5 + slices, slices);
        for (int sqrt_lambda_q8 : {0, 900, 4000}) {
            for (int uy = 0; uy < UnitTestPicture::kHeight / 8; uy++) {
                for (int ux = 0; ux < UnitTestPicture::kWidth / 8; ux++) {
                    const int expected = intra_unit_mode(picture.p, sqrt_lambda_q8, ux, uy);
                    IntraUnitWork work;
                    ASSERT_EQ(intra_unit_mode_on_lanes(picture.p, sqrt_lambda_q8, ux, uy, SerialLanes{}, work),
                              expected)
                        << "unit " << ux << "," << uy;
                    chosen[static_cast<size_t>(expected)]++;
                    // The decision's search (11 modes from the source) against inter costs around it.
                    for (const uint64_t inter_cost : {uint64_t{0}, uint64_t{700}, uint64_t{2500}, ~uint64_t{0}}) {
                        const int decided = decide_intra_unit(picture.p, sqrt_lambda_q8, ux, uy, inter_cost);
                        ASSERT_EQ(decide_intra_unit_on_lanes(picture.p, sqrt_lambda_q8, ux, uy, inter_cost,
                                                             SerialLanes{}, work),
                                  decided)
                            << "unit " << ux << "," << uy << " inter cost " << inter_cost;
                        decisions[decided != 0]++;
                    }
                }
            }
        }
    }
    // The random runs favour some modes, but the search must have chosen many; the decisions
    // went both ways.
    EXPECT_GT(std::count_if(chosen.begin(), chosen.end(), [](int n) { return n > 0; }), 10);
    EXPECT_GT(decisions[0], 100);
    EXPECT_GT(decisions[1], 100);
}

// The mode search and a candidate's whole coding (code_intra_unit_candidate: its inter cost, the
// coding, the choice, the samples written) on 5 lanes (each pass's elements split unevenly, as on a
// warp's 32; few threads and a fifth of the units, since a barrier on two cores costs a context
// switch) give the results of one lane, in a picture of three slices.
TEST(IntraUnitSteps, StepsOnLanesAreTheStepsOnOne) {
    UnitTestPicture serial(21, 3), lanes(21, 3);
    const int unit_columns = UnitTestPicture::kWidth / 8, unit_rows = UnitTestPicture::kHeight / 8;
    InterCodingParameters parameters;
    parameters.sign_hiding = true;
    parameters.lambda_q8 = 9000;
    parameters.sqrt_lambda_q8 = 1500;
    // Every unit an intra candidate (marked) over inter CUs whose cbf varies.
    std::vector<InterCodedUnit> serial_units(static_cast<size_t>(unit_columns * unit_rows));
    for (size_t i = 0; i < serial_units.size(); i++) {
        serial_units[i].cu_log2 = kIntraUnitLog2;
        serial_units[i].cbf = static_cast<uint8_t>(i % 8);
        serial_units[i].mv = Mv{static_cast<int16_t>(i % 5), static_cast<int16_t>(i % 3)};
        serial_units[i].intra = 1;
    }
    // A third of the units' inter coding is the source itself (no error, no levels): they keep it.
    for (UnitTestPicture* picture : {&serial, &lanes}) {
        for (int uy = 0; uy < unit_rows; uy++) {
            for (int ux = 0; ux < unit_columns; ux++) {
                if ((ux + uy) % 3 != 0) continue;
                serial_units[static_cast<size_t>(uy * unit_columns + ux)].cbf = 0;
                for (int c = 0; c < 3; c++) {
                    const int shift = c == 0 ? 0 : 1, n = 8 >> shift, stride = UnitTestPicture::kWidth >> shift;
                    for (int y = 0; y < n; y++) {
                        for (int x = 0; x < n; x++) {
                            const size_t at = static_cast<size_t>((((uy * 8) >> shift) + y) * stride +
                                                                  ((ux * 8) >> shift) + x);
                            picture->reconstruction[c][at] = picture->source[c][at];
                        }
                    }
                }
            }
        }
    }
    std::vector<InterCodedUnit> lane_units = serial_units;
    int intra_kept = 0, lane_tested = 0, lane_intra_kept = 0;
    for (int uy = 0; uy < unit_rows; uy++) {
        for (int ux = 0; ux < unit_columns; ux++) {
            parameters.qp = 22 + (ux + 3 * uy) % 16;
            parameters.chroma_qp = parameters.qp - 1;
            IntraUnitWork work;
            IntraUnitCoding coding;
            const int mode = intra_unit_mode_on_lanes(serial.p, parameters.sqrt_lambda_q8, ux, uy, SerialLanes{}, work);
            code_intra_unit_candidate(serial.p, parameters, serial_units.data(), unit_columns, ux, uy, mode,
                                      SerialLanes{}, work, coding);
            intra_kept += serial_units[static_cast<size_t>(uy * unit_columns + ux)].intra != 0;
            if ((ux + 2 * uy) % 5 != 0) {  // a fifth of the units on lanes, for time; the others as on one
                IntraUnitWork other_work;
                IntraUnitCoding other_coding;
                code_intra_unit_candidate(lanes.p, parameters, lane_units.data(), unit_columns, ux, uy, mode,
                                          SerialLanes{}, other_work, other_coding);
                continue;
            }
            lane_tested++;
            lane_intra_kept += serial_units[static_cast<size_t>(uy * unit_columns + ux)].intra != 0;
            // The same unit on 5 lanes sharing one scratch, as a warp shares shared memory.
            IntraUnitWork shared_work;
            IntraUnitCoding shared_coding;
            std::array<int, 5> modes{};
            run_on_lanes(5, [&](const ThreadLanes& l) {
                const int m = intra_unit_mode_on_lanes(lanes.p, parameters.sqrt_lambda_q8, ux, uy, l, shared_work);
                modes[static_cast<size_t>(l.lane())] = m;
                code_intra_unit_candidate(lanes.p, parameters, lane_units.data(), unit_columns, ux, uy, m, l,
                                          shared_work, shared_coding);
            });
            for (const int m : modes) ASSERT_EQ(m, mode) << "unit " << ux << "," << uy;
        }
    }
    for (size_t i = 0; i < serial_units.size(); i++) {
        const InterCodedUnit &s = serial_units[i], &l = lane_units[i];
        ASSERT_TRUE(s.mv == l.mv && s.cu_log2 == l.cu_log2 && s.cbf == l.cbf && s.intra == l.intra) << "unit " << i;
    }
    for (int c = 0; c < 3; c++) {
        EXPECT_EQ(serial.reconstruction[c], lanes.reconstruction[c]) << "component " << c;
        EXPECT_EQ(serial.levels[c], lanes.levels[c]) << "component " << c;
    }
    // Both outcomes happen on lanes: units that stay intra and units that get their inter coding back.
    EXPECT_GT(lane_intra_kept, 2);
    EXPECT_LT(lane_intra_kept, lane_tested);
    EXPECT_GT(intra_kept, 10);
}

}  // namespace
}  // namespace tc
