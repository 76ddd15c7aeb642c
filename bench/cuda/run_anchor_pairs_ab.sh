#!/bin/bash
# Anchor pairs on the GPU machine's cores: frame-threads 1 against 2 (random access, 3 B-frames,
# CPU motion search) on the panned 720p and 1080p clips of run_gpu_end_to_end.sh, whole-encode
# wall time per run, the two settings alternated within each of ROUNDS rounds; the streams of
# the two must be byte-identical (printed). Results to $OUT/anchor_pairs.txt.
#   BUILD=/tmp/tcenc-gpu-build OUT=dir [ROUNDS=5] [PRESETS="ultrafast superfast"] bash bench/cuda/run_anchor_pairs_ab.sh
set -u
OUT=${OUT:-$PWD/gpu-results}
BUILD=${BUILD:-/tmp/tcenc-gpu-build}
ROUNDS=${ROUNDS:-5}
PRESETS=${PRESETS:-ultrafast superfast}
threads=$(nproc)
mkdir -p "$OUT"
result=$OUT/anchor_pairs.txt
echo "threads $threads, rounds $ROUNDS" >"$result"
for size in 1280x720:32 1920x1080:32; do
  dims=${size%%:*}; frames=${size##*:}
  clip=/tmp/pan_${dims}_$frames.y4m
  [ -f "$clip" ] || python3 bench/cuda/make_panned_clip.py samples/vt2people_320x192_9f.y4m ${dims%x*} ${dims#*x} "$frames" "$clip"
  for preset in $PRESETS; do
    for round in $(seq "$ROUNDS"); do
      for ft in 1 2; do
        start=$(date +%s%N)
        "$BUILD/tcenc" -i "$clip" -o "/tmp/ap_$ft.hevc" --qp 32 --bframes 3 --preset "$preset" \
          --threads "$threads" --set frame-threads=$ft --quiet
        end=$(date +%s%N)
        echo "$dims $preset frame-threads=$ft round $round ms $(((end - start) / 1000000))" >>"$result"
      done
      cmp -s /tmp/ap_1.hevc /tmp/ap_2.hevc && same=identical || same=DIFFERENT
      echo "$dims $preset round $round streams $same" >>"$result"
    done
  done
  rm -f "$clip"
done
cat "$result"
