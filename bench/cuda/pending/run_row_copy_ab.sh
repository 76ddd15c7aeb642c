#!/bin/bash
# The accelerator's reconstruction copied at each row's finishing turn (A, the tree) against at
# the row's last CTU (B, revert_row_copy_at_turn.patch), both with rows_wait_trace.patch
# (TC_ROWS_TRACE=1), one machine, interleaved: the camera clip of run_camera_clip.sh (carried)
# at 4K (40 frames, 16 workers, two rounds) and 8K (16 frames). Every stream must have the CPU
# mirror's digest (4K 2460ddda..., 8K 532389b4...).
#   OUT=$OUT timeout 580 bash bench/cuda/pending/run_row_copy_ab.sh CLIP_1080P.y4m
set -u
CLIP=$1
OUT=${OUT:-$PWD/gpu-results}; mkdir -p "$OUT/r"
patch -p1 -s < bench/cuda/pending/rows_wait_trace.patch
REVERT_PATCH=bench/cuda/pending/revert_row_copy_at_turn.patch
source bench/cuda/pending/build_ab_tcenc.sh
g++ -O2 -std=c++20 -o /tmp/upscale_clip bench/cuda/upscale_clip.cpp
run() {  # name build clip
  TC_ROWS_TRACE=1 "$2"/tcenc -i "$3" -o "$OUT/r/$1.hevc" --csv "$OUT/r/$1.csv" --qp 32 --bframes 0 \
    --gpu --gpu-decisions --preset ultrafast --pipeline-rows --threads 16 --quiet 2> "$OUT/r/$1.log"
  echo "$1 rc=$?" >> "$OUT/r/runs.txt"
}
/tmp/upscale_clip "$CLIP" /tmp/c4k.y4m 2 40
for round in 1 2; do run 4k.$round.A /tmp/bA /tmp/c4k.y4m; run 4k.$round.B /tmp/bB /tmp/c4k.y4m; done
rm -f /tmp/c4k.y4m
/tmp/upscale_clip "$CLIP" /tmp/c8k.y4m 4 16
run 8k.A /tmp/bA /tmp/c8k.y4m; run 8k.B /tmp/bB /tmp/c8k.y4m
rm -f /tmp/c8k.y4m
md5sum "$OUT"/r/*.hevc | sed "s|$OUT/r/||" | sort > "$OUT/r/md5.txt"
cat "$OUT/r/runs.txt"; cut -c1-10 "$OUT/r/md5.txt" | sort | uniq -c
