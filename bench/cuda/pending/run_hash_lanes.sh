#!/bin/bash
# Thirty-fourth session: the pictures' hashes on one thread's MD5 lanes (`--set hash-lanes=1`,
# encoder/picture_hasher.h) against a thread a picture, in the GPU mode's low-delay P command, on
# the tree run_packed_filter.sh built (/tmp/bA/tcenc) and its 4K clip (/tmp/c4k.y4m, 40 frames);
# an 8K clip of 16 frames upscaled again. Interleaved: hash-threads 3 and 4, lanes 0 and 1, two
# rounds at 4K, one at 8K. Every stream must have the mirror's digest (4K 29388eb1..., 8K
# 51e05142...); summarise with `python3 bench/cuda/latency_p90.py r`.
#   OUT=$OUT bash bench/cuda/pending/run_hash_lanes.sh camera_1080p_10f.y4m
set -u
CLIP=$1
OUT=${OUT:-$PWD/gpu-results}
source bench/cuda/device_steps.sh
[ -f /tmp/c4k.y4m ] || /tmp/upscale_clip "$CLIP" /tmp/c4k.y4m 2 40
for round in 1 2; do
  for threads in 3 4; do
    for lanes in 0 1; do
      encode /tmp/bA/tcenc lanes.4k.$round.h$threads.l$lanes /tmp/c4k.y4m 16 --set hash-threads=$threads \
        --set hash-lanes=$lanes
    done
  done
done
/tmp/upscale_clip "$CLIP" /tmp/c8k.y4m 4 16
for lanes in 0 1; do
  encode /tmp/bA/tcenc lanes.8k.h4.l$lanes /tmp/c8k.y4m 16 --set hash-threads=4 --set hash-lanes=$lanes
done
rm -f /tmp/c8k.y4m
md5sum "$OUT"/r/lanes.*.hevc | sed "s|$OUT/r/||" | sort > "$OUT/r/md5_lanes.txt"
cut -c1-10 "$OUT/r/md5_lanes.txt" | sort | uniq -c
rm -f "$OUT"/r/lanes.*.hevc
