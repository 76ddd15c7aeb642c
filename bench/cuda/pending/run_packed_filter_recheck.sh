#!/bin/bash
# Thirty-fourth session, second call: packed_filter.patch with the fix of the block search's
# full-sample SAD for blocks whose width is not a multiple of four (window_row_sad_packed counted
# the last word's bytes past the block: the first call's 74x42 GPU unit tests failed). The GPU
# unit tests but the 1080p ones, and the 1080p and 4K streams against the mirror's digests
# (a9773f4d..., 29388eb1...).
#   OUT=$OUT timeout 420 bash bench/cuda/pending/run_packed_filter_recheck.sh camera_1080p_10f.y4m
set -u
CLIP=$1
OUT=${OUT:-$PWD/gpu-results}
source bench/cuda/device_steps.sh
start_device_call &
run_gpu_unit_tests 'gpu/*:-*1920x1080*'
wait
tail -3 "$OUT/r/gpu_unit_tests.txt"
/tmp/upscale_clip "$CLIP" /tmp/c4k.y4m 2 40
encode /tmp/bA/tcenc 1080.N "$CLIP" 16
encode /tmp/bA/tcenc 4k.N /tmp/c4k.y4m 16
digests
