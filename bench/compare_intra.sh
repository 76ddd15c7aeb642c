#!/usr/bin/env bash
# All-intra rate-distortion and speed of tcenc against x265 (one thread each, since tcenc
# encodes on one thread in this version), with ../shared/tools/rd_compare.py.
#   bench/compare_intra.sh [OUTDIR] [CLIP...]
# Default clips: crowd_run, foreman (first 30 frames) and driving_pan from ../shared/data.
set -euo pipefail
source "$(dirname "$0")/bench_clips.sh" out/bench_intra 30 0 "$@"
x265_common='--keyint 1 --qp {qp} --pools 1 --frame-threads 1 --no-wpp --log-level error --input {in} -o {out}'
for clip in "${clips[@]}"; do
    name=$(basename "$clip" .y4m)
    python3 "$rd" "$clip" --qps 22,27,32,37 --csv "$out/$name.csv" \
        --enc "x265-ultrafast=x265 --preset ultrafast $x265_common" \
        --enc "x265-ultrafast-psnr=x265 --preset ultrafast --tune psnr $x265_common" \
        --enc "x265-medium=x265 --preset medium $x265_common" \
        --enc "x265-medium-psnr=x265 --preset medium --tune psnr $x265_common" \
        --enc "tcenc=$tcenc -i {in} -o {out} --qp {qp} --keyint 1 --threads 1 --quiet" |
        tee "$out/$name.txt"
done
