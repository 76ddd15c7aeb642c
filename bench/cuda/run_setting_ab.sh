#!/bin/bash
# One setting's two values A/B on the GPU machine's cores (or any machine): whole-encode wall time
# per run on the panned clips of run_gpu_end_to_end.sh, random access (3 B-frames), the two
# values alternated within each of ROUNDS rounds; whether the two streams are byte-identical is
# printed per round. Results to $OUT/<setting>_ab.txt, the last round's streams beside it.
#   BUILD=/tmp/tcenc-gpu-build OUT=dir SETTING=frame-threads A=1 B=2 [ROUNDS=5]
#   [PRESETS="ultrafast superfast"] [SIZES="1280x720:32 1920x1080:32"] [ARGS=...]
#   bash bench/cuda/run_setting_ab.sh
set -u
OUT=${OUT:-$PWD/gpu-results}
BUILD=${BUILD:-/tmp/tcenc-gpu-build}
ROUNDS=${ROUNDS:-5}
PRESETS=${PRESETS:-ultrafast superfast}
SIZES=${SIZES:-1280x720:32 1920x1080:32}
ARGS=${ARGS:-}
threads=$(nproc)
mkdir -p "$OUT"
result=$OUT/${SETTING}_ab.txt
echo "threads $threads, rounds $ROUNDS, $SETTING $A against $B, args: $ARGS" >"$result"
for size in $SIZES; do
  dims=${size%%:*}; frames=${size##*:}
  clip=/tmp/pan_${dims}_$frames.y4m
  [ -f "$clip" ] || python3 bench/cuda/make_panned_clip.py samples/vt2people_320x192_9f.y4m ${dims%x*} ${dims#*x} "$frames" "$clip"
  for preset in $PRESETS; do
    for round in $(seq "$ROUNDS"); do
      for value in "$A" "$B"; do
        start=$(date +%s%N)
        "$BUILD/tcenc" -i "$clip" -o "/tmp/ab_$value.hevc" --qp 32 --bframes 3 --preset "$preset" \
          --threads "$threads" --set "$SETTING=$value" $ARGS --quiet
        end=$(date +%s%N)
        echo "$dims $preset $SETTING=$value round $round ms $(((end - start) / 1000000))" >>"$result"
      done
      cmp -s "/tmp/ab_$A.hevc" "/tmp/ab_$B.hevc" && same=identical || same=DIFFERENT
      echo "$dims $preset round $round streams $same" >>"$result"
      if [ "$round" -eq "$ROUNDS" ]; then  # the last round's streams, to decode elsewhere
        for value in "$A" "$B"; do cp "/tmp/ab_$value.hevc" "$OUT/$dims.$preset.${SETTING}_$value.hevc"; done
      fi
    done
  done
  rm -f "$clip"
done
cat "$result"
