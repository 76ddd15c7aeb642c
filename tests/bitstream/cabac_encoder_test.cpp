// Round-trip tests of CabacEncoder against a decoder written straight from H.265 9.3.4.3, and
// byte-exactness against a bit-serial encoder written from the spec's informative encoder
// description (PutBit with outstanding bits).
#include "bitstream/cabac_encoder.h"

#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "bitstream/bit_writer.h"
#include "bitstream/cabac_context.h"
#include "bitstream/cabac_tables.h"

namespace tc {
namespace {

void set_state(ContextModel& context, int state, int mps) {
    context.packed = static_cast<uint8_t>(state << 1 | mps);
}

// 9.3.4.3.2.2, as the spec writes it.
void advance_state(ContextModel& context, bool was_lps) {
    const int state = context.state(), mps = context.mps();
    if (was_lps) {
        set_state(context, kTransIdxLps[state], state == 0 ? 1 - mps : mps);
    } else {
        set_state(context, trans_idx_mps(state), mps);
    }
}

// Arithmetic decoding engine of 9.3.4.3 reading from a byte buffer.
class SpecDecoder {
  public:
    SpecDecoder(const std::vector<uint8_t>& data, uint64_t bit_position)
        : data_(data), position_(bit_position) {}

    // 9.3.2.5: ivlCurrRange = 510, ivlOffset = read_bits(9).
    void start() {
        range_ = 510;
        offset_ = read_bits(9);
    }

    // 9.3.4.3.2 DecodeDecision with 9.3.4.3.3 RenormD.
    int decode_bin(ContextModel& context) {
        const uint32_t lps_range = kRangeTabLps[context.state()][(range_ >> 6) & 3];
        range_ -= lps_range;
        int bin;
        if (offset_ >= range_) {
            bin = 1 - context.mps();
            offset_ -= range_;
            range_ = lps_range;
            advance_state(context, true);
        } else {
            bin = context.mps();
            advance_state(context, false);
        }
        renormalize();
        return bin;
    }

    // 9.3.4.3.4 DecodeBypass.
    int decode_bypass() {
        offset_ = (offset_ << 1) | read_bits(1);
        if (offset_ >= range_) {
            offset_ -= range_;
            return 1;
        }
        return 0;
    }

    // 9.3.4.3.5 DecodeTerminate: no renormalization when the bin is 1.
    int decode_terminate() {
        range_ -= 2;
        if (offset_ >= range_) return 1;
        renormalize();
        return 0;
    }

    uint32_t read_bits(int count) {
        uint32_t value = 0;
        for (int i = 0; i < count; ++i) {
            int bit = 0;
            if (position_ < data_.size() * 8) {
                bit = (data_[position_ / 8] >> (7 - position_ % 8)) & 1;
            } else {
                overrun_ = true;
            }
            ++position_;
            value = (value << 1) | static_cast<uint32_t>(bit);
        }
        return value;
    }

    uint64_t position() const { return position_; }
    bool overrun() const { return overrun_; }

  private:
    void renormalize() {
        while (range_ < 256) {
            range_ <<= 1;
            offset_ = (offset_ << 1) | read_bits(1);
        }
    }

    const std::vector<uint8_t>& data_;
    uint64_t position_;
    uint32_t range_ = 0;
    uint32_t offset_ = 0;
    bool overrun_ = false;
};

// Bit-serial encoder in the form of the spec's flowcharts (PutBit, RenormE, EncodeFlush).
class ReferenceEncoder {
  public:
    void encode_bin(ContextModel& context, int bin) {
        const uint32_t lps_range = kRangeTabLps[context.state()][(range_ >> 6) & 3];
        range_ -= lps_range;
        const bool is_lps = bin != context.mps();
        if (is_lps) {
            low_ += range_;
            range_ = lps_range;
        }
        advance_state(context, is_lps);
        renormalize();
    }
    void encode_bypass(int bin) {
        low_ <<= 1;
        if (bin) low_ += range_;
        if (low_ >= 1024) {
            put_bit(1);
            low_ -= 1024;
        } else if (low_ < 512) {
            put_bit(0);
        } else {
            low_ -= 512;
            ++outstanding_;
        }
    }
    void encode_bypass_bits(uint32_t value, int count) {
        for (int i = count - 1; i >= 0; --i) encode_bypass(static_cast<int>((value >> i) & 1));
    }
    void encode_terminate(int bin) {
        range_ -= 2;
        if (bin) {
            low_ += range_;
            range_ = 2;
            renormalize();
            put_bit((low_ >> 9) & 1);
            bits_.push_back((low_ >> 8) & 1);
            bits_.push_back(1);  // ((low >> 7) & 3) | 1: the last bit is the rbsp_stop_one_bit
        } else {
            renormalize();
        }
    }
    const std::vector<int>& bits() const { return bits_; }

  private:
    void put_bit(int bit) {
        if (first_bit_) {
            first_bit_ = false;
        } else {
            bits_.push_back(bit);
        }
        for (; outstanding_ > 0; --outstanding_) bits_.push_back(1 - bit);
    }
    void renormalize() {
        while (range_ < 256) {
            if (low_ < 256) {
                put_bit(0);
            } else if (low_ >= 512) {
                low_ -= 512;
                put_bit(1);
            } else {
                low_ -= 256;
                ++outstanding_;
            }
            range_ <<= 1;
            low_ <<= 1;
        }
    }

    uint32_t low_ = 0;
    uint32_t range_ = 510;
    int outstanding_ = 0;
    bool first_bit_ = true;
    std::vector<int> bits_;
};

enum class BinKind { kContext, kBypass, kBypassBits, kTerminate };

struct BinOp {
    BinKind kind;
    int context_index;  // kContext only
    uint32_t value;     // the bin, or the bits of kBypassBits
    int count;          // kBypassBits only
};

constexpr int kContextCount = 8;

struct Script {
    std::vector<int> init_values;
    int slice_qp;
    std::vector<BinOp> ops;  // ends with terminate(1)
};

// Random bins: several contexts with skewed probabilities, some bypass runs of all ones (long
// outstanding runs and carries through 0xFF bytes), grouped bypass bits and terminate(0).
Script make_script(uint32_t seed, int length) {
    std::mt19937 rng(seed);
    Script script;
    for (int i = 0; i < kContextCount; ++i) script.init_values.push_back(rng() % 256);
    script.slice_qp = static_cast<int>(rng() % 52);
    const double one_probability[kContextCount] = {0.5, 0.02, 0.98, 0.1, 0.9, 0.3, 0.001, 0.999};
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    while (static_cast<int>(script.ops.size()) < length) {
        const uint32_t choice = rng() % 100;
        if (choice < 70) {
            const int index = static_cast<int>(rng() % kContextCount);
            const int bin = uniform(rng) < one_probability[index] ? 1 : 0;
            script.ops.push_back({BinKind::kContext, index, static_cast<uint32_t>(bin), 0});
        } else if (choice < 85) {
            script.ops.push_back({BinKind::kBypass, 0, static_cast<uint32_t>(rng() & 1u), 0});
        } else if (choice < 90) {
            const int run = 1 + static_cast<int>(rng() % 40);
            const uint32_t bin = (rng() % 4 == 0) ? 0u : 1u;
            for (int i = 0; i < run; ++i) script.ops.push_back({BinKind::kBypass, 0, bin, 0});
        } else if (choice < 97) {
            const int count = static_cast<int>(rng() % 33);
            uint32_t value = static_cast<uint32_t>(rng());
            if (rng() % 3 == 0) value = 0xFFFFFFFFu;
            if (count < 32) value &= (1u << count) - 1u;
            script.ops.push_back({BinKind::kBypassBits, 0, value, count});
        } else {
            script.ops.push_back({BinKind::kTerminate, 0, 0, 0});
        }
    }
    script.ops.push_back({BinKind::kTerminate, 0, 1, 0});
    return script;
}

std::vector<ContextModel> initial_contexts(const Script& script) {
    std::vector<ContextModel> contexts(kContextCount);
    for (int i = 0; i < kContextCount; ++i)
        init_context(contexts[i], script.init_values[i], script.slice_qp);
    return contexts;
}

template <typename Coder>
void run_script(const Script& script, std::vector<ContextModel>& contexts, Coder& coder) {
    for (const BinOp& op : script.ops) {
        switch (op.kind) {
            case BinKind::kContext:
                coder.encode_bin(contexts[op.context_index], static_cast<int>(op.value));
                break;
            case BinKind::kBypass:
                coder.encode_bypass(static_cast<int>(op.value));
                break;
            case BinKind::kBypassBits:
                coder.encode_bypass_bits(op.value, op.count);
                break;
            case BinKind::kTerminate:
                coder.encode_terminate(static_cast<int>(op.value));
                break;
        }
    }
}

// Encodes the script (after `prefix_bytes` bytes already in the writer), ends with finish() and
// rbsp_trailing_bits().
void encode_script(const Script& script, BitWriter& writer) {
    std::vector<ContextModel> contexts = initial_contexts(script);
    CabacEncoder encoder;
    encoder.start(&writer);
    run_script(script, contexts, encoder);
    encoder.finish();
    writer.put_trailing_bits();
}

// Decodes the script from `position`, checking every bin; returns the decoder position after the
// final terminate bin.
uint64_t decode_and_check(const Script& script, const std::vector<uint8_t>& data,
                          uint64_t position) {
    std::vector<ContextModel> contexts = initial_contexts(script);
    SpecDecoder decoder(data, position);
    decoder.start();
    for (size_t i = 0; i < script.ops.size(); ++i) {
        const BinOp& op = script.ops[i];
        switch (op.kind) {
            case BinKind::kContext: {
                const int bin = decoder.decode_bin(contexts[op.context_index]);
                EXPECT_EQ(static_cast<uint32_t>(bin), op.value) << "op " << i;
                break;
            }
            case BinKind::kBypass:
                EXPECT_EQ(static_cast<uint32_t>(decoder.decode_bypass()), op.value) << "op " << i;
                break;
            case BinKind::kBypassBits: {
                uint32_t value = 0;
                for (int b = 0; b < op.count; ++b)
                    value = (value << 1) | static_cast<uint32_t>(decoder.decode_bypass());
                EXPECT_EQ(value, op.value) << "op " << i;
                break;
            }
            case BinKind::kTerminate:
                EXPECT_EQ(static_cast<uint32_t>(decoder.decode_terminate()), op.value)
                    << "op " << i;
                break;
        }
        if (::testing::Test::HasFailure()) return decoder.position();
    }
    EXPECT_FALSE(decoder.overrun());
    return decoder.position();
}

int bit_at(const std::vector<uint8_t>& data, uint64_t position) {
    return (data[position / 8] >> (7 - position % 8)) & 1;
}

// After terminate(1) the last bit the decoder read is the rbsp_stop_one_bit, followed only by
// alignment zeros up to the end of the data.
void expect_stop_bit_before(const std::vector<uint8_t>& data, uint64_t position) {
    ASSERT_GE(position, 1u);
    ASSERT_EQ((position + 7) / 8, data.size());
    EXPECT_EQ(bit_at(data, position - 1), 1);
    for (uint64_t p = position; p < data.size() * 8; ++p) EXPECT_EQ(bit_at(data, p), 0);
}

TEST(CabacEncoder, RoundTripRandomBins) {
    for (uint32_t seed = 1; seed <= 300; ++seed) {
        const Script script = make_script(seed, 1 + static_cast<int>(seed * 37 % 3000));
        BitWriter writer;
        encode_script(script, writer);
        const uint64_t end = decode_and_check(script, writer.bytes(), 0);
        expect_stop_bit_before(writer.bytes(), end);
        if (HasFailure()) FAIL() << "seed " << seed;
    }
}

TEST(CabacEncoder, MatchesBitSerialReferenceEncoder) {
    for (uint32_t seed = 1000; seed < 1300; ++seed) {
        const Script script = make_script(seed, 1 + static_cast<int>(seed * 53 % 4000));
        BitWriter writer;
        encode_script(script, writer);

        std::vector<ContextModel> contexts = initial_contexts(script);
        ReferenceEncoder reference;
        run_script(script, contexts, reference);
        BitWriter expected;
        for (int bit : reference.bits()) expected.put_bits(static_cast<uint32_t>(bit), 1);
        expected.put_alignment_zeros();
        ASSERT_EQ(writer.bytes(), expected.bytes()) << "seed " << seed;
    }
}

TEST(CabacEncoder, LongCarryChains) {
    // Long bypass runs of ones keep the low register just below a carry, so 0xFF bytes pile up
    // until a later LPS or bypass one ripples a carry through all of them.
    for (uint32_t seed = 0; seed < 50; ++seed) {
        std::mt19937 rng(seed);
        Script script;
        script.init_values.assign(kContextCount, 154);
        script.slice_qp = 30;
        for (int block = 0; block < 40; ++block) {
            const int run = 8 + static_cast<int>(rng() % 300);
            for (int i = 0; i < run; ++i) script.ops.push_back({BinKind::kBypass, 0, 1, 0});
            const int tail = static_cast<int>(rng() % 4);
            for (int i = 0; i < tail; ++i) {
                script.ops.push_back({BinKind::kContext, static_cast<int>(rng() % kContextCount),
                                      static_cast<uint32_t>(rng() & 1u), 0});
            }
            script.ops.push_back({BinKind::kBypassBits, 0, 0xFFFFFFFFu, 32});
        }
        script.ops.push_back({BinKind::kTerminate, 0, 1, 0});

        BitWriter writer;
        encode_script(script, writer);
        const uint64_t end = decode_and_check(script, writer.bytes(), 0);
        expect_stop_bit_before(writer.bytes(), end);

        std::vector<ContextModel> contexts = initial_contexts(script);
        ReferenceEncoder reference;
        run_script(script, contexts, reference);
        BitWriter expected;
        for (int bit : reference.bits()) expected.put_bits(static_cast<uint32_t>(bit), 1);
        expected.put_alignment_zeros();
        ASSERT_EQ(writer.bytes(), expected.bytes()) << "seed " << seed;
    }
}

TEST(CabacEncoder, HighlySkewedContextRuns) {
    // Hundreds of MPS bins in a saturated state, then LPS bursts.
    Script script;
    script.init_values.assign(kContextCount, 154);
    script.slice_qp = 22;
    for (int block = 0; block < 30; ++block) {
        for (int i = 0; i < 500; ++i) script.ops.push_back({BinKind::kContext, 0, 0, 0});
        for (int i = 0; i < 1 + block % 5; ++i) script.ops.push_back({BinKind::kContext, 0, 1, 0});
    }
    script.ops.push_back({BinKind::kTerminate, 0, 1, 0});
    BitWriter writer;
    encode_script(script, writer);
    const uint64_t end = decode_and_check(script, writer.bytes(), 0);
    expect_stop_bit_before(writer.bytes(), end);
}

TEST(CabacEncoder, EmptyCodewordIsTerminateOnly) {
    Script script;
    script.init_values.assign(kContextCount, 154);
    script.slice_qp = 0;
    script.ops.push_back({BinKind::kTerminate, 0, 1, 0});
    BitWriter writer;
    encode_script(script, writer);
    // The decoder reads 9 bits and does not renormalize after terminate(1); the encoder writes
    // the 7 renormalization bits, bit 8 of low and the stop bit: 9 bits, then alignment.
    EXPECT_EQ(writer.bytes().size(), 2u);
    const uint64_t end = decode_and_check(script, writer.bytes(), 0);
    EXPECT_EQ(end, 9u);
    expect_stop_bit_before(writer.bytes(), end);
}

TEST(CabacEncoder, StartsAfterHeaderBytesAndRestartsForSubstreams) {
    // A slice header, then two substreams as with WPP: each ends with terminate(1), finish() and
    // byte_alignment() (a 1 then zeros); the next starts fresh at the byte boundary.
    const Script first = make_script(77, 2000);
    const Script second = make_script(78, 1500);
    BitWriter writer;
    writer.put_bits(0xA5, 8);
    writer.put_bits(0x3C, 8);

    std::vector<ContextModel> contexts = initial_contexts(first);
    CabacEncoder encoder;
    encoder.start(&writer);
    run_script(first, contexts, encoder);
    encoder.finish();
    writer.put_bits(1, 1);
    writer.put_alignment_zeros();
    const uint64_t second_start = writer.bit_count();

    contexts = initial_contexts(second);
    encoder.start(&writer);
    run_script(second, contexts, encoder);
    encoder.finish();
    EXPECT_EQ(encoder.written_bits(), writer.bit_count());
    writer.put_trailing_bits();

    EXPECT_EQ(writer.bytes()[0], 0xA5);
    EXPECT_EQ(writer.bytes()[1], 0x3C);
    const uint64_t first_end = decode_and_check(first, writer.bytes(), 16);
    EXPECT_EQ(bit_at(writer.bytes(), first_end - 1), 1);
    EXPECT_EQ((first_end + 7) / 8 * 8, second_start);
    for (uint64_t p = first_end; p < second_start; ++p) EXPECT_EQ(bit_at(writer.bytes(), p), 0);
    const uint64_t second_end = decode_and_check(second, writer.bytes(), second_start);
    expect_stop_bit_before(writer.bytes(), second_end);
}

TEST(CabacEncoder, WrittenBitsTracksOutput) {
    const Script script = make_script(4242, 5000);
    std::vector<ContextModel> contexts = initial_contexts(script);
    BitWriter writer;
    CabacEncoder encoder;
    encoder.start(&writer);
    uint64_t previous = encoder.written_bits();
    EXPECT_EQ(previous, 0u);
    for (size_t i = 0; i + 1 < script.ops.size(); ++i) {
        Script single;
        single.ops = {script.ops[i]};
        run_script(single, contexts, encoder);
        const uint64_t now = encoder.written_bits();
        EXPECT_GE(now, previous);
        previous = now;
    }
    encoder.encode_terminate(1);
    encoder.finish();
    // After finish everything is in the writer: the total is the codeword without the stop bit.
    EXPECT_EQ(encoder.written_bits(), writer.bit_count());
    EXPECT_GE(writer.bit_count(), previous);
    EXPECT_LE(writer.bit_count(), previous + 9);
}

}  // namespace
}  // namespace tc

namespace tc {
namespace {

// encode_bins_descending (the residual coder's run of sig_coeff_flag bins) writes the bytes and
// leaves the contexts that encode_bin one bin at a time does, across byte boundaries and carries.
TEST(CabacEncoder, RunOfBinsEqualsBinByBin) {
    std::mt19937 random(5);
    for (int trial = 0; trial < 200; trial++) {
        ContextModel models_a[8], models_b[8];
        for (int k = 0; k < 8; k++) {
            set_state(models_a[k], static_cast<int>(random() % 63), static_cast<int>(random() & 1));
            models_b[k] = models_a[k];
        }
        BitWriter out_a, out_b;
        CabacEncoder a, b;
        a.start(&out_a);
        b.start(&out_b);
        for (int run = 0; run < 40; run++) {
            uint8_t ctx[16];
            for (uint8_t& c : ctx) c = static_cast<uint8_t>(random() % 8);
            // Skewed bins at times, so that long MPS runs and LPS bursts both occur.
            const uint32_t bins = (trial % 3 == 0) ? static_cast<uint32_t>(random() & random() & 0xffff)
                                                   : static_cast<uint32_t>(random() & 0xffff);
            const int from = static_cast<int>(random() % 16);
            const int to = static_cast<int>(random() % (from + 1));
            for (int n = from; n >= to; n--) a.encode_bin(models_a[ctx[n]], static_cast<int>((bins >> n) & 1));
            b.encode_bins_descending(models_b, ctx, bins, from, to);
            const auto bypass = static_cast<uint32_t>(random());
            a.encode_bypass_bits(bypass, 5);
            b.encode_bypass_bits(bypass, 5);
        }
        a.encode_terminate(1);
        b.encode_terminate(1);
        a.finish();
        b.finish();
        ASSERT_NE(out_a.bytes().size(), 0u);
        EXPECT_EQ(out_a.bytes(), out_b.bytes());
        for (int k = 0; k < 8; k++) {
            EXPECT_EQ(models_a[k].state(), models_b[k].state());
            EXPECT_EQ(models_a[k].mps(), models_b[k].mps());
        }
        if (HasFailure()) FAIL() << "trial " << trial;
    }
}

}  // namespace
}  // namespace tc
