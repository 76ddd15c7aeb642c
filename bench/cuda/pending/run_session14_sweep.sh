#!/bin/bash
# Fourteenth session's device run, on the tree with session14_timeline.patch applied (the
# thirteenth session's stage trace plus a per-row timeline of every picture; TC_INTERLEAVE=1 and
# TC_SAO_WAIT_ABOVE_RIGHT=1 keep the rows' finishing as the tree has it): threads and slices for
# `--gpu --gpu-decisions --pipeline` (the GPU filters on, the default) at 1080p / 4K / 8K, and the
# CPU-analysis modes at 4K for reference. Writes $OUT/r/NAME.{csv,log,hevc}, runs.txt, lscpu.txt.
set -u
OUT=${OUT:-$PWD/gpu-results}; mkdir -p "$OUT/r"
BUILD=/tmp/tcenc-gpu-build
export PATH=/usr/local/cuda/bin:$PATH
export TC_INTERLEAVE=1
{ nvidia-smi -L; nproc; lscpu
  cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DTCENC_CUDA=ON -DTCENC_WERROR=ON -DTCENC_BUILD_TESTS=OFF \
    -DCMAKE_CXX_FLAGS="-isystem $PWD/build-cuda/devdeps/include" | tail -1
  time cmake --build "$BUILD" -j16 --target tcenc 2>&1 | grep -E "error|warning|FAILED" | head -20; } > "$OUT/r/build.txt" 2>&1
run() {  # name clip args...
  local name=$1 clip=$2; shift 2
  local start=$(date +%s.%N)
  TC_TRACE=1 "$BUILD/tcenc" -i "$clip" -o "$OUT/r/$name.hevc" --csv "$OUT/r/$name.csv" --qp 32 --bframes 0 \
    --gpu --quiet "$@" 2> "$OUT/r/$name.log"
  echo "$name rc=$? wall_s=$(python3 -c "print(round($(date +%s.%N) - $start, 3))")" >> "$OUT/r/runs.txt"
}
fast() { local name=$1 clip=$2; shift 2; run "$name" "$clip" --preset ultrafast --gpu-decisions --pipeline "$@"; }
python3 bench/cuda/make_panned_clip.py samples/vt2people_320x192_9f.y4m 3840 2160 40 /tmp/p4k.y4m
fast 4k.t16 /tmp/p4k.y4m --threads 16
fast 4k.t8 /tmp/p4k.y4m --threads 8
fast 4k.t4 /tmp/p4k.y4m --threads 4
fast 4k.t16.s4 /tmp/p4k.y4m --threads 16 --slices 4
fast 4k.t16.s8 /tmp/p4k.y4m --threads 16 --slices 8
fast 4k.t16.s8.cpufilters /tmp/p4k.y4m --threads 16 --slices 8 --no-gpu-filters
TC_STATS_WAIT_DECIDED=1 fast 4k.t16.s8.cpufilters.oldwait /tmp/p4k.y4m --threads 16 --slices 8 --no-gpu-filters
fast 4k.t8.s4 /tmp/p4k.y4m --threads 8 --slices 4
fast 4k.t16.s2 /tmp/p4k.y4m --threads 16 --slices 2
fast 4k.t16.nosao /tmp/p4k.y4m --threads 16 --no-sao
fast 4k.t16.cpufilters /tmp/p4k.y4m --threads 16 --no-gpu-filters
TC_STATS_WAIT_DECIDED=1 fast 4k.t16.cpufilters.oldwait /tmp/p4k.y4m --threads 16 --no-gpu-filters
fast 4k.t16.b /tmp/p4k.y4m --threads 16
run 4k.superfast_gpu /tmp/p4k.y4m --preset superfast --pipeline --threads 16
TC_STATS_WAIT_DECIDED=1 run 4k.superfast_gpu.oldwait /tmp/p4k.y4m --preset superfast --pipeline --threads 16
run 4k.ultrafast_gpu /tmp/p4k.y4m --preset ultrafast --pipeline --threads 16
TC_STATS_WAIT_DECIDED=1 run 4k.ultrafast_gpu.oldwait /tmp/p4k.y4m --preset ultrafast --pipeline --threads 16
run 4k.ultrafast_cpu /tmp/p4k.y4m --preset ultrafast --pipeline --threads 16 --set gpu=0
TC_STATS_WAIT_DECIDED=1 run 4k.ultrafast_cpu.oldwait /tmp/p4k.y4m --preset ultrafast --pipeline --threads 16 --set gpu=0
rm -f /tmp/p4k.y4m
python3 bench/cuda/make_panned_clip.py samples/vt2people_320x192_9f.y4m 7680 4320 16 /tmp/p8k.y4m
fast 8k.t16 /tmp/p8k.y4m --threads 16
fast 8k.t16.s8 /tmp/p8k.y4m --threads 16 --slices 8
fast 8k.t8 /tmp/p8k.y4m --threads 8
fast 8k.t16.cpufilters /tmp/p8k.y4m --threads 16 --no-gpu-filters
TC_STATS_WAIT_DECIDED=1 fast 8k.t16.cpufilters.oldwait /tmp/p8k.y4m --threads 16 --no-gpu-filters
rm -f /tmp/p8k.y4m
python3 bench/cuda/make_panned_clip.py samples/vt2people_320x192_9f.y4m 1920 1080 60 /tmp/p1080.y4m
fast 1080.t16 /tmp/p1080.y4m --threads 16
fast 1080.t8 /tmp/p1080.y4m --threads 8
fast 1080.t16.s4 /tmp/p1080.y4m --threads 16 --slices 4
fast 1080.t8.s4 /tmp/p1080.y4m --threads 8 --slices 4
rm -f /tmp/p1080.y4m
md5sum "$OUT"/r/*.hevc | sed "s|$OUT/r/||" | sort > "$OUT/r/md5.txt"
cat "$OUT/r/runs.txt"
