#!/usr/bin/env bash
# Random-access (B-frames) rate-distortion and speed of tcenc (3 B-frames) against x265
# presets with their default B-frames, one thread each, with ../shared/tools/rd_compare.py.
#   bench/compare_random_access.sh [OUTDIR] [CLIP...]
# Default clips: crowd_run (10 frames), foreman and bikes (first 60 frames), driving_pan (16).
# driving_pan is full range: rd_compare.py decodes with -pix_fmt yuv420p, which would
# range-convert only the encoder that signals full range, so the tag is stripped from a copy.
set -euo pipefail
source "$(dirname "$0")/bench_clips.sh" out/bench_random_access 60 1 "$@"
x265_common='--keyint 120 --qp {qp} --pools 1 --frame-threads 1 --no-wpp --log-level error --input {in} -o {out}'
for clip in "${clips[@]}"; do
    name=$(basename "$clip" .y4m)
    python3 "$rd" "$clip" --qps 22,27,32,37 --csv "$out/$name.csv" \
        --enc "x265-ultrafast=x265 --preset ultrafast $x265_common" \
        --enc "x265-veryfast=x265 --preset veryfast $x265_common" \
        --enc "x265-medium=x265 --preset medium $x265_common" \
        --enc "tcenc=$tcenc -i {in} -o {out} --qp {qp} --keyint 120 --bframes 3 --threads 1 --quiet" |
        tee "$out/$name.txt"
done
