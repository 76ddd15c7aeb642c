#!/bin/bash
# Two builds of tcenc side by side on the GPU machine's cores (e.g. a change against the commit
# before it): the panned 1080p, 4K and 8K clips of run_gpu_end_to_end.sh, low-delay P, each
# configuration run with build A, then B, then A and B again (ROUNDS times), so that both see
# the same machine state. CSVs and the last round's streams go to $OUT/ab/A and $OUT/ab/B
# (summarise each with bench/cuda/summarise_end_to_end.py; decode the streams elsewhere).
#   A=/tmp/base/build/tcenc B=/tmp/new/build/tcenc OUT=dir [ROUNDS=2] [PRESETS=...] [GPU=--gpu]
#     bash bench/cuda/run_end_to_end_ab.sh
# A_ARGS / B_ARGS: each side's own options (default: $GPU), e.g. one build without and with
# --gpu: A=build/tcenc B=build/tcenc B_ARGS=--gpu.
set -u
OUT=${OUT:-$PWD/gpu-results}
ROUNDS=${ROUNDS:-2}
PRESETS=${PRESETS:-ultrafast superfast}
GPU=${GPU:-}
A_ARGS=${A_ARGS-$GPU}
B_ARGS=${B_ARGS-$GPU}
threads=$(nproc)
mkdir -p "$OUT/ab/A" "$OUT/ab/B"
for size in 1920x1080:24 3840x2160:12 7680x4320:6; do
  dims=${size%%:*}; frames=${size##*:}
  clip=/tmp/pan_${dims}_$frames.y4m
  [ -f "$clip" ] || python3 bench/cuda/make_panned_clip.py samples/vt2people_320x192_9f.y4m ${dims%x*} ${dims#*x} "$frames" "$clip"
  for preset in $PRESETS; do
    name=$dims.$preset${GPU:+.gpu}
    for round in $(seq "$ROUNDS"); do
      for side in A B; do
        binary=${!side}
        side_args=${side}_ARGS
        "$binary" -i "$clip" -o "$OUT/ab/$side/$name.hevc" --csv "$OUT/ab/$side/$name.r$round.csv" --qp 32 \
          --bframes 0 --preset "$preset" --threads "$threads" ${!side_args} --quiet 2>>"$OUT/ab/log.txt"
        echo "$side $name round $round rc=$?" >>"$OUT/ab/log.txt"
      done
    done
  done
  rm -f "$clip"
done
cat "$OUT/ab/log.txt"
