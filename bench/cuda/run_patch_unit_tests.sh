#!/bin/bash
# Twenty-eighth session, second call: area_predictions_and_smoothing_skip.patch landed (its streams
# were the mirror's in run_skip_decisions.sh, variant C): every GPU unit test but the 1080p ones on
# the tree with it (the edge sizes of the inter coding and the motion search), and the 4K camera
# clip once (the mirror's digest 7442716e...).
#   OUT=$OUT timeout 400 bash bench/cuda/run_patch_unit_tests.sh CLIP_1080P.y4m
set -u
CLIP=$1
OUT=${OUT:-$PWD/gpu-results}
source bench/cuda/device_steps.sh
start_device_call
/tmp/upscale_clip "$CLIP" /tmp/c4k.y4m 2 40
encode /tmp/bA/tcenc 4k.A /tmp/c4k.y4m 16
digests
run_gpu_unit_tests 'gpu/*:-*1920x1080*'
tail -3 "$OUT/r/gpu_unit_tests.txt"
