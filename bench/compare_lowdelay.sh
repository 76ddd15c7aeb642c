#!/usr/bin/env bash
# Low-delay P (no B-frames) rate-distortion and speed of tcenc presets against x265 --tune
# zerolatency presets, the same thread count for both, with ../shared/tools/rd_compare.py.
#   bench/compare_lowdelay.sh [OUTDIR] [CLIP...]
#   THREADS=2 (default 1; x265 then runs WPP with that many threads, no frame threads)
#   PRESETS="ultrafast superfast" (tcenc, default medium), X265_PRESETS (default "ultrafast
#   veryfast medium"), ROUNDS=3 (default 0): the speed again as the median of that many
#   interleaved rounds (bench/speed_repeats.py).
# Default clips: crowd_run (10 frames), foreman and bikes (first 60 frames), driving_pan (16).
# driving_pan is full range: rd_compare.py decodes with -pix_fmt yuv420p, which would
# range-convert only the encoder that signals full range, so the tag is stripped from a copy.
set -euo pipefail
source "$(dirname "$0")/bench_clips.sh" out/bench_lowdelay 60 1 "$@"
threads=${THREADS:-1}
rounds=${ROUNDS:-0}
presets=${PRESETS:-medium}
x265_presets=${X265_PRESETS:-"ultrafast veryfast medium"}
x265_common="--tune zerolatency --keyint 120 --qp {qp} $(x265_thread_args "$threads") --log-level error --input {in} -o {out}"
for clip in "${clips[@]}"; do
    preset_encoders -zl "$x265_presets" "$x265_common" "$presets" "-i {in} -o {out} --qp {qp} --keyint 120 --tune zerolatency"
    compare_on_clip "$clip" "$rounds" "${encoders[@]}"
done
