# Twenty-eighth session: the area decisions' merge-candidate rate and the skip decisions, on the
# CPU mirror, BD-rate against x265 veryfast zerolatency (PSNR-Y and PSNR-YUV, bench/bd_yuv.py).
#   old: /tmp/w/tcenc_old (b0a5e6e)   new: /tmp/w/tcenc_new (20fd786; gpu-skips 1 by default)
#   driving16 = driving_pan_1920x1080_16f_fullrange.y4m with XCOLORRANGE=FULL taken out of its header
#   (full range: the PSNRs came out wrong); cam1080_40 = upscale_clip camera_1080p_10f.y4m 1 40; c4k10 = upscale_clip ... 2 10.
R=/work/main/bench/results/gpu_skips_bd_2026-12-07
G="--bframes 0 --threads 1 --quiet --gpu --gpu-algorithm-on-cpu --gpu-decisions --preset ultrafast --set signhide=1"
for clip in /tmp/w/c4k10.y4m /tmp/w/foreman30.y4m /work/shared/data/crowd_run_1280x720_10f.y4m /tmp/w/bikes60.y4m \
            /tmp/w/driving16.y4m /tmp/w/cam1080_40.y4m; do
  b=$(basename $clip .y4m)
  python3 /work/shared/tools/rd_compare.py "$clip" --qps 22,27,32,37 --csv $R/$b.csv \
    --enc 'x265-veryfast=x265 --preset veryfast --tune zerolatency --qp {qp} --input {in} -o {out} --pools 1 --frame-threads 1' \
    --enc "old=/tmp/w/tcenc_old -i {in} -o {out} --qp {qp} $G" \
    --enc "new=/tmp/w/tcenc_new -i {in} -o {out} --qp {qp} $G" > $R/$b.txt 2>&1
  echo "## $b"; python3 /work/main/bench/bd_yuv.py $R/$b.csv /work/shared/tools
done
