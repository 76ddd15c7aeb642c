// Presets: named speed/compression trade-offs, as rows of one table over the settings.
// A preset sets the search knobs (SearchEffort) and the settings ref, rect, sao, max-merge
// and signhide; it leaves the GOP (bframes, keyint) alone. Settings applied after it override
// it.
#pragma once
#include <string>
#include <string_view>

#include "encoder/encoder_settings.h"

namespace tc {

// Applies the preset `name` (ultrafast superfast veryfast faster fast medium slow).
// Returns false with `error` set for an unknown name.
bool apply_preset(EncoderSettings& settings, std::string_view name, std::string& error);

}  // namespace tc
