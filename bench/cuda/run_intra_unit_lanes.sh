#!/bin/bash
# Thirty-first session, third call: the 8x8 intra CUs' kernels on a warp a unit
# (intra_unit_decision_kernel: the decision modes on lanes; intra_unit_coding_kernel: the
# coding's passes over the unit's 96 samples on lanes, code_intra_unit on WarpLanes).
#   A  the tree (gpu-intra8 8)    B  --set gpu-intra8=0    D  --set gpu-intra=16 --set gpu-intra8=16
# The camera clip (carried) at 1080p 10 frames and 4K 40 frames and bikes 640x272 30 frames, A, B
# and D interleaved twice: every stream must have the CPU mirror's digest (1080p A a9773f4d...,
# B 924f3d17..., D d76f339a...; 4K A = B 29388eb1..., D c2628eb0...; bikes A b1bba11f...,
# B 2fd86862..., D 533dea46...). Then the kernels of 6-frame encodes of A at 1080p and bikes
# (Nsight Compute) and the GPU unit tests but the 1080p ones.
#   OUT=$OUT timeout 400 bash bench/cuda/run_intra_unit_lanes.sh CLIP_1080P.y4m BIKES.y4m
set -u
CLIP=$1
BIKES=$2
OUT=${OUT:-$PWD/gpu-results}
source bench/cuda/device_steps.sh
start_device_call
/tmp/upscale_clip "$CLIP" /tmp/c4k.y4m 2 40
for round in 1 2; do
  for clip in "$CLIP":1080 /tmp/c4k.y4m:4k "$BIKES":bikes; do
    name=${clip##*:}
    encode /tmp/bA/tcenc $name.$round.A "${clip%:*}" 16
    encode /tmp/bA/tcenc $name.$round.B "${clip%:*}" 16 --set gpu-intra8=0
    encode /tmp/bA/tcenc $name.$round.D "${clip%:*}" 16 --set gpu-intra=16 --set gpu-intra8=16
  done
done
digests
for clip in "$CLIP":1080 "$BIKES":bikes; do
  name=${clip##*:}
  timeout 100 ncu --metrics gpu__time_duration.sum --csv --print-units base /tmp/bA/tcenc -i "${clip%:*}" \
    -o "$OUT/r/ncu.$name.hevc" --qp 32 --bframes 0 --gpu --gpu-decisions --preset ultrafast --pipeline-rows \
    --threads 16 --quiet --frames 6 > "$OUT/r/kernels.$name.csv" 2> "$OUT/r/ncu.$name.log"
  echo "ncu $name rc=$?" >> "$OUT/r/runs.txt"
  python3 bench/cuda/kernel_times.py "$OUT/r/kernels.$name.csv" 6 40 > "$OUT/r/kernel_times.$name.txt" 2>&1
  head -1 "$OUT/r/kernel_times.$name.txt"
  grep intra "$OUT/r/kernel_times.$name.txt" | head -8
done
run_gpu_unit_tests 'gpu/*:-*1920x1080*'
tail -3 "$OUT/r/gpu_unit_tests.txt"
