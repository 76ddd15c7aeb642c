#!/bin/bash
# GPU-coded P pictures: every worker left after the rows takes finishing turns (A: the tree with
# turn_helpers.patch)
# against one helper (B, TC_ONE_HELPER=1 in the same binary), with rows_ctu_trace.patch and
# turns_trace.patch (TC_ROWS_TRACE=1; the second line per picture: when the finishing turns ran,
# their summed time, on how many threads, the busiest thread's share), interleaved: the camera
# clip of run_camera_clip.sh (carried) at 4K (40 frames; 16 workers two rounds, 8 workers) and
# 8K (16 frames). Every stream must have the CPU
# mirror's digest (4K 2460ddda..., 8K 532389b4...).
#   OUT=$OUT timeout 300 bash bench/cuda/pending/run_turn_helpers_ab.sh CLIP_1080P.y4m
set -u
CLIP=$1
OUT=${OUT:-$PWD/gpu-results}; mkdir -p "$OUT/r"
export PATH=/usr/local/cuda/bin:$PATH
DEPS=$PWD/build-cuda/devdeps
{ nvidia-smi -L; nproc; lscpu | grep "Model name"
  patch -p1 -s < bench/cuda/pending/turn_helpers.patch && patch -p1 -s < bench/cuda/pending/rows_ctu_trace.patch && \
    patch -p1 -s < bench/cuda/pending/turns_trace.patch && grep -c TC_ONE_HELPER src/encoder/encoder.cpp
  cmake -S . -B /tmp/bA -DCMAKE_BUILD_TYPE=Release -DTCENC_CUDA=ON -DTCENC_WERROR=ON -DTCENC_BUILD_TESTS=OFF \
    -DCMAKE_CXX_FLAGS="-isystem $DEPS/include" | tail -1
  time cmake --build /tmp/bA -j16 --target tcenc 2>&1 | grep -E "error|warning|FAILED" | head -20
  g++ -O2 -std=c++20 -o /tmp/upscale_clip bench/cuda/upscale_clip.cpp; } > "$OUT/r/build.txt" 2>&1
run() {  # name clip threads one_helper(0/1)
  if [ "$4" = 1 ]; then export TC_ONE_HELPER=1; else unset TC_ONE_HELPER; fi
  TC_ROWS_TRACE=1 /tmp/bA/tcenc -i "$2" -o "$OUT/r/$1.hevc" --csv "$OUT/r/$1.csv" --qp 32 --bframes 0 \
    --gpu --gpu-decisions --preset ultrafast --pipeline-rows --threads $3 --quiet 2> "$OUT/r/$1.log"
  echo "$1 rc=$?" >> "$OUT/r/runs.txt"
  unset TC_ONE_HELPER
}
/tmp/upscale_clip "$CLIP" /tmp/c4k.y4m 2 40
for round in 1 2; do run 4k.$round.A /tmp/c4k.y4m 16 0; run 4k.$round.B /tmp/c4k.y4m 16 1; done
run 4k.A8 /tmp/c4k.y4m 8 0; run 4k.B8 /tmp/c4k.y4m 8 1
rm -f /tmp/c4k.y4m
/tmp/upscale_clip "$CLIP" /tmp/c8k.y4m 4 16
run 8k.A /tmp/c8k.y4m 16 0; run 8k.B /tmp/c8k.y4m 16 1
rm -f /tmp/c8k.y4m
md5sum "$OUT"/r/*.hevc | sed "s|$OUT/r/||" | sort > "$OUT/r/md5.txt"
cat "$OUT/r/runs.txt"; cut -c1-10 "$OUT/r/md5.txt" | sort | uniq -c
