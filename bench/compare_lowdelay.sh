#!/usr/bin/env bash
# Low-delay P (no B-frames) rate-distortion and speed of tcenc against x265 --tune
# zerolatency presets, one thread each (tcenc encodes on one thread in this version), with
# ../shared/tools/rd_compare.py.
#   bench/compare_lowdelay.sh [OUTDIR] [CLIP...]
# Default clips: crowd_run (10 frames), foreman and bikes (first 60 frames), driving_pan (16).
# driving_pan is full range: rd_compare.py decodes with -pix_fmt yuv420p, which would
# range-convert only the encoder that signals full range, so the tag is stripped from a copy.
set -euo pipefail
source "$(dirname "$0")/bench_clips.sh" out/bench_lowdelay 60 1 "$@"
x265_common='--tune zerolatency --keyint 120 --qp {qp} --pools 1 --frame-threads 1 --no-wpp --log-level error --input {in} -o {out}'
for clip in "${clips[@]}"; do
    name=$(basename "$clip" .y4m)
    python3 "$rd" "$clip" --qps 22,27,32,37 --csv "$out/$name.csv" \
        --enc "x265-ultrafast-zl=x265 --preset ultrafast $x265_common" \
        --enc "x265-veryfast-zl=x265 --preset veryfast $x265_common" \
        --enc "x265-medium-zl=x265 --preset medium $x265_common" \
        --enc "tcenc=$tcenc -i {in} -o {out} --qp {qp} --keyint 120 --threads 1 --quiet" |
        tee "$out/$name.txt"
done
