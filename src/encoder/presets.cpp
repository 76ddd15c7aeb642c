#include "encoder/presets.h"

#include <array>

namespace tc {

namespace {

struct PresetRow {
    std::string_view name;
    SearchEffort effort;
    int refs;
    bool rect;
    bool sao;
};

// SearchEffort fields in order: max_cu_log2, min_cu_log2, subpel_steps, full_rd_inter,
// early_skip, intra_in_inter, chroma_mode_search, intra_rd_candidates[2..6].
constexpr std::array<PresetRow, 7> kPresets = {{
    {"ultrafast", {5, 4, 1, false, true, false, false, {0, 0, 1, 1, 1, 1, 1}}, 1, false, false},
    {"superfast", {5, 3, 1, false, true, true, false, {0, 0, 1, 1, 1, 1, 1}}, 1, false, true},
    {"veryfast", {6, 3, 2, false, true, true, false, {0, 0, 2, 2, 1, 1, 1}}, 1, false, true},
    {"faster", {6, 3, 2, false, true, true, true, {0, 0, 2, 2, 2, 1, 1}}, 1, true, true},
    {"fast", {6, 3, 2, true, true, true, true, {0, 0, 3, 3, 2, 2, 2}}, 1, true, true},
    {"medium", {6, 3, 2, true, false, true, true, {0, 0, 3, 3, 2, 2, 2}}, 1, true, true},
    {"slow", {6, 3, 2, true, false, true, true, {0, 0, 4, 4, 3, 3, 3}}, 2, true, true},
}};

}  // namespace

std::string_view preset_names() { return "ultrafast superfast veryfast faster fast medium slow"; }

bool apply_preset(EncoderSettings& settings, std::string_view name, std::string& error) {
    for (const PresetRow& row : kPresets) {
        if (row.name != name) continue;
        settings.effort = row.effort;
        settings.refs = row.refs;
        settings.rect = row.rect;
        settings.sao = row.sao;
        return true;
    }
    error = "setting 'preset': '" + std::string(name) + "' is not one of " + std::string(preset_names());
    return false;
}

}  // namespace tc
