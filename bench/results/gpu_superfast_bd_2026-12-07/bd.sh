# Twenty-ninth session: the GPU mode in superfast (sign hiding, 3 merge candidates) on the CPU mirror
# with the 8x8 CUs (default: on below 4K), BD-rate against x265 veryfast zerolatency (PSNR-Y and
# PSNR-YUV, bench/bd_yuv.py); /tmp/w/tcenc_final is the build of c4bfe89 (the CPU code as at the session's end).
#   bash bd.sh CLIP...   (the clips as in ../gpu_skips_bd_2026-12-07/bd.sh)
R=/work/main/bench/results/gpu_superfast_bd_2026-12-07
G="--bframes 0 --threads 1 --quiet --gpu --gpu-algorithm-on-cpu --gpu-decisions --preset superfast"
for clip in "$@"; do
  b=$(basename $clip .y4m)
  python3 /work/shared/tools/rd_compare.py "$clip" --qps 22,27,32,37 --csv $R/$b.csv \
    --enc 'x265-veryfast=x265 --preset veryfast --tune zerolatency --qp {qp} --input {in} -o {out} --pools 1 --frame-threads 1' \
    --enc "superfast=/tmp/w/tcenc_final -i {in} -o {out} --qp {qp} $G" > $R/$b.txt 2>&1
  echo "## $b"; python3 /work/main/bench/bd_yuv.py $R/$b.csv /work/shared/tools
done
