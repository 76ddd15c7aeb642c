#!/bin/bash
# Thirtieth session: 16x16 intra CUs in P pictures (accel/intra_coding_steps.h; gpu-intra, default
# 8 waves), new on the GPU (cuda/intra_coding_kernel.cu; the deblocking's bS 2 and chroma edges).
#   A  the tree (gpu-intra 8)    B  --set gpu-intra=0 (the streams before: mirror digests 1080p
#      73446730..., 4K 7442716e...)
# The camera clip of run_camera_clip.sh (carried) at 1080p 10 frames (A, B), 4K 40 frames (A, B,
# interleaved twice) and 8K 16 frames (A); bikes 640x272 60 frames (A: intra CUs in most P
# pictures). Every stream must have the CPU mirror's digest (the same command with
# --gpu-algorithm-on-cpu --threads 2). Then every kernel's duration in 6-frame encodes of A at 4K
# and 1080p (Nsight Compute) and every GPU unit test but the 1080p ones.
#   OUT=$OUT timeout 560 bash bench/cuda/run_intra.sh CLIP_1080P.y4m BIKES.y4m
set -u
CLIP=$1
BIKES=$2
OUT=${OUT:-$PWD/gpu-results}
source bench/cuda/device_steps.sh
start_device_call
encode /tmp/bA/tcenc 1080.A "$CLIP" 16
encode /tmp/bA/tcenc 1080.B "$CLIP" 16 --set gpu-intra=0
encode /tmp/bA/tcenc bikes.A "$BIKES" 16
/tmp/upscale_clip "$CLIP" /tmp/c4k.y4m 2 40
for round in 1 2; do
  encode /tmp/bA/tcenc 4k.$round.A /tmp/c4k.y4m 16
  encode /tmp/bA/tcenc 4k.$round.B /tmp/c4k.y4m 16 --set gpu-intra=0
done
/tmp/upscale_clip "$CLIP" /tmp/c8k.y4m 4 16
encode /tmp/bA/tcenc 8k.A /tmp/c8k.y4m 16
rm -f /tmp/c8k.y4m
digests
/tmp/upscale_clip "$CLIP" /tmp/c4k.y4m 2 6
for clip in /tmp/c4k.y4m:4k "$CLIP":1080 "$BIKES":bikes; do
  name=${clip##*:}
  timeout 100 ncu --metrics gpu__time_duration.sum --csv --print-units base /tmp/bA/tcenc -i "${clip%:*}" \
    -o "$OUT/r/ncu.$name.hevc" --qp 32 --bframes 0 --gpu --gpu-decisions --preset ultrafast --pipeline-rows \
    --threads 16 --quiet --frames 6 > "$OUT/r/kernels.$name.csv" 2> "$OUT/r/ncu.$name.log"
  echo "ncu $name rc=$?" >> "$OUT/r/runs.txt"
  python3 bench/cuda/kernel_times.py "$OUT/r/kernels.$name.csv" 6 40 > "$OUT/r/kernel_times.$name.txt" 2>&1
  head -24 "$OUT/r/kernel_times.$name.txt"
done
run_gpu_unit_tests 'gpu/*:-*1920x1080*'
tail -3 "$OUT/r/gpu_unit_tests.txt"
