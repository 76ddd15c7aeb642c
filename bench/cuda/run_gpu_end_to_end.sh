#!/bin/bash
# End-to-end encodes on the GPU machine (issue 7's measurement): panned 1080p, 4K and 8K clips
# made from the bundled sample, low-delay P, ultrafast and superfast, with and without --gpu,
# all cores; per-frame wall time and its stages from --csv (tc_get_frame_stage_times). Streams
# and CSVs go to $OUT, to be decoded and summarised on a machine with ffmpeg
# (bench/cuda/summarise_end_to_end.py). Run after run_gpu_checks.sh (uses its build).
#   BUILD=/tmp/tcenc-gpu-build OUT=dir bash bench/cuda/run_gpu_end_to_end.sh
#   SIZES="1920x1080:120 3840x2160:100" (default 1920x1080:24 3840x2160:12 7680x4320:6): frames
#   per size; 100 frames or more give summarise_end_to_end.py a p99 that is not the maximum.
#   PRESETS="ultrafast" (default ultrafast superfast).
#   MODES="cpu gpu decisions" (the default): the CPU path, --gpu (motion search on the GPU) and
#   --gpu --gpu-decisions (P pictures decided and reconstructed on the GPU); also "pipeline":
#   --gpu --gpu-decisions --pipeline (each picture hashed while the next one is coded), and
#   "pipeline-slices": the same with --slices 4.
set -u
OUT=${OUT:-$PWD/gpu-results}
BUILD=${BUILD:-/tmp/tcenc-gpu-build}
mkdir -p "$OUT/e2e"
threads=$(nproc)
for size in ${SIZES:-1920x1080:24 3840x2160:12 7680x4320:6}; do
  dims=${size%%:*}; frames=${size##*:}
  clip=/tmp/pan_${dims}_$frames.y4m
  [ -f "$clip" ] || python3 bench/cuda/make_panned_clip.py samples/vt2people_320x192_9f.y4m ${dims%x*} ${dims#*x} "$frames" "$clip"
  for preset in ${PRESETS:-ultrafast superfast}; do
    for mode in ${MODES:-cpu gpu decisions}; do
      case $mode in
        cpu) gpu=(); suffix= ;;
        gpu) gpu=(--gpu); suffix=.gpu ;;
        decisions) gpu=(--gpu --gpu-decisions); suffix=.gpu-decisions ;;
        pipeline) gpu=(--gpu --gpu-decisions --pipeline); suffix=.gpu-decisions-pipeline ;;
        pipeline-slices) gpu=(--gpu --gpu-decisions --pipeline --slices 4); suffix=.gpu-decisions-pipeline-slices4 ;;
        *) echo "unknown mode $mode" >&2; exit 2 ;;
      esac
      name=$dims.$preset$suffix
      start=$(date +%s.%N)
      "$BUILD/tcenc" -i "$clip" -o "$OUT/e2e/$name.hevc" --csv "$OUT/e2e/$name.csv" --qp 32 --bframes 0 \
        --preset $preset --threads "$threads" "${gpu[@]}" --quiet 2>>"$OUT/e2e/log.txt"
      rc=$?
      # The whole command's wall time (file reading and writing included): frames / seconds.
      echo "$name rc=$rc wall_s=$(python3 -c "print(round($(date +%s.%N) - $start, 3))")" >>"$OUT/e2e/log.txt"
    done
    # --pipeline must not change the stream.
    base="$OUT/e2e/$dims.$preset.gpu-decisions.hevc"
    if [ -f "$base" ] && [ -f "$OUT/e2e/$dims.$preset.gpu-decisions-pipeline.hevc" ]; then
      if cmp -s "$base" "$OUT/e2e/$dims.$preset.gpu-decisions-pipeline.hevc"; then same=IDENTICAL; else same=DIFFERENT; fi
      echo "$dims.$preset --pipeline against without: $same" >>"$OUT/e2e/log.txt"
    fi
  done
  rm -f "$clip"
done
cat "$OUT/e2e/log.txt"
