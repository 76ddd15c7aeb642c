#!/bin/bash
# Slices against per-frame latency on the GPU machine's cores: the panned 1080p, 4K and 8K clips
# of run_gpu_end_to_end.sh, low-delay P, every slice count of SLICES in turn within each round
# (ROUNDS rounds, the order reversed every other round), one build. CSVs and the last round's
# streams go to $OUT/slices (summarise with bench/cuda/summarise_end_to_end.py; decode the
# streams elsewhere: the GPU machine has no ffmpeg).
#   BUILD=/tmp/tcenc-gpu-build OUT=dir [SLICES="1 2 4 8"] [ROUNDS=3] [PRESETS=...] [ARGS=--gpu]
#   [SIZES="1920x1080:24 3840x2160:12 7680x4320:6"] bash bench/cuda/run_slices_sweep.sh
set -u
OUT=${OUT:-$PWD/gpu-results}
BUILD=${BUILD:-/tmp/tcenc-gpu-build}
ROUNDS=${ROUNDS:-3}
SLICES=${SLICES:-1 2 4 8}
PRESETS=${PRESETS:-ultrafast superfast}
ARGS=${ARGS:-}
SIZES=${SIZES:-1920x1080:24 3840x2160:12 7680x4320:6}
threads=$(nproc)
mkdir -p "$OUT/slices"
for size in $SIZES; do
  dims=${size%%:*}; frames=${size##*:}
  clip=/tmp/pan_${dims}_$frames.y4m
  [ -f "$clip" ] || python3 bench/cuda/make_panned_clip.py samples/vt2people_320x192_9f.y4m ${dims%x*} ${dims#*x} "$frames" "$clip"
  for preset in $PRESETS; do
    for round in $(seq "$ROUNDS"); do
      order=$SLICES
      [ $((round % 2)) -eq 0 ] && order=$(echo "$SLICES" | tr ' ' '\n' | tac | tr '\n' ' ')
      for n in $order; do
        name=$dims.$preset${ARGS:+.$(echo "$ARGS" | tr -d ' -')}.s$n
        "$BUILD/tcenc" -i "$clip" -o "$OUT/slices/$name.hevc" --csv "$OUT/slices/$name.r$round.csv" --qp 32 \
          --bframes 0 --preset "$preset" --threads "$threads" --slices "$n" $ARGS --quiet 2>>"$OUT/slices/log.txt"
        echo "$name round $round rc=$?" >>"$OUT/slices/log.txt"
      done
    done
  done
  rm -f "$clip"
done
tail -3 "$OUT/slices/log.txt"
