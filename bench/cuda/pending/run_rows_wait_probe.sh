#!/bin/bash
# Where the rows' thread's time goes with gpu-async 1 (the default): the tree with
# rows_wait_trace.patch applied (TC_ROWS_TRACE=1 prints, per picture on the rows' thread, the
# wait for the accelerator's results and the rows' stages), on the camera clip of
# run_camera_clip.sh (carried) at 4K (40 frames; 16, 12 and 8 workers, and 16 with 2 slices)
# and 8K (16 frames). Every one-slice stream must have the CPU mirror's digest (4K 2460ddda...,
# 8K 532389b4...); 4k.sdh (sign data hiding on the GPU) the mirror's of the same command.
#   UNIT_TESTS=1 OUT=$OUT timeout 580 bash bench/cuda/pending/run_rows_wait_probe.sh CLIP_1080P.y4m
set -u
CLIP=$1
OUT=${OUT:-$PWD/gpu-results}; mkdir -p "$OUT/r"
export PATH=/usr/local/cuda/bin:$PATH
DEPS=$PWD/build-cuda/devdeps
{ nvidia-smi -L; nproc; lscpu | grep "Model name"
  patch -p1 -s --dry-run < bench/cuda/pending/rows_wait_trace.patch && patch -p1 -s < bench/cuda/pending/rows_wait_trace.patch
  grep -c TC_ROWS_TRACE src/encoder/encoder.cpp
  cmake -S . -B /tmp/bA -DCMAKE_BUILD_TYPE=Release -DTCENC_CUDA=ON -DTCENC_WERROR=ON -DTCENC_BUILD_TESTS=OFF \
    -DCMAKE_CXX_FLAGS="-isystem $DEPS/include" | tail -1
  time cmake --build /tmp/bA -j16 --target tcenc 2>&1 | grep -E "error|warning|FAILED" | head -20
  g++ -O2 -std=c++20 -o /tmp/upscale_clip bench/cuda/upscale_clip.cpp; } > "$OUT/r/build.txt" 2>&1
if [ "${UNIT_TESTS:-0}" = 1 ]; then  # the GPU unit tests of the inter coding (sign hiding among them)
  { cmake -S "$DEPS/googletest" -B /tmp/gtest-build -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/tmp/gtest \
      -DBUILD_GMOCK=OFF >/dev/null && cmake --build /tmp/gtest-build -j16 >/dev/null && cmake --install /tmp/gtest-build >/dev/null
    cmake -S . -B /tmp/bT -DCMAKE_BUILD_TYPE=Release -DTCENC_CUDA=ON -DTCENC_WERROR=ON -DCMAKE_PREFIX_PATH=/tmp/gtest \
      -DTCENC_BUILD_TESTS=ON -DCMAKE_CXX_FLAGS="-isystem $DEPS/include" | tail -1
    cmake --build /tmp/bT -j16 --target tcenc_unit_tests 2>&1 | grep -E "error|warning|FAILED" | head -20; } >> "$OUT/r/build.txt" 2>&1
  timeout 150 /tmp/bT/tests/tcenc_unit_tests --gtest_filter='gpu/CudaInterCodingTest.*:-*1920x1080*' \
    > "$OUT/r/gpu_unit_tests.txt" 2>&1
  echo "unit tests rc=$?" >> "$OUT/r/runs.txt"
fi
run() {  # name clip threads [extra...]
  local name=$1 clip=$2 threads=$3; shift 3
  TC_ROWS_TRACE=1 /tmp/bA/tcenc -i "$clip" -o "$OUT/r/$name.hevc" --csv "$OUT/r/$name.csv" --qp 32 --bframes 0 \
    --gpu --gpu-decisions --preset ultrafast --pipeline-rows --threads $threads --quiet "$@" 2> "$OUT/r/$name.log"
  echo "$name rc=$?" >> "$OUT/r/runs.txt"
}
/tmp/upscale_clip "$CLIP" /tmp/c4k.y4m 2 40
for round in 1 2; do
  run 4k.$round.t16 /tmp/c4k.y4m 16; run 4k.$round.t12 /tmp/c4k.y4m 12; run 4k.$round.t8 /tmp/c4k.y4m 8
  run 4k.$round.t16s2 /tmp/c4k.y4m 16 --slices 2
done
run 4k.sdh /tmp/c4k.y4m 16 --set signhide=1  # sign hiding on the GPU: the mirror's digest
rm -f /tmp/c4k.y4m
/tmp/upscale_clip "$CLIP" /tmp/c8k.y4m 4 16
run 8k.t16 /tmp/c8k.y4m 16; run 8k.t12 /tmp/c8k.y4m 12; run 8k.t16s2 /tmp/c8k.y4m 16 --slices 2
rm -f /tmp/c8k.y4m
md5sum "$OUT"/r/*.hevc | sed "s|$OUT/r/||" | sort > "$OUT/r/md5.txt"
cat "$OUT/r/runs.txt"; cut -c1-10 "$OUT/r/md5.txt" | sort | uniq -c
