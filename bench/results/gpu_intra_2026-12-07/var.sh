# var.sh CLIP TAG name=SETTINGS... : ${TCENC:-/tmp/w/tcenc_intra} (GPU mode, mirror) with each --set list against x265 veryfast
# R: the folder the results go to (default this one).
R=${R:-/work/main/bench/results/gpu_intra_2026-12-07}
# PRESET: the preset options (default ultrafast with sign hiding; the superfast rows: --preset superfast)
PRESET=${PRESET:-"--preset ultrafast --set signhide=1"}
G="--bframes 0 --threads 1 --quiet --gpu --gpu-algorithm-on-cpu --gpu-decisions $PRESET"
clip=$1; tag=$2; shift 2; b=$(basename $clip .y4m)
encs=()
for v in "$@"; do encs+=(--enc "${v%%=*}=env ${ENVS:-X=1} ${TCENC:-/tmp/w/tcenc_intra} -i {in} -o {out} --qp {qp} $G ${v#*=}"); done
nice python3 /work/shared/tools/rd_compare.py "$clip" --qps 22,27,32,37 --csv $R/${tag}_$b.csv \
    --enc 'x265-veryfast=x265 --preset veryfast --tune zerolatency --qp {qp} --input {in} -o {out} --pools 1 --frame-threads 1' \
    "${encs[@]}" > $R/${tag}_$b.txt 2>&1
echo "## $b"; python3 /work/main/bench/bd_yuv.py $R/${tag}_$b.csv /work/shared/tools
