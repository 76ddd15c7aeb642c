#include "gop/reference_structure.h"

#include <algorithm>
#include <functional>

namespace tc {

namespace {

// A small set of POCs (at most the DPB size plus a mini-GOP).
struct PocSet {
    std::array<int, 32> poc{};
    int count = 0;
    void add(int value) {
        for (int i = 0; i < count; i++) {
            if (poc[static_cast<size_t>(i)] == value) return;
        }
        poc[static_cast<size_t>(count++)] = value;
    }
    bool contains(int value) const {
        for (int i = 0; i < count; i++) {
            if (poc[static_cast<size_t>(i)] == value) return true;
        }
        return false;
    }
};

// RefPicList0/1 of `picture` from the available reference pictures.
void choose_lists(const PicturePlan& picture, const PocSet& available, int refs, PictureReferences& out) {
    std::array<int, 32> before{}, after{};
    int before_count = 0, after_count = 0;
    for (int i = 0; i < available.count; i++) {
        const int poc = available.poc[static_cast<size_t>(i)];
        if (poc < picture.poc) before[static_cast<size_t>(before_count++)] = poc;
        if (poc > picture.poc) after[static_cast<size_t>(after_count++)] = poc;
    }
    std::sort(before.begin(), before.begin() + before_count, std::greater<int>());  // closest first
    std::sort(after.begin(), after.begin() + after_count);
    out.count[0] = out.count[1] = 0;
    if (picture.intra()) return;
    auto fill = [&](int list, const std::array<int, 32>& from, int available_count) {
        const int n = std::min(refs, available_count);
        for (int i = 0; i < n; i++) out.poc[static_cast<size_t>(list)][static_cast<size_t>(i)] = from[static_cast<size_t>(i)];
        out.count[list] = n;
    };
    if (picture.type == PictureType::kP) {
        fill(0, before, before_count);
        return;
    }
    if (before_count > 0) {
        fill(0, before, before_count);
    } else {
        fill(0, after, after_count);
    }
    if (after_count > 0) {
        fill(1, after, after_count);
    } else {
        out.poc[1] = out.poc[0];
        out.count[1] = out.count[0];
    }
}

}  // namespace

void ReferenceStructure::plan(const PicturePlan& current, std::span<const PicturePlan> later,
                              PictureReferences& out) const {
    out = PictureReferences{};
    if (current.intra()) return;
    // What the current picture, the rest of the mini-GOP and the next anchor need.
    PocSet available;
    for (int i = 0; i < count_; i++) available.add(kept_[static_cast<size_t>(i)]);
    PocSet needed;
    PictureReferences lists;
    auto visit = [&](const PicturePlan& picture, PictureReferences& result) {
        choose_lists(picture, available, refs_, result);
        for (int list = 0; list < 2; list++) {
            for (int i = 0; i < result.count[list]; i++) needed.add(result.poc[static_cast<size_t>(list)][static_cast<size_t>(i)]);
        }
        if (picture.reference) available.add(picture.poc);
    };
    visit(current, out);
    for (const PicturePlan& picture : later) visit(picture, lists);
    std::array<int, 32> newest = available.poc;
    std::sort(newest.begin(), newest.begin() + available.count, std::greater<int>());
    for (int i = 0; i < std::min(refs_, available.count); i++) needed.add(newest[static_cast<size_t>(i)]);

    for (int i = 0; i < count_; i++) {
        const int poc = kept_[static_cast<size_t>(i)];
        if (!needed.contains(poc)) continue;
        bool used = false;
        for (int list = 0; list < 2; list++) {
            for (int j = 0; j < out.count[list]; j++) used |= out.poc[static_cast<size_t>(list)][static_cast<size_t>(j)] == poc;
        }
        out.rps_poc[static_cast<size_t>(out.rps_count)] = poc;
        out.rps_used[static_cast<size_t>(out.rps_count)] = used;
        out.rps_count++;
    }
}

void ReferenceStructure::coded(const PicturePlan& current, const PictureReferences& references) {
    count_ = 0;
    if (!current.intra()) {
        for (int i = 0; i < references.rps_count; i++) kept_[static_cast<size_t>(count_++)] = references.rps_poc[static_cast<size_t>(i)];
    }
    if (current.reference && count_ < static_cast<int>(kept_.size())) kept_[static_cast<size_t>(count_++)] = current.poc;
}

void ReferenceStructure::keep_all(PictureReferences& out) const {
    out = PictureReferences{};
    for (int i = 0; i < count_; i++) {
        out.rps_poc[static_cast<size_t>(i)] = kept_[static_cast<size_t>(i)];
        out.rps_used[static_cast<size_t>(i)] = false;
    }
    out.rps_count = count_;
}

}  // namespace tc
