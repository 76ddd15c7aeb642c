#!/bin/bash
# A/B of the picture hash following the rows ("pipeline-rows"): A = the tree, B = the tree with
# revert_hash_follows_rows.patch (the hash posted after the rows, as before); B also reads
# TC_NO_HASH (a scratch line, timing only: no MD5 at all, a wrong SEI) for the bound the hash sets.
# The camera clip of run_camera_clip.sh (carried), 4K 40 frames and 8K 16 frames, interleaved.
#   OUT=$OUT timeout 560 bash bench/cuda/pending/run_hash_follows_ab.sh CLIP_1080P.y4m
set -u
CLIP=$1
OUT=${OUT:-$PWD/gpu-results}; mkdir -p "$OUT/r"
export PATH=/usr/local/cuda/bin:$PATH
DEPS=$PWD/build-cuda/devdeps
build() {
  cmake -S . -B "$1" -DCMAKE_BUILD_TYPE=Release -DTCENC_CUDA=ON -DTCENC_WERROR=ON -DTCENC_BUILD_TESTS=OFF \
    -DCMAKE_CXX_FLAGS="-isystem $DEPS/include" | tail -1
  cmake --build "$1" -j16 --target tcenc 2>&1 | grep -E "error|FAILED" | head
}
{ nvidia-smi -L; grep -m1 "model name" /proc/cpuinfo
  g++ -O2 -std=c++20 -o /tmp/upscale_clip bench/cuda/upscale_clip.cpp
  time build /tmp/bA
  patch -p1 -s < bench/cuda/pending/revert_hash_follows_rows.patch
  sed -i 's|            held.digests = picture_md5(\*held.frame.reconstruction);|            if (!getenv("TC_NO_HASH")) held.digests = picture_md5(*held.frame.reconstruction);|' src/encoder/encoder.cpp
  grep -n TC_NO_HASH src/encoder/encoder.cpp
  time build /tmp/bB
  git checkout -q src/; } > "$OUT/r/build.txt" 2>&1
run() {  # variant name clip [env...]
  local v=$1 name=$2 clip=$3; shift 3
  env "$@" "/tmp/b$v/tcenc" -i "$clip" -o "$OUT/r/$name.hevc" --csv "$OUT/r/$name.csv" --qp 32 --bframes 0 \
    --gpu --gpu-decisions --preset ultrafast --pipeline-rows --threads 16 --quiet 2> "$OUT/r/$name.log"
  echo "$name rc=$?" >> "$OUT/r/runs.txt"
}
/tmp/upscale_clip "$CLIP" /tmp/c4k.y4m 2 40
for round in 1 2; do run A 4k.$round.A /tmp/c4k.y4m; run B 4k.$round.B /tmp/c4k.y4m; done
run B 4k.B.nohash /tmp/c4k.y4m TC_NO_HASH=1
rm -f /tmp/c4k.y4m
/tmp/upscale_clip "$CLIP" /tmp/c8k.y4m 4 16
run A 8k.A /tmp/c8k.y4m; run B 8k.B /tmp/c8k.y4m; run B 8k.B.nohash /tmp/c8k.y4m TC_NO_HASH=1
rm -f /tmp/c8k.y4m
md5sum "$OUT"/r/*.hevc | sed "s|$OUT/r/||" | sort > "$OUT/r/md5.txt"
cat "$OUT/r/runs.txt"
