#!/bin/bash
# The shortest check of the GPU filters (for a nearly spent device budget): tcenc alone, the
# 1080p and 4K --gpu-filters streams (to compare with this machine's mirror: README.md), and 4K
# new against old once each.
set -u
OUT=${OUT:-$PWD/gpu-results}; mkdir -p "$OUT/r"
BUILD=/tmp/tcenc-gpu-build
export PATH=/usr/local/cuda/bin:$PATH
{ nvidia-smi -L; nproc
  cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DTCENC_CUDA=ON -DTCENC_WERROR=ON -DTCENC_BUILD_TESTS=OFF \
    -DCMAKE_CXX_FLAGS="-isystem $PWD/build-cuda/devdeps/include" | tail -1
  time cmake --build "$BUILD" -j16 --target tcenc 2>&1 | grep -E "error|warning|FAILED" | head -20; } > "$OUT/r/build.txt" 2>&1
run() {  # name clip args...
  local name=$1 clip=$2; shift 2
  TC_TRACE=1 "$BUILD/tcenc" -i "$clip" -o "$OUT/r/$name.hevc" --csv "$OUT/r/$name.csv" --qp 32 --bframes 0 \
    --preset ultrafast --gpu --gpu-decisions --quiet "$@" 2> "$OUT/r/$name.log"
  echo "$name rc=$?" >> "$OUT/r/runs.txt"
}
python3 bench/cuda/make_panned_clip.py samples/vt2people_320x192_9f.y4m 1920 1080 60 /tmp/p1080.y4m
run 1080.new /tmp/p1080.y4m --pipeline --gpu-filters
python3 bench/cuda/make_panned_clip.py samples/vt2people_320x192_9f.y4m 3840 2160 40 /tmp/p4k.y4m
run 4k.new.1 /tmp/p4k.y4m --pipeline --gpu-filters
TC_INTERLEAVE=1 TC_SAO_WAIT_ABOVE_RIGHT=1 run 4k.old.1 /tmp/p4k.y4m --pipeline
run 4k.new.2 /tmp/p4k.y4m --pipeline --gpu-filters
TC_INTERLEAVE=1 TC_SAO_WAIT_ABOVE_RIGHT=1 run 4k.old.2 /tmp/p4k.y4m --pipeline
run 1080.new.slices4 /tmp/p1080.y4m --pipeline --slices 4 --gpu-filters
md5sum "$OUT"/r/*.hevc | sed "s|$OUT/r/||" | sort > "$OUT/r/md5.txt"
cat "$OUT/r/runs.txt"
