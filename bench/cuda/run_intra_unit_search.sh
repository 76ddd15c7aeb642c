#!/bin/bash
# Thirty-second session, third call: the 8x8 intra CUs' mode search and decision on a warp's
# lanes (intra_unit_search_on_lanes: the line gathered once, the modes one after another with
# their SATD's passes on lanes), and the coding's lines gathered on lanes, against the tree
# before (OLD: a copy of 94ae568, carried untracked), where a lane costed a mode alone (160 us a
# coding launch, 0.16 ms a 1080p picture's decision).
# The camera clip (carried) at 1080p 10 frames and 4K 40 frames and bikes 640x272 30 frames,
# new and old interleaved twice: every stream must have the CPU mirror's digest (1080p
# a9773f4d..., 4K 29388eb1..., bikes b1bba11f...; gpu-intra8=0: 924f3d17..., 2fd86862...).
# Then the kernels of 6-frame encodes at 1080p and on bikes (Nsight Compute), new and old, and
# the GPU unit tests but the 1080p ones.
#   OUT=$OUT timeout 500 bash bench/cuda/run_intra_unit_search.sh CLIP_1080P.y4m BIKES.y4m OLD_TREE
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
  for tree in N O; do
    binary=/tmp/bA/tcenc; [ $tree = O ] && binary=/tmp/bO/tcenc
    encode $binary 1080.$round.$tree "$CLIP" 16
    encode $binary bikes.$round.$tree "$BIKES" 16
    encode $binary 4k.$round.$tree /tmp/c4k.y4m 16
  done
done
encode /tmp/bA/tcenc 1080.1.off "$CLIP" 16 --set gpu-intra8=0
encode /tmp/bA/tcenc bikes.1.off "$BIKES" 16 --set gpu-intra8=0
digests
kernel_times 1080 /tmp/bA/tcenc "$CLIP"
grep intra_unit "$OUT/r/kernel_times.1080.txt" | head -3
kernel_times 1080.old /tmp/bO/tcenc "$CLIP"
grep intra_unit "$OUT/r/kernel_times.1080.old.txt" | head -3
kernel_times bikes /tmp/bA/tcenc "$BIKES"
run_gpu_unit_tests 'gpu/CudaInterCodingTest*:-*1920x1080*'
tail -3 "$OUT/r/gpu_unit_tests.txt"
# Streams kept for decoding here: one of each clip's new ones.
for f in "$OUT"/r/*.hevc; do case $(basename $f) in 1080.1.N.hevc|bikes.1.N.hevc) ;; *) rm -f "$f" ;; esac; done
