#!/bin/bash
# Thirty-first session: the 8x8 intra CUs (accel/intra_unit_steps.h; gpu-intra8, default 8 when
# this ran at fca1968; 0 since).
#   A  the tree (gpu-intra8 8)    B  --set gpu-intra8=0    C  --set gpu-intra8=16
#   D  --set gpu-intra=16 --set gpu-intra8=16 (the mirror's digests of C and D: docs/BENCHMARKS.md)
# The camera clip (carried) at 1080p 10 frames and 4K 40 frames, A to D interleaved twice, and
# bikes 640x272 30 frames: every stream must have the CPU mirror's digest (1080p A a9773f4d...,
# B 924f3d17...; 4K A = B 29388eb1...: no 8x8 CUs at 4K; bikes A b1bba11f..., B 2fd86862...).
# Then the kernels of 6-frame encodes at 1080p, 4K and bikes (Nsight Compute), the same at 4K
# and 1080p for the tree before the candidate list (OLD: a copy of e40a25f, carried untracked),
# and the GPU unit tests but the 1080p ones.
#   OUT=$OUT timeout 580 bash bench/cuda/run_intra_units.sh CLIP_1080P.y4m BIKES.y4m OLD_TREE
set -u
CLIP=$1
BIKES=$2
OLD=$3
OUT=${OUT:-$PWD/gpu-results}
source bench/cuda/device_steps.sh
(cd "$OLD" && build_tcenc /tmp/bO) > "$OUT/r/build_old.txt" 2>&1 &
start_device_call
wait
/tmp/upscale_clip "$CLIP" /tmp/c4k.y4m 2 40
for round in 1 2; do
  encode /tmp/bA/tcenc 1080.$round.A "$CLIP" 16
  encode /tmp/bA/tcenc 1080.$round.B "$CLIP" 16 --set gpu-intra8=0
  encode /tmp/bA/tcenc 1080.$round.C "$CLIP" 16 --set gpu-intra8=16
  encode /tmp/bA/tcenc 1080.$round.D "$CLIP" 16 --set gpu-intra=16 --set gpu-intra8=16
  encode /tmp/bA/tcenc 4k.$round.A /tmp/c4k.y4m 16
  encode /tmp/bA/tcenc 4k.$round.B /tmp/c4k.y4m 16 --set gpu-intra8=0
  encode /tmp/bA/tcenc 4k.$round.C /tmp/c4k.y4m 16 --set gpu-intra8=16
  encode /tmp/bA/tcenc 4k.$round.D /tmp/c4k.y4m 16 --set gpu-intra=16 --set gpu-intra8=16
  encode /tmp/bA/tcenc bikes.$round.A "$BIKES" 16
  encode /tmp/bA/tcenc bikes.$round.B "$BIKES" 16 --set gpu-intra8=0
  encode /tmp/bA/tcenc bikes.$round.C "$BIKES" 16 --set gpu-intra8=16
  encode /tmp/bA/tcenc bikes.$round.D "$BIKES" 16 --set gpu-intra=16 --set gpu-intra8=16
done
digests
/tmp/upscale_clip "$CLIP" /tmp/c4k.y4m 2 6
kernel_times 4k /tmp/bA/tcenc /tmp/c4k.y4m
kernel_times 1080 /tmp/bA/tcenc "$CLIP"
kernel_times bikes /tmp/bA/tcenc "$BIKES"
kernel_times 4k.old /tmp/bO/tcenc /tmp/c4k.y4m
kernel_times 1080.old /tmp/bO/tcenc "$CLIP"
# Where the 16x16 intra coding kernel's time goes at 4K (a launch's latency is one CU's): two
# launches of the third picture, speed of light, occupancy, launch and warp state statistics.
timeout 120 ncu -k regex:intra_coding_kernel -s 16 -c 2 --section SpeedOfLight --section Occupancy \
  --section LaunchStats --section WarpStateStats --section SchedulerStats /tmp/bA/tcenc -i /tmp/c4k.y4m \
  -o "$OUT/r/ncu_full.hevc" --qp 32 --bframes 0 --gpu --gpu-decisions --preset ultrafast --threads 16 --quiet \
  --frames 4 > "$OUT/r/ncu_intra_sections.txt" 2>&1
echo "ncu sections rc=$?" >> "$OUT/r/runs.txt"
grep -E "Duration|Achieved Occupancy|Registers Per|Stall|Warp Cycles Per Issued|Block Limit|Theoretical Occ" \
  "$OUT/r/ncu_intra_sections.txt" | head -24
run_gpu_unit_tests 'gpu/*:-*1920x1080*'
tail -3 "$OUT/r/gpu_unit_tests.txt"
