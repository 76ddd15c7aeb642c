// Proves the sao() syntax of H.265 7.3.8.3: random CTU parameters (every type, class, band
// position, offset sign, merge left/up where the candidates exist) are written with CabacEncoder,
// then decoded by an arithmetic decoder written here from 9.3.4.3 and parsed back with the
// binarizations of 9.3.3 and the merge semantics of 7.4.9.3; the result must equal what was
// written. Also checks that CabacBitCounter leaves the contexts exactly as the encoder does.

#include "bitstream/sao_syntax.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <random>
#include <vector>

#include "bitstream/bit_writer.h"
#include "bitstream/cabac_bit_counter.h"
#include "bitstream/cabac_encoder.h"
#include "bitstream/cabac_tables.h"

namespace tc {
namespace {

// The arithmetic decoding engine of 9.3.4.3 (initialization 9.3.2.5).
class TestCabacDecoder {
  public:
    explicit TestCabacDecoder(const std::vector<uint8_t>& data) : data_(data) {
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
            const int state = context.state(), mps = context.mps();
            context.packed = static_cast<uint8_t>(kTransIdxLps[state] << 1 | (state == 0 ? 1 - mps : mps));
        } else {
            bin = context.mps();
            context.packed = static_cast<uint8_t>(trans_idx_mps(context.state()) << 1 | context.mps());
        }
        while (range_ < 256) {
            range_ <<= 1;
            offset_ = (offset_ << 1) | read_bits(1);
        }
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

    // 9.3.4.3.5 DecodeTerminate.
    int decode_terminate() {
        range_ -= 2;
        if (offset_ >= range_) return 1;
        while (range_ < 256) {
            range_ <<= 1;
            offset_ = (offset_ << 1) | read_bits(1);
        }
        return 0;
    }

  private:
    uint32_t read_bits(int count) {
        uint32_t value = 0;
        for (int i = 0; i < count; i++) {
            const size_t byte = position_ >> 3;
            const int bit = byte < data_.size() ? (data_[byte] >> (7 - (position_ & 7))) & 1 : 0;
            value = (value << 1) | static_cast<uint32_t>(bit);
            position_++;
        }
        return value;
    }

    const std::vector<uint8_t>& data_;
    uint64_t position_ = 0;
    uint32_t range_ = 0, offset_ = 0;
};

// ---- the parser: 7.3.8.3 with the binarizations of 9.3.3 --------------------------------

int parse_type_idx(TestCabacDecoder& decoder, CabacContexts& contexts) {
    // TR cMax 2: "0" -> 0, "10" -> 1, "11" -> 2; bin 0 with ctxInc 0, bin 1 bypass.
    if (decoder.decode_bin(contexts.sao_type_idx[0]) == 0) return 0;
    return decoder.decode_bypass() == 0 ? 1 : 2;
}

int parse_fixed_length(TestCabacDecoder& decoder, int bits) {
    int value = 0;
    for (int i = 0; i < bits; i++) value = (value << 1) | decoder.decode_bypass();
    return value;
}

CtuSaoParameters parse_sao(TestCabacDecoder& decoder, CabacContexts& contexts, int rx, int ry,
                           const std::vector<CtuSaoParameters>& decoded, int ctu_columns) {
    CtuSaoParameters result;
    if (rx > 0) result.merge_left = decoder.decode_bin(contexts.sao_merge_flag[0]) != 0;
    if (ry > 0 && !result.merge_left)
        result.merge_up = decoder.decode_bin(contexts.sao_merge_flag[0]) != 0;
    const size_t index = static_cast<size_t>(ry * ctu_columns + rx);
    // 7.4.9.3.2: a merged CTB copies every SAO syntax element of its candidate.
    if (result.merge_left || result.merge_up) {
        const CtuSaoParameters& source =
            decoded[result.merge_left ? index - 1 : index - static_cast<size_t>(ctu_columns)];
        for (int c = 0; c < 3; c++) result.component[c] = source.component[c];
        return result;
    }
    for (int c = 0; c < 3; c++) {
        SaoComponentParameters& p = result.component[c];
        if (c == 0) p.type = static_cast<uint8_t>(parse_type_idx(decoder, contexts));
        if (c == 1) p.type = static_cast<uint8_t>(parse_type_idx(decoder, contexts));
        if (c == 2) p.type = result.component[1].type;
        if (p.type == 0) continue;
        int offset_abs[4];
        for (int i = 0; i < 4; i++) {
            // TR cMax 7, bypass: count ones up to 7.
            offset_abs[i] = 0;
            while (offset_abs[i] < 7 && decoder.decode_bypass() == 1) offset_abs[i]++;
        }
        if (p.type == 1) {
            for (int i = 0; i < 4; i++) {
                const int sign = offset_abs[i] != 0 ? decoder.decode_bypass() : 0;
                p.offsets[i] = static_cast<int8_t>(sign ? -offset_abs[i] : offset_abs[i]);
            }
            p.band_position = static_cast<uint8_t>(parse_fixed_length(decoder, 5));
        } else {
            // 7.4.9.3.2: edge offsets 0, 1 positive, 2, 3 negative.
            for (int i = 0; i < 4; i++)
                p.offsets[i] = static_cast<int8_t>(i < 2 ? offset_abs[i] : -offset_abs[i]);
            if (c == 0) p.eo_class = static_cast<uint8_t>(parse_fixed_length(decoder, 2));
            if (c == 1) p.eo_class = static_cast<uint8_t>(parse_fixed_length(decoder, 2));
            if (c == 2) p.eo_class = result.component[1].eo_class;
        }
    }
    return result;
}

// ---- random parameters -----------------------------------------------------------------------

SaoComponentParameters random_component(std::mt19937& random, int type, int eo_class) {
    SaoComponentParameters p;
    p.type = static_cast<uint8_t>(type);
    if (type == 1) {
        p.band_position = static_cast<uint8_t>(random() % 32);
        for (auto& offset : p.offsets)
            offset = static_cast<int8_t>(static_cast<int>(random() % 15) - 7);
    } else if (type == 2) {
        p.eo_class = static_cast<uint8_t>(eo_class);
        for (int i = 0; i < 4; i++) {
            const int magnitude = static_cast<int>(random() % 8);
            p.offsets[i] = static_cast<int8_t>(i < 2 ? magnitude : -magnitude);
        }
    }
    return p;
}

std::vector<CtuSaoParameters> random_picture_parameters(std::mt19937& random, int columns,
                                                        int rows) {
    std::vector<CtuSaoParameters> params(static_cast<size_t>(columns * rows));
    for (int ry = 0; ry < rows; ry++) {
        for (int rx = 0; rx < columns; rx++) {
            const size_t index = static_cast<size_t>(ry * columns + rx);
            const int choice = static_cast<int>(random() % 5);
            if (choice == 0 && rx > 0) {
                params[index] = params[index - 1];
                params[index].merge_left = true;
                params[index].merge_up = false;
                continue;
            }
            if (choice == 1 && ry > 0) {
                params[index] = params[index - static_cast<size_t>(columns)];
                params[index].merge_left = false;
                params[index].merge_up = true;
                continue;
            }
            CtuSaoParameters& ctu = params[index];
            ctu.component[0] = random_component(random, static_cast<int>(random() % 3),
                                                static_cast<int>(random() % 4));
            const int chroma_type = static_cast<int>(random() % 3);
            const int chroma_class = static_cast<int>(random() % 4);
            ctu.component[1] = random_component(random, chroma_type, chroma_class);
            ctu.component[2] = random_component(random, chroma_type, chroma_class);
        }
    }
    return params;
}

void expect_equal(const CtuSaoParameters& written, const CtuSaoParameters& parsed, size_t index) {
    EXPECT_EQ(written.merge_left, parsed.merge_left) << "CTU " << index;
    EXPECT_EQ(written.merge_up, parsed.merge_up) << "CTU " << index;
    for (int c = 0; c < 3; c++) {
        const SaoComponentParameters& a = written.component[c];
        const SaoComponentParameters& b = parsed.component[c];
        EXPECT_EQ(a.type, b.type) << "CTU " << index << " component " << c;
        if (a.type == 1) {
            EXPECT_EQ(a.band_position, b.band_position) << "CTU " << index << " component " << c;
        }
        if (a.type == 2) {
            EXPECT_EQ(a.eo_class, b.eo_class) << "CTU " << index << " component " << c;
        }
        if (a.type != 0) {
            for (int i = 0; i < 4; i++)
                EXPECT_EQ(a.offsets[i], b.offsets[i])
                    << "CTU " << index << " c " << c << " i " << i;
        }
    }
}

// ---- tests -----------------------------------------------------------------------------------

TEST(SaoSyntaxTest, RoundTripsThroughSpecDecoder) {
    std::mt19937 random(2024);
    for (int trial = 0; trial < 50; trial++) {
        const int columns = 1 + static_cast<int>(random() % 5);
        const int rows = 1 + static_cast<int>(random() % 4);
        const int slice_qp = 22 + static_cast<int>(random() % 16);
        const std::vector<CtuSaoParameters> params =
            random_picture_parameters(random, columns, rows);

        CabacContexts encoder_contexts;
        init_cabac_contexts(encoder_contexts, 0, slice_qp);
        BitWriter writer;
        CabacEncoder encoder;
        encoder.start(&writer);
        for (int ry = 0; ry < rows; ry++) {
            for (int rx = 0; rx < columns; rx++) {
                write_sao_syntax(encoder, encoder_contexts,
                                 params[static_cast<size_t>(ry * columns + rx)], rx > 0, ry > 0);
            }
        }
        encoder.encode_terminate(1);
        encoder.finish();
        writer.put_trailing_bits();

        CabacContexts decoder_contexts;
        init_cabac_contexts(decoder_contexts, 0, slice_qp);
        TestCabacDecoder decoder(writer.bytes());
        std::vector<CtuSaoParameters> decoded(params.size());
        for (int ry = 0; ry < rows; ry++) {
            for (int rx = 0; rx < columns; rx++) {
                const size_t index = static_cast<size_t>(ry * columns + rx);
                decoded[index] = parse_sao(decoder, decoder_contexts, rx, ry, decoded, columns);
                expect_equal(params[index], decoded[index], index);
            }
        }
        EXPECT_EQ(decoder.decode_terminate(), 1);
        if (HasFailure()) return;
    }
}

TEST(SaoSyntaxTest, MergeFlagsOnlyWhereCandidatesExist) {
    // The first CTU of the picture has no candidates: a merge request there is not signalled and
    // the full parameters follow. Decoding must see the parameters, no merge.
    CtuSaoParameters params;
    params.merge_left = true;
    params.component[0].type = 1;
    params.component[0].band_position = 17;
    params.component[0].offsets[0] = -7;
    params.component[0].offsets[3] = 7;
    CabacContexts contexts;
    init_cabac_contexts(contexts, 0, 30);
    BitWriter writer;
    CabacEncoder encoder;
    encoder.start(&writer);
    write_sao_syntax(encoder, contexts, params, false, false);
    encoder.encode_terminate(1);
    encoder.finish();
    writer.put_trailing_bits();

    init_cabac_contexts(contexts, 0, 30);
    TestCabacDecoder decoder(writer.bytes());
    std::vector<CtuSaoParameters> decoded(1);
    decoded[0] = parse_sao(decoder, contexts, 0, 0, decoded, 1);
    EXPECT_FALSE(decoded[0].merge_left);
    EXPECT_EQ(decoded[0].component[0].type, 1);
    EXPECT_EQ(decoded[0].component[0].band_position, 17);
    EXPECT_EQ(decoded[0].component[0].offsets[0], -7);
    EXPECT_EQ(decoded[0].component[0].offsets[3], 7);
    EXPECT_EQ(decoded[0].component[1].type, 0);
    EXPECT_EQ(decoder.decode_terminate(), 1);
}

TEST(SaoSyntaxTest, BitCounterAdvancesContextsLikeEncoder) {
    std::mt19937 random(5);
    const std::vector<CtuSaoParameters> params = random_picture_parameters(random, 6, 4);
    CabacContexts encoder_contexts, counter_contexts;
    init_cabac_contexts(encoder_contexts, 0, 32);
    init_cabac_contexts(counter_contexts, 0, 32);
    BitWriter writer;
    CabacEncoder encoder;
    encoder.start(&writer);
    CabacBitCounter counter;
    for (int ry = 0; ry < 4; ry++) {
        for (int rx = 0; rx < 6; rx++) {
            const CtuSaoParameters& ctu = params[static_cast<size_t>(ry * 6 + rx)];
            write_sao_syntax(encoder, encoder_contexts, ctu, rx > 0, ry > 0);
            write_sao_syntax(counter, counter_contexts, ctu, rx > 0, ry > 0);
        }
    }
    EXPECT_EQ(encoder_contexts.sao_merge_flag[0].state(), counter_contexts.sao_merge_flag[0].state());
    EXPECT_EQ(encoder_contexts.sao_merge_flag[0].mps(), counter_contexts.sao_merge_flag[0].mps());
    EXPECT_EQ(encoder_contexts.sao_type_idx[0].state(), counter_contexts.sao_type_idx[0].state());
    EXPECT_EQ(encoder_contexts.sao_type_idx[0].mps(), counter_contexts.sao_type_idx[0].mps());
    EXPECT_GT(counter.fractional_bits(), 0u);
}

TEST(SaoSyntaxTest, BypassBinCountOfOneComponent) {
    // Luma band offset {1, -2, 0, 7}: bins after the context-coded first type bin are the type's
    // bypass bin (1), sao_offset_abs 2 + 3 + 1 + 7 = 13, three signs, 5 band position bits.
    SaoComponentParameters luma;
    luma.type = 1;
    luma.band_position = 9;
    luma.offsets[0] = 1;
    luma.offsets[1] = -2;
    luma.offsets[3] = 7;
    CabacContexts contexts{};
    CabacBitCounter with_offsets;
    write_sao_component_syntax(with_offsets, contexts, luma, 0);
    CabacContexts fresh{};
    CabacBitCounter type_bin_only;
    type_bin_only.encode_bin(fresh.sao_type_idx[0], 1);
    const uint64_t one_bit = uint64_t{1} << CabacBitCounter::kFracBits;
    EXPECT_EQ(with_offsets.fractional_bits() - type_bin_only.fractional_bits(), 22 * one_bit);
    // Cr (component 2) of an edge type: only the offsets, 4 bins each at most, no type, no class.
    SaoComponentParameters cr;
    cr.type = 2;
    cr.offsets[0] = 3;
    cr.offsets[3] = -1;
    CabacBitCounter chroma;
    write_sao_component_syntax(chroma, contexts, cr, 2);
    EXPECT_EQ(chroma.fractional_bits(), (4 + 1 + 1 + 2) * one_bit);
}

}  // namespace
}  // namespace tc
