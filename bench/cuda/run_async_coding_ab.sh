#!/bin/bash
# The accelerator's coding launched and collected by the rows, two pictures behind (A,
# gpu-async 1, the default since this ran) against the call waiting for it (B, --set gpu-async=0), in one build on
# the GPU machine: optionally the GPU unit tests of the inter coding (launch + collect), then the
# camera clip of run_camera_clip.sh (carried) at 4K (40 frames; 16 and 12 workers, interleaved)
# and 8K (16). Every stream must have the CPU mirror's digest (4K 2460ddda..., 8K 532389b4...).
#   OUT=$OUT timeout 580 bash bench/cuda/run_async_coding_ab.sh CLIP_1080P.y4m
# (UNIT_TESTS=1: also build and run the GPU unit tests of the inter coding)
set -u
CLIP=$1
OUT=${OUT:-$PWD/gpu-results}; mkdir -p "$OUT/r"
export PATH=/usr/local/cuda/bin:$PATH
DEPS=$PWD/build-cuda/devdeps
{ nvidia-smi -L; nproc; lscpu | grep "Model name"
  cmake -S . -B /tmp/bA -DCMAKE_BUILD_TYPE=Release -DTCENC_CUDA=ON -DTCENC_WERROR=ON -DTCENC_BUILD_TESTS=OFF \
    -DCMAKE_CXX_FLAGS="-isystem $DEPS/include" | tail -1
  time cmake --build /tmp/bA -j16 --target tcenc 2>&1 | grep -E "error|warning|FAILED" | head -20
  g++ -O2 -std=c++20 -o /tmp/upscale_clip bench/cuda/upscale_clip.cpp; } > "$OUT/r/build.txt" 2>&1
if [ "${UNIT_TESTS:-0}" = 1 ]; then
  { cmake -S "$DEPS/googletest" -B /tmp/gtest-build -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/tmp/gtest \
      -DBUILD_GMOCK=OFF >/dev/null && cmake --build /tmp/gtest-build -j16 >/dev/null && cmake --install /tmp/gtest-build >/dev/null
    cmake -S . -B /tmp/bT -DCMAKE_BUILD_TYPE=Release -DTCENC_CUDA=ON -DTCENC_WERROR=ON -DCMAKE_PREFIX_PATH=/tmp/gtest \
      -DTCENC_BUILD_TESTS=ON -DCMAKE_CXX_FLAGS="-isystem $DEPS/include" | tail -1
    cmake --build /tmp/bT -j16 --target tcenc_unit_tests 2>&1 | grep -E "error|warning|FAILED" | head -20; } >> "$OUT/r/build.txt" 2>&1
  timeout 120 /tmp/bT/tests/tcenc_unit_tests --gtest_filter='gpu/CudaInterCodingTest.*:-*1920x1080*' \
    > "$OUT/r/gpu_unit_tests.txt" 2>&1
  echo "unit tests rc=$?" >> "$OUT/r/runs.txt"
fi
run() {  # name clip threads gpu-async
  /tmp/bA/tcenc -i "$2" -o "$OUT/r/$1.hevc" --csv "$OUT/r/$1.csv" --qp 32 --bframes 0 --set gpu-async=$4 \
    --gpu --gpu-decisions --preset ultrafast --pipeline-rows --threads $3 --quiet 2> "$OUT/r/$1.log"
  echo "$1 rc=$?" >> "$OUT/r/runs.txt"
}
/tmp/upscale_clip "$CLIP" /tmp/c4k.y4m 2 40
for round in 1 2; do
  run 4k.$round.A /tmp/c4k.y4m 16 1; run 4k.$round.B /tmp/c4k.y4m 16 0
  run 4k.$round.A12 /tmp/c4k.y4m 12 1; run 4k.$round.B12 /tmp/c4k.y4m 12 0
done
rm -f /tmp/c4k.y4m
/tmp/upscale_clip "$CLIP" /tmp/c8k.y4m 4 16
run 8k.A /tmp/c8k.y4m 16 1; run 8k.B /tmp/c8k.y4m 16 0; run 8k.A12 /tmp/c8k.y4m 12 1
rm -f /tmp/c8k.y4m
md5sum "$OUT"/r/*.hevc | sed "s|$OUT/r/||" | sort > "$OUT/r/md5.txt"
cat "$OUT/r/runs.txt"; cut -c1-10 "$OUT/r/md5.txt" | sort | uniq -c
