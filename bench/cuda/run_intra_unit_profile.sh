#!/bin/bash
# Thirty-second session, second call: where the 8x8 intra CUs' 1.1 ms a 1080p frame goes (the
# first call's Nsight Compute step ran with them off). The kernels of 6-frame encodes at 1080p and
# on bikes with the default (gpu-intra8 8), then the speed of light, occupancy, launch and warp
# state statistics of two launches of each 8x8 kernel at 1080p.
#   OUT=$OUT timeout 300 bash bench/cuda/run_intra_unit_profile.sh CLIP_1080P.y4m BIKES.y4m
set -u
CLIP=$1
BIKES=$2
OUT=${OUT:-$PWD/gpu-results}
source bench/cuda/device_steps.sh
start_device_call
kernel_times 1080 /tmp/bA/tcenc "$CLIP"
grep -E "intra_unit" "$OUT/r/kernel_times.1080.txt" | head -4
kernel_times bikes /tmp/bA/tcenc "$BIKES"
grep -E "intra_unit" "$OUT/r/kernel_times.bikes.txt" | head -4
timeout 120 ncu -k regex:intra_unit -s 4 -c 4 --section SpeedOfLight --section Occupancy \
  --section LaunchStats --section WarpStateStats --section SchedulerStats /tmp/bA/tcenc -i "$CLIP" \
  -o "$OUT/r/ncu_full.hevc" --qp 32 --bframes 0 --gpu --gpu-decisions --preset ultrafast --threads 16 --quiet \
  --frames 4 > "$OUT/r/ncu_intra_unit_sections.txt" 2>&1
echo "ncu sections rc=$?" >> "$OUT/r/runs.txt"
rm -f "$OUT/r/ncu_full.hevc"
grep -E "intra_unit_|Duration|Achieved Occupancy|Registers Per|Shared Memory Config|Stall|Warp Cycles Per Issued|Block Limit|Theoretical Occ" \
  "$OUT/r/ncu_intra_unit_sections.txt" | head -60
cat "$OUT/r/runs.txt"
