#!/bin/bash
# The A/B of finish_after_analysis.patch and sao_decision_wait.patch (applied after
# stage_trace.patch; README.md here): tcenc alone, no tests; --gpu --gpu-decisions at 4K
# (pipelined and not, twice), 1080p and 8K, each with and without TC_INTERLEAVE=1, and at 4K
# also with TC_SAO_WAIT_ABOVE_RIGHT=1; traced (TC_TRACE=1); the 1080p --pipeline stream brought
# back for the decoders. Results: $OUT/r (bench/cuda/pack_results.sh packs them).
set -u
OUT=${OUT:-$PWD/gpu-results}; mkdir -p "$OUT/r"
BUILD=/tmp/tcenc-gpu-build
export PATH=/usr/local/cuda/bin:$PATH
{ nvidia-smi -L; nproc; lscpu | grep -E "Model name|MHz|Thread|Core|Socket" | head -6
  time cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DTCENC_CUDA=ON -DTCENC_WERROR=ON -DTCENC_BUILD_TESTS=OFF \
    -DCMAKE_CXX_FLAGS="-isystem $PWD/build-cuda/devdeps/include" | tail -1
  time cmake --build "$BUILD" -j16 --target tcenc 2>&1 | grep -E "error|warning|FAILED" | head -20; } > "$OUT/r/build.txt" 2>&1
run() {  # name clip args...
  local name=$1 clip=$2; shift 2
  local start=$(date +%s.%N)
  TC_TRACE=1 "$BUILD/tcenc" -i "$clip" -o "$OUT/r/$name.hevc" --csv "$OUT/r/$name.csv" --qp 32 --bframes 0 \
    --preset ultrafast --gpu --gpu-decisions --quiet "$@" 2> "$OUT/r/$name.log"
  echo "$name rc=$? wall_s=$(python3 -c "print(round($(date +%s.%N) - $start, 3))")" >> "$OUT/r/runs.txt"
}
python3 bench/cuda/make_panned_clip.py samples/vt2people_320x192_9f.y4m 3840 2160 40 /tmp/p4k.y4m
run 4k.t16.pipe /tmp/p4k.y4m --pipeline
TC_INTERLEAVE=1 run 4k.t16.pipe.interleaved /tmp/p4k.y4m --pipeline
run 4k.t16.nopipe /tmp/p4k.y4m
TC_INTERLEAVE=1 run 4k.t16.nopipe.interleaved /tmp/p4k.y4m
run 4k.t16.pipe.again /tmp/p4k.y4m --pipeline
TC_INTERLEAVE=1 run 4k.t16.pipe.interleaved.again /tmp/p4k.y4m --pipeline
# The SAO decisions' wait (sao_decision_wait.patch): above-right as before, in both orders.
TC_SAO_WAIT_ABOVE_RIGHT=1 run 4k.t16.pipe.aboveright /tmp/p4k.y4m --pipeline
TC_SAO_WAIT_ABOVE_RIGHT=1 TC_INTERLEAVE=1 run 4k.t16.pipe.interleaved.aboveright /tmp/p4k.y4m --pipeline
rm -f /tmp/p4k.y4m
python3 bench/cuda/make_panned_clip.py samples/vt2people_320x192_9f.y4m 1920 1080 100 /tmp/p1080.y4m
run 1080.t16.pipe /tmp/p1080.y4m --pipeline
TC_INTERLEAVE=1 run 1080.t16.pipe.interleaved /tmp/p1080.y4m --pipeline
rm -f /tmp/p1080.y4m
python3 bench/cuda/make_panned_clip.py samples/vt2people_320x192_9f.y4m 7680 4320 20 /tmp/p8k.y4m
run 8k.t16.pipe /tmp/p8k.y4m --pipeline
TC_INTERLEAVE=1 run 8k.t16.pipe.interleaved /tmp/p8k.y4m --pipeline
cat "$OUT/r/runs.txt"
{ for f in "$OUT"/r/*.interleaved*.hevc; do cmp "$f" "${f/.interleaved/}" && echo "same: $f"; done
  for f in "$OUT"/r/*.aboveright.hevc; do cmp "$f" "${f/.aboveright/}" && echo "same: $f"; done; } 2>&1 | tee "$OUT/r/same.txt"
