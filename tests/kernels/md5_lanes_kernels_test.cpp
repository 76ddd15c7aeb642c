// The MD5 lane kernel (md5_lanes) against its scalar reference, and Md5::update_lanes against
// one message at a time: random states and blocks, 0 to 5 blocks a call, every pattern of unused
// lanes among the calls (an unused lane must keep its state, and its pointer is never read).

#include <algorithm>
#include <array>
#include <cstring>
#include <vector>

#include "bitstream/md5.h"
#include "kernel_test_support.h"

namespace tc::kernel_test {
namespace {

using Md5LanesKernels = KernelsVersusScalar;

TEST_P(Md5LanesKernels, StatesEqualTheScalarReference) {
    std::vector<uint8_t> data(kMd5Lanes * 5 * 64 + 3);
    for (int round = 0; round < 300; round++) {
        fill(data, 0, 255);
        const size_t count = static_cast<size_t>(round % 6);
        const int unused = round < 256 ? round : std::uniform_int_distribution<int>(0, 255)(rng_);
        alignas(32) uint32_t start[4][kMd5Lanes];
        for (auto& word : start) {
            for (uint32_t& lane : word) lane = static_cast<uint32_t>(rng_());
        }
        const uint8_t* blocks[kMd5Lanes];
        for (int lane = 0; lane < kMd5Lanes; lane++) {
            // Unaligned starts (an odd offset), as rows of a plane are.
            blocks[lane] =
                (unused >> lane) & 1 ? nullptr : data.data() + 1 + lane * 5 * 64 + (round & 1);
        }
        alignas(32) uint32_t expected[4][kMd5Lanes];
        std::memcpy(expected, start, sizeof(start));
        reference_.md5_lanes(expected, blocks, count);
        for (const PixelKernels* table : tables()) {
            alignas(32) uint32_t got[4][kMd5Lanes];
            std::memcpy(got, start, sizeof(start));
            table->md5_lanes(got, blocks, count);
            for (int i = 0; i < 4; i++) {
                for (int lane = 0; lane < kMd5Lanes; lane++) {
                    ASSERT_EQ(got[i][lane], expected[i][lane])
                        << "round " << round << " word " << i << " lane " << lane << " unused "
                        << unused;
                }
            }
        }
    }
    // The reference itself changes every used lane's state and no other (else the comparison
    // above would hold for a kernel that does nothing).
    alignas(32) uint32_t state[4][kMd5Lanes] = {};
    const uint8_t* blocks[kMd5Lanes] = {data.data(), nullptr, data.data() + 64, nullptr,
                                        nullptr,     nullptr, nullptr,          data.data() + 128};
    reference_.md5_lanes(state, blocks, 1);
    for (int lane = 0; lane < kMd5Lanes; lane++) {
        EXPECT_EQ(state[0][lane] != 0, blocks[lane] != nullptr) << "lane " << lane;
    }
}

// Messages of different lengths on the lanes, joining and leaving between calls, then finished
// with their tails: each digest equals the message's through Md5 alone.
TEST_P(Md5LanesKernels, UpdateLanesGivesEachMessagesDigest) {
    constexpr int kMessages = kMd5Lanes;
    std::array<std::vector<uint8_t>, kMessages> messages;
    for (int m = 0; m < kMessages; m++) {
        messages[static_cast<size_t>(m)].resize(static_cast<size_t>(64 * (3 + 7 * m) + 5 * m));
        fill(messages[static_cast<size_t>(m)], 0, 255);
    }
    for (const PixelKernels* table : tables()) {
        std::array<Md5, kMessages> lanes_md5;
        std::array<size_t, kMessages> taken{};
        for (int call = 0;; call++) {
            Md5* md5[kMd5Lanes] = {};
            const uint8_t* blocks[kMd5Lanes] = {};
            size_t count = 4;
            bool any = false;
            for (int m = 0; m < kMessages; m++) {
                const auto& message = messages[static_cast<size_t>(m)];
                const size_t left = (message.size() - taken[static_cast<size_t>(m)]) / 64;
                if (left == 0 || (call + m) % 3 == 0) continue;  // a lane sits out now and then
                md5[m] = &lanes_md5[static_cast<size_t>(m)];
                blocks[m] = message.data() + taken[static_cast<size_t>(m)];
                count = std::min(count, left);
                any = true;
            }
            if (!any) {
                bool done = true;
                for (int m = 0; m < kMessages; m++) {
                    done = done &&
                           messages[static_cast<size_t>(m)].size() - taken[static_cast<size_t>(m)] <
                               64;
                }
                if (done) break;
                continue;
            }
            Md5::update_lanes(table->md5_lanes, md5, blocks, count);
            for (int m = 0; m < kMessages; m++) {
                if (md5[m] != nullptr) taken[static_cast<size_t>(m)] += 64 * count;
            }
        }
        for (int m = 0; m < kMessages; m++) {
            const auto& message = messages[static_cast<size_t>(m)];
            Md5& md5 = lanes_md5[static_cast<size_t>(m)];
            md5.update(message.data() + taken[static_cast<size_t>(m)],
                       message.size() - taken[static_cast<size_t>(m)]);
            Md5 alone;
            alone.update(message.data(), message.size());
            EXPECT_EQ(md5.finish(), alone.finish()) << "message " << m;
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Isa, Md5LanesKernels,
                         ::testing::Values(IsaCase{CpuLevel::kAvx2, init_pixel_kernels_avx2},
                                           IsaCase{CpuLevel::kAvx512, init_pixel_kernels_avx512}),
                         isa_name);

}  // namespace
}  // namespace tc::kernel_test
