// AVX2 SAO statistics. Edge classes: the edge category of 32 samples at once from byte sign
// comparisons, per category a byte mask; counts in byte lanes, sums of (source - deblocked) as
// _mm256_sad_epu8 of the masked source minus that of the masked deblocked samples (64-bit lanes,
// so nothing overflows). Bands: a scalar histogram with one packed 64-bit add per sample.
#include "kernels/x86/kernel_init_x86.h"

#if defined(__AVX2__)
#include <immintrin.h>

#include <cstring>

#include "filter/sao.h"
#include "kernels/x86/simd_loads_x86.h"

namespace tc {
namespace {

int64_t horizontal_sum_epi64(__m256i v) {
    const __m128i sum = _mm_add_epi64(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));
    return _mm_cvtsi128_si64(_mm_add_epi64(sum, _mm_unpackhi_epi64(sum, sum)));
}

// sign(a - b) of unsigned bytes as -1, 0 or 1, given a and b with their top bits flipped (so
// that the signed compares order them as unsigned).
__m256i sign_of_difference(__m256i a_flipped, __m256i b_flipped) {
    return _mm256_sub_epi8(_mm256_cmpgt_epi8(b_flipped, a_flipped),
                           _mm256_cmpgt_epi8(a_flipped, b_flipped));
}

// The edge statistics of one class, 32 samples per add(). Categories 1..4 are counted and summed
// here; category 0 is what remains of the totals.
class EdgeAccumulator {
  public:
    // `valid` selects the lanes to count when kMasked (the others may hold anything).
    template <bool kMasked>
    void add(__m256i source, __m256i deblocked, __m256i first, __m256i second, __m256i valid) {
        const __m256i flip = _mm256_set1_epi8(static_cast<char>(0x80));
        const __m256i sample = _mm256_xor_si256(deblocked, flip);
        // edgeIdx - 2 of 8.7.3.2, in -2..2.
        const __m256i edge =
            _mm256_add_epi8(sign_of_difference(sample, _mm256_xor_si256(first, flip)),
                            sign_of_difference(sample, _mm256_xor_si256(second, flip)));
        if (kMasked) {  // the category sums see the masked category masks; the totals need these
            source = _mm256_and_si256(source, valid);
            deblocked = _mm256_and_si256(deblocked, valid);
        }
        const __m256i zero = _mm256_setzero_si256();
        total_sum_ = _mm256_add_epi64(
            total_sum_,
            _mm256_sub_epi64(_mm256_sad_epu8(source, zero), _mm256_sad_epu8(deblocked, zero)));
        // Categories 1, 2, 3, 4 are edgeIdx 0, 1, 3, 4 (kSaoEdgeCategory).
        constexpr char kEdge[4] = {-2, -1, 1, 2};
        for (int k = 0; k < 4; k++) {
            __m256i in_category = _mm256_cmpeq_epi8(edge, _mm256_set1_epi8(kEdge[k]));
            if (kMasked) in_category = _mm256_and_si256(in_category, valid);
            counts_[k] = _mm256_sub_epi8(counts_[k], in_category);
            sums_[k] = _mm256_add_epi64(
                sums_[k],
                _mm256_sub_epi64(_mm256_sad_epu8(_mm256_and_si256(in_category, source), zero),
                                 _mm256_sad_epu8(_mm256_and_si256(in_category, deblocked), zero)));
        }
        if (++pending_ == 255) flush_counts();  // a byte lane holds at most 255
    }

    // Adds the statistics of `samples` samples to count[0..4] and sum[0..4].
    void finish(int64_t samples, int64_t count[5], int64_t sum[5]) {
        flush_counts();
        int64_t remaining_count = samples;
        int64_t remaining_sum = horizontal_sum_epi64(total_sum_);
        for (int k = 0; k < 4; k++) {
            const int64_t category_sum = horizontal_sum_epi64(sums_[k]);
            count[k + 1] += counts64_[k];
            sum[k + 1] += category_sum;
            remaining_count -= counts64_[k];
            remaining_sum -= category_sum;
        }
        count[0] += remaining_count;
        sum[0] += remaining_sum;
    }

  private:
    void flush_counts() {
        for (int k = 0; k < 4; k++) {
            counts64_[k] +=
                horizontal_sum_epi64(_mm256_sad_epu8(counts_[k], _mm256_setzero_si256()));
            counts_[k] = _mm256_setzero_si256();
        }
        pending_ = 0;
    }

    __m256i counts_[4] = {_mm256_setzero_si256(), _mm256_setzero_si256(), _mm256_setzero_si256(),
                          _mm256_setzero_si256()};
    __m256i sums_[4] = {_mm256_setzero_si256(), _mm256_setzero_si256(), _mm256_setzero_si256(),
                        _mm256_setzero_si256()};
    __m256i total_sum_ = _mm256_setzero_si256();
    int64_t counts64_[4] = {};
    int pending_ = 0;
};

__m256i lane_indices() {
    return _mm256_setr_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19,
                            20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31);
}

void sao_edge_statistics_avx2(const uint8_t* source, ptrdiff_t source_stride,
                              const uint8_t* deblocked, ptrdiff_t deblocked_stride, int eo_class,
                              int width, int height, int64_t count[5], int64_t sum[5]) {
    const SaoEdgeNeighbours& neighbours = kSaoEdgeNeighbours[eo_class];
    const ptrdiff_t first = neighbours.dy[0] * deblocked_stride + neighbours.dx[0];
    const ptrdiff_t second = neighbours.dy[1] * deblocked_stride + neighbours.dx[1];
    EdgeAccumulator accumulator;
    if (width >= 32) {
        // A row's last partial vector is loaded ending at the row's end (nothing read past what the
        // scalar version reads); its first 32 - tail lanes were counted by the vector before.
        const int tail = width % 32;
        const __m256i tail_valid =
            _mm256_cmpgt_epi8(lane_indices(), _mm256_set1_epi8(static_cast<char>(31 - tail)));
        for (int y = 0; y < height; y++, source += source_stride, deblocked += deblocked_stride) {
            for (int x = 0; x + 32 <= width; x += 32) {
                const uint8_t* d = deblocked + x;
                accumulator.add<false>(load_32_bytes(source + x), load_32_bytes(d),
                                       load_32_bytes(d + first), load_32_bytes(d + second),
                                       tail_valid);
            }
            if (tail != 0) {
                const uint8_t* d = deblocked + width - 32;
                accumulator.add<true>(load_32_bytes(source + width - 32), load_32_bytes(d),
                                      load_32_bytes(d + first), load_32_bytes(d + second),
                                      tail_valid);
            }
        }
    } else if (width >= 16) {
        // Two 16-sample halves, the second ending at the row's end; its lanes 16..47 - width
        // repeat samples of the first.
        const __m256i valid = _mm256_or_si256(
            _mm256_cmpgt_epi8(_mm256_set1_epi8(16), lane_indices()),
            _mm256_cmpgt_epi8(lane_indices(), _mm256_set1_epi8(static_cast<char>(47 - width))));
        const int second_half = width - 16;
        for (int y = 0; y < height; y++, source += source_stride, deblocked += deblocked_stride) {
            const uint8_t* d = deblocked;
            accumulator.add<true>(load_two_rows_16(source, source + second_half),
                                  load_two_rows_16(d, d + second_half),
                                  load_two_rows_16(d + first, d + first + second_half),
                                  load_two_rows_16(d + second, d + second + second_half), valid);
        }
    } else {
        // Narrow blocks: each row is copied into zeroed 32-byte buffers first.
        const __m256i valid =
            _mm256_cmpgt_epi8(_mm256_set1_epi8(static_cast<char>(width)), lane_indices());
        alignas(32) uint8_t rows[4][32] = {};
        for (int y = 0; y < height; y++, source += source_stride, deblocked += deblocked_stride) {
            std::memcpy(rows[0], source, static_cast<size_t>(width));
            std::memcpy(rows[1], deblocked, static_cast<size_t>(width));
            std::memcpy(rows[2], deblocked + first, static_cast<size_t>(width));
            std::memcpy(rows[3], deblocked + second, static_cast<size_t>(width));
            accumulator.add<true>(load_32_bytes(rows[0]), load_32_bytes(rows[1]),
                                  load_32_bytes(rows[2]), load_32_bytes(rows[3]), valid);
        }
    }
    accumulator.finish(int64_t{width} * height, count, sum);
}

// Each sample adds (1 << 32) + (source - deblocked) to its band's 64-bit entry: the high half
// counts, the low half sums (as long as |sum| < 2^31, so at most kChunk samples between
// unpacking). Four histograms, by x modulo 4, keep neighbouring samples of one band from
// waiting on each other's stores.
void sao_band_statistics_avx2(const uint8_t* source, ptrdiff_t source_stride,
                              const uint8_t* deblocked, ptrdiff_t deblocked_stride, int width,
                              int height, int64_t count[32], int64_t sum[32]) {
    constexpr int64_t kChunk = int64_t{1} << 22;  // 255 * 2^22 < 2^31
    constexpr int64_t kOne = int64_t{1} << 32;
    int64_t packed[4][kSaoBandCount] = {};
    auto unpack = [&] {
        for (int band = 0; band < kSaoBandCount; band++) {
            const int64_t total =
                packed[0][band] + packed[1][band] + packed[2][band] + packed[3][band];
            const int64_t band_count = (total + (kOne >> 1)) >> 32;
            count[band] += band_count;
            sum[band] += total - band_count * kOne;
            packed[0][band] = packed[1][band] = packed[2][band] = packed[3][band] = 0;
        }
    };
    int64_t pending = 0;
    for (int y = 0; y < height; y++, source += source_stride, deblocked += deblocked_stride) {
        if (pending + width > kChunk) {
            unpack();
            pending = 0;
        }
        pending += width;
        int x = 0;
        for (; x + 4 <= width; x += 4) {
            for (int i = 0; i < 4; i++) {
                packed[i][deblocked[x + i] >> kSaoBandShift] +=
                    kOne + (source[x + i] - deblocked[x + i]);
            }
        }
        for (; x < width; x++)
            packed[0][deblocked[x] >> kSaoBandShift] += kOne + (source[x] - deblocked[x]);
    }
    unpack();
}

}  // namespace

void init_sao_avx2(PixelKernels& kernels) {
    kernels.sao_band_statistics = sao_band_statistics_avx2;
    kernels.sao_edge_statistics = sao_edge_statistics_avx2;
}

}  // namespace tc
#endif
