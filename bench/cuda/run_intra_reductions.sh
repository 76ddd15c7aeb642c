#!/bin/bash
# Thirtieth session, second call: the intra coding kernel's sums by warp (one shared-memory
# atomic a warp instead of one a sample; the same results), timed against gpu-intra=0.
#   A  the tree (gpu-intra 8)    B  --set gpu-intra=0
# The camera clip (carried) at 1080p 10 frames and 4K 40 frames, A and B interleaved twice, bikes
# 640x272 60 frames (A): every stream must have the CPU mirror's digest (1080p A 924f3d17...,
# B 73446730...; 4K A 29388eb1..., B 7442716e...; bikes A 738bd0f9...). Then the kernels of 6-frame
# encodes of A at 4K and 1080p (Nsight Compute) and the GPU unit tests but the 1080p ones.
#   OUT=$OUT timeout 560 bash bench/cuda/run_intra_reductions.sh CLIP_1080P.y4m BIKES.y4m
set -u
CLIP=$1
BIKES=$2
OUT=${OUT:-$PWD/gpu-results}
source bench/cuda/device_steps.sh
start_device_call
/tmp/upscale_clip "$CLIP" /tmp/c4k.y4m 2 40
for round in 1 2; do
  encode /tmp/bA/tcenc 1080.$round.A "$CLIP" 16
  encode /tmp/bA/tcenc 1080.$round.B "$CLIP" 16 --set gpu-intra=0
  encode /tmp/bA/tcenc 4k.$round.A /tmp/c4k.y4m 16
  encode /tmp/bA/tcenc 4k.$round.B /tmp/c4k.y4m 16 --set gpu-intra=0
done
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
done
run_gpu_unit_tests 'gpu/*:-*1920x1080*'
tail -3 "$OUT/r/gpu_unit_tests.txt"
