#include "predict/intra_references.h"

#include <gtest/gtest.h>

#include <random>
#include <set>
#include <vector>

namespace tc {
namespace {

// A plane of pseudo-random samples, so that every reference read from it is identifiable.
struct Plane {
    int width, height;
    std::vector<uint8_t> samples;
    Plane(int w, int h, unsigned seed) : width(w), height(h), samples(static_cast<size_t>(w) * h) {
        std::mt19937 random(seed);
        for (uint8_t& s : samples) s = static_cast<uint8_t>(random() & 255);
    }
    uint8_t at(int x, int y) const { return samples[static_cast<size_t>(y) * width + x]; }
};

// Spec coordinates of the references, as documented in IntraReferences.
int left_index(int size, int y) {
    return 2 * size - 1 - y;
}  // p[-1][y]
int top_index(int size, int x) {
    return 2 * size + 1 + x;
}  // p[x][-1]

IntraReferences gather(const Plane& plane, int x, int y, int size, int chroma_shift,
                       const ZscanAvailability& availability) {
    IntraReferences refs;
    gather_intra_references(plane.samples.data(), plane.width, plane.width, plane.height, x, y,
                            size, chroma_shift, availability, refs);
    return refs;
}

TEST(IntraReferences, NothingAvailableGives128) {
    const Plane plane(64, 64, 1);
    const ZscanAvailability availability(64, 64, 6);
    for (int size : {4, 8, 16, 32}) {
        const IntraReferences refs = gather(plane, 0, 0, size, 0, availability);
        EXPECT_EQ(refs.size, size);
        for (int i = 0; i <= 4 * size; ++i) ASSERT_EQ(refs.samples[i], 128) << size << " " << i;
    }
}

TEST(IntraReferences, OnlyTopAvailableFillsLeftWithFirstTopSample) {
    const Plane plane(128, 128, 2);
    const ZscanAvailability availability(128, 128, 6);
    const int size = 32;
    const IntraReferences refs = gather(plane, 0, 64, size, 0, availability);
    for (int y = -1; y < 2 * size; ++y) {
        ASSERT_EQ(refs.samples[left_index(size, y)], plane.at(0, 63)) << "left " << y;
    }
    for (int x = 0; x < 2 * size; ++x) {
        ASSERT_EQ(refs.samples[top_index(size, x)], plane.at(x, 63)) << "top " << x;
    }
}

TEST(IntraReferences, LaterBottomLeftAndTopRightAreSubstituted) {
    const Plane plane(64, 64, 3);
    const ZscanAvailability availability(64, 64, 6);
    const int size = 8;
    // 8x8 block at (8, 8): left, corner and top are available; the bottom-left (7, 16..23) and the
    // top-right (16..23, 7) are coded later.
    const IntraReferences refs = gather(plane, 8, 8, size, 0, availability);
    for (int y = -1; y < size; ++y)
        EXPECT_EQ(refs.samples[left_index(size, y)], plane.at(7, 8 + y));
    for (int x = 0; x < size; ++x) EXPECT_EQ(refs.samples[top_index(size, x)], plane.at(8 + x, 7));
    // The bottom-left takes the first available value met going up: p[-1][N-1].
    for (int y = size; y < 2 * size; ++y) {
        EXPECT_EQ(refs.samples[left_index(size, y)], plane.at(7, 15)) << y;
    }
    // The top-right repeats p[N-1][-1].
    for (int x = size; x < 2 * size; ++x) {
        EXPECT_EQ(refs.samples[top_index(size, x)], plane.at(15, 7)) << x;
    }
}

TEST(IntraReferences, AllAvailableAcrossCtus) {
    const Plane plane(128, 128, 4);
    const ZscanAvailability availability(128, 128, 5);
    const int size = 16;
    // 16x16 block at the top-left of CTU (2, 2) of 32x32: bottom-left lies in the left CTU,
    // top-right in the top CTU; everything is available.
    const IntraReferences refs = gather(plane, 64, 64, size, 0, availability);
    for (int y = -1; y < 2 * size; ++y) {
        ASSERT_EQ(refs.samples[left_index(size, y)], plane.at(63, 64 + y)) << y;
    }
    for (int x = 0; x < 2 * size; ++x) {
        ASSERT_EQ(refs.samples[top_index(size, x)], plane.at(64 + x, 63)) << x;
    }
}

TEST(IntraReferences, TopRightCutByThePictureEdge) {
    const Plane plane(72, 128, 5);
    const ZscanAvailability availability(72, 128, 6);
    const int size = 16;
    // Block at (48, 64): its top-right (64..79, 63) is in the CTU above-right, but only x < 72 is
    // inside the picture.
    const IntraReferences refs = gather(plane, 48, 64, size, 0, availability);
    for (int x = 0; x < 24; ++x) EXPECT_EQ(refs.samples[top_index(size, x)], plane.at(48 + x, 63));
    for (int x = 24; x < 32; ++x) EXPECT_EQ(refs.samples[top_index(size, x)], plane.at(71, 63));
}

TEST(IntraReferences, ChromaAvailabilityUsesLumaCoordinates) {
    // 4:2:0: luma 64x64 with 32x32 CTUs, chroma plane 32x32 with 16x16 chroma CTUs.
    const Plane chroma(32, 32, 6);
    const ZscanAvailability availability(64, 64, 5);
    const int size = 8;
    // Chroma block (16, 8) is luma (32, 16) in CTU 1. Its bottom-left, chroma (15, 16..23), is luma
    // (30, 32..46) in the next CTU row: unavailable. Everything else is available.
    const IntraReferences refs = gather(chroma, 16, 8, size, 1, availability);
    for (int y = -1; y < size; ++y)
        EXPECT_EQ(refs.samples[left_index(size, y)], chroma.at(15, 8 + y));
    for (int y = size; y < 2 * size; ++y) {
        EXPECT_EQ(refs.samples[left_index(size, y)], chroma.at(15, 15));
    }
    for (int x = 0; x < 2 * size; ++x) {
        EXPECT_EQ(refs.samples[top_index(size, x)], chroma.at(16 + x, 7));
    }
}

TEST(IntraReferences, ChromaCtuBoundariesAreThoseOfLuma) {
    // Luma 128x128 with 32x32 CTUs: a chroma CTU boundary every 16 chroma samples. Deciding in
    // chroma coordinates would put the boundaries every 32 and give different answers below.
    const Plane chroma(64, 64, 8);
    const ZscanAvailability availability(128, 128, 5);
    const int size = 8;
    // Chroma (8, 8) is luma (16, 16); its top-right, chroma (16..23, 7), is luma (32..46, 14) in
    // the next CTU: unavailable, so the top-right repeats p[7][-1].
    const IntraReferences top_right = gather(chroma, 8, 8, size, 1, availability);
    for (int x = 0; x < size; ++x)
        EXPECT_EQ(top_right.samples[top_index(size, x)], chroma.at(8 + x, 7));
    for (int x = size; x < 2 * size; ++x) {
        EXPECT_EQ(top_right.samples[top_index(size, x)], chroma.at(15, 7)) << x;
    }
    // Chroma (32, 8) is luma (64, 16); its bottom-left, chroma (31, 16..23), is luma (62, 32..46)
    // in the next CTU row: unavailable.
    const IntraReferences bottom_left = gather(chroma, 32, 8, size, 1, availability);
    for (int y = size; y < 2 * size; ++y) {
        EXPECT_EQ(bottom_left.samples[left_index(size, y)], chroma.at(31, 15)) << y;
    }
}

TEST(IntraReferences, SubstitutionFillsAHoleFromBelow) {
    IntraReferences refs;
    refs.size = 4;
    bool available[17];
    for (int i = 0; i < 17; ++i) {
        refs.samples[i] = static_cast<uint8_t>(10 + i);
        available[i] = true;
    }
    // A hole in the left column, the corner and the start of the top row.
    for (int i = 5; i <= 9; ++i) available[i] = false;
    available[3] = false;
    substitute_intra_references(available, refs);
    const uint8_t expected[17] = {10, 11, 12, 12, 14, 14, 14, 14, 14,
                                  14, 20, 21, 22, 23, 24, 25, 26};
    for (int i = 0; i < 17; ++i) EXPECT_EQ(refs.samples[i], expected[i]) << i;
}

TEST(IntraReferences, SubstitutionStartsFromTheFirstAvailableSample) {
    IntraReferences refs;
    refs.size = 4;
    bool available[17] = {};
    for (int i = 0; i < 17; ++i) refs.samples[i] = static_cast<uint8_t>(100 + i);
    available[11] = true;  // p[2][-1]
    available[13] = true;  // p[4][-1]
    substitute_intra_references(available, refs);
    for (int i = 0; i <= 12; ++i) EXPECT_EQ(refs.samples[i], 111) << i;
    for (int i = 13; i <= 16; ++i) EXPECT_EQ(refs.samples[i], 113) << i;
}

TEST(IntraReferences, FilterDecisionTable) {
    // H.265 8.4.4.2.3: never for DC or 4x4; otherwise when min(|mode-26|, |mode-10|) exceeds
    // 7 (8x8), 1 (16x16), 0 (32x32). Planar (mode 0) is at distance 10.
    const std::set<int> filtered_8x8 = {0, 2, 18, 34};
    const std::set<int> unfiltered_16x16 = {1, 9, 10, 11, 25, 26, 27};
    const std::set<int> unfiltered_32x32 = {1, 10, 26};
    for (int mode = 0; mode <= 34; ++mode) {
        EXPECT_FALSE(intra_filter_applies(2, mode)) << mode;
        EXPECT_EQ(intra_filter_applies(3, mode), filtered_8x8.count(mode) == 1) << mode;
        EXPECT_EQ(intra_filter_applies(4, mode), unfiltered_16x16.count(mode) == 0) << mode;
        EXPECT_EQ(intra_filter_applies(5, mode), unfiltered_32x32.count(mode) == 0) << mode;
    }
}

IntraReferences random_references(int size, unsigned seed) {
    IntraReferences refs;
    refs.size = size;
    std::mt19937 random(seed);
    for (int i = 0; i <= 4 * size; ++i) refs.samples[i] = static_cast<uint8_t>(random() & 255);
    return refs;
}

void expect_121_filter(const IntraReferences& in, const IntraReferences& out) {
    const int last = 4 * in.size;
    ASSERT_EQ(out.size, in.size);
    EXPECT_EQ(out.samples[0], in.samples[0]);
    EXPECT_EQ(out.samples[last], in.samples[last]);
    for (int i = 1; i < last; ++i) {
        ASSERT_EQ(out.samples[i],
                  (in.samples[i - 1] + 2 * in.samples[i] + in.samples[i + 1] + 2) / 4)
            << i;
    }
}

TEST(IntraReferences, OneTwoOneFilter) {
    IntraReferences in;
    in.size = 8;
    for (int i = 0; i <= 32; ++i)
        in.samples[i] = static_cast<uint8_t>((i % 3) * 50);  // 0 50 100 ..
    IntraReferences out;
    filter_intra_references(in, 3, true, out);
    EXPECT_EQ(out.samples[0], 0);
    EXPECT_EQ(out.samples[1], 50);  // (0 + 100 + 100 + 2) >> 2
    EXPECT_EQ(out.samples[2], 63);  // (50 + 200 + 0 + 2) >> 2
    EXPECT_EQ(out.samples[3], 38);  // (100 + 0 + 50 + 2) >> 2
    EXPECT_EQ(out.samples[32], 100);
    for (int log2_size = 3; log2_size <= 5; ++log2_size) {
        const IntraReferences random = random_references(1 << log2_size, 7u + log2_size);
        filter_intra_references(random, log2_size, false, out);
        expect_121_filter(random, out);
    }
}

// 32x32 references whose three flatness probes (corner, middle and far end of each edge) lie on
// straight lines up to the given deviation of the middle top sample; the rest is noise.
IntraReferences nearly_flat_32x32(int top_middle_deviation) {
    IntraReferences refs = random_references(32, 11);
    refs.samples[64] = 100;                  // p[-1][-1]
    refs.samples[left_index(32, 31)] = 120;  // p[-1][31]
    refs.samples[left_index(32, 63)] = 140;  // p[-1][63]
    refs.samples[top_index(32, 31)] = static_cast<uint8_t>(80 + top_middle_deviation);
    refs.samples[top_index(32, 63)] = 60;  // p[63][-1]
    return refs;
}

TEST(IntraReferences, StrongSmoothingWhenFlat) {
    // |100 + 60 - 2 * 77| = 6 < 8: flat.
    const IntraReferences in = nearly_flat_32x32(-3);
    IntraReferences out;
    filter_intra_references(in, 5, true, out);
    EXPECT_EQ(out.samples[64], 100);
    for (int i = 0; i < 63; ++i) {
        ASSERT_EQ(out.samples[left_index(32, i)], ((63 - i) * 100 + (i + 1) * 140 + 32) >> 6) << i;
        ASSERT_EQ(out.samples[top_index(32, i)], ((63 - i) * 100 + (i + 1) * 60 + 32) >> 6) << i;
    }
    EXPECT_EQ(out.samples[left_index(32, 63)], 140);
    EXPECT_EQ(out.samples[top_index(32, 63)], 60);
}

TEST(IntraReferences, NoStrongSmoothingWhenNotFlatDisabledOrSmaller) {
    IntraReferences out;
    // |100 + 60 - 2 * 76| = 8, not < 8.
    const IntraReferences bent = nearly_flat_32x32(-4);
    filter_intra_references(bent, 5, true, out);
    expect_121_filter(bent, out);

    const IntraReferences flat = nearly_flat_32x32(0);
    filter_intra_references(flat, 5, false, out);
    expect_121_filter(flat, out);

    IntraReferences flat_16x16;
    flat_16x16.size = 16;
    for (int i = 0; i <= 64; ++i) flat_16x16.samples[i] = 90;
    flat_16x16.samples[5] = 200;  // the only sample that would survive a strong smoothing unchanged
    filter_intra_references(flat_16x16, 4, true, out);
    expect_121_filter(flat_16x16, out);
}

TEST(IntraReferences, FilterInPlace) {
    const IntraReferences in = random_references(16, 21);
    IntraReferences in_place = in;
    filter_intra_references(in_place, 4, true, in_place);
    expect_121_filter(in, in_place);
}

}  // namespace
}  // namespace tc
