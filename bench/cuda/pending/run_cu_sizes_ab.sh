#!/bin/bash
# The coding-unit sizes by cost (setting gpu-cu-sizes) on the GPU machine: the GPU unit tests of
# the inter coding (the kernels against the CPU mirror, with the new parameter sets), then the
# camera clip of run_camera_clip.sh (carried) at 4K (40 frames, twice each way) and 8K (16), the
# setting on (A, the default) and off (B), interleaved in one build. Every A stream's digest must
# equal the CPU mirror's (`--gpu-algorithm-on-cpu`), every B stream the earlier digests (4K
# 5a13903f..., 8K 8bafdc75...).
#   OUT=$OUT timeout 560 bash bench/cuda/pending/run_cu_sizes_ab.sh CLIP_1080P.y4m
# (ROUNDS=1 EIGHT_K_B=0 UNIT_FILTER=... for a shorter call)
set -u
CLIP=$1
OUT=${OUT:-$PWD/gpu-results}; mkdir -p "$OUT/r"
export PATH=/usr/local/cuda/bin:$PATH
DEPS=$PWD/build-cuda/devdeps
{ nvidia-smi -L; grep -m1 "model name" /proc/cpuinfo
  cmake -S "$DEPS/googletest" -B /tmp/gtest-build -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/tmp/gtest \
    -DBUILD_GMOCK=OFF >/dev/null && cmake --build /tmp/gtest-build -j16 >/dev/null && cmake --install /tmp/gtest-build >/dev/null
  cmake -S . -B /tmp/bA -DCMAKE_BUILD_TYPE=Release -DTCENC_CUDA=ON -DTCENC_WERROR=ON -DCMAKE_PREFIX_PATH=/tmp/gtest \
    -DTCENC_BUILD_TESTS=ON -DCMAKE_CXX_FLAGS="-isystem $DEPS/include" | tail -1
  time cmake --build /tmp/bA -j16 --target tcenc tcenc_unit_tests 2>&1 | grep -E "error|warning|FAILED" | head -20
  g++ -O2 -std=c++20 -o /tmp/upscale_clip bench/cuda/upscale_clip.cpp; } > "$OUT/r/build.txt" 2>&1
timeout 200 /tmp/bA/tests/tcenc_unit_tests --gtest_filter="${UNIT_FILTER:-gpu/CudaInterCoding*:CudaInterCoding*}" \
  > "$OUT/r/gpu_unit_tests.txt" 2>&1
echo "unit tests rc=$?" >> "$OUT/r/runs.txt"
run() {  # name clip setting
  /tmp/bA/tcenc -i "$2" -o "$OUT/r/$1.hevc" --csv "$OUT/r/$1.csv" --qp 32 --bframes 0 --set gpu-cu-sizes=$3 \
    --gpu --gpu-decisions --preset ultrafast --pipeline-rows --threads 16 --quiet 2> "$OUT/r/$1.log"
  echo "$1 rc=$?" >> "$OUT/r/runs.txt"
}
/tmp/upscale_clip "$CLIP" /tmp/c4k.y4m 2 40
for round in $(seq 1 "${ROUNDS:-2}"); do run 4k.$round.A /tmp/c4k.y4m 1; run 4k.$round.B /tmp/c4k.y4m 0; done
rm -f /tmp/c4k.y4m
/tmp/upscale_clip "$CLIP" /tmp/c8k.y4m 4 16
run 8k.A /tmp/c8k.y4m 1; [ "${EIGHT_K_B:-1}" = 1 ] && run 8k.B /tmp/c8k.y4m 0
rm -f /tmp/c8k.y4m
md5sum "$OUT"/r/*.hevc | sed "s|$OUT/r/||" | sort > "$OUT/r/md5.txt"
cat "$OUT/r/runs.txt"
