#!/bin/bash
# Thirty-first session, third call (about 300 s of device time were left: lean, most important
# first): the 8x8 intra CUs' kernels on a warp a unit (intra_unit_decision_kernel: the decision
# modes on lanes; intra_unit_coding_kernel: the coding's passes over the unit's 96 samples on
# lanes, code_intra_unit on WarpLanes).
#   A  --set gpu-intra8=8    B  the tree's default (gpu-intra8 0)    D  --set gpu-intra=16 --set gpu-intra8=16
# (If these streams have the mirror's digests, gpu-intra8's default can become 8.)
# The camera clip (carried) at 1080p 10 frames and 4K 40 frames and bikes 640x272 30 frames: every
# stream must have the CPU mirror's digest (1080p A a9773f4d..., B 924f3d17..., D d76f339a...;
# 4K A = B 29388eb1..., D c2628eb0...; bikes A b1bba11f..., B 2fd86862..., D 533dea46...). Each
# stream is dropped once its digest is in md5.txt. Then the kernels of 6-frame encodes of A at
# 1080p (Nsight Compute), A and B again (frame times), and the GPU unit tests if time is left.
#   OUT=$OUT timeout 200 bash bench/cuda/run_intra_unit_lanes.sh CLIP_1080P.y4m BIKES.y4m
set -u
CLIP=$1
BIKES=$2
OUT=${OUT:-$PWD/gpu-results}
source bench/cuda/device_steps.sh
start_device_call
/tmp/upscale_clip "$CLIP" /tmp/c4k.y4m 2 40
digest() {  # NAME: the stream's digest into md5.txt, the stream dropped unless it is kept
  (cd "$OUT/r" && md5sum "$1.hevc" >> md5.txt)
  case $1 in 1080.1.A|bikes.1.A) ;; *) rm -f "$OUT/r/$1.hevc" ;; esac
}
for variant in A B D; do
  case $variant in A) set -- --set gpu-intra8=8 ;; B) set -- ;; D) set -- --set gpu-intra=16 --set gpu-intra8=16 ;; esac
  for clip in "$CLIP":1080 "$BIKES":bikes /tmp/c4k.y4m:4k; do
    name=${clip##*:}.1.$variant
    encode /tmp/bA/tcenc $name "${clip%:*}" 16 "$@"
    digest $name
  done
done
cat "$OUT/r/runs.txt" "$OUT/r/md5.txt"
kernel_times 1080 /tmp/bA/tcenc "$CLIP"
for variant in A B; do
  case $variant in A) set -- --set gpu-intra8=8 ;; B) set -- ;; esac
  for clip in "$CLIP":1080 "$BIKES":bikes; do
    name=${clip##*:}.2.$variant
    encode /tmp/bA/tcenc $name "${clip%:*}" 16 "$@"
    digest $name
  done
done
run_gpu_unit_tests 'gpu/CudaInterCodingTest*:-*1920x1080*'
tail -3 "$OUT/r/gpu_unit_tests.txt"
