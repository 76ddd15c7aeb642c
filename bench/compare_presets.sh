#!/usr/bin/env bash
# tcenc presets against x265 presets: BD-rate (reference: x265 ultrafast) and fps, side by
# side in one run, with ../shared/tools/rd_compare.py. Random access (tcenc 3 B-frames, x265
# its presets' B-frames), the same thread count for both.
#   bench/compare_presets.sh [OUTDIR] [CLIP...]
#   THREADS=2 bench/compare_presets.sh   (default 1; x265 then runs WPP with that many threads)
#   PRESETS="ultrafast veryfast" X265_PRESETS="ultrafast veryfast" bench/compare_presets.sh
#   TCENC_ARGS="--set frame-threads=2": more options for every tcenc encode
#   ROUNDS=5 (default): then the speed again as the median of 5 interleaved rounds
#   (bench/speed_repeats.py; this machine's single runs spread by up to 0.5).
# Default clips: crowd_run (10 frames), foreman and bikes (first 60 frames), driving_pan (16).
set -euo pipefail
source "$(dirname "$0")/bench_clips.sh" out/bench_presets 60 1 "$@"
threads=${THREADS:-1}
rounds=${ROUNDS:-5}
presets=${PRESETS:-"ultrafast superfast veryfast faster fast medium"}
x265_presets=${X265_PRESETS:-"ultrafast superfast veryfast medium"}
x265_common="--keyint 120 --qp {qp} $(x265_thread_args "$threads") --log-level error --input {in} -o {out}"
for clip in "${clips[@]}"; do
    preset_encoders "" "$x265_presets" "$x265_common" "$presets" "-i {in} -o {out} --qp {qp} --keyint 120 --bframes 3"
    # Speed again as the median of ROUNDS rounds, the encoders interleaved (0: rd_compare only).
    compare_on_clip "$clip" "$rounds" "${encoders[@]}"
done
