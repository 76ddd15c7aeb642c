G="--bframes 0 --threads 1 --quiet --gpu --gpu-algorithm-on-cpu --gpu-decisions --preset ultrafast --set signhide=1"
for clip in /tmp/w/foreman30.y4m /work/shared/data/crowd_run_1280x720_10f.y4m /tmp/w/bikes60.y4m; do
  b=$(basename $clip .y4m)
  python3 /work/shared/tools/rd_compare.py "$clip" --qps 22,27,32,37 --csv /tmp/w27/amvpo_$b.csv \
    --enc 'x265-veryfast=x265 --preset veryfast --tune zerolatency --qp {qp} --input {in} -o {out} --pools 1 --frame-threads 1' \
    --enc "split4=/tmp/tcenc_split4 -i {in} -o {out} --qp {qp} $G" \
    --enc "over3=/tmp/tcenc_amvpo3 -i {in} -o {out} --qp {qp} $G" --enc "over4=/tmp/tcenc_amvpo4 -i {in} -o {out} --qp {qp} $G" > /tmp/w27/amvpo_$b.txt 2>&1
  echo "## $b"; python3 /work/main/bench/bd_yuv.py /tmp/w27/amvpo_$b.csv /work/shared/tools
done
