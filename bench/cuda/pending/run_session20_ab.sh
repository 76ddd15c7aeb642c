#!/bin/bash
# The twentieth session's A/B on the GPU machine: the tree (A) against the tree with
# REVERT_PATCH applied (B). GPU mode as bench/cuda/run_kernel_ab.sh (`--gpu --gpu-decisions
# --preset ultrafast --pipeline-rows --threads 16 --bframes 0`, panned 4K 40 frames twice, 8K 16
# frames once, A and B interleaved) and the CPU path on the machine's 16 cores (no GPU:
# `--preset ultrafast --bframes 3 --threads 16`, panned 1080p 60 frames and 4K 20 frames, three
# rounds, A and B interleaved, wall time per encode in cpu_times.txt). Every stream's digest in
# md5.txt (A and B must agree). Carry build-cuda/devdeps.
#   OUT=$OUT timeout 560 bash bench/cuda/pending/run_session20_ab.sh REVERT_PATCH
set -u
REVERT_PATCH=$1
OUT=${OUT:-$PWD/gpu-results}; mkdir -p "$OUT/r"
source "$(dirname "$0")/build_ab_tcenc.sh"
gpu() {  # variant name clip
  "/tmp/b$1/tcenc" -i "$3" -o "$OUT/r/$2.$1.hevc" --csv "$OUT/r/$2.$1.csv" --qp 32 --bframes 0 \
    --gpu --gpu-decisions --preset ultrafast --pipeline-rows --threads 16 --quiet 2> "$OUT/r/$2.$1.log"
  echo "$2.$1 rc=$?" >> "$OUT/r/runs.txt"
}
cpu() {  # variant name clip round
  local start end
  start=$(date +%s%N)
  "/tmp/b$1/tcenc" -i "$3" -o "$OUT/r/$2.$1.hevc" --qp 32 --bframes 3 --preset ultrafast --threads 16 --quiet
  local rc=$?
  end=$(date +%s%N)
  echo "$2 $1 round $4 $(( (end - start) / 1000000 )) ms rc=$rc" >> "$OUT/r/cpu_times.txt"
}
python3 bench/cuda/make_panned_clip.py samples/vt2people_320x192_9f.y4m 3840 2160 40 /tmp/p4k.y4m
for round in 1 2; do gpu A 4k.$round /tmp/p4k.y4m; gpu B 4k.$round /tmp/p4k.y4m; done
python3 bench/cuda/make_panned_clip.py samples/vt2people_320x192_9f.y4m 3840 2160 20 /tmp/c4k.y4m
rm -f /tmp/p4k.y4m
python3 bench/cuda/make_panned_clip.py samples/vt2people_320x192_9f.y4m 1920 1080 60 /tmp/c1080.y4m
for round in 1 2 3; do
  for v in A B; do cpu $v cpu1080 /tmp/c1080.y4m $round; cpu $v cpu4k /tmp/c4k.y4m $round; done
done
rm -f /tmp/c4k.y4m /tmp/c1080.y4m
python3 bench/cuda/make_panned_clip.py samples/vt2people_320x192_9f.y4m 7680 4320 16 /tmp/p8k.y4m
gpu A 8k /tmp/p8k.y4m; gpu B 8k /tmp/p8k.y4m
rm -f /tmp/p8k.y4m
md5sum "$OUT"/r/*.hevc | sed "s|$OUT/r/||" | sort > "$OUT/r/md5.txt"
cat "$OUT/r/runs.txt" "$OUT/r/cpu_times.txt"
