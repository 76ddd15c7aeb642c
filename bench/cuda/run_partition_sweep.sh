#!/bin/bash
# Per-frame latency of ways to cut a picture for threads, on the GPU machine's cores: the
# panned 1080p, 4K and 8K clips of run_gpu_end_to_end.sh, low-delay P, every option set of
# CONFIGS (separated by ';') in turn within each round (ROUNDS rounds, the order reversed every
# other round), one build. CSVs go to $OUT/partition (summarise with
# bench/cuda/summarise_end_to_end.py; the GPU machine has no ffmpeg: decode streams elsewhere).
#   BUILD=/tmp/tcenc-gpu-build OUT=dir [CONFIGS="--slices 1;--tiles 4x4"] [ROUNDS=2]
#   [PRESETS=...] [ARGS=--gpu] [SIZES="3840x2160:12 7680x4320:6"] bash bench/cuda/run_partition_sweep.sh
set -u
OUT=${OUT:-$PWD/gpu-results}
BUILD=${BUILD:-/tmp/tcenc-gpu-build}
ROUNDS=${ROUNDS:-2}
CONFIGS=${CONFIGS:-"--slices 1;--slices 8;--tiles 4x4;--tiles 8x4"}
PRESETS=${PRESETS:-ultrafast superfast}
ARGS=${ARGS:-}
SIZES=${SIZES:-1920x1080:24 3840x2160:12 7680x4320:6}
threads=$(nproc)
mkdir -p "$OUT/partition"
IFS=';' read -r -a configs <<<"$CONFIGS"
for size in $SIZES; do
  dims=${size%%:*}; frames=${size##*:}
  clip=/tmp/pan_${dims}_$frames.y4m
  [ -f "$clip" ] || python3 bench/cuda/make_panned_clip.py samples/vt2people_320x192_9f.y4m ${dims%x*} ${dims#*x} "$frames" "$clip"
  for preset in $PRESETS; do
    for round in $(seq "$ROUNDS"); do
      order=("${configs[@]}")
      if [ $((round % 2)) -eq 0 ]; then
        order=(); for ((i = ${#configs[@]} - 1; i >= 0; i--)); do order+=("${configs[$i]}"); done
      fi
      for config in "${order[@]}"; do
        tag=$(echo "$config $ARGS" | tr -d ' -')
        name=$dims.$preset.$tag
        "$BUILD/tcenc" -i "$clip" -o "$OUT/partition/$name.hevc" --csv "$OUT/partition/$name.r$round.csv" --qp 32 \
          --bframes 0 --preset "$preset" --threads "$threads" $config $ARGS --quiet 2>>"$OUT/partition/log.txt"
        echo "$name round $round rc=$?" >>"$OUT/partition/log.txt"
      done
    done
  done
  rm -f "$clip"
done
tail -3 "$OUT/partition/log.txt"
