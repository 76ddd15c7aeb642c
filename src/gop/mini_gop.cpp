#include "gop/mini_gop.h"

#include <algorithm>

namespace tc {

namespace {

struct Builder {
    int64_t first_frame;
    int first_poc;
    std::span<PicturePlan> out;
    int count = 0;

    // The B pictures strictly between display offsets lo and hi (offsets from the
    // picture before the group, which is 0): the middle one, then each half.
    void split(int lo, int hi, int layer) {
        if (hi - lo < 2) return;
        const int mid = (lo + hi) / 2;
        PicturePlan& p = out[static_cast<size_t>(count++)];
        p.frame = first_frame + mid - 1;
        p.poc = first_poc + mid - 1;
        p.type = PictureType::kB;
        p.reference = mid - lo > 1 || hi - mid > 1;
        p.layer = layer;
        split(lo, mid, layer + 1);
        split(mid, hi, layer + 1);
    }
};

}  // namespace

int plan_mini_gop(int64_t first_frame, int first_poc, int b_frames, PictureType anchor_type,
                  std::span<PicturePlan> out) {
    Builder builder{first_frame, first_poc, out};
    PicturePlan& anchor = out[0];
    anchor.frame = first_frame + b_frames;
    anchor.poc = first_poc + b_frames;
    anchor.type = anchor_type;
    anchor.reference = true;
    anchor.layer = 0;
    builder.count = 1;
    builder.split(0, b_frames + 1, 1);
    return builder.count;
}

int reorder_depth(int b_frames) {
    int depth = 0;
    for (int b = 1; b <= b_frames; b++) {
        PicturePlan plan[8];
        const int count = plan_mini_gop(1, 1, b, PictureType::kP, std::span<PicturePlan>(plan, 8));
        for (int i = 0; i < count; i++) {
            int earlier_later = 0;
            for (int j = 0; j < i; j++) earlier_later += plan[j].poc > plan[i].poc ? 1 : 0;
            depth = std::max(depth, earlier_later);
        }
    }
    return depth;
}

}  // namespace tc
