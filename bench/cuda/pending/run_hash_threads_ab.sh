#!/bin/bash
# hash-threads 2 / 3 / 4 with --pipeline-rows on the GPU machine: the camera clip of
# run_camera_clip.sh (carried) at 4K (40 frames, rounds interleaved) and 8K (16 frames), one
# build with rows_trace.patch (TC_ROWS_TRACE=1: each picture's rows, by phase, on stderr; no
# change to what is coded). Every stream must have the CPU mirror's digest (4K 2460ddda...,
# 8K 532389b4...): the hash threads change when an access unit comes out, not its bytes.
#   OUT=$OUT timeout 560 bash bench/cuda/pending/run_hash_threads_ab.sh CLIP_1080P.y4m
set -u
CLIP=$1
OUT=${OUT:-$PWD/gpu-results}; mkdir -p "$OUT/r"
export PATH=/usr/local/cuda/bin:$PATH
DEPS=$PWD/build-cuda/devdeps
{ nvidia-smi -L; grep -m1 "model name" /proc/cpuinfo
  patch -p1 -s < bench/cuda/pending/rows_trace.patch && echo "rows_trace.patch applied"
  cmake -S . -B /tmp/bA -DCMAKE_BUILD_TYPE=Release -DTCENC_CUDA=ON -DTCENC_WERROR=ON -DTCENC_BUILD_TESTS=OFF \
    -DCMAKE_CXX_FLAGS="-isystem $DEPS/include" | tail -1
  time cmake --build /tmp/bA -j16 --target tcenc 2>&1 | grep -E "error|warning|FAILED" | head -20
  patch -p1 -R -s < bench/cuda/pending/rows_trace.patch
  g++ -O2 -std=c++20 -o /tmp/upscale_clip bench/cuda/upscale_clip.cpp; } > "$OUT/r/build.txt" 2>&1
run() {  # name clip hash-threads
  TC_ROWS_TRACE=1 /tmp/bA/tcenc -i "$2" -o "$OUT/r/$1.hevc" --csv "$OUT/r/$1.csv" --qp 32 --bframes 0 \
    --gpu --gpu-decisions --preset ultrafast --pipeline-rows --threads 16 --set hash-threads=$3 --quiet 2> "$OUT/r/$1.log"
  echo "$1 rc=$?" >> "$OUT/r/runs.txt"
}
/tmp/upscale_clip "$CLIP" /tmp/c4k.y4m 2 40
for round in $(seq 1 "${ROUNDS:-2}"); do
  for h in 2 3 4; do run 4k.$round.h$h /tmp/c4k.y4m $h; done
done
rm -f /tmp/c4k.y4m
/tmp/upscale_clip "$CLIP" /tmp/c8k.y4m 4 16
for h in 2 3 4; do run 8k.h$h /tmp/c8k.y4m $h; done
[ "${EIGHT_K_ROUNDS:-2}" = 2 ] && for h in 4 3 2; do run 8k.2.h$h /tmp/c8k.y4m $h; done
rm -f /tmp/c8k.y4m
md5sum "$OUT"/r/*.hevc | sed "s|$OUT/r/||" | sort > "$OUT/r/md5.txt"
cat "$OUT/r/runs.txt" "$OUT/r/md5.txt"
