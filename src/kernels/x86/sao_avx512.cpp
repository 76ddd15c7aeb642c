// AVX-512 SAO statistics, 64 samples per vector. A block is walked in vectors of 64 lanes: each
// row in pieces of 64 samples, the last one masked, or (blocks at most 32 wide) two rows side by
// side. The loads are masked, and masked-off lanes do not fault, so nothing outside the block is
// read.
//
// Edge classes: the four comparisons of a sample with its two neighbours are mask registers,
// categories 1..4 are logical combinations of them, counted with popcount and summed as 16-bit
// (source - deblocked) under the category's mask. Category 0 is what remains of the totals.
//
// Bands: a histogram takes a memory update per sample, on which the AVX2 version is bound.
// Instead, the samples are buffered as (band, 16-bit difference), and each band between the
// lowest and the highest present takes one compare and two masked adds per 64 samples. A typical
// CTB covers only part of the 32 bands.
#include "kernels/x86/kernel_init_x86.h"

#if defined(__AVX512F__) && defined(__AVX512BW__)
#include <algorithm>

#include "filter/sao.h"
#include "kernels/x86/avx512_intrinsics.h"

namespace tc {
namespace {

// One vector's lanes: `valid` marks the lanes that hold samples of the block, the samples from
// (x, y) on; with kTwoRows, lanes 0..31 are row y and lanes 32..63 row y + 1.
template <bool kTwoRows>
struct VectorLanes {
    int x, y;
    __mmask64 valid;
};

// The lanes' samples of a plane whose block starts at `block`; `fill` in the lanes not valid.
template <bool kTwoRows>
__m512i load_lanes(const uint8_t* block, ptrdiff_t stride, const VectorLanes<kTwoRows>& lanes,
                   __m512i fill) {
    const uint8_t* row = block + lanes.y * stride + lanes.x;
    if constexpr (kTwoRows) {
        const __m256i fill_half = _mm512_castsi512_si256(fill);
        const __m256i first_row =
            _mm256_mask_loadu_epi8(fill_half, static_cast<__mmask32>(lanes.valid), row);
        const __m256i second_row = _mm256_mask_loadu_epi8(
            fill_half, static_cast<__mmask32>(lanes.valid >> 32), row + stride);
        return _mm512_inserti64x4(_mm512_castsi256_si512(first_row), second_row, 1);
    } else {
        return _mm512_mask_loadu_epi8(fill, lanes.valid, row);
    }
}

// The first n lanes, n in 0..63.
__mmask64 first_lanes(int n) {
    return (uint64_t{1} << n) - 1;
}

// Calls visit(lanes) for vectors that cover the width x height block, every sample once.
template <typename Visit>
void for_each_vector(int width, int height, Visit&& visit) {
    if (width > 32) {
        const int whole = width / 64 * 64;
        const __mmask64 tail = first_lanes(width - whole);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < whole; x += 64) visit(VectorLanes<false>{x, y, ~__mmask64{0}});
            if (whole < width) visit(VectorLanes<false>{whole, y, tail});
        }
    } else {
        const __mmask64 row = first_lanes(width);
        int y = 0;
        for (; y + 2 <= height; y += 2) visit(VectorLanes<true>{0, y, row | row << 32});
        if (y < height) visit(VectorLanes<true>{0, y, row});
    }
}

// Lanes 0..31 and 32..63 of source - deblocked as 16-bit differences.
__m512i difference_of_lanes_0_31(__m512i source, __m512i deblocked) {
    return _mm512_sub_epi16(_mm512_cvtepu8_epi16(_mm512_castsi512_si256(source)),
                            _mm512_cvtepu8_epi16(_mm512_castsi512_si256(deblocked)));
}
__m512i difference_of_lanes_32_63(__m512i source, __m512i deblocked) {
    return _mm512_sub_epi16(_mm512_cvtepu8_epi16(_mm512_extracti64x4_epi64(source, 1)),
                            _mm512_cvtepu8_epi16(_mm512_extracti64x4_epi64(deblocked, 1)));
}

// The sum of the 16-bit lanes of two vectors, each lane at most 2^15 - 1 in magnitude.
int64_t sum_of_16bit_lanes(__m512i a, __m512i b) {
    const __m512i ones = _mm512_set1_epi16(1);
    return _mm512_reduce_add_epi32(
        _mm512_add_epi32(_mm512_madd_epi16(a, ones), _mm512_madd_epi16(b, ones)));
}

uint8_t min_of_lanes(__m512i v) {
    const __m256i half =
        _mm256_min_epu8(_mm512_castsi512_si256(v), _mm512_extracti64x4_epi64(v, 1));
    __m128i m = _mm_min_epu8(_mm256_castsi256_si128(half), _mm256_extracti128_si256(half, 1));
    m = _mm_min_epu8(m, _mm_srli_si128(m, 8));
    m = _mm_min_epu8(m, _mm_srli_si128(m, 4));
    m = _mm_min_epu8(m, _mm_srli_si128(m, 2));
    m = _mm_min_epu8(m, _mm_srli_si128(m, 1));
    return static_cast<uint8_t>(_mm_cvtsi128_si32(m));
}

uint8_t max_of_lanes(__m512i v) {
    // max(v) = 255 - min(255 - v)
    return static_cast<uint8_t>(255 - min_of_lanes(_mm512_xor_si512(v, _mm512_set1_epi8(-1))));
}

// The band statistics of a block, buffered kVectors vectors at a time.
class BandAccumulator {
  public:
    BandAccumulator(int64_t count[kSaoBandCount], int64_t sum[kSaoBandCount])
        : count_(count), sum_(sum) {}

    void add(__m512i source, __m512i deblocked) {
        lowest_ = _mm512_min_epu8(lowest_, deblocked);
        highest_ = _mm512_max_epu8(highest_, deblocked);
        const int offset = 64 * vectors_;
        _mm512_store_si512(band_key_ + offset, band_key(deblocked));
        _mm512_store_si512(difference_ + offset, difference_of_lanes_0_31(source, deblocked));
        _mm512_store_si512(difference_ + offset + 32, difference_of_lanes_32_63(source, deblocked));
        if (++vectors_ == kVectors) flush();
    }

    // Adds what is buffered to count[] and sum[].
    void flush() {
        if (vectors_ == 0) return;
        const int last = max_of_lanes(highest_) >> kSaoBandShift;
        for (int band = min_of_lanes(lowest_) >> kSaoBandShift; band <= last; band += 4) {
            switch (std::min(last + 1 - band, 4)) {
                case 1:
                    add_bands<1>(band);
                    break;
                case 2:
                    add_bands<2>(band);
                    break;
                case 3:
                    add_bands<3>(band);
                    break;
                default:
                    add_bands<4>(band);
                    break;
            }
        }
        vectors_ = 0;
        lowest_ = _mm512_set1_epi8(-1);
        highest_ = _mm512_setzero_si512();
    }

  private:
    // A sample's band b as the byte b << kSaoBandShift.
    static __m512i band_key(__m512i deblocked) {
        return _mm512_and_si512(deblocked,
                                _mm512_set1_epi8(static_cast<char>(0xff << kSaoBandShift)));
    }

    // Bands first .. first + kBands - 1 over the buffer. Four bands per pass share its loads
    // and keep their sums in registers.
    template <int kBands>
    void add_bands(int first) {
        __m512i key[kBands], sum_0_31[kBands], sum_32_63[kBands];
        int64_t band_count[kBands];
        for (int i = 0; i < kBands; i++) {
            key[i] = _mm512_set1_epi8(static_cast<char>((first + i) << kSaoBandShift));
            sum_0_31[i] = sum_32_63[i] = _mm512_setzero_si512();
            band_count[i] = 0;
        }
        for (int offset = 0; offset < 64 * vectors_; offset += 64) {
            const __m512i keys = _mm512_load_si512(band_key_ + offset);
            const __m512i difference_0_31 = _mm512_load_si512(difference_ + offset);
            const __m512i difference_32_63 = _mm512_load_si512(difference_ + offset + 32);
            for (int i = 0; i < kBands; i++) {
                const __mmask64 in_band = _mm512_cmpeq_epi8_mask(keys, key[i]);
                sum_0_31[i] = _mm512_mask_add_epi16(sum_0_31[i], static_cast<__mmask32>(in_band),
                                                    sum_0_31[i], difference_0_31);
                sum_32_63[i] =
                    _mm512_mask_add_epi16(sum_32_63[i], static_cast<__mmask32>(in_band >> 32),
                                          sum_32_63[i], difference_32_63);
                band_count[i] += _mm_popcnt_u64(in_band);
            }
        }
        for (int i = 0; i < kBands; i++) {
            count_[first + i] += band_count[i];
            sum_[first + i] += sum_of_16bit_lanes(sum_0_31[i], sum_32_63[i]);
        }
    }

    // 64 vectors: a 16-bit lane's sum of differences stays within 64 * 255 < 2^15, and the
    // 12 KB buffer within the L1 cache.
    static constexpr int kVectors = 64;
    alignas(64) uint8_t band_key_[kVectors * 64];
    alignas(64) int16_t difference_[kVectors * 64];
    int vectors_ = 0;
    __m512i lowest_ = _mm512_set1_epi8(-1), highest_ = _mm512_setzero_si512();  // deblocked
    int64_t* count_;
    int64_t* sum_;
};

void sao_band_statistics_avx512(const uint8_t* source, ptrdiff_t source_stride,
                                const uint8_t* deblocked, ptrdiff_t deblocked_stride, int width,
                                int height, int64_t count[kSaoBandCount],
                                int64_t sum[kSaoBandCount]) {
    // The lanes outside the block repeat the block's first deblocked sample in both planes: they
    // add 0 to that sample's band sum and one each to its count, which the end takes back. (Any
    // other filler could widen the range of bands to go through.)
    const uint8_t filler = deblocked[0];
    const __m512i fill = _mm512_set1_epi8(static_cast<char>(filler));
    int64_t filled_lanes = 0;
    BandAccumulator accumulator(count, sum);
    for_each_vector(width, height, [&](const auto& lanes) {
        accumulator.add(load_lanes(source, source_stride, lanes, fill),
                        load_lanes(deblocked, deblocked_stride, lanes, fill));
        filled_lanes += 64 - static_cast<int64_t>(_mm_popcnt_u64(lanes.valid));
    });
    accumulator.flush();
    count[filler >> kSaoBandShift] -= filled_lanes;
}

// The edge statistics of one class. Categories 1..4 are counted and summed here; category 0 is
// what remains of the totals.
class EdgeAccumulator {
  public:
    void add(__m512i source, __m512i deblocked, __m512i first, __m512i second) {
        const uint64_t below_first = _mm512_cmplt_epu8_mask(deblocked, first);
        const uint64_t above_first = _mm512_cmpgt_epu8_mask(deblocked, first);
        const uint64_t below_second = _mm512_cmplt_epu8_mask(deblocked, second);
        const uint64_t above_second = _mm512_cmpgt_epu8_mask(deblocked, second);
        // Categories 1..4 are edgeIdx 0, 1, 3, 4 (kSaoEdgeCategory): below both neighbours; below
        // one and equal to the other; above one and equal to the other; above both.
        const uint64_t in_category[4] = {
            below_first & below_second,
            (below_first ^ below_second) & ~(above_first | above_second),
            (above_first ^ above_second) & ~(below_first | below_second),
            above_first & above_second,
        };
        const __m512i difference_0_31 = difference_of_lanes_0_31(source, deblocked);
        const __m512i difference_32_63 = difference_of_lanes_32_63(source, deblocked);
        total_0_31_ = _mm512_add_epi16(total_0_31_, difference_0_31);
        total_32_63_ = _mm512_add_epi16(total_32_63_, difference_32_63);
        for (int k = 0; k < 4; k++) {
            counts_[k] += _mm_popcnt_u64(in_category[k]);
            sums_0_31_[k] =
                _mm512_mask_add_epi16(sums_0_31_[k], static_cast<__mmask32>(in_category[k]),
                                      sums_0_31_[k], difference_0_31);
            sums_32_63_[k] =
                _mm512_mask_add_epi16(sums_32_63_[k], static_cast<__mmask32>(in_category[k] >> 32),
                                      sums_32_63_[k], difference_32_63);
        }
        if (++pending_ == kVectorsPerFold) fold();
    }

    // Adds the statistics of `samples` samples to count[0..4] and sum[0..4].
    void finish(int64_t samples, int64_t count[kSaoEdgeCategories],
                int64_t sum[kSaoEdgeCategories]) {
        // Unconditional, this fold makes GCC 12 report -Wuninitialized inside the AVX-512
        // reduction intrinsics.
        if (pending_ > 0) fold();
        int64_t remaining_count = samples, remaining_sum = total_;
        for (int k = 0; k < 4; k++) {
            count[k + 1] += counts_[k];
            sum[k + 1] += sums_[k];
            remaining_count -= counts_[k];
            remaining_sum -= sums_[k];
        }
        count[0] += remaining_count;
        sum[0] += remaining_sum;
    }

  private:
    void fold() {
        for (int k = 0; k < 4; k++) {
            sums_[k] += sum_of_16bit_lanes(sums_0_31_[k], sums_32_63_[k]);
            sums_0_31_[k] = sums_32_63_[k] = _mm512_setzero_si512();
        }
        total_ += sum_of_16bit_lanes(total_0_31_, total_32_63_);
        total_0_31_ = total_32_63_ = _mm512_setzero_si512();
        pending_ = 0;
    }

    // A 16-bit lane gains at most 255 in magnitude per vector: 128 * 255 < 2^15.
    static constexpr int kVectorsPerFold = 128;
    __m512i sums_0_31_[4] = {_mm512_setzero_si512(), _mm512_setzero_si512(), _mm512_setzero_si512(),
                             _mm512_setzero_si512()};
    __m512i sums_32_63_[4] = {_mm512_setzero_si512(), _mm512_setzero_si512(),
                              _mm512_setzero_si512(), _mm512_setzero_si512()};
    __m512i total_0_31_ = _mm512_setzero_si512(), total_32_63_ = _mm512_setzero_si512();
    int64_t counts_[4] = {}, sums_[4] = {}, total_ = 0;
    int pending_ = 0;
};

void sao_edge_statistics_avx512(const uint8_t* source, ptrdiff_t source_stride,
                                const uint8_t* deblocked, ptrdiff_t deblocked_stride, int eo_class,
                                int width, int height, int64_t count[kSaoEdgeCategories],
                                int64_t sum[kSaoEdgeCategories]) {
    const SaoEdgeNeighbours& neighbours = kSaoEdgeNeighbours[eo_class];
    const uint8_t* first = deblocked + neighbours.dy[0] * deblocked_stride + neighbours.dx[0];
    const uint8_t* second = deblocked + neighbours.dy[1] * deblocked_stride + neighbours.dx[1];
    // Lanes outside the block are zero in every plane: equal to both neighbours and with no
    // difference, they fall in category 0 and add nothing to its sum.
    const __m512i zero = _mm512_setzero_si512();
    EdgeAccumulator accumulator;
    for_each_vector(width, height, [&](const auto& lanes) {
        accumulator.add(load_lanes(source, source_stride, lanes, zero),
                        load_lanes(deblocked, deblocked_stride, lanes, zero),
                        load_lanes(first, deblocked_stride, lanes, zero),
                        load_lanes(second, deblocked_stride, lanes, zero));
    });
    accumulator.finish(int64_t{width} * height, count, sum);
}

}  // namespace

void init_sao_avx512(PixelKernels& kernels) {
    kernels.sao_band_statistics = sao_band_statistics_avx512;
    kernels.sao_edge_statistics = sao_edge_statistics_avx512;
}

}  // namespace tc
#endif
