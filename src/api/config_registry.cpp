#include "api/config_registry.h"

#include <map>
#include <mutex>

namespace tc {

namespace {
struct Registry {
    std::mutex mutex;
    std::map<const void*, SettingList> settings;
};
Registry& registry() {
    static Registry instance;
    return instance;
}
}  // namespace

void registry_add(const void* config, std::string name, std::string value) {
    Registry& r = registry();
    std::lock_guard lock(r.mutex);
    SettingList& list = r.settings[config];
    for (auto& entry : list) {
        if (entry.first == name) {
            entry.second = std::move(value);
            return;
        }
    }
    list.emplace_back(std::move(name), std::move(value));
}

SettingList registry_take(const void* config) {
    Registry& r = registry();
    std::lock_guard lock(r.mutex);
    auto it = r.settings.find(config);
    if (it == r.settings.end()) return {};
    SettingList list = std::move(it->second);
    r.settings.erase(it);
    return list;
}

SettingList registry_peek(const void* config) {
    Registry& r = registry();
    std::lock_guard lock(r.mutex);
    auto it = r.settings.find(config);
    return it == r.settings.end() ? SettingList{} : it->second;
}

}  // namespace tc
