#!/bin/bash
# Fourteenth session's second device run: RowProgress a cache line a row with sleeper-gated
# wake-ups (the tree) against the counters packed and notified on every publish
# (revert_row_progress.patch), both with session14_timeline.patch applied first (the trace).
# Interleaved A/B at 1080p / 4K / 8K, `--gpu --gpu-decisions --pipeline` on 16 threads (GPU
# filters on), and 4K with the filters on the CPU and with `--gpu` alone.
set -u
OUT=${OUT:-$PWD/gpu-results}; mkdir -p "$OUT/r"
export PATH=/usr/local/cuda/bin:$PATH
export TC_INTERLEAVE=1
build() {  # dir
  cmake -S . -B "$1" -DCMAKE_BUILD_TYPE=Release -DTCENC_CUDA=ON -DTCENC_WERROR=ON -DTCENC_BUILD_TESTS=OFF \
    -DCMAKE_CXX_FLAGS="-isystem $PWD/build-cuda/devdeps/include" | tail -1
  cmake --build "$1" -j16 --target tcenc 2>&1 | grep -E "error|warning|FAILED" | head -20
}
{ nvidia-smi -L; nproc; time build /tmp/bA; patch -p1 -s < bench/cuda/pending/revert_row_progress.patch && time build /tmp/bB
  patch -p1 -R -s < bench/cuda/pending/revert_row_progress.patch; } > "$OUT/r/build.txt" 2>&1
run() {  # binary name clip args...
  local bin=$1 name=$2 clip=$3; shift 3
  local start=$(date +%s.%N)
  TC_TRACE=1 "$bin" -i "$clip" -o "$OUT/r/$name.hevc" --csv "$OUT/r/$name.csv" --qp 32 --bframes 0 \
    --gpu --quiet --pipeline --threads 16 "$@" 2> "$OUT/r/$name.log"
  echo "$name rc=$? wall_s=$(python3 -c "print(round($(date +%s.%N) - $start, 3))")" >> "$OUT/r/runs.txt"
}
ab() {  # name clip args...
  local name=$1; shift
  run /tmp/bA/tcenc "$name.A" "$@"; run /tmp/bB/tcenc "$name.B" "$@"
}
python3 bench/cuda/make_panned_clip.py samples/vt2people_320x192_9f.y4m 3840 2160 40 /tmp/p4k.y4m
for round in 1 2; do ab 4k.$round /tmp/p4k.y4m --preset ultrafast --gpu-decisions; done
ab 4k.cpufilters /tmp/p4k.y4m --preset ultrafast --gpu-decisions --no-gpu-filters
ab 4k.ultrafast_gpu /tmp/p4k.y4m --preset ultrafast
ab 4k.s4 /tmp/p4k.y4m --preset ultrafast --gpu-decisions --slices 4
rm -f /tmp/p4k.y4m
python3 bench/cuda/make_panned_clip.py samples/vt2people_320x192_9f.y4m 7680 4320 16 /tmp/p8k.y4m
ab 8k /tmp/p8k.y4m --preset ultrafast --gpu-decisions
rm -f /tmp/p8k.y4m
python3 bench/cuda/make_panned_clip.py samples/vt2people_320x192_9f.y4m 1920 1080 60 /tmp/p1080.y4m
for round in 1 2; do ab 1080.$round /tmp/p1080.y4m --preset ultrafast --gpu-decisions; done
rm -f /tmp/p1080.y4m
md5sum "$OUT"/r/*.hevc | sed "s|$OUT/r/||" | sort > "$OUT/r/md5.txt"
cat "$OUT/r/runs.txt"
