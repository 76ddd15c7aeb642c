#!/bin/bash
# Twenty-seventh session, one device call: the smoothing's GPU check and its variants' times.
# Builds (each a full build of the command line):
#   A  the tree: red-black halves, in place, half the grid a launch (in_place_smoothing.patch)
#   B  the tree without in_place_smoothing.patch: red-black halves, full grid, two buffers
#   O  B without red_black_smoothing.patch: the earlier order (every block reads the last pass)
#   A3 A with 3 passes (smoothing_3_passes.patch)
# Encodes the camera clip of run_camera_clip.sh (carried) at 4K 40 frames, the four interleaved,
# two rounds, and at 8K 16 frames once each; every stream must have the CPU mirror's digest of
# its algorithm (A and B the same). Then every kernel's duration (Nsight Compute, one metric) in
# a 6-frame 4K encode of A and of O, and last the GPU unit tests of the inter coding on the tree.
#   OUT=$OUT timeout 560 bash bench/cuda/run_smoothing_variants.sh CLIP_1080P.y4m
set -u
CLIP=$1
OUT=${OUT:-$PWD/gpu-results}
P=bench/cuda/pending
source bench/cuda/device_steps.sh
start_device_call
{ patch -p1 -s < $P/smoothing_3_passes.patch && time build_tcenc /tmp/bA3; patch -p1 -R -s < $P/smoothing_3_passes.patch
  patch -p1 -R -s < $P/in_place_smoothing.patch && time build_tcenc /tmp/bB
  patch -p1 -R -s < $P/red_black_smoothing.patch && time build_tcenc /tmp/bO
  patch -p1 -s < $P/red_black_smoothing.patch; patch -p1 -s < $P/in_place_smoothing.patch
  git status --short; } >> "$OUT/r/build.txt" 2>&1
/tmp/upscale_clip "$CLIP" /tmp/c4k.y4m 2 40
for round in 1 2; do
  for v in O B A A3; do encode /tmp/b$v/tcenc 4k.$round.$v /tmp/c4k.y4m 16; done
done
/tmp/upscale_clip "$CLIP" /tmp/c8k.y4m 4 16
for v in O B A A3; do encode /tmp/b$v/tcenc 8k.$v /tmp/c8k.y4m 16; done
rm -f /tmp/c8k.y4m
digests
/tmp/upscale_clip "$CLIP" /tmp/c4k.y4m 2 6
for v in A O; do
  timeout 150 ncu --metrics gpu__time_duration.sum --csv --print-units base \
    /tmp/b$v/tcenc -i /tmp/c4k.y4m -o "$OUT/r/4k.ncu.$v.hevc" --qp 32 --bframes 0 --gpu --gpu-decisions \
    --preset ultrafast --pipeline-rows --threads 16 --quiet > "$OUT/r/kernels.$v.csv" 2> "$OUT/r/ncu.$v.log"
  echo "ncu $v rc=$?" >> "$OUT/r/runs.txt"
  python3 bench/cuda/kernel_times.py "$OUT/r/kernels.$v.csv" 6 40 > "$OUT/r/kernel_times.$v.txt" 2>&1
done
digests
cat "$OUT/r/kernel_times.A.txt"
run_gpu_unit_tests 'gpu/CudaInterCoding*:-*1920x1080*'
tail -3 "$OUT/r/gpu_unit_tests.txt"
