#!/bin/bash
# Twenty-seventh session, second device call: the reads batched in the block search and the
# smoothing, the GPU SAO kernels (the merges from shared
# memory, the application without local memory and on each plane's own grid) and chroma's half
# lambda in the residual decisions.
#   A  the tree
#   B  the tree without bench/cuda/pending/sao_kernels.patch (the SAO kernels before; the same
#      streams)
#   C  the tree without bench/cuda/pending/batched_reads.patch (the block search's and the
#      smoothing's reference reads, and the smoothing's cache entries, one at a time; the block
#      search's sub-sample SATDs a thread per tile; the same streams)
# The camera clip of run_camera_clip.sh (carried) at 4K 40 frames (B and A interleaved, two
# rounds, with C) and 8K 16 frames: every stream must have the CPU mirror's digest. Then every kernel's
# duration in a 6-frame 4K encode of A (Nsight Compute, one metric), Nsight Compute's occupancy,
# warp-state and memory sections of one launch each of the three longest kernels, and the GPU
# unit tests of the inter coding and the SAO.
# The mirror's digests (--gpu-algorithm-on-cpu, this tree): 4K ae9a5489..., 8K bcaa8562....
#   OUT=$OUT timeout 560 bash bench/cuda/run_sao_chroma.sh CLIP_1080P.y4m
set -u
CLIP=$1
OUT=${OUT:-$PWD/gpu-results}
P=bench/cuda/pending
source bench/cuda/device_steps.sh
start_device_call
{ patch -p1 -R -s < $P/sao_kernels.patch && time build_tcenc /tmp/bB; patch -p1 -s < $P/sao_kernels.patch
  patch -p1 -R -s < $P/batched_reads.patch && time build_tcenc /tmp/bC; patch -p1 -s < $P/batched_reads.patch
  git status --short; } >> "$OUT/r/build.txt" 2>&1
/tmp/upscale_clip "$CLIP" /tmp/c4k.y4m 2 40
for round in 1 2; do
  for v in C B A; do encode /tmp/b$v/tcenc 4k.$round.$v /tmp/c4k.y4m 16; done
done
/tmp/upscale_clip "$CLIP" /tmp/c8k.y4m 4 16
for v in C B A; do encode /tmp/b$v/tcenc 8k.$v /tmp/c8k.y4m 16; done
rm -f /tmp/c8k.y4m
digests
/tmp/upscale_clip "$CLIP" /tmp/c4k.y4m 2 6
NCU_ENCODE=(-i /tmp/c4k.y4m --qp 32 --bframes 0 --gpu --gpu-decisions --preset ultrafast --pipeline-rows --threads 16 --quiet)
timeout 120 ncu --metrics gpu__time_duration.sum --csv --print-units base /tmp/bA/tcenc "${NCU_ENCODE[@]}" \
  -o "$OUT/r/4k.ncu.A.hevc" > "$OUT/r/kernels.A.csv" 2> "$OUT/r/ncu.A.log"
echo "ncu A rc=$?" >> "$OUT/r/runs.txt"
python3 bench/cuda/kernel_times.py "$OUT/r/kernels.A.csv" 6 26 > "$OUT/r/kernel_times.A.txt" 2>&1
for kernel in block_search_kernel vector_smoothing_kernel inter_coding_kernel; do
  timeout 90 ncu -k "regex:$kernel" -s 2 -c 1 --section SpeedOfLight --section Occupancy --section LaunchStats \
    --section WarpStateStats --section SchedulerStats --section MemoryWorkloadAnalysis \
    /tmp/bA/tcenc "${NCU_ENCODE[@]}" -o /tmp/ncu.hevc > "$OUT/r/sections.$kernel.txt" 2>&1
  echo "sections $kernel rc=$?" >> "$OUT/r/runs.txt"
done
digests
cat "$OUT/r/kernel_times.A.txt"
run_gpu_unit_tests 'gpu/CudaInterCoding*:-*1920x1080*'
tail -3 "$OUT/r/gpu_unit_tests.txt"
