#!/bin/bash
# The tree (the hash following the rows) with 16, 14 and 12 pool workers, three rounds each on
# the camera clip at 4K (40 frames), and 8K (16 frames) with 16 and 12: whether a slow phase
# (the frame at the old 10.3 ms for tens of frames) depends on how many threads share the cores.
#   OUT=$OUT timeout 560 bash bench/cuda/pending/run_hash_threads.sh CLIP_1080P.y4m
set -u
CLIP=$1
OUT=${OUT:-$PWD/gpu-results}; mkdir -p "$OUT/r"
export PATH=/usr/local/cuda/bin:$PATH
DEPS=$PWD/build-cuda/devdeps
{ nvidia-smi -L; grep -m1 "model name" /proc/cpuinfo
  g++ -O2 -std=c++20 -o /tmp/upscale_clip bench/cuda/upscale_clip.cpp
  cmake -S . -B /tmp/bA -DCMAKE_BUILD_TYPE=Release -DTCENC_CUDA=ON -DTCENC_WERROR=ON -DTCENC_BUILD_TESTS=OFF \
    -DCMAKE_CXX_FLAGS="-isystem $DEPS/include" | tail -1
  time cmake --build /tmp/bA -j16 --target tcenc 2>&1 | grep -E "error|FAILED" | head; } > "$OUT/r/build.txt" 2>&1
run() {  # name clip threads
  /tmp/bA/tcenc -i "$2" -o "$OUT/r/$1.hevc" --csv "$OUT/r/$1.csv" --qp 32 --bframes 0 \
    --gpu --gpu-decisions --preset ultrafast --pipeline-rows --threads "$3" --quiet 2> "$OUT/r/$1.log"
  echo "$1 rc=$?" >> "$OUT/r/runs.txt"
}
/tmp/upscale_clip "$CLIP" /tmp/c4k.y4m 2 40
for round in 1 2 3; do for t in 16 14 12; do run 4k.t$t.$round /tmp/c4k.y4m $t; done; done
rm -f /tmp/c4k.y4m
/tmp/upscale_clip "$CLIP" /tmp/c8k.y4m 4 16
for t in 16 12; do run 8k.t$t /tmp/c8k.y4m $t; done
rm -f /tmp/c8k.y4m
md5sum "$OUT"/r/*.hevc | sed "s|$OUT/r/||" | sort > "$OUT/r/md5.txt"
cat "$OUT/r/runs.txt"
