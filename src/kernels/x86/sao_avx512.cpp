// AVX-512 SAO statistics, 64 samples per vector: each row of a block in pieces of 64 samples,
// or two rows side by side for blocks at most 32 wide (Layout). Where a piece is not all samples
// of the block, the load is masked; masked-off lanes do not fault, so nothing outside the block
// is read.
//
// Edge classes: the four comparisons of a sample with its two neighbours are mask registers,
// categories 1..4 are logical combinations of them, counted with popcount and summed as 16-bit
// (source - deblocked) under the category's mask. Category 0 is what remains of the totals.
//
// Bands: a histogram takes a memory update per sample, which bounds the AVX2 version. Here the
// samples are buffered as (band, 16-bit difference), and each band from the lowest to the
// highest present takes a compare and two masked adds per 64 samples. A CTB usually covers only
// part of the 32 bands; with all 32 (64x64 random samples) this measured 1.7 us against the
// histogram's 2.2 us.
#include "kernels/x86/kernel_init_x86.h"

#if defined(__AVX512F__) && defined(__AVX512BW__)
#include <algorithm>
#include <type_traits>

#include "filter/sao.h"
#include "kernels/x86/avx512_intrinsics.h"

// The false positive that avx512_intrinsics.h turns off comes here as -Wuninitialized too: GCC 12
// reports the self-initialised pass-through operand of _mm512_extracti64x4_epi64, also inside
// _mm512_castsi512_si256 and _mm512_reduce_add_epi32, as inlined into the reductions below.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wuninitialized"
#endif

namespace tc {
namespace {

// The first n lanes, n in 0..64.
__mmask64 first_lanes(int n) {
    return n >= 64 ? ~__mmask64{0} : (__mmask64{1} << n) - 1;
}

// How the samples of a block fill vectors of 64 lanes. Each layout loads with one kind of
// instruction, so that a kernel's loop has one body: full loads where the block allows them.
enum class Layout {
    kRowPairs,    // narrower than 32: two rows side by side, loaded masked
    kRowPairs32,  // 32 wide: two rows side by side
    kRows64,      // a multiple of 64 wide: each row in pieces of 64
    kRowsMasked,  // other widths: each row in pieces of 64, loaded masked (the last partly valid)
};

constexpr bool pairs_rows(Layout layout) {
    return layout == Layout::kRowPairs || layout == Layout::kRowPairs32;
}

// Calls body(layout) with the layout of a block `width` wide as a std::integral_constant.
template <typename Body>
void with_layout(int width, Body&& body) {
    if (width < 32) {
        body(std::integral_constant<Layout, Layout::kRowPairs>{});
    } else if (width == 32) {
        body(std::integral_constant<Layout, Layout::kRowPairs32>{});
    } else if (width % 64 == 0) {
        body(std::integral_constant<Layout, Layout::kRows64>{});
    } else {
        body(std::integral_constant<Layout, Layout::kRowsMasked>{});
    }
}

// The valid lanes of the vector at (x, y) of a width x height block.
template <Layout kLayout>
__mmask64 valid_lanes(int width, int height, int x, int y) {
    if constexpr (pairs_rows(kLayout)) {
        const __mmask64 row = first_lanes(width);
        return y + 1 < height ? row | row << 32 : row;
    } else {
        return first_lanes(width - x);
    }
}

// The vector of a plane (with `stride`) from p, `fill` in the lanes not `valid`.
template <Layout kLayout>
__m512i load_vector(const uint8_t* p, ptrdiff_t stride, __mmask64 valid, __m512i fill) {
    if constexpr (kLayout == Layout::kRows64) {
        return _mm512_loadu_si512(p);
    } else if constexpr (kLayout == Layout::kRowsMasked) {
        return _mm512_mask_loadu_epi8(fill, valid, p);
    } else {
        const __m256i fill_half = _mm512_castsi512_si256(fill);
        const auto* first_row = reinterpret_cast<const __m256i*>(p);
        const auto* second_row = reinterpret_cast<const __m256i*>(p + stride);
        __m256i first, second;
        if constexpr (kLayout == Layout::kRowPairs32) {
            first = _mm256_loadu_si256(first_row);
            second = (valid >> 32) != 0 ? _mm256_loadu_si256(second_row) : fill_half;
        } else {
            first = _mm256_mask_loadu_epi8(fill_half, static_cast<__mmask32>(valid), first_row);
            second =
                _mm256_mask_loadu_epi8(fill_half, static_cast<__mmask32>(valid >> 32), second_row);
        }
        return _mm512_inserti64x4(_mm512_castsi256_si512(first), second, 1);
    }
}

template <Layout kLayout>
constexpr int kRowsPerVector = pairs_rows(kLayout) ? 2 : 1;

// The rows of a block `width` wide (at most 64 * max_vectors) that fill at most max_vectors
// vectors.
template <Layout kLayout>
int rows_in_vectors(int width, int max_vectors) {
    return pairs_rows(kLayout) ? 2 * max_vectors : max_vectors / ((width + 63) / 64);
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

// ---- bands ---------------------------------------------------------------------------------

// 64 vectors: a 16-bit lane's sum of differences over them stays within 64 * 255 < 2^15, and
// the 12 KB of BandGroup in the L1 cache.
constexpr int kBandGroupVectors = 64;

// Up to kBandGroupVectors vectors of samples: per vector, the band keys (band << kSaoBandShift)
// and the differences source - deblocked as 16-bit lanes.
struct BandGroup {
    alignas(64) uint8_t band_keys[kBandGroupVectors * 64];
    alignas(64) int16_t differences[kBandGroupVectors * 64];
};

// Buffers vector `index` of `group`, and takes its deblocked samples into `lowest` and `highest`.
void buffer_band_vector(BandGroup& group, int index, __m512i source, __m512i deblocked,
                        __m512i& lowest, __m512i& highest) {
    lowest = _mm512_min_epu8(lowest, deblocked);
    highest = _mm512_max_epu8(highest, deblocked);
    const __m512i key_bits = _mm512_set1_epi8(static_cast<char>(0xff << kSaoBandShift));
    _mm512_store_si512(group.band_keys + 64 * index, _mm512_and_si512(deblocked, key_bits));
    _mm512_store_si512(group.differences + 64 * index, difference_of_lanes_0_31(source, deblocked));
    _mm512_store_si512(group.differences + 64 * index + 32,
                       difference_of_lanes_32_63(source, deblocked));
}

// Bands first .. first + kBands - 1 of the first `vectors` vectors of `group`. Four bands per
// pass share its loads and keep their sums in registers.
template <int kBands>
void add_bands(const BandGroup& group, int vectors, int first, int64_t count[kSaoBandCount],
               int64_t sum[kSaoBandCount]) {
    __m512i key[kBands], sum_0_31[kBands], sum_32_63[kBands];
    int64_t band_count[kBands];
    for (int i = 0; i < kBands; i++) {
        key[i] = _mm512_set1_epi8(static_cast<char>((first + i) << kSaoBandShift));
        sum_0_31[i] = sum_32_63[i] = _mm512_setzero_si512();
        band_count[i] = 0;
    }
    for (int offset = 0; offset < 64 * vectors; offset += 64) {
        const __m512i keys = _mm512_load_si512(group.band_keys + offset);
        const __m512i difference_0_31 = _mm512_load_si512(group.differences + offset);
        const __m512i difference_32_63 = _mm512_load_si512(group.differences + offset + 32);
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
        count[first + i] += band_count[i];
        sum[first + i] += sum_of_16bit_lanes(sum_0_31[i], sum_32_63[i]);
    }
}

// Every band from that of `lowest` to that of `highest` (the extremes of the group's deblocked
// samples).
void add_group_bands(const BandGroup& group, int vectors, __m512i lowest, __m512i highest,
                     int64_t count[kSaoBandCount], int64_t sum[kSaoBandCount]) {
    const int last = max_of_lanes(highest) >> kSaoBandShift;
    for (int band = min_of_lanes(lowest) >> kSaoBandShift; band <= last; band += 4) {
        switch (std::min(last + 1 - band, 4)) {
            case 1:
                add_bands<1>(group, vectors, band, count, sum);
                break;
            case 2:
                add_bands<2>(group, vectors, band, count, sum);
                break;
            case 3:
                add_bands<3>(group, vectors, band, count, sum);
                break;
            default:
                add_bands<4>(group, vectors, band, count, sum);
                break;
        }
    }
}

// A block at most 64 * kBandGroupVectors wide, a group of vectors at a time. Lanes outside the
// block hold `fill` in both planes. Returns the number of vectors.
template <Layout kLayout>
int64_t add_band_strip(const uint8_t* source, ptrdiff_t source_stride, const uint8_t* deblocked,
                       ptrdiff_t deblocked_stride, int width, int height, __m512i fill,
                       int64_t count[kSaoBandCount], int64_t sum[kSaoBandCount]) {
    BandGroup group;
    int64_t vectors = 0;
    const int group_rows = rows_in_vectors<kLayout>(width, kBandGroupVectors);
    for (int group_y = 0; group_y < height; group_y += group_rows) {
        __m512i lowest = _mm512_set1_epi8(-1), highest = _mm512_setzero_si512();
        int index = 0;
        const int group_end = std::min(height, group_y + group_rows);
        for (int y = group_y; y < group_end; y += kRowsPerVector<kLayout>) {
            const uint8_t* source_row = source + y * source_stride;
            const uint8_t* deblocked_row = deblocked + y * deblocked_stride;
            for (int x = 0; x < width; x += 64) {
                const __mmask64 valid = valid_lanes<kLayout>(width, height, x, y);
                buffer_band_vector(
                    group, index++,
                    load_vector<kLayout>(source_row + x, source_stride, valid, fill),
                    load_vector<kLayout>(deblocked_row + x, deblocked_stride, valid, fill), lowest,
                    highest);
            }
        }
        add_group_bands(group, index, lowest, highest, count, sum);
        vectors += index;
    }
    return vectors;
}

template <Layout kLayout>
int64_t add_band_strips(const uint8_t* source, ptrdiff_t source_stride, const uint8_t* deblocked,
                        ptrdiff_t deblocked_stride, int width, int height, __m512i fill,
                        int64_t count[kSaoBandCount], int64_t sum[kSaoBandCount]) {
    constexpr int kStripWidth = 64 * kBandGroupVectors;
    int64_t vectors = 0;
    for (int x = 0; x < width; x += kStripWidth) {
        vectors +=
            add_band_strip<kLayout>(source + x, source_stride, deblocked + x, deblocked_stride,
                                    std::min(kStripWidth, width - x), height, fill, count, sum);
    }
    return vectors;
}

void sao_band_statistics_avx512(const uint8_t* source, ptrdiff_t source_stride,
                                const uint8_t* deblocked, ptrdiff_t deblocked_stride, int width,
                                int height, int64_t count[kSaoBandCount],
                                int64_t sum[kSaoBandCount]) {
    // Lanes outside the block repeat its first deblocked sample in both planes: they add 0 to that
    // sample's band sum and one each to its count, which the end takes back. (Zeros would widen
    // the range of bands to go through.)
    const uint8_t filler = deblocked[0];
    const __m512i fill = _mm512_set1_epi8(static_cast<char>(filler));
    int64_t vectors = 0;
    with_layout(width, [&](auto layout) {
        vectors = add_band_strips<decltype(layout)::value>(
            source, source_stride, deblocked, deblocked_stride, width, height, fill, count, sum);
    });
    count[filler >> kSaoBandShift] -= 64 * vectors - int64_t{width} * height;
}

// ---- edge classes --------------------------------------------------------------------------

// A 16-bit lane gains at most 255 in magnitude per vector: 128 * 255 < 2^15.
constexpr int kEdgeGroupVectors = 128;

// The statistics of a group of vectors; sums in 16-bit lanes.
struct EdgeGroupSums {
    __m512i category_0_31[4], category_32_63[4], total_0_31, total_32_63;
    int64_t category_count[4];
};

// The statistics of a block: categories 1..4 and the sum over all samples.
struct EdgeTotals {
    int64_t category_count[4] = {}, category_sum[4] = {}, total_sum = 0;
};

// Categories 1..4 (as 0..3) of 64 samples and their sums. Inlined by force: GCC 12 keeps it out
// of line (a caller per layout), and the sums then go through memory for every vector.
[[gnu::always_inline]] inline void add_edge_vector(EdgeGroupSums& sums, __m512i source,
                                                   __m512i sample, __m512i first, __m512i second) {
    const uint64_t below_first = _mm512_cmplt_epu8_mask(sample, first);
    const uint64_t above_first = _mm512_cmpgt_epu8_mask(sample, first);
    const uint64_t below_second = _mm512_cmplt_epu8_mask(sample, second);
    const uint64_t above_second = _mm512_cmpgt_epu8_mask(sample, second);
    // Categories 1..4 are edgeIdx 0, 1, 3, 4 (kSaoEdgeCategory): below both neighbours; below one
    // and equal to the other; above one and equal to the other; above both.
    const uint64_t in_category[4] = {
        below_first & below_second,
        (below_first ^ below_second) & ~(above_first | above_second),
        (above_first ^ above_second) & ~(below_first | below_second),
        above_first & above_second,
    };
    const __m512i difference_0_31 = difference_of_lanes_0_31(source, sample);
    const __m512i difference_32_63 = difference_of_lanes_32_63(source, sample);
    sums.total_0_31 = _mm512_add_epi16(sums.total_0_31, difference_0_31);
    sums.total_32_63 = _mm512_add_epi16(sums.total_32_63, difference_32_63);
    for (int k = 0; k < 4; k++) {
        sums.category_count[k] += _mm_popcnt_u64(in_category[k]);
        sums.category_0_31[k] =
            _mm512_mask_add_epi16(sums.category_0_31[k], static_cast<__mmask32>(in_category[k]),
                                  sums.category_0_31[k], difference_0_31);
        sums.category_32_63[k] = _mm512_mask_add_epi16(sums.category_32_63[k],
                                                       static_cast<__mmask32>(in_category[k] >> 32),
                                                       sums.category_32_63[k], difference_32_63);
    }
}

// The planes an edge class reads: the block and its samples' two neighbours.
struct EdgePlanes {
    const uint8_t* source;
    ptrdiff_t source_stride;
    const uint8_t* deblocked;
    const uint8_t* first_neighbour;
    const uint8_t* second_neighbour;
    ptrdiff_t deblocked_stride;
};

// A block at most 64 * kEdgeGroupVectors wide, a group of vectors at a time. Lanes outside the
// block are zero in every plane: equal to both neighbours and with no difference, they count for
// category 0, which is what remains of the totals.
template <Layout kLayout>
void add_edge_strip(const EdgePlanes& planes, int width, int height, EdgeTotals& totals) {
    const __m512i zero = _mm512_setzero_si512();
    const ptrdiff_t stride = planes.deblocked_stride;
    const int group_rows = rows_in_vectors<kLayout>(width, kEdgeGroupVectors);
    for (int group_y = 0; group_y < height; group_y += group_rows) {
        EdgeGroupSums sums = {{zero, zero, zero, zero}, {zero, zero, zero, zero}, zero, zero, {}};
        const int group_end = std::min(height, group_y + group_rows);
        for (int y = group_y; y < group_end; y += kRowsPerVector<kLayout>) {
            const uint8_t* source = planes.source + y * planes.source_stride;
            const uint8_t* sample = planes.deblocked + y * stride;
            const uint8_t* first = planes.first_neighbour + y * stride;
            const uint8_t* second = planes.second_neighbour + y * stride;
            for (int x = 0; x < width; x += 64) {
                const __mmask64 valid = valid_lanes<kLayout>(width, height, x, y);
                add_edge_vector(sums,
                                load_vector<kLayout>(source + x, planes.source_stride, valid, zero),
                                load_vector<kLayout>(sample + x, stride, valid, zero),
                                load_vector<kLayout>(first + x, stride, valid, zero),
                                load_vector<kLayout>(second + x, stride, valid, zero));
            }
        }
        // (In a function of its own, which GCC 12 does not inline, `sums` would live in memory.)
        for (int k = 0; k < 4; k++) {
            totals.category_count[k] += sums.category_count[k];
            totals.category_sum[k] +=
                sum_of_16bit_lanes(sums.category_0_31[k], sums.category_32_63[k]);
        }
        totals.total_sum += sum_of_16bit_lanes(sums.total_0_31, sums.total_32_63);
    }
}

template <Layout kLayout>
void add_edge_strips(const EdgePlanes& planes, int width, int height, EdgeTotals& totals) {
    constexpr int kStripWidth = 64 * kEdgeGroupVectors;
    for (int x = 0; x < width; x += kStripWidth) {
        const EdgePlanes strip = {planes.source + x,           planes.source_stride,
                                  planes.deblocked + x,        planes.first_neighbour + x,
                                  planes.second_neighbour + x, planes.deblocked_stride};
        add_edge_strip<kLayout>(strip, std::min(kStripWidth, width - x), height, totals);
    }
}

void sao_edge_statistics_avx512(const uint8_t* source, ptrdiff_t source_stride,
                                const uint8_t* deblocked, ptrdiff_t deblocked_stride, int eo_class,
                                int width, int height, int64_t count[kSaoEdgeCategories],
                                int64_t sum[kSaoEdgeCategories]) {
    const SaoEdgeNeighbours& neighbours = kSaoEdgeNeighbours[eo_class];
    const EdgePlanes planes = {
        source,
        source_stride,
        deblocked,
        deblocked + neighbours.dy[0] * deblocked_stride + neighbours.dx[0],
        deblocked + neighbours.dy[1] * deblocked_stride + neighbours.dx[1],
        deblocked_stride,
    };
    EdgeTotals totals;
    with_layout(width, [&](auto layout) {
        add_edge_strips<decltype(layout)::value>(planes, width, height, totals);
    });
    int64_t remaining_count = int64_t{width} * height, remaining_sum = totals.total_sum;
    for (int k = 0; k < 4; k++) {
        count[k + 1] += totals.category_count[k];
        sum[k + 1] += totals.category_sum[k];
        remaining_count -= totals.category_count[k];
        remaining_sum -= totals.category_sum[k];
    }
    count[0] += remaining_count;
    sum[0] += remaining_sum;
}

}  // namespace

void init_sao_avx512(PixelKernels& kernels) {
    kernels.sao_band_statistics = sao_band_statistics_avx512;
    kernels.sao_edge_statistics = sao_edge_statistics_avx512;
}

}  // namespace tc
#endif
