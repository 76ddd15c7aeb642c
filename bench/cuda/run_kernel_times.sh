#!/bin/bash
# Every GPU kernel's duration in a short GPU-mode encode (Nsight Compute, one metric, so one
# replay a kernel): the camera clip of run_camera_clip.sh (carried) at 4K, FRAMES frames (6),
# `--gpu --gpu-decisions --preset ultrafast --pipeline-rows --qp 32 --threads 16`, into
# $OUT/r/kernels.csv; `python3 bench/cuda/kernel_times.py $OUT/r/kernels.csv` sums them per
# kernel and picture. The stream must have the CPU mirror's digest.
#   OUT=$OUT timeout 400 bash bench/cuda/run_kernel_times.sh CLIP_1080P.y4m
set -u
CLIP=$1
OUT=${OUT:-$PWD/gpu-results}
source bench/cuda/device_steps.sh
start_device_call
# CHECK=1: first the tree's 4K 40-frame stream (its digest against the CPU mirror's), and at the
# end the GPU unit tests of the inter coding.
# REVERT_PATCH=P (with CHECK=1): also a build with P reverted (/tmp/bB), and the two
# interleaved at 4K 40 frames, two rounds (B's stream must have the mirror's digest of B's tree).
if [ "${CHECK:-0}" = 1 ]; then
  /tmp/upscale_clip "$CLIP" /tmp/c4k.y4m 2 40
  encode /tmp/bA/tcenc 4k.tree /tmp/c4k.y4m 16
  if [ -n "${REVERT_PATCH:-}" ]; then
    { patch -p1 -R -s < "$REVERT_PATCH" && time build_tcenc /tmp/bB; patch -p1 -s < "$REVERT_PATCH"; } >> "$OUT/r/build.txt" 2>&1
    for round in 1 2; do
      encode /tmp/bB/tcenc 4k.$round.B /tmp/c4k.y4m 16; encode /tmp/bA/tcenc 4k.$round.A /tmp/c4k.y4m 16
    done
  fi
fi
/tmp/upscale_clip "$CLIP" /tmp/c4k.y4m 2 "${FRAMES:-6}"
timeout 300 ncu --metrics gpu__time_duration.sum --csv --print-units base \
  /tmp/bA/tcenc -i /tmp/c4k.y4m -o "$OUT/r/4k.ncu.hevc" --qp 32 --bframes 0 --gpu --gpu-decisions \
  --preset ultrafast --pipeline-rows --threads 16 --quiet > "$OUT/r/kernels.csv" 2> "$OUT/r/ncu.log"
echo "ncu rc=$?" >> "$OUT/r/runs.txt"
digests
python3 bench/cuda/kernel_times.py "$OUT/r/kernels.csv" "${FRAMES:-6}" 40 | tee "$OUT/r/kernel_times.txt"
[ "${CHECK:-0}" = 1 ] && run_gpu_unit_tests 'gpu/CudaInterCoding*:-*1920x1080*' && tail -3 "$OUT/r/gpu_unit_tests.txt"
