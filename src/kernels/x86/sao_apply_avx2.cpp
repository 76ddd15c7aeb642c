// AVX2 SAO application (H.265 8.7.3.2, 8-bit), 32 samples a step. Edge classes: 2 + the two
// neighbours' signs from signed byte compares of the samples with their top bits flipped, a pshufb
// of the five offsets by that index. Bands: (band - band_position) mod 32 saturated to 4, a pshufb
// of the four offsets and a zero. Both add the offset with signed saturation to the flipped sample.
// Rows of 32 or more samples end with a vector that ends at the row's end (it overlaps the one
// before; output and input are different planes, so the overlap writes the same values again);
// rows of 16..31 samples take two 16-sample halves, narrower rows go through a buffer, so nothing
// outside the block (and the edge neighbours) is read or written.
#include "kernels/x86/kernel_init_x86.h"

#if defined(__AVX2__)
#include <immintrin.h>

#include <cstring>

#include "filter/sao.h"
#include "kernels/x86/simd_loads_x86.h"

namespace tc {
namespace {

__m256i flip_top_bits(__m256i v) {
    return _mm256_xor_si256(v, _mm256_set1_epi8(-128));
}

// Clip3(0, 255, sample + offset) from sample ^ 0x80 and a signed offset: the signed saturating
// add gives Clip3(-128, 127, sample - 128 + offset) for every int8_t offset (the exact sum lies in
// -256..254), and flipping the top bit back adds the 128.
__m256i add_offset_and_clip(__m256i flipped_sample, __m256i offset) {
    return flip_top_bits(_mm256_adds_epi8(flipped_sample, offset));
}

// The four offsets in bytes 0..3 of both 128-bit lanes (the other bytes zero), loaded as one
// 32-bit value rather than assembled in memory byte by byte.
__m256i offsets_in_lanes(const int8_t offsets[4]) {
    int32_t packed;
    std::memcpy(&packed, offsets, sizeof(packed));
    return _mm256_broadcastsi128_si256(_mm_cvtsi32_si128(packed));
}

class EdgeOffset {
  public:
    static constexpr int kInputs = 3;  // the sample and its two neighbours

    explicit EdgeOffset(const int8_t offsets[4]) {
        // SaoOffsetVal by the raw 2 + Sign + Sign (kSaoEdgeCategory: 0, 1, 3, 4 are categories
        // 1, 2, 3, 4; 2 has no offset): bytes o0, o1, 0, o2, o3 (index -1 gives a zero).
        offsets_ = _mm256_shuffle_epi8(
            offsets_in_lanes(offsets),
            _mm256_setr_epi8(0, 1, -1, 2, 3, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 0, 1, -1,
                             2, 3, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1));
    }

    __m256i operator()(const __m256i (&v)[kInputs]) const {
        const __m256i sample = flip_top_bits(v[0]);
        const __m256i first = flip_top_bits(v[1]), second = flip_top_bits(v[2]);
        // 2 + Sign(s - a) + Sign(s - b): a true compare is -1, so s > a adds one by subtracting it.
        __m256i index = _mm256_sub_epi8(_mm256_set1_epi8(2), _mm256_cmpgt_epi8(sample, first));
        index = _mm256_add_epi8(index, _mm256_cmpgt_epi8(first, sample));
        index = _mm256_sub_epi8(index, _mm256_cmpgt_epi8(sample, second));
        index = _mm256_add_epi8(index, _mm256_cmpgt_epi8(second, sample));
        return add_offset_and_clip(sample, _mm256_shuffle_epi8(offsets_, index));
    }

  private:
    __m256i offsets_;
};

class BandOffset {
  public:
    static constexpr int kInputs = 1;

    BandOffset(int band_position, const int8_t offsets[4]) {
        offsets_ = offsets_in_lanes(offsets);
        position_ = _mm256_set1_epi8(static_cast<char>(band_position));
    }

    __m256i operator()(const __m256i (&v)[kInputs]) const {
        // The 16-bit shift moves bits of the next byte into bits 5..7, which the mod 32 drops.
        const __m256i relative =
            _mm256_and_si256(_mm256_sub_epi8(_mm256_srli_epi16(v[0], kSaoBandShift), position_),
                             _mm256_set1_epi8(kSaoBandCount - 1));
        // Bands 4..31 past band_position have no offset: table entry 4 is zero.
        const __m256i index = _mm256_min_epu8(relative, _mm256_set1_epi8(4));
        return add_offset_and_clip(flip_top_bits(v[0]), _mm256_shuffle_epi8(offsets_, index));
    }

  private:
    __m256i offsets_, position_;
};

// Runs `filter` over the block; taps[i] is the displacement of the filter's input i from the
// sample.
template <typename Filter>
void apply_filter(const Filter& filter, const ptrdiff_t (&taps)[Filter::kInputs],
                  const uint8_t* input, ptrdiff_t input_stride, uint8_t* output,
                  ptrdiff_t output_stride, int width, int height) {
    constexpr int kInputs = Filter::kInputs;
    __m256i v[kInputs];
    if (width >= 32) {
        // The last partial vector of a row ends at the row's end.
        const int last = width - 32;
        for (int y = 0; y < height; y++, input += input_stride, output += output_stride) {
            for (int x = 0; x < last; x += 32) {
                for (int i = 0; i < kInputs; i++) v[i] = load_32_bytes(input + x + taps[i]);
                _mm256_storeu_si256(reinterpret_cast<__m256i*>(output + x), filter(v));
            }
            for (int i = 0; i < kInputs; i++) v[i] = load_32_bytes(input + last + taps[i]);
            _mm256_storeu_si256(reinterpret_cast<__m256i*>(output + last), filter(v));
        }
    } else if (width >= 16) {
        const int second_half = width - 16;
        for (int y = 0; y < height; y++, input += input_stride, output += output_stride) {
            for (int i = 0; i < kInputs; i++)
                v[i] = load_two_rows_16(input + taps[i], input + second_half + taps[i]);
            const __m256i result = filter(v);
            _mm_storeu_si128(reinterpret_cast<__m128i*>(output), _mm256_castsi256_si128(result));
            _mm_storeu_si128(reinterpret_cast<__m128i*>(output + second_half),
                             _mm256_extracti128_si256(result, 1));
        }
    } else {
        alignas(32) uint8_t rows[kInputs][32] = {};
        alignas(32) uint8_t result[32];
        const auto bytes = static_cast<size_t>(width);
        for (int y = 0; y < height; y++, input += input_stride, output += output_stride) {
            for (int i = 0; i < kInputs; i++) {
                std::memcpy(rows[i], input + taps[i], bytes);
                v[i] = load_32_bytes(rows[i]);
            }
            _mm256_store_si256(reinterpret_cast<__m256i*>(result), filter(v));
            std::memcpy(output, result, bytes);
        }
    }
}

void sao_apply_band_avx2(const uint8_t* input, ptrdiff_t input_stride, uint8_t* output,
                         ptrdiff_t output_stride, int width, int height, int band_position,
                         const int8_t offsets[4]) {
    const ptrdiff_t taps[1] = {0};
    apply_filter(BandOffset(band_position, offsets), taps, input, input_stride, output,
                 output_stride, width, height);
}

void sao_apply_edge_avx2(const uint8_t* input, ptrdiff_t input_stride, uint8_t* output,
                         ptrdiff_t output_stride, int width, int height, int eo_class,
                         const int8_t offsets[4]) {
    const SaoEdgeNeighbours& neighbours = kSaoEdgeNeighbours[eo_class];
    const ptrdiff_t taps[3] = {0, neighbours.dy[0] * input_stride + neighbours.dx[0],
                               neighbours.dy[1] * input_stride + neighbours.dx[1]};
    apply_filter(EdgeOffset(offsets), taps, input, input_stride, output, output_stride, width,
                 height);
}

}  // namespace

void init_sao_apply_avx2(PixelKernels& kernels) {
    kernels.sao_apply_band = sao_apply_band_avx2;
    kernels.sao_apply_edge = sao_apply_edge_avx2;
}

}  // namespace tc
#endif
