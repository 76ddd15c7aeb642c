#!/bin/bash
# Fifteenth session's sixth device run: the smoothing kernel's SATD cache (a later pass takes the
# SATDs of the candidates the block's previous pass costed; the tree, A) against the kernel before
# (revert_smoothing_cache.patch, B). GPU unit tests of the inter coding on A (the kernel
# against the CPU mirror, the 1080p sets too), gpu_motion_bench on both (its
# "smoothing + coding" table), and 4K / 8K `--gpu --gpu-decisions --pipeline-rows` on both (the
# streams must equal the mirror's digests). Carry build-cuda/devdeps (CLI11 and googletest).
set -u
OUT=${OUT:-$PWD/gpu-results}; mkdir -p "$OUT/r"
export PATH=/usr/local/cuda/bin:$PATH
DEPS=$PWD/build-cuda/devdeps
build() {  # dir targets...
  local dir=$1; shift
  cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=Release -DTCENC_CUDA=ON -DTCENC_WERROR=ON -DCMAKE_PREFIX_PATH=/tmp/gtest \
    -DTCENC_BUILD_TESTS=$([ "$dir" = /tmp/bA ] && echo ON || echo OFF) -DCMAKE_CXX_FLAGS="-isystem $DEPS/include" | tail -1
  cmake --build "$dir" -j16 --target "$@" 2>&1 | grep -E "error|warning|FAILED" | head -20
}
{ nvidia-smi -L; which ncu nsys; ls /usr/local/cuda/bin | tr '\n' ' '; echo
  cmake -S "$DEPS/googletest" -B /tmp/gtest-build -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/tmp/gtest \
    -DBUILD_GMOCK=OFF >/dev/null && cmake --build /tmp/gtest-build -j16 >/dev/null && cmake --install /tmp/gtest-build >/dev/null
  time build /tmp/bA tcenc gpu_motion_bench tcenc_unit_tests
  patch -p1 -s < bench/cuda/pending/revert_smoothing_cache.patch && time build /tmp/bB tcenc gpu_motion_bench
  patch -p1 -R -s < bench/cuda/pending/revert_smoothing_cache.patch; } > "$OUT/r/build.txt" 2>&1
timeout 150 /tmp/bA/tests/tcenc_unit_tests --gtest_filter="gpu/CudaInterCoding*:CudaInterCoding*" \
  > "$OUT/r/gpu_unit_tests.txt" 2>&1
echo "unit tests rc=$?" >> "$OUT/r/runs.txt"
for v in A B; do /tmp/b$v/gpu_motion_bench samples/vt2people_320x192_9f.y4m 40 "$OUT/r/bench.$v.md" > /dev/null 2>&1; echo "bench $v rc=$?" >> "$OUT/r/runs.txt"; done
for v in A B; do /tmp/b$v/gpu_motion_bench samples/vt2people_320x192_9f.y4m 40 "$OUT/r/bench2.$v.md" > /dev/null 2>&1; done
run() {  # variant name clip args...
  local v=$1 name=$2 clip=$3; shift 3
  "/tmp/b$v/tcenc" -i "$clip" -o "$OUT/r/$name.$v.hevc" --csv "$OUT/r/$name.$v.csv" --qp 32 --bframes 0 \
    --gpu --gpu-decisions --preset ultrafast --pipeline-rows --threads 16 --quiet "$@" 2> "$OUT/r/$name.$v.log"
  echo "$name.$v rc=$?" >> "$OUT/r/runs.txt"
}
python3 bench/cuda/make_panned_clip.py samples/vt2people_320x192_9f.y4m 3840 2160 40 /tmp/p4k.y4m
for round in 1 2; do run A 4k.$round /tmp/p4k.y4m; run B 4k.$round /tmp/p4k.y4m; done
rm -f /tmp/p4k.y4m
python3 bench/cuda/make_panned_clip.py samples/vt2people_320x192_9f.y4m 7680 4320 16 /tmp/p8k.y4m
run A 8k /tmp/p8k.y4m; run B 8k /tmp/p8k.y4m
rm -f /tmp/p8k.y4m
md5sum "$OUT"/r/*.hevc | sed "s|$OUT/r/||" | sort > "$OUT/r/md5.txt"
cat "$OUT/r/runs.txt"
