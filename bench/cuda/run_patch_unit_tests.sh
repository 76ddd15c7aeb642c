#!/bin/bash
# Twenty-eighth session, second call: area_predictions_and_smoothing_skip.patch landed (its streams
# were the mirror's in run_skip_decisions.sh, variant C, 4K and 8K): every GPU unit test but the
# 1080p ones on the tree with it (the edge sizes of the inter coding and the motion search).
#   OUT=$OUT timeout 300 bash bench/cuda/run_patch_unit_tests.sh
set -u
OUT=${OUT:-$PWD/gpu-results}
source bench/cuda/device_steps.sh
device_header > "$OUT/r/build.txt" 2>&1
run_gpu_unit_tests 'gpu/*:-*1920x1080*'
cat "$OUT/r/runs.txt"; tail -3 "$OUT/r/gpu_unit_tests.txt"
