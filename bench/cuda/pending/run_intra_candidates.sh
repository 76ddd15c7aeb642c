#!/bin/bash
# Pending (thirtieth session: the device time ran out before it ran): apply
# bench/cuda/pending/intra_candidate_list.patch first (git apply), then run this from the
# repository root. Each wave's launch of the intra coding kernel takes its CUs from
# the candidates' list (512 thread blocks, a CU at a time) instead of a thread block per 16x16
# block of the picture; the same results. Lean (little device time was left): the default (A)
# streams of run_intra_reductions.sh, whose digests they must have (1080p 924f3d17..., 4K
# 29388eb1..., bikes 738bd0f9...), and the kernels of 6-frame encodes at 4K and 1080p.
#   OUT=$OUT timeout 400 bash bench/cuda/pending/run_intra_candidates.sh CLIP_1080P.y4m BIKES.y4m
set -u
CLIP=$1
BIKES=$2
OUT=${OUT:-$PWD/gpu-results}
source bench/cuda/device_steps.sh
start_device_call
/tmp/upscale_clip "$CLIP" /tmp/c4k.y4m 2 40
encode /tmp/bA/tcenc 1080.A "$CLIP" 16
encode /tmp/bA/tcenc 4k.A /tmp/c4k.y4m 16
encode /tmp/bA/tcenc bikes.A "$BIKES" 16
digests
/tmp/upscale_clip "$CLIP" /tmp/c4k.y4m 2 6
for clip in /tmp/c4k.y4m:4k "$CLIP":1080; do
  name=${clip##*:}
  timeout 100 ncu --metrics gpu__time_duration.sum --csv --print-units base /tmp/bA/tcenc -i "${clip%:*}" \
    -o "$OUT/r/ncu.$name.hevc" --qp 32 --bframes 0 --gpu --gpu-decisions --preset ultrafast --pipeline-rows \
    --threads 16 --quiet --frames 6 > "$OUT/r/kernels.$name.csv" 2> "$OUT/r/ncu.$name.log"
  echo "ncu $name rc=$?" >> "$OUT/r/runs.txt"
  python3 bench/cuda/kernel_times.py "$OUT/r/kernels.$name.csv" 6 40 > "$OUT/r/kernel_times.$name.txt" 2>&1
  head -8 "$OUT/r/kernel_times.$name.txt"
  grep intra "$OUT/r/kernel_times.$name.txt" | head -4
done
