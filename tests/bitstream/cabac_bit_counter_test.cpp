#include "bitstream/cabac_bit_counter.h"

#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "bitstream/bit_writer.h"
#include "bitstream/cabac_encoder.h"
#include "bitstream/cabac_tables.h"

namespace tc {
namespace {

struct Bin {
    int context_index;  // -1 for bypass
    int value;
};

std::vector<Bin> random_bins(uint32_t seed, int count, double bypass_share) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    const double one_probability[6] = {0.5, 0.05, 0.95, 0.2, 0.7, 0.01};
    std::vector<Bin> bins;
    bins.reserve(static_cast<size_t>(count));
    for (int i = 0; i < count; ++i) {
        if (uniform(rng) < bypass_share) {
            bins.push_back({-1, static_cast<int>(rng() & 1)});
        } else {
            const int index = static_cast<int>(rng() % 6);
            bins.push_back({index, uniform(rng) < one_probability[index] ? 1 : 0});
        }
    }
    return bins;
}

template <typename Coder>
void code_bins(Coder& coder, std::vector<ContextModel>& contexts, const std::vector<Bin>& bins) {
    for (const Bin& bin : bins) {
        if (bin.context_index < 0) {
            coder.encode_bypass(bin.value);
        } else {
            coder.encode_bin(contexts[bin.context_index], bin.value);
        }
    }
}

std::vector<ContextModel> fresh_contexts() {
    std::vector<ContextModel> contexts(6);
    const int init_values[6] = {154, 139, 63, 197, 110, 226};
    for (int i = 0; i < 6; ++i) init_context(contexts[i], init_values[i], 30);
    return contexts;
}

TEST(CabacBitCounter, UpdatesContextsLikeTheEncoder) {
    const std::vector<Bin> bins = random_bins(5, 20000, 0.1);
    std::vector<ContextModel> encoder_contexts = fresh_contexts();
    std::vector<ContextModel> counter_contexts = fresh_contexts();
    BitWriter writer;
    CabacEncoder encoder;
    encoder.start(&writer);
    CabacBitCounter counter;
    for (const Bin& bin : bins) {
        if (bin.context_index < 0) continue;
        encoder.encode_bin(encoder_contexts[bin.context_index], bin.value);
        counter.encode_bin(counter_contexts[bin.context_index], bin.value);
        ASSERT_EQ(encoder_contexts[bin.context_index].state(),
                  counter_contexts[bin.context_index].state());
        ASSERT_EQ(encoder_contexts[bin.context_index].mps(), counter_contexts[bin.context_index].mps());
    }
}

TEST(CabacBitCounter, EstimateIsCloseToEncodedSize) {
    for (uint32_t seed = 1; seed <= 10; ++seed) {
        for (double bypass_share : {0.0, 0.2, 0.6}) {
            const std::vector<Bin> bins = random_bins(seed, 100000, bypass_share);
            std::vector<ContextModel> contexts = fresh_contexts();
            BitWriter writer;
            CabacEncoder encoder;
            encoder.start(&writer);
            code_bins(encoder, contexts, bins);
            encoder.encode_terminate(1);
            encoder.finish();
            writer.put_trailing_bits();
            const double actual_bits = static_cast<double>(writer.bit_count());

            contexts = fresh_contexts();
            CabacBitCounter counter;
            code_bins(counter, contexts, bins);
            counter.encode_terminate(1);
            const double estimated_bits =
                static_cast<double>(counter.fractional_bits()) / (1 << CabacBitCounter::kFracBits);
            EXPECT_NEAR(estimated_bits / actual_bits, 1.0, 0.01)
                << "seed " << seed << " bypass " << bypass_share << " actual " << actual_bits
                << " estimated " << estimated_bits;
        }
    }
}

TEST(CabacBitCounter, BypassAndTerminateCosts) {
    CabacBitCounter counter;
    counter.encode_bypass(1);
    EXPECT_EQ(counter.fractional_bits(), 32768u);
    counter.encode_bypass_bits(0x5, 3);
    EXPECT_EQ(counter.fractional_bits(), 4u * 32768u);
    counter.encode_bypass_bits(0, 0);
    EXPECT_EQ(counter.fractional_bits(), 4u * 32768u);
    counter.reset();
    EXPECT_EQ(counter.fractional_bits(), 0u);
    counter.encode_terminate(0);
    EXPECT_LT(counter.fractional_bits(), 32768u / 16);
    counter.reset();
    counter.encode_terminate(1);
    EXPECT_EQ(counter.fractional_bits(), 7u * 32768u);
}

TEST(CabacBitCounter, ContextCostFollowsState) {
    CabacBitCounter counter;
    ContextModel context;
    init_context(context, 154, 26);  // state 0, mps 1
    counter.encode_bin(context, 1);
    EXPECT_EQ(counter.fractional_bits(), kCabacBinCost[0][0]);
    EXPECT_EQ(context.state(), 1);
    counter.reset();
    counter.encode_bin(context, 0);  // LPS in state 1
    EXPECT_EQ(counter.fractional_bits(), kCabacBinCost[1][1]);
    EXPECT_EQ(context.state(), 0);
    EXPECT_EQ(context.mps(), 1);
    counter.encode_bin(context, 0);  // LPS in state 0 flips the MPS
    EXPECT_EQ(context.state(), 0);
    EXPECT_EQ(context.mps(), 0);
}

}  // namespace
}  // namespace tc
