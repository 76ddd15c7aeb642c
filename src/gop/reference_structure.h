// Which decoded pictures each picture predicts from (RefPicList0/1) and which ones the
// decoded picture buffer keeps (the short-term reference picture set, H.265 8.3.2).
//
// P pictures predict from the `refs` closest earlier reference pictures. B pictures put
// the `refs` closest earlier ones in list 0 and the `refs` closest later ones in list 1
// (list 1 repeats list 0 when nothing later is available: low-delay B). A picture keeps
// what it, the rest of its mini-GOP and the next anchor will use, and nothing else.
#pragma once
#include <array>
#include <span>

#include "gop/picture_plan.h"

namespace tc {

constexpr int kMaxShortTermPictures = 16;  // more than a DPB (16 pictures with the current one) holds

struct PictureReferences {
    int count[2] = {0, 0};                     // num_ref_idx_lX_active
    std::array<std::array<int, 4>, 2> poc{};   // POC of RefPicListX[i]
    // The short-term reference picture set: kept pictures, and whether the current
    // picture predicts from each.
    int rps_count = 0;
    std::array<int, kMaxShortTermPictures> rps_poc{};
    std::array<bool, kMaxShortTermPictures> rps_used{};
};

class ReferenceStructure {
public:
    explicit ReferenceStructure(int refs) : refs_(refs) {}
    void set_refs(int refs) { refs_ = refs; }
    int refs() const { return refs_; }

    // The lists and the reference picture set of `current`; `later` are the pictures
    // coded after it in its mini-GOP (coding order).
    void plan(const PicturePlan& current, std::span<const PicturePlan> later, PictureReferences& out) const;
    // After `current` is coded: the DPB holds its reference picture set and, if it is a
    // reference, the picture itself. An intra (IRAP) picture empties it first.
    void coded(const PicturePlan& current, const PictureReferences& references);
    // A picture coded outside the plan (an external long-term picture): keeps everything.
    void keep_all(PictureReferences& out) const;

    std::span<const int> kept() const { return {kept_.data(), static_cast<size_t>(count_)}; }

private:
    int refs_;
    std::array<int, kMaxShortTermPictures> kept_{};
    int count_ = 0;
};

}  // namespace tc
