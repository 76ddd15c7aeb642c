# new.sh CLIP...: the build with the diagonal candidates and the 16x16 SATD (gpu-cu8 forced on) against x265
R=/work/main/bench/results/gpu_cu8_bd_2026-12-07
G="--bframes 0 --threads 1 --quiet --gpu --gpu-algorithm-on-cpu --gpu-decisions --preset ultrafast --set signhide=1 --set gpu-cu8=1"
for clip in "$@"; do
  b=$(basename $clip .y4m)
  nice python3 /work/shared/tools/rd_compare.py "$clip" --qps 22,27,32,37 --csv $R/new_$b.csv \
    --enc 'x265-veryfast=x265 --preset veryfast --tune zerolatency --qp {qp} --input {in} -o {out} --pools 1 --frame-threads 1' \
    --enc "new=/tmp/w/tcenc_new -i {in} -o {out} --qp {qp} $G" > $R/new_$b.txt 2>&1
  echo "## $b"; python3 /work/main/bench/bd_yuv.py $R/new_$b.csv /work/shared/tools
done
