#!/bin/bash
# Sixteenth session: end-to-end with SAO on the GPU (the tree as it is), --gpu --gpu-decisions
# --preset ultrafast, low-delay P, QP 32, panned clips: 1080p (60 frames), 4K (40), 8K (16) with
# --pipeline-rows on 16 threads, twice each; 4K also on 12, 20 and 24 threads and with --pipeline
# alone; 1080p with --pipeline alone. CSVs and digests under $OUT/s (the digests must equal the
# CPU mirror's: 1080p 60f and 4K 40f computed on the development machine). Carry
# build-cuda/devdeps/include.
#   OUT=$OUT timeout 560 bash bench/cuda/pending/run_session16_sweep.sh
set -u
OUT=${OUT:-$PWD/gpu-results}; mkdir -p "$OUT/s"
export PATH=/usr/local/cuda/bin:$PATH
{ cmake -S . -B /tmp/b -DCMAKE_BUILD_TYPE=Release -DTCENC_CUDA=ON -DTCENC_WERROR=ON -DTCENC_BUILD_TESTS=OFF \
    -DCMAKE_CXX_FLAGS="-isystem $PWD/build-cuda/devdeps/include" | tail -1
  time cmake --build /tmp/b -j16 --target tcenc 2>&1 | grep -E "error|warning" | head; } > "$OUT/s/build.txt" 2>&1
run() {  # name clip args...
  local name=$1 clip=$2; shift 2
  local start; start=$(date +%s.%N)
  /tmp/b/tcenc -i "$clip" -o "$OUT/s/$name.hevc" --csv "$OUT/s/$name.csv" --qp 32 --bframes 0 \
    --gpu --gpu-decisions --preset ultrafast --quiet "$@" 2> "$OUT/s/$name.log"
  echo "$name rc=$? wall_s=$(python3 -c "print(round($(date +%s.%N) - $start, 3))")" >> "$OUT/s/runs.txt"
}
python3 bench/cuda/make_panned_clip.py samples/vt2people_320x192_9f.y4m 1920 1080 60 /tmp/p1080.y4m
for round in 1 2; do run 1080.rows.$round /tmp/p1080.y4m --pipeline-rows --threads 16; run 1080.pipe.$round /tmp/p1080.y4m --pipeline --threads 16; done
python3 bench/cuda/make_panned_clip.py samples/vt2people_320x192_9f.y4m 3840 2160 40 /tmp/p4k.y4m
for round in 1 2; do
  for t in 16 12 20 24; do run 4k.rows.t$t.$round /tmp/p4k.y4m --pipeline-rows --threads $t; done
  run 4k.pipe.$round /tmp/p4k.y4m --pipeline --threads 16
done
rm -f /tmp/p4k.y4m
python3 bench/cuda/make_panned_clip.py samples/vt2people_320x192_9f.y4m 7680 4320 16 /tmp/p8k.y4m
for round in 1 2; do run 8k.rows.$round /tmp/p8k.y4m --pipeline-rows --threads 16; done
rm -f /tmp/p8k.y4m
md5sum "$OUT"/s/*.hevc | sed "s|$OUT/s/||" | sort > "$OUT/s/md5.txt"
rm -f "$OUT"/s/*.hevc
cat "$OUT/s/runs.txt" "$OUT/s/md5.txt"
