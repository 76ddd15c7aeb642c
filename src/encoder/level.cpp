#include "encoder/level.h"

#include <cstdint>

namespace tc {

namespace {
struct LevelLimits {
    int level_idc;
    int64_t max_luma_picture_size;   // MaxLumaPs
    int64_t max_luma_sample_rate;    // MaxLumaSr
};
// H.265 Table A.8 (general tier and level limits) and Table A.9 (MaxLumaSr).
constexpr LevelLimits kLevels[] = {
    {30, 36864, 552960},          {60, 122880, 3686400},         {63, 245760, 7372800},
    {90, 552960, 16588800},       {93, 983040, 33177600},        {120, 2228224, 66846720},
    {123, 2228224, 133693440},    {150, 8912896, 267386880},     {153, 8912896, 534773760},
    {156, 8912896, 1069547520},   {180, 35651584, 1069547520},   {183, 35651584, 2139095040},
    {186, 35651584, 4278190080},
};
}  // namespace

int derive_level_idc(int width, int height, int fps) {
    const int64_t picture_size = static_cast<int64_t>(width) * height;
    const int64_t sample_rate = picture_size * fps;
    for (const LevelLimits& level : kLevels) {
        // A.4.1: width and height are each at most sqrt(MaxLumaPs * 8).
        const int64_t max_dimension_squared = level.max_luma_picture_size * 8;
        if (picture_size <= level.max_luma_picture_size && sample_rate <= level.max_luma_sample_rate &&
            static_cast<int64_t>(width) * width <= max_dimension_squared &&
            static_cast<int64_t>(height) * height <= max_dimension_squared) {
            return level.level_idc;
        }
    }
    return 0;
}

int max_dpb_size(int level_idc, int width, int height) {
    constexpr int kMaxDpbPicBuf = 6;
    const int64_t picture_size = static_cast<int64_t>(width) * height;
    for (const LevelLimits& level : kLevels) {
        if (level.level_idc != level_idc) continue;
        const int64_t max_size = level.max_luma_picture_size;
        if (picture_size <= max_size >> 2) return 16;
        if (picture_size <= max_size >> 1) return 12;
        if (picture_size <= (3 * max_size) >> 2) return 8;
        return kMaxDpbPicBuf;
    }
    return kMaxDpbPicBuf;
}

}  // namespace tc
