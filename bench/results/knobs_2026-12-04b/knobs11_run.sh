#!/usr/bin/env bash
set -euo pipefail
cd /work/main
out=/tmp/w/knobs11
x="x265 --preset ultrafast --keyint 120 --qp {qp} --pools 2 --frame-threads 1 --log-level error --input {in} -o {out}"
a="--qp {qp} --keyint 120 --bframes 3 --preset ultrafast --threads 2 --set frame-threads=2 --quiet"
for clip in /tmp/w/cp_d883d61/bikes_60f.y4m /tmp/w/cp_d883d61/foreman_60f.y4m /work/shared/data/crowd_run_1280x720_10f.y4m /tmp/w/cp_d883d61/driving_pan_16f.y4m; do
  name=$(basename $clip .y4m)
  encs=(--enc "x265-uf=$x" --enc "base=/tmp/w/tcenc_fc77 -i {in} -o {out} $a" --enc "ctu32=/tmp/w/tcenc_ctu32 -i {in} -o {out} $a" --enc "ctu32_1t=/tmp/w/tcenc_ctu32 -i {in} -o {out} $a --set frame-threads=1")
  python3 /work/shared/tools/rd_compare.py $clip --qps 22,27,32,37 --csv $out/$name.csv "${encs[@]}" > $out/$name.txt 2>&1
  python3 bench/speed_repeats.py $clip --rounds 3 --qps 22,27,32,37 "${encs[@]}" >> $out/$name.txt 2>&1
done
echo done
