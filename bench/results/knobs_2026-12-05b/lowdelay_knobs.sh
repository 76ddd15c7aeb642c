#!/usr/bin/env bash
set -euo pipefail
cd /work/main
source bench/bench_clips.sh /tmp/w/ldk 60 1 /tmp/w/ldk /tmp/w/bikes60.y4m /tmp/w/drv16.y4m /tmp/w/foreman60.y4m /work/shared/data/crowd_run_1280x720_10f.y4m
x="--tune zerolatency --keyint 120 --qp {qp} --pools 2 --frame-threads 1 --log-level error --input {in} -o {out}"
t="-i {in} -o {out} --qp {qp} --keyint 120 --tune zerolatency --threads 2 --quiet --preset ultrafast"
for clip in "${clips[@]}"; do
  compare_on_clip "$clip" 3 --enc "x265-ultrafast-zl=x265 --preset ultrafast $x" \
    --enc "base=build/tcenc $t" --enc "sub1=build/tcenc $t --set subme=1" --enc "mr16=build/tcenc $t --merange 16" \
    --enc "mm1=build/tcenc $t --set max-merge=1" --enc "sub1mr16=build/tcenc $t --set subme=1 --merange 16"
done
