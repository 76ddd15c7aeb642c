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
kernel_sections intra_unit intra_unit 4 4 120 "$CLIP"
cat "$OUT/r/runs.txt"
