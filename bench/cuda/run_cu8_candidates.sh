#!/bin/bash
# Twenty-ninth session, second call: the 8x8 CUs with the four diagonal neighbours among the
# candidates and the 16x16 CU costed by a 16x16 Hadamard SATD (block_satd_16x16, its warp version
# block_satd_16x16_on_lanes in cuda/tile_satd.cuh), new on the GPU; and the skip decision kernel
# leaving the CUs without candidates (and areas with none) alone (the same results).
#   A  the tree (gpu-cu8 -1: on below 3840x2160, so on at 1080p and off at 4K and 8K, where A is
#      still the stream of 3b5eba6: mirror digests 4K 7442716e..., 8K 896491a4...)
#   B  --set gpu-cu8=0 (1080p), C  --set gpu-cu8=1 (4K, 8K)
# The camera clip of run_camera_clip.sh (carried) at 1080p 10 frames (A, B), 4K 40 frames (A, C)
# and 8K 16 frames (C): every stream must have the CPU mirror's digest (the same
# command with --gpu-algorithm-on-cpu --threads 2, docs/BENCHMARKS.md). Then every kernel's
# duration in a 6-frame 4K encode of C and 1080p encode of A (Nsight Compute, one metric) and every GPU unit
# test but the 1080p ones.
#   OUT=$OUT timeout 540 bash bench/cuda/run_cu8_candidates.sh CLIP_1080P.y4m
set -u
CLIP=$1
OUT=${OUT:-$PWD/gpu-results}
source bench/cuda/device_steps.sh
start_device_call
encode /tmp/bA/tcenc 1080.A "$CLIP" 16
encode /tmp/bA/tcenc 1080.B "$CLIP" 16 --set gpu-cu8=0
/tmp/upscale_clip "$CLIP" /tmp/c4k.y4m 2 40
for round in 1; do
  encode /tmp/bA/tcenc 4k.$round.A /tmp/c4k.y4m 16
  encode /tmp/bA/tcenc 4k.$round.C /tmp/c4k.y4m 16 --set gpu-cu8=1
done
/tmp/upscale_clip "$CLIP" /tmp/c8k.y4m 4 16
encode /tmp/bA/tcenc 8k.C /tmp/c8k.y4m 16 --set gpu-cu8=1
rm -f /tmp/c8k.y4m
digests
/tmp/upscale_clip "$CLIP" /tmp/c4k.y4m 2 6
for clip in /tmp/c4k.y4m:4k "$CLIP":1080; do
  set_cu8=(); [ "${clip##*:}" = 4k ] && set_cu8=(--set gpu-cu8=1)
  name=${clip##*:}
  timeout 100 ncu --metrics gpu__time_duration.sum --csv --print-units base /tmp/bA/tcenc -i "${clip%:*}" \
    -o "$OUT/r/ncu.$name.hevc" --qp 32 --bframes 0 --gpu --gpu-decisions --preset ultrafast --pipeline-rows \
    --threads 16 --quiet --frames 6 "${set_cu8[@]}" > "$OUT/r/kernels.$name.csv" 2> "$OUT/r/ncu.$name.log"
  echo "ncu $name rc=$?" >> "$OUT/r/runs.txt"
  python3 bench/cuda/kernel_times.py "$OUT/r/kernels.$name.csv" 6 30 > "$OUT/r/kernel_times.$name.txt" 2>&1
  head -18 "$OUT/r/kernel_times.$name.txt"
done
run_gpu_unit_tests 'gpu/*:-*1920x1080*'
tail -3 "$OUT/r/gpu_unit_tests.txt"
