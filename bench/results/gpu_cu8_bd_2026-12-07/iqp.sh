# iqp.sh CLIP...: I pictures at QP - 3 (scratch TC_IQP) against the same build without, GPU mode defaults
R=/work/main/bench/results/gpu_cu8_bd_2026-12-07
G="--bframes 0 --threads 1 --quiet --gpu --gpu-algorithm-on-cpu --gpu-decisions --preset ultrafast --set signhide=1"
for clip in "$@"; do
  b=$(basename $clip .y4m)
  nice python3 /work/shared/tools/rd_compare.py "$clip" --qps 22,27,32,37 --csv $R/iqp_$b.csv \
    --enc 'x265-veryfast=x265 --preset veryfast --tune zerolatency --qp {qp} --input {in} -o {out} --pools 1 --frame-threads 1' \
    --enc "base=/tmp/w/tcenc_bits -i {in} -o {out} --qp {qp} $G" \
    --enc "iqp3=env TC_IQP=3 /tmp/w/tcenc_bits -i {in} -o {out} --qp {qp} $G" > $R/iqp_$b.txt 2>&1
  echo "## $b"; python3 /work/main/bench/bd_yuv.py $R/iqp_$b.csv /work/shared/tools
done
