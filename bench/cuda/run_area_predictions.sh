#!/bin/bash
# Prepared in the twenty-seventh session, not yet run (the session's device time ran out):
# bench/cuda/pending/area_predictions_and_smoothing_skip.patch, the CUDA side of
# the area decisions' predictions from shared reference windows, separably, as the smoothing's
# (cuda/block_prediction.cuh's predict_blocks, which both now call), and the smoothing's later
# passes leaving a block whose own and neighbours' vectors did not change since its last decision.
#   A  the tree with the patch applied (the script applies it)
#   B  the tree
# The camera clip of run_camera_clip.sh (carried) at 4K 40 frames (B and A interleaved, two
# rounds) and 8K 16 frames: every stream must have the CPU mirror's digest (the patch changes no
# byte: 4K ae9a5489..., 8K bcaa8562...; A with 4 hash threads too). Then every kernel's duration
# in a 6-frame 4K encode of A (Nsight Compute, one metric) and every GPU unit test but the 1080p
# ones: the inter coding's, and the motion search's (`CudaMotionAcceleratorTest`, whose sizes
# 72x40 and 200x136 have edge blocks with one 8x8 tile row, the case the block search's
# warp-per-candidate SATD of d235124 adds only where a tile lies inside; the twenty-seventh
# session's calls ran the inter coding's only).
#   OUT=$OUT timeout 560 bash bench/cuda/run_area_predictions.sh CLIP_1080P.y4m
set -u
CLIP=$1
OUT=${OUT:-$PWD/gpu-results}
P=bench/cuda/pending
source bench/cuda/device_steps.sh
patch -p1 -s < $P/area_predictions_and_smoothing_skip.patch || exit 1
start_device_call
{ patch -p1 -R -s < $P/area_predictions_and_smoothing_skip.patch && time build_tcenc /tmp/bB
  patch -p1 -s < $P/area_predictions_and_smoothing_skip.patch; git status --short; } >> "$OUT/r/build.txt" 2>&1
/tmp/upscale_clip "$CLIP" /tmp/c4k.y4m 2 40
for round in 1 2; do
  for v in B A; do encode /tmp/b$v/tcenc 4k.$round.$v /tmp/c4k.y4m 16; done
done
# Whether the pictures' MD5 bounds the 4K frame now (3 hash threads at 4K by default; the most
# is 4): A with 4, twice, beside the rounds above.
for round in 1 2; do encode /tmp/bA/tcenc 4k.$round.A.hash4 /tmp/c4k.y4m 16 --set hash-threads=4; done
/tmp/upscale_clip "$CLIP" /tmp/c8k.y4m 4 16
for v in B A; do encode /tmp/b$v/tcenc 8k.$v /tmp/c8k.y4m 16; done
rm -f /tmp/c8k.y4m
digests
/tmp/upscale_clip "$CLIP" /tmp/c4k.y4m 2 6
timeout 120 ncu --metrics gpu__time_duration.sum --csv --print-units base /tmp/bA/tcenc -i /tmp/c4k.y4m \
  -o "$OUT/r/4k.ncu.A.hevc" --qp 32 --bframes 0 --gpu --gpu-decisions --preset ultrafast --pipeline-rows \
  --threads 16 --quiet > "$OUT/r/kernels.A.csv" 2> "$OUT/r/ncu.A.log"
echo "ncu A rc=$?" >> "$OUT/r/runs.txt"
python3 bench/cuda/kernel_times.py "$OUT/r/kernels.A.csv" 6 26 > "$OUT/r/kernel_times.A.txt" 2>&1
head -14 "$OUT/r/kernel_times.A.txt"
run_gpu_unit_tests 'gpu/*:-*1920x1080*'
tail -3 "$OUT/r/gpu_unit_tests.txt"
patch -p1 -R -s < $P/area_predictions_and_smoothing_skip.patch
