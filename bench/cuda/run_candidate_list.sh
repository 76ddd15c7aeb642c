#!/bin/bash
# Thirty-first session: the intra coding kernel's candidate list (bench/cuda/pending/
# intra_candidate_list.patch, landed): each wave's launch takes its CUs from the candidates' list
# (512 thread blocks, a CU at a time) instead of a thread block per 16x16 block of the picture.
#   A  the tree (gpu-intra 8)    B  --set gpu-intra=0    C  --set gpu-intra=32
# The camera clip (carried) at 1080p 10 frames and 4K 40 frames, A, B and C interleaved twice,
# bikes 640x272 60 frames (A, C): every stream must have the CPU mirror's digest. Then the kernels
# of 6-frame encodes of A at 4K and 1080p (Nsight Compute) and the GPU unit tests but the 1080p ones.
#   OUT=$OUT timeout 560 bash bench/cuda/run_candidate_list.sh CLIP_1080P.y4m BIKES.y4m
set -u
CLIP=$1
BIKES=$2
OUT=${OUT:-$PWD/gpu-results}
source bench/cuda/device_steps.sh
start_device_call
/tmp/upscale_clip "$CLIP" /tmp/c4k.y4m 2 40
for round in 1 2; do
  encode /tmp/bA/tcenc 1080.$round.A "$CLIP" 16
  encode /tmp/bA/tcenc 1080.$round.B "$CLIP" 16 --set gpu-intra=0
  encode /tmp/bA/tcenc 1080.$round.C "$CLIP" 16 --set gpu-intra=32
  encode /tmp/bA/tcenc 4k.$round.A /tmp/c4k.y4m 16
  encode /tmp/bA/tcenc 4k.$round.B /tmp/c4k.y4m 16 --set gpu-intra=0
  encode /tmp/bA/tcenc 4k.$round.C /tmp/c4k.y4m 16 --set gpu-intra=32
done
encode /tmp/bA/tcenc bikes.A "$BIKES" 16
encode /tmp/bA/tcenc bikes.C "$BIKES" 16 --set gpu-intra=32
digests
/tmp/upscale_clip "$CLIP" /tmp/c4k.y4m 2 6
kernel_times 4k /tmp/bA/tcenc /tmp/c4k.y4m
kernel_times 1080 /tmp/bA/tcenc "$CLIP"
run_gpu_unit_tests 'gpu/*:-*1920x1080*'
tail -3 "$OUT/r/gpu_unit_tests.txt"
