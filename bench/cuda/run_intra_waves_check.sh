#!/bin/bash
# Thirty-second session, fourth call: one wave kernel for the 16x16 and the 8x8 intra candidates
# (cuda/intra_wave_kernel.cu, launch_intra_waves) instead of two copies. The camera clip
# (carried) at 1080p 10 frames, 4K 40 frames and 8K 16 frames, bikes 640x272 30 frames, and 16
# waves of each kind at 1080p and on bikes: every stream must have the CPU mirror's digest (1080p
# a9773f4d..., 4K 29388eb1..., 8K 51e05142..., bikes b1bba11f...; 16 waves d76f339a...,
# 533dea46...). Then the kernels at 1080p, the GPU unit tests but the 1080p ones, and Nsight
# Compute's sections of the 8x8 coding kernel (about 300 s of device time were left: one round,
# most important first).
#   OUT=$OUT timeout 400 bash bench/cuda/run_intra_waves_check.sh CLIP_1080P.y4m BIKES.y4m
set -u
CLIP=$1
BIKES=$2
OUT=${OUT:-$PWD/gpu-results}
source bench/cuda/device_steps.sh
start_device_call
/tmp/upscale_clip "$CLIP" /tmp/c4k.y4m 2 40
/tmp/upscale_clip "$CLIP" /tmp/c8k.y4m 4 16
for round in 1; do
  encode /tmp/bA/tcenc 1080.$round "$CLIP" 16
  encode /tmp/bA/tcenc bikes.$round "$BIKES" 16
  encode /tmp/bA/tcenc 4k.$round /tmp/c4k.y4m 16
  encode /tmp/bA/tcenc 8k.$round /tmp/c8k.y4m 16
done
encode /tmp/bA/tcenc 1080.w16 "$CLIP" 16 --set gpu-intra=16 --set gpu-intra8=16
encode /tmp/bA/tcenc bikes.w16 "$BIKES" 16 --set gpu-intra=16 --set gpu-intra8=16
rm -f /tmp/c8k.y4m
digests
for f in "$OUT"/r/*.hevc; do case $(basename $f) in 1080.1.hevc|bikes.w16.hevc|8k.1.hevc) ;; *) rm -f "$f" ;; esac; done
kernel_times 1080 /tmp/bA/tcenc "$CLIP"
run_gpu_unit_tests 'gpu/*:-*1920x1080*'
tail -3 "$OUT/r/gpu_unit_tests.txt"
kernel_sections intra_unit intra_unit_coding 8 2 90 "$CLIP"
