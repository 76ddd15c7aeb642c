#!/bin/bash
# Fifteenth session's third device run: "pipeline-rows" (a picture's rows run on a thread of
# their own into the next call, beside the next frame's input stage and motion search) against
# "pipeline" alone, same binary, interleaved: `--gpu --gpu-decisions` ultrafast QP 32 on the
# panned clips, 1080p (60 frames), 4K (40, twice each, and rows with 15 and 12 workers) and 8K
# (16). The streams must be the CPU mirror's digests (1080p 4b92f005..., 4K dec53ab4..., 8K
# 08566c78...). Carry build-cuda/devdeps/include (CLI11).
set -u
OUT=${OUT:-$PWD/gpu-results}; mkdir -p "$OUT/r"
export PATH=/usr/local/cuda/bin:$PATH
B=/tmp/bP
{ nvidia-smi -L; nproc
  cmake -S . -B $B -DCMAKE_BUILD_TYPE=Release -DTCENC_CUDA=ON -DTCENC_WERROR=ON -DTCENC_BUILD_TESTS=OFF \
    -DCMAKE_CXX_FLAGS="-isystem $PWD/build-cuda/devdeps/include" | tail -1
  time cmake --build $B -j16 --target tcenc 2>&1 | grep -E "error|warning|FAILED" | head; } > "$OUT/r/build.txt" 2>&1
run() {  # name clip args...
  local name=$1 clip=$2; shift 2
  local start=$(date +%s.%N)
  $B/tcenc -i "$clip" -o "$OUT/r/$name.hevc" --csv "$OUT/r/$name.csv" --qp 32 --bframes 0 --gpu --gpu-decisions \
    --preset ultrafast --quiet "$@" 2> "$OUT/r/$name.log"
  echo "$name rc=$? wall_s=$(python3 -c "print(round($(date +%s.%N) - $start, 3))")" >> "$OUT/r/runs.txt"
}
python3 bench/cuda/make_panned_clip.py samples/vt2people_320x192_9f.y4m 1920 1080 60 /tmp/p1080.y4m
run 1080.pipe /tmp/p1080.y4m --pipeline --threads 16
run 1080.rows /tmp/p1080.y4m --pipeline-rows --threads 16
run 1080.pipe.2 /tmp/p1080.y4m --pipeline --threads 16
run 1080.rows.2 /tmp/p1080.y4m --pipeline-rows --threads 16
rm -f /tmp/p1080.y4m
python3 bench/cuda/make_panned_clip.py samples/vt2people_320x192_9f.y4m 3840 2160 40 /tmp/p4k.y4m
for round in 1 2; do
  run 4k.pipe.$round /tmp/p4k.y4m --pipeline --threads 16
  run 4k.rows.$round /tmp/p4k.y4m --pipeline-rows --threads 16
done
run 4k.rows.t15 /tmp/p4k.y4m --pipeline-rows --threads 15
run 4k.rows.t12 /tmp/p4k.y4m --pipeline-rows --threads 12
run 4k.pipe.t12 /tmp/p4k.y4m --pipeline --threads 12
rm -f /tmp/p4k.y4m
python3 bench/cuda/make_panned_clip.py samples/vt2people_320x192_9f.y4m 7680 4320 16 /tmp/p8k.y4m
run 8k.pipe /tmp/p8k.y4m --pipeline --threads 16
run 8k.rows /tmp/p8k.y4m --pipeline-rows --threads 16
run 8k.pipe.2 /tmp/p8k.y4m --pipeline --threads 16
run 8k.rows.2 /tmp/p8k.y4m --pipeline-rows --threads 16
rm -f /tmp/p8k.y4m
md5sum "$OUT"/r/*.hevc | sed "s|$OUT/r/||" | sort > "$OUT/r/md5.txt"
cat "$OUT/r/runs.txt"
