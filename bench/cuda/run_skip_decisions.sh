#!/bin/bash
# Twenty-eighth session: the skip decisions after the coding (accel/skip_decision_steps.h,
# cuda/skip_decision_kernel.cu) and the area decisions' merge-candidate rate (cu_vector_rate in
# accel/inter_coding_steps.h), both new on the GPU, and the pending
# bench/cuda/pending/area_predictions_and_smoothing_skip.patch (exact: the same bytes).
#   A  the tree
#   B  the tree with --set gpu-skips=0 (the same binary: what the skip kernels cost)
#   C  the tree with the patch applied (the script applies it)
# The camera clip of run_camera_clip.sh (carried) at 4K 40 frames (A, B, C interleaved, two
# rounds) and 8K 16 frames (A, C): every stream must have the CPU mirror's digest (the mirror's of
# the same command with --gpu-algorithm-on-cpu --threads 2, docs/BENCHMARKS.md). Then every
# kernel's duration in a 6-frame 4K encode of A and of C (Nsight Compute, one metric) and every
# GPU unit test but the 1080p ones (the inter coding's with the skip decisions' parameter sets,
# and the motion search's).
#   OUT=$OUT timeout 540 bash bench/cuda/run_skip_decisions.sh CLIP_1080P.y4m
set -u
CLIP=$1
OUT=${OUT:-$PWD/gpu-results}
P=bench/cuda/pending
source bench/cuda/device_steps.sh
start_device_call
{ patch -p1 -s < $P/area_predictions_and_smoothing_skip.patch && time build_tcenc /tmp/bC
  patch -p1 -R -s < $P/area_predictions_and_smoothing_skip.patch; git status --short; } >> "$OUT/r/build.txt" 2>&1
/tmp/upscale_clip "$CLIP" /tmp/c4k.y4m 2 40
for round in 1 2; do
  encode /tmp/bA/tcenc 4k.$round.A /tmp/c4k.y4m 16
  encode /tmp/bA/tcenc 4k.$round.B /tmp/c4k.y4m 16 --set gpu-skips=0
  encode /tmp/bC/tcenc 4k.$round.C /tmp/c4k.y4m 16
done
/tmp/upscale_clip "$CLIP" /tmp/c8k.y4m 4 16
for v in A C; do encode /tmp/b$v/tcenc 8k.$v /tmp/c8k.y4m 16; done
rm -f /tmp/c8k.y4m
digests
/tmp/upscale_clip "$CLIP" /tmp/c4k.y4m 2 6
for v in A C; do
  timeout 100 ncu --metrics gpu__time_duration.sum --csv --print-units base /tmp/b$v/tcenc -i /tmp/c4k.y4m \
    -o "$OUT/r/4k.ncu.$v.hevc" --qp 32 --bframes 0 --gpu --gpu-decisions --preset ultrafast --pipeline-rows \
    --threads 16 --quiet > "$OUT/r/kernels.$v.csv" 2> "$OUT/r/ncu.$v.log"
  echo "ncu $v rc=$?" >> "$OUT/r/runs.txt"
  python3 bench/cuda/kernel_times.py "$OUT/r/kernels.$v.csv" 6 28 > "$OUT/r/kernel_times.$v.txt" 2>&1
  head -16 "$OUT/r/kernel_times.$v.txt"
done
run_gpu_unit_tests 'gpu/*:-*1920x1080*'
tail -3 "$OUT/r/gpu_unit_tests.txt"
