#!/bin/bash
# Twenty-sixth session, one device call: (1) the sub-block decision in the inter coding kernel
# (the camera clip of run_camera_clip.sh, carried, at 4K
# 40 frames and 8K 16 frames with the tree: each stream must have the CPU mirror's digest, which
# `--gpu-algorithm-on-cpu` gives here); (2) the pending turn helpers
# (bench/cuda/pending/turn_helpers.patch, with rows_ctu_trace.patch and turns_trace.patch,
# TC_ROWS_TRACE=1) against one helper (TC_ONE_HELPER=1, the same binary), interleaved: 4K 16
# workers two rounds, 8 workers, 8K 16 workers. The helpers change no byte: same digests. Then
# the GPU unit tests of the inter coding, on the tree.
#   OUT=$OUT timeout 560 bash bench/cuda/run_sub_block_and_turns.sh CLIP_1080P.y4m
set -u
CLIP=$1
OUT=${OUT:-$PWD/gpu-results}
source bench/cuda/device_steps.sh
start_device_call
{ patch -p1 -s < bench/cuda/pending/turn_helpers.patch && patch -p1 -s < bench/cuda/pending/rows_ctu_trace.patch &&
    patch -p1 -s < bench/cuda/pending/turns_trace.patch && grep -c TC_ONE_HELPER src/encoder/encoder.cpp
  time build_tcenc /tmp/bH; } >> "$OUT/r/build.txt" 2>&1
helpers() {  # name clip threads one_helper(0/1)
  if [ "$4" = 1 ]; then export TC_ONE_HELPER=1; else unset TC_ONE_HELPER; fi
  TC_ROWS_TRACE=1 encode /tmp/bH/tcenc "$1" "$2" "$3"
  unset TC_ONE_HELPER
}
/tmp/upscale_clip "$CLIP" /tmp/c4k.y4m 2 40
encode /tmp/bA/tcenc 4k.tree /tmp/c4k.y4m 16
for round in 1 2; do helpers 4k.$round.H /tmp/c4k.y4m 16 0; helpers 4k.$round.one /tmp/c4k.y4m 16 1; done
helpers 4k.H8 /tmp/c4k.y4m 8 0; helpers 4k.one8 /tmp/c4k.y4m 8 1
rm -f /tmp/c4k.y4m
/tmp/upscale_clip "$CLIP" /tmp/c8k.y4m 4 16
encode /tmp/bA/tcenc 8k.tree /tmp/c8k.y4m 16
helpers 8k.H /tmp/c8k.y4m 16 0; helpers 8k.one /tmp/c8k.y4m 16 1
rm -f /tmp/c8k.y4m
digests
# Last, so that the timings and digests come back even where time runs out: the unit tests of
# the tree (the patches reverted first).
patch -p1 -R -s < bench/cuda/pending/turns_trace.patch && patch -p1 -R -s < bench/cuda/pending/rows_ctu_trace.patch &&
  patch -p1 -R -s < bench/cuda/pending/turn_helpers.patch
[ "${UNIT_TESTS:-1}" = 1 ] && run_gpu_unit_tests 'gpu/CudaInterCoding*:-*1920x1080*'
[ -f "$OUT/r/gpu_unit_tests.txt" ] && tail -3 "$OUT/r/gpu_unit_tests.txt"
