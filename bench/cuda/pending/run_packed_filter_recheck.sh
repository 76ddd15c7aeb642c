#!/bin/bash
# Thirty-fourth session, second call: the block search's full-sample SAD fixed for blocks whose
# width is not a multiple of four (window_row_sad_packed counted the last word's bytes past the
# block: the first call's 74x42 GPU unit tests failed). The GPU unit tests but the 1080p ones
# (the fix changes nothing at widths that are multiples of four, where the first call's streams
# had the mirror's digests).
#   OUT=$OUT timeout 400 bash bench/cuda/pending/run_packed_filter_recheck.sh
set -u
OUT=${OUT:-$PWD/gpu-results}
source bench/cuda/device_steps.sh
device_header > "$OUT/r/build.txt" 2>&1
run_gpu_unit_tests 'gpu/*:-*1920x1080*'
cat "$OUT/r/runs.txt"
grep -E "^\[  (PASSED|FAILED) " "$OUT/r/gpu_unit_tests.txt"
