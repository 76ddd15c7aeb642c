G="--bframes 0 --threads 1 --quiet --gpu --gpu-algorithm-on-cpu --gpu-decisions"
for clip in /tmp/w/driving_pan.y4m /tmp/w/cam1080_40.y4m; do
  b=$(basename $clip .y4m)
  python3 /work/shared/tools/rd_compare.py "$clip" --qps 22,27,32,37 --csv /tmp/w27/chroma3_$b.csv \
    --enc 'x265-veryfast=x265 --preset veryfast --tune zerolatency --qp {qp} --input {in} -o {out} --pools 1 --frame-threads 1' \
    --enc "uf-before=TC_CHROMA_LAMBDA=1 /tmp/tcenc_chroma -i {in} -o {out} --qp {qp} --preset ultrafast --set signhide=1 $G" \
    --enc "uf=/tmp/tcenc_c05 -i {in} -o {out} --qp {qp} --preset ultrafast --set signhide=1 $G" > /tmp/w27/chroma3_$b.txt 2>&1
  echo "## $b"; python3 bench/bd_yuv.py /tmp/w27/chroma3_$b.csv /work/shared/tools
done
for clip in /tmp/w/bikes60.y4m /tmp/w/foreman30.y4m /work/shared/data/crowd_run_1280x720_10f.y4m /tmp/w/driving_pan.y4m /tmp/w/cam1080_40.y4m; do
  b=$(basename $clip .y4m)
  python3 /work/shared/tools/rd_compare.py "$clip" --qps 22,27,32,37 --csv /tmp/w27/sf_$b.csv \
    --enc 'x265-veryfast=x265 --preset veryfast --tune zerolatency --qp {qp} --input {in} -o {out} --pools 1 --frame-threads 1' \
    --enc "sf-before=TC_CHROMA_LAMBDA=1 /tmp/tcenc_chroma -i {in} -o {out} --qp {qp} --preset superfast $G" \
    --enc "sf=/tmp/tcenc_c05 -i {in} -o {out} --qp {qp} --preset superfast $G" > /tmp/w27/sf_$b.txt 2>&1
  echo "## sf $b"; python3 bench/bd_yuv.py /tmp/w27/sf_$b.csv /work/shared/tools
done
