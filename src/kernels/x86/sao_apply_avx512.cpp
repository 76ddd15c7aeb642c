// AVX-512 SAO band offset (H.265 8.7.3.2, 8-bit), 64 samples a step: the AVX2 file's method
// (sao_apply_avx2.cpp) on 512-bit vectors. Rows narrower than 64 samples are read and written
// with byte masks (masked-off lanes do not fault); rows of at most 32 samples go two to a vector.
// Edge offset stays with the AVX2 kernel: the same method on 512-bit vectors (signs from masked
// compares, or from saturating differences) measured no faster on this Zen 4 machine (64x64 edge:
// 504 ns against AVX2's 435 ns, 32x32 about equal), while band offset is (medians of 5, 64x64:
// 183 against 205 ns; 32x32: 55 against 74 ns).
#include "kernels/x86/kernel_init_x86.h"

#if defined(__AVX512F__) && defined(__AVX512BW__)
#include <cstring>

#include "filter/sao.h"
#include "kernels/x86/avx512_intrinsics.h"

namespace tc {
namespace {

__m512i flip_top_bits(__m512i v) {
    return _mm512_xor_si512(v, _mm512_set1_epi8(-128));
}

// Clip3(0, 255, sample + offset) for every int8_t offset: see add_offset_and_clip in the AVX2 file.
__m512i add_offset_and_clip(__m512i sample, __m512i offset) {
    return flip_top_bits(_mm512_adds_epi8(flip_top_bits(sample), offset));
}

// The four offsets in bytes 0..3 of every 128-bit lane (the other bytes zero).
__m512i offsets_in_lanes(const int8_t offsets[4]) {
    int32_t packed;
    std::memcpy(&packed, offsets, sizeof(packed));
    return _mm512_maskz_set1_epi32(0x1111, packed);
}

class BandOffset {
  public:
    static constexpr int kInputs = 1;

    BandOffset(int band_position, const int8_t offsets[4]) {
        offsets_ = offsets_in_lanes(offsets);
        position_ = _mm512_set1_epi8(static_cast<char>(band_position));
    }

    __m512i operator()(const __m512i (&v)[kInputs]) const {
        // (band - band_position) mod 32, then 4 (a zero entry) for every band past the window.
        const __m512i relative =
            _mm512_and_si512(_mm512_sub_epi8(_mm512_srli_epi16(v[0], kSaoBandShift), position_),
                             _mm512_set1_epi8(kSaoBandCount - 1));
        const __m512i index = _mm512_min_epu8(relative, _mm512_set1_epi8(4));
        return add_offset_and_clip(v[0], _mm512_shuffle_epi8(offsets_, index));
    }

  private:
    __m512i offsets_, position_;
};

template <typename Filter>
void apply_filter(const Filter& filter, const ptrdiff_t (&taps)[Filter::kInputs],
                  const uint8_t* input, ptrdiff_t input_stride, uint8_t* output,
                  ptrdiff_t output_stride, int width, int height) {
    constexpr int kInputs = Filter::kInputs;
    __m512i v[kInputs];
    if (width > 32) {
        const int tail = width % 64;
        const __mmask64 tail_mask = tail == 0 ? ~__mmask64{0} : (__mmask64{1} << tail) - 1;
        for (int y = 0; y < height; y++, input += input_stride, output += output_stride) {
            int x = 0;
            for (; x + 64 <= width; x += 64) {
                for (int i = 0; i < kInputs; i++) v[i] = _mm512_loadu_si512(input + x + taps[i]);
                _mm512_storeu_si512(output + x, filter(v));
            }
            if (x < width) {
                for (int i = 0; i < kInputs; i++)
                    v[i] = _mm512_maskz_loadu_epi8(tail_mask, input + x + taps[i]);
                _mm512_mask_storeu_epi8(output + x, tail_mask, filter(v));
            }
        }
    } else {
        // Two rows a vector; an odd height's last row goes with itself.
        const __mmask32 row_mask = width == 32 ? ~__mmask32{0} : (__mmask32{1} << width) - 1;
        for (int y = 0; y < height; y += 2) {
            const ptrdiff_t next = y + 1 < height ? input_stride : 0;
            const ptrdiff_t next_output = y + 1 < height ? output_stride : 0;
            for (int i = 0; i < kInputs; i++) {
                const uint8_t* row = input + taps[i];
                v[i] = _mm512_inserti64x4(
                    _mm512_castsi256_si512(_mm256_maskz_loadu_epi8(row_mask, row)),
                    _mm256_maskz_loadu_epi8(row_mask, row + next), 1);
            }
            const __m512i result = filter(v);
            _mm256_mask_storeu_epi8(output, row_mask, _mm512_castsi512_si256(result));
            _mm256_mask_storeu_epi8(output + next_output, row_mask,
                                    _mm512_extracti64x4_epi64(result, 1));
            input += 2 * input_stride;
            output += 2 * output_stride;
        }
    }
}

void sao_apply_band_avx512(const uint8_t* input, ptrdiff_t input_stride, uint8_t* output,
                           ptrdiff_t output_stride, int width, int height, int band_position,
                           const int8_t offsets[4]) {
    const ptrdiff_t taps[1] = {0};
    apply_filter(BandOffset(band_position, offsets), taps, input, input_stride, output,
                 output_stride, width, height);
}

}  // namespace

void init_sao_apply_avx512(PixelKernels& kernels) {
    kernels.sao_apply_band = sao_apply_band_avx512;
}

}  // namespace tc
#endif
