#!/bin/bash
# The lazy finishing turns against the tree before them on the GPU machine's CPU cores (no GPU):
# the tree (A) and the tree with REVERT_PATCH (B), `--preset ultrafast --bframes 3 --threads T`
# for T in 2 4 8 on panned 640x272 (60 frames) and 1920x1080 (30 frames) clips, five rounds, A
# and B interleaved; wall time per encode in $OUT/r/threads.txt, digests in md5.txt.
#   OUT=$OUT timeout 560 bash bench/cuda/pending/run_session20_threads.sh REVERT_PATCH
set -u
REVERT_PATCH=$1
OUT=${OUT:-$PWD/gpu-results}; mkdir -p "$OUT/r"
source "$(dirname "$0")/build_ab_tcenc.sh"
python3 bench/cuda/make_panned_clip.py samples/vt2people_320x192_9f.y4m 640 272 60 /tmp/c272.y4m
python3 bench/cuda/make_panned_clip.py samples/vt2people_320x192_9f.y4m 1920 1080 30 /tmp/c1080.y4m
for round in 1 2 3 4 5; do
  for t in 2 4 8; do
    for clip in c272 c1080; do
      for v in A B; do
        start=$(date +%s%N)
        "/tmp/b$v/tcenc" -i /tmp/$clip.y4m -o "$OUT/r/$clip.t$t.$v.hevc" --qp 32 --bframes 3 --preset ultrafast \
          --threads $t --quiet
        end=$(date +%s%N)
        echo "$clip t$t $v round $round $(( (end - start) / 1000000 )) ms" >> "$OUT/r/threads.txt"
      done
    done
  done
done
md5sum "$OUT"/r/*.hevc | sed "s|$OUT/r/||" | sort > "$OUT/r/md5.txt"
rm -f "$OUT"/r/*.hevc /tmp/c272.y4m /tmp/c1080.y4m
python3 "$(dirname "$0")/summarise_ab_rounds.py" "$OUT/r/threads.txt"
