// Extended settings given with tc_config_set before tc_init. TCConfig cannot grow (it is
// the product's fixed struct), so the settings wait here, keyed by the TCConfig's
// address, until tc_init takes them. This registry is the library's only shared state;
// a mutex guards it and tc_init / tc_config_reset remove entries.
#pragma once
#include <string>
#include <utility>
#include <vector>

namespace tc {

using SettingList = std::vector<std::pair<std::string, std::string>>;

void registry_add(const void* config, std::string name, std::string value);
// Removes and returns the settings of `config` (empty if none).
SettingList registry_take(const void* config);
// Returns a copy of the settings of `config` without removing them.
SettingList registry_peek(const void* config);

}  // namespace tc
