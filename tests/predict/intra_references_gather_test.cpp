// gather_intra_references, which decides availability once per run of samples in one 4x4 luma
// block, against the per-sample procedure of H.265 clause 8.4.4.2.2 (each sample's availability by
// clause 6.4.1, then the substitution): random picture sizes (partial 4x4 blocks at the right and
// bottom edges included), block positions and sizes, luma and 4:2:0 chroma, with and without
// constrained intra prediction over a random map of intra and inter blocks; and with the line
// above taken from a row of its own (above_row) instead of the plane.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <vector>

#include "predict/intra_references.h"

namespace tc {
namespace {

IntraReferences gather_per_sample(const std::vector<uint8_t>& plane, int plane_width,
                                  int plane_height, int x, int y, int size, int chroma_shift,
                                  const ZscanAvailability& availability,
                                  const BlockInfoMap* intra_only) {
    IntraReferences refs;
    refs.size = size;
    bool is_available[4 * 32 + 1];
    const int corner = 2 * size;
    for (int i = 0; i <= 4 * size; i++) {
        const int px = i <= corner ? x - 1 : x + (i - corner - 1);
        const int py = i <= corner ? y + (corner - 1 - i) : y - 1;
        bool available = px >= 0 && py >= 0 && px < plane_width && py < plane_height &&
                         availability.available(x << chroma_shift, y << chroma_shift,
                                                px << chroma_shift, py << chroma_shift);
        if (available && intra_only != nullptr) {
            const BlockInfo* info = intra_only->find(px << chroma_shift, py << chroma_shift);
            available = info != nullptr && info->pred_mode == PredMode::kIntra;
        }
        is_available[i] = available;
        refs.samples[i] = available ? plane[static_cast<size_t>(py) * plane_width + px] : 0;
    }
    substitute_intra_references(is_available, refs);
    return refs;
}

TEST(IntraReferencesGather, MatchesThePerSampleProcedure) {
    std::mt19937 rng(2024);
    for (int picture = 0; picture < 60; picture++) {
        const int luma_width = std::uniform_int_distribution<int>(8, 150)(rng) & ~1;
        const int luma_height = std::uniform_int_distribution<int>(8, 150)(rng) & ~1;
        const ZscanAvailability availability(luma_width, luma_height, picture % 2 == 0 ? 6 : 5);
        BlockInfoMap blocks;
        blocks.allocate(luma_width, luma_height);
        BlockInfo inter;
        inter.pred_mode = PredMode::kInter;
        for (int by = 0; by < luma_height; by += 4) {
            for (int bx = 0; bx < luma_width; bx += 4) {
                if (rng() % 3 == 0) blocks.fill(bx, by, 4, 4, inter);
            }
        }
        for (const int chroma_shift : {0, 1}) {
            const int width = luma_width >> chroma_shift, height = luma_height >> chroma_shift;
            std::vector<uint8_t> plane(static_cast<size_t>(width) * height);
            for (uint8_t& sample : plane) sample = static_cast<uint8_t>(rng());
            for (int block = 0; block < 200; block++) {
                const int size = 4 << (rng() % 4);
                if (size > width || size > height) continue;
                const int x =
                    static_cast<int>(rng() % static_cast<unsigned>(width / size + 1)) * size;
                const int y =
                    static_cast<int>(rng() % static_cast<unsigned>(height / size + 1)) * size;
                if (x >= width || y >= height) continue;
                for (const BlockInfoMap* intra_only : {static_cast<const BlockInfoMap*>(nullptr),
                                                       static_cast<const BlockInfoMap*>(&blocks)}) {
                    const IntraReferences expected = gather_per_sample(
                        plane, width, height, x, y, size, chroma_shift, availability, intra_only);
                    IntraReferences got;
                    gather_intra_references(plane.data(), width, width, height, x, y, size,
                                            chroma_shift, availability, got, intra_only);
                    ASSERT_EQ(got.size, size);
                    for (int i = 0; i <= 4 * size; i++) {
                        ASSERT_EQ(got.samples[i], expected.samples[i])
                            << "picture " << luma_width << "x" << luma_height << " shift "
                            << chroma_shift << " block " << size << " at " << x << "," << y
                            << " sample " << i << (intra_only ? " constrained" : "");
                    }
                    if (y == 0) continue;
                    // The line above from a row of its own (the kept unfiltered line at a CTU
                    // row's top), the plane's own row y - 1 overwritten: the same references.
                    std::vector<uint8_t> above(static_cast<size_t>(width) + 1);
                    std::copy_n(plane.begin() + static_cast<ptrdiff_t>(y - 1) * width, width, above.begin() + 1);
                    std::vector<uint8_t> filtered = plane;
                    for (int i = 0; i < width; i++) filtered[static_cast<size_t>(y - 1) * width + i] ^= 0x5a;
                    IntraReferences kept;
                    gather_intra_references(filtered.data(), width, width, height, x, y, size, chroma_shift,
                                            availability, kept, intra_only, above.data() + 1);
                    for (int i = 0; i <= 4 * size; i++) {
                        ASSERT_EQ(kept.samples[i], expected.samples[i])
                            << "above_row: block " << size << " at " << x << "," << y << " sample " << i;
                    }
                }
            }
        }
    }
}

}  // namespace
}  // namespace tc
