#include "gop/dpb_requirements.h"

#include <algorithm>
#include <array>
#include <span>

#include "gop/mini_gop.h"
#include "gop/reference_structure.h"

namespace tc {

DpbRequirements dpb_requirements(int b_frames, int refs, bool long_term) {
    DpbRequirements result;
    result.max_num_reorder = reorder_depth(b_frames);
    for (int b = 0; b <= b_frames; b++) {
        ReferenceStructure structure(refs);
        std::array<int, 64> waiting{};  // decoded, not yet output (C.5.2: "needed for output")
        int waiting_count = 0;
        auto decode = [&](const PicturePlan& picture, const PictureReferences& references) {
            // Occupancy while decoding: the reference picture set, the pictures waiting
            // for output that it does not hold, and the current picture.
            int occupancy = references.rps_count + 1 + (long_term ? 1 : 0);
            for (int i = 0; i < waiting_count; i++) {
                bool in_rps = false;
                for (int j = 0; j < references.rps_count; j++) in_rps |= references.rps_poc[static_cast<size_t>(j)] == waiting[static_cast<size_t>(i)];
                if (!in_rps) occupancy++;
            }
            result.max_dec_pic_buffering = std::max(result.max_dec_pic_buffering, occupancy);
            waiting[static_cast<size_t>(waiting_count++)] = picture.poc;
            while (waiting_count > result.max_num_reorder) {  // output the earliest
                auto earliest = std::min_element(waiting.begin(), waiting.begin() + waiting_count);
                *earliest = waiting[static_cast<size_t>(--waiting_count)];
            }
        };
        PicturePlan idr;
        PictureReferences references;
        structure.plan(idr, {}, references);
        decode(idr, references);
        structure.coded(idr, references);
        // Enough mini-GOPs for the reference set to reach its steady state.
        int poc = 1;
        for (int group = 0; group < 4 + refs; group++) {
            std::array<PicturePlan, 8> plan;
            const int count = plan_mini_gop(poc, poc, b, PictureType::kP, plan);
            for (int i = 0; i < count; i++) {
                const auto later = std::span<const PicturePlan>(plan.data() + i + 1, static_cast<size_t>(count - i - 1));
                structure.plan(plan[static_cast<size_t>(i)], later, references);
                decode(plan[static_cast<size_t>(i)], references);
                structure.coded(plan[static_cast<size_t>(i)], references);
            }
            poc += b + 1;
        }
    }
    return result;
}

}  // namespace tc
