#!/bin/bash
# Where the 4K / 8K frame's cores go with --pipeline-rows and 3 hash threads (the automatic
# choice above two 1080p pictures): worker counts 8 / 12 / 16, and how the caller waits for the
# GPU (cuda_schedule.patch: TC_CUDA_SCHEDULE=spin|yield|blocking; unset = the runtime's choice),
# each run's wall, user and system CPU seconds (bash time), the rows by phase (rows_trace.patch).
#   OUT=$OUT timeout 570 bash bench/cuda/pending/run_threads_schedule.sh CLIP_1080P.y4m
set -u
CLIP=$1
OUT=${OUT:-$PWD/gpu-results}; mkdir -p "$OUT/r"
export PATH=/usr/local/cuda/bin:$PATH
DEPS=$PWD/build-cuda/devdeps
{ nvidia-smi -L; grep -m1 "model name" /proc/cpuinfo; nproc
  patch -p1 -s < bench/cuda/pending/rows_trace.patch && patch -p1 -s < bench/cuda/pending/cuda_schedule.patch && echo "patches applied"
  cmake -S . -B /tmp/bS -DCMAKE_BUILD_TYPE=Release -DTCENC_CUDA=ON -DTCENC_WERROR=ON -DTCENC_BUILD_TESTS=OFF \
    -DCMAKE_CXX_FLAGS="-isystem $DEPS/include" | tail -1
  time cmake --build /tmp/bS -j16 --target tcenc 2>&1 | grep -E "error|warning|FAILED" | head -20
  patch -p1 -R -s < bench/cuda/pending/cuda_schedule.patch; patch -p1 -R -s < bench/cuda/pending/rows_trace.patch
  g++ -O2 -std=c++20 -o /tmp/upscale_clip bench/cuda/upscale_clip.cpp; } > "$OUT/r/build.txt" 2>&1
TIMEFORMAT='%R %U %S'
run() {  # name clip threads schedule
  { time env TC_ROWS_TRACE=1 ${4:+TC_CUDA_SCHEDULE=$4} /tmp/bS/tcenc -i "$2" -o "$OUT/r/$1.hevc" --csv "$OUT/r/$1.csv" \
      --qp 32 --bframes 0 --gpu --gpu-decisions --preset ultrafast --pipeline-rows --threads $3 --quiet \
      2> "$OUT/r/$1.log"; } 2> "$OUT/r/$1.time"
  echo "$1 rc=$? wall/user/sys $(cat "$OUT/r/$1.time")" >> "$OUT/r/runs.txt"
}
/tmp/upscale_clip "$CLIP" /tmp/c4k.y4m 2 40
for round in 1 2; do
  run 4k.$round.t16 /tmp/c4k.y4m 16; run 4k.$round.t12 /tmp/c4k.y4m 12; run 4k.$round.t8 /tmp/c4k.y4m 8
  run 4k.$round.t16y /tmp/c4k.y4m 16 yield; run 4k.$round.t16b /tmp/c4k.y4m 16 blocking
done
rm -f /tmp/c4k.y4m
/tmp/upscale_clip "$CLIP" /tmp/c8k.y4m 4 16
run 8k.t16 /tmp/c8k.y4m 16; run 8k.t12 /tmp/c8k.y4m 12; run 8k.t16b /tmp/c8k.y4m 16 blocking; run 8k.t16y /tmp/c8k.y4m 16 yield
rm -f /tmp/c8k.y4m
md5sum "$OUT"/r/*.hevc | sed "s|$OUT/r/||" | sort > "$OUT/r/md5.txt"
cat "$OUT/r/runs.txt"; cut -c1-10 "$OUT/r/md5.txt" | sort | uniq -c
