T=/tmp/tcenc_chroma
G="--bframes 0 --threads 1 --quiet --gpu --gpu-algorithm-on-cpu --gpu-decisions --preset ultrafast --set signhide=1"
W='$(python3 -c "q={qp}; t=[29,30,31,32,33,33,34,34,35,35,36,36,37,37]; c=q if q<30 else (t[q-30] if q<44 else q-6); print(2**(-(q-c)/3)*SCALE)")'
for clip in /tmp/w/bikes60.y4m /tmp/w/foreman30.y4m /work/shared/data/crowd_run_1280x720_10f.y4m; do
  b=$(basename $clip .y4m)
  python3 /work/shared/tools/rd_compare.py "$clip" --qps 22,27,32,37 --csv /tmp/w27/chroma2_$b.csv \
    --enc 'x265-veryfast=x265 --preset veryfast --tune zerolatency --qp {qp} --input {in} -o {out} --pools 1 --frame-threads 1' \
    --enc "cw=TC_CHROMA_LAMBDA=${W/SCALE/1} $T -i {in} -o {out} --qp {qp} $G" \
    --enc "cw16=TC_CHROMA_LAMBDA=${W/SCALE/0.625} $T -i {in} -o {out} --qp {qp} $G" > /tmp/w27/chroma2_$b.txt 2>&1
  echo "## $b"; python3 bench/bd_yuv.py /tmp/w27/chroma2_$b.csv /work/shared/tools
done
