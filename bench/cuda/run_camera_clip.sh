#!/bin/bash
# The GPU mode on a camera clip at 1080p, 4K and 8K (issue 7, item 4), on the GPU machine: the
# clip (a 1080p y4m carried for the call, e.g. the first 10 frames of
# ../shared/data/driving_pan_1920x1080_16f_fullrange.y4m) upscaled there by bench/cuda/upscale_clip.cpp
# and played forwards and backwards (1080p and 4K 40 frames, 8K 16); `--gpu --gpu-decisions
# --preset ultrafast --pipeline-rows --threads 16 --csv`, low-delay P, at QP 27 / 32 / 37 (4K
# also a second time at 32, and with 12 threads); the GPU unit tests of the inter coding first;
# the host's MD5 speed (`openssl speed`, one core) beside. Every stream's digest in md5.txt: each
# must equal the CPU mirror's, which `--gpu-algorithm-on-cpu` gives on any machine from the same
# upscaled clip. Carry build-cuda/devdeps (CLI11 and googletest's sources).
#   OUT=$OUT timeout 560 bash bench/cuda/run_camera_clip.sh CLIP_1080P.y4m
set -u
CLIP=$1
OUT=${OUT:-$PWD/gpu-results}; mkdir -p "$OUT/r"
export PATH=/usr/local/cuda/bin:$PATH
DEPS=$PWD/build-cuda/devdeps
{ nvidia-smi -L; nproc; grep -m1 "model name" /proc/cpuinfo
  cmake -S "$DEPS/googletest" -B /tmp/gtest-build -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/tmp/gtest \
    -DBUILD_GMOCK=OFF >/dev/null && cmake --build /tmp/gtest-build -j16 >/dev/null && cmake --install /tmp/gtest-build >/dev/null
  cmake -S . -B /tmp/bA -DCMAKE_BUILD_TYPE=Release -DTCENC_CUDA=ON -DTCENC_WERROR=ON -DCMAKE_PREFIX_PATH=/tmp/gtest \
    -DTCENC_BUILD_TESTS=ON -DCMAKE_CXX_FLAGS="-isystem $DEPS/include" | tail -1
  time cmake --build /tmp/bA -j16 --target tcenc tcenc_unit_tests 2>&1 | grep -E "error|warning|FAILED" | head -20
  g++ -O2 -std=c++20 -o /tmp/upscale_clip bench/cuda/upscale_clip.cpp; } > "$OUT/r/build.txt" 2>&1
timeout 150 /tmp/bA/tests/tcenc_unit_tests --gtest_filter="${UNIT_FILTER:-gpu/CudaInterCoding*:-*1920x1080*}" \
  > "$OUT/r/gpu_unit_tests.txt" 2>&1
echo "unit tests rc=$?" >> "$OUT/r/runs.txt"
(command -v openssl && openssl speed -bytes 16384 -seconds 2 md5) > "$OUT/r/md5_speed.txt" 2>&1
run() {  # name clip qp args...
  local name=$1 clip=$2 qp=$3; shift 3
  /tmp/bA/tcenc -i "$clip" -o "$OUT/r/$name.hevc" --csv "$OUT/r/$name.csv" --qp "$qp" --bframes 0 \
    --gpu --gpu-decisions --preset ultrafast --pipeline-rows --quiet "$@" 2> "$OUT/r/$name.log"
  echo "$name rc=$?" >> "$OUT/r/runs.txt"
}
/tmp/upscale_clip "$CLIP" /tmp/c1080.y4m 1 40 && run 1080.q32 /tmp/c1080.y4m 32 --threads 16
rm -f /tmp/c1080.y4m
/tmp/upscale_clip "$CLIP" /tmp/c4k.y4m 2 40
for qp in 27 32 37; do run 4k.q$qp /tmp/c4k.y4m $qp --threads 16; done
run 4k.q32.again /tmp/c4k.y4m 32 --threads 16
run 4k.q32.t12 /tmp/c4k.y4m 32 --threads 12
rm -f /tmp/c4k.y4m
/tmp/upscale_clip "$CLIP" /tmp/c8k.y4m 4 16 && run 8k.q32 /tmp/c8k.y4m 32 --threads 16
rm -f /tmp/c8k.y4m
md5sum "$OUT"/r/*.hevc | sed "s|$OUT/r/||" | sort > "$OUT/r/md5.txt"
ls -la "$OUT/r" > "$OUT/r/sizes.txt"
cat "$OUT/r/runs.txt"
