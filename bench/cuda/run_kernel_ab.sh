#!/bin/bash
# A/B of a CUDA change on the GPU machine: the tree (A) against the tree with REVERT_PATCH
# applied (B), in one call. The GPU unit tests of the inter coding on A (the kernels against the
# CPU mirror; UNIT_FILTER to narrow them), gpu_motion_bench twice each (its "smoothing + coding"
# table: bench*.A.md / bench*.B.md), and `--gpu --gpu-decisions --preset ultrafast MODE --threads
# 16` on the panned 4K clip (40 frames, twice each) and 8K clip (16 frames), A and B interleaved;
# every stream's digest in md5.txt (each must equal the CPU mirror's, which `--gpu-algorithm-on-cpu`
# gives on any machine; at 70de81e 4K 7ba91fea..., 8K 3aab2577...). Carry build-cuda/devdeps (CLI11 and googletest's sources).
#   OUT=$OUT timeout 560 bash bench/cuda/run_kernel_ab.sh REVERT_PATCH [MODE, default --pipeline-rows]
# The fifteenth session ran it as copies with the patch and mode written in
# (bench/cuda/pending/revert_smoothing_separable.patch with --pipeline, the 1080p unit test sets
# left out; bench/cuda/pending/revert_smoothing_cache.patch with --pipeline-rows).
set -u
REVERT_PATCH=$1
MODE=${2:---pipeline-rows}
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
  patch -p1 -s < "$REVERT_PATCH" && time build /tmp/bB tcenc gpu_motion_bench
  patch -p1 -R -s < "$REVERT_PATCH"; } > "$OUT/r/build.txt" 2>&1
timeout 150 /tmp/bA/tests/tcenc_unit_tests --gtest_filter="${UNIT_FILTER:-gpu/CudaInterCoding*:CudaInterCoding*}" \
  > "$OUT/r/gpu_unit_tests.txt" 2>&1
echo "unit tests rc=$?" >> "$OUT/r/runs.txt"
for v in A B; do /tmp/b$v/gpu_motion_bench samples/vt2people_320x192_9f.y4m 40 "$OUT/r/bench.$v.md" > /dev/null 2>&1; echo "bench $v rc=$?" >> "$OUT/r/runs.txt"; done
for v in A B; do /tmp/b$v/gpu_motion_bench samples/vt2people_320x192_9f.y4m 40 "$OUT/r/bench2.$v.md" > /dev/null 2>&1; done
run() {  # variant name clip args...
  local v=$1 name=$2 clip=$3; shift 3
  "/tmp/b$v/tcenc" -i "$clip" -o "$OUT/r/$name.$v.hevc" --csv "$OUT/r/$name.$v.csv" --qp 32 --bframes 0 \
    --gpu --gpu-decisions --preset ultrafast "$MODE" --threads 16 --quiet "$@" 2> "$OUT/r/$name.$v.log"
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
