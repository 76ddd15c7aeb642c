#!/bin/bash
# BD-rate of the GPU mode (CPU mirror) with the sub-block decision and the weighted bits against x265 veryfast zerolatency.
T=${TCENC:-build/tcenc}
G="--bframes 0 --threads 2 --quiet --gpu --gpu-algorithm-on-cpu --gpu-decisions"
for clip in /tmp/w/foreman30.y4m /work/shared/data/crowd_run_1280x720_10f.y4m /tmp/w/bikes60.y4m /tmp/w/driving_pan.y4m /tmp/w/cam1080_40.y4m; do
  echo "## $clip"
  python3 /work/shared/tools/rd_compare.py "$clip" --qps 22,27,32,37 \
    --enc 'x265-veryfast=x265 --preset veryfast --tune zerolatency --qp {qp} --input {in} -o {out} --pools 2 --frame-threads 1' \
    --enc "uf-signhide=$T -i {in} -o {out} --qp {qp} --preset ultrafast --set signhide=1 $G" \
    --enc "sf=$T -i {in} -o {out} --qp {qp} --preset superfast $G" 2>&1 | grep -v "^\s*$"
done
