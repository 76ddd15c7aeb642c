#!/usr/bin/env bash
# BD-rate of the GPU's motion algorithm (block search + the analysis choosing among its
# vectors), run on the CPU with --gpu --gpu-algorithm-on-cpu (the GPU's stream byte for byte),
# against the CPU path and x265 ultrafast, on the shared clips, random access, two threads.
# The block column's speed is the scalar CPU mirror's and means nothing.
#   bench/cuda/compare_block_motion.sh [OUTDIR] [CLIP...]     PRESET=superfast (default ultrafast)
#   LOWDELAY=1: low-delay P (tcenc --bframes 0) against x265 ultrafast and veryfast with
#   --tune zerolatency (BD-rate against the first: read x265-veryfast-zl's row as the target)
set -euo pipefail
source "$(dirname "$0")/../bench_clips.sh" out/bench_block_motion 60 1 "$@"
preset=${PRESET:-ultrafast}
for clip in "${clips[@]}"; do
    name=$(basename "$clip" .y4m)
    x265="--keyint 120 --qp {qp} --pools 2 --frame-threads 1 --log-level error --input {in} -o {out}"
    if [[ ${LOWDELAY:-0} -eq 1 ]]; then
        common="--qp {qp} --keyint 120 --bframes 0 --preset $preset --threads 2 --quiet"
        references=(--enc "x265-ultrafast-zl=x265 --preset ultrafast --tune zerolatency $x265"
                    --enc "x265-veryfast-zl=x265 --preset veryfast --tune zerolatency $x265")
        name=$name.lowdelay
    else
        common="--qp {qp} --keyint 120 --bframes 3 --preset $preset --threads 2 --quiet"
        references=(--enc "x265u=x265 --preset ultrafast $x265")
    fi
    python3 "$rd" "$clip" --qps 22,27,32,37 "${references[@]}" \
        --enc "plain=$tcenc -i {in} -o {out} $common" \
        --enc "block=$tcenc -i {in} -o {out} $common --gpu --gpu-algorithm-on-cpu" | tee "$out/$name.$preset.txt"
done
