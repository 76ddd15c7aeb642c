#!/bin/bash
# Twenty-fourth session, first GPU call: (1) the GPU unit tests of the inter coding on the tree
# whose area decision became shared steps (22f8aee, never run on a GPU), (2) the camera clip of
# run_camera_clip.sh (carried) at 4K (40 frames, twice) and 8K (16) with the new CSV column
# background_ms (how long each picture's rows ran on the rows' thread), (3) gpu_motion_bench on
# the same clip for the GPU call's split (smoothing + coding against the download).
#   OUT=$OUT timeout 560 bash bench/cuda/pending/run_session24_probe.sh CLIP_1080P.y4m
# Expected digests (the CPU mirror's): 4K 2460ddda..., 8K 532389b4....
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
  time cmake --build /tmp/bA -j16 --target tcenc tcenc_unit_tests gpu_motion_bench 2>&1 | grep -E "error|warning|FAILED" | head -20
  g++ -O2 -std=c++20 -o /tmp/upscale_clip bench/cuda/upscale_clip.cpp; } > "$OUT/r/build.txt" 2>&1
timeout 200 /tmp/bA/tests/tcenc_unit_tests --gtest_filter="${UNIT_FILTER:-gpu/CudaInterCoding*:CudaInterCoding*}" \
  > "$OUT/r/gpu_unit_tests.txt" 2>&1
echo "unit tests rc=$?" >> "$OUT/r/runs.txt"
run() {  # name clip
  /tmp/bA/tcenc -i "$2" -o "$OUT/r/$1.hevc" --csv "$OUT/r/$1.csv" --qp 32 --bframes 0 \
    --gpu --gpu-decisions --preset ultrafast --pipeline-rows --threads 16 --quiet 2> "$OUT/r/$1.log"
  echo "$1 rc=$?" >> "$OUT/r/runs.txt"
}
/tmp/upscale_clip "$CLIP" /tmp/c4k.y4m 2 40
run 4k.1 /tmp/c4k.y4m; run 4k.2 /tmp/c4k.y4m
rm -f /tmp/c4k.y4m
/tmp/upscale_clip "$CLIP" /tmp/c8k.y4m 4 16
run 8k /tmp/c8k.y4m
rm -f /tmp/c8k.y4m
B=$(find /tmp/bA -name gpu_motion_bench -type f | head -1)
[ -n "$B" ] && timeout 150 "$B" "$CLIP" 20 "$OUT/r/motion_bench.md" > "$OUT/r/motion_bench.txt" 2>&1
echo "motion bench rc=$?" >> "$OUT/r/runs.txt"
md5sum "$OUT"/r/*.hevc | sed "s|$OUT/r/||" | sort > "$OUT/r/md5.txt"
cat "$OUT/r/runs.txt" "$OUT/r/md5.txt"
