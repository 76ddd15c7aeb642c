#!/bin/bash
# Sixteenth session, after merge-left in the GPU's SAO: the GPU unit tests of the inter coding
# (the kernels against the CPU mirror) and one --pipeline-rows encode each of the panned 1080p
# (60 frames), 4K (40) and 8K (16) clips, 16 threads; digests in $OUT/c/md5.txt (each must equal
# the CPU mirror's). Carry build-cuda/devdeps.
#   OUT=$OUT timeout 560 bash bench/cuda/pending/run_session16_check.sh
set -u
OUT=${OUT:-$PWD/gpu-results}; mkdir -p "$OUT/c"
export PATH=/usr/local/cuda/bin:$PATH
DEPS=$PWD/build-cuda/devdeps
{ cmake -S "$DEPS/googletest" -B /tmp/gtest-build -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/tmp/gtest \
    -DBUILD_GMOCK=OFF >/dev/null && cmake --build /tmp/gtest-build -j16 >/dev/null && cmake --install /tmp/gtest-build >/dev/null
  cmake -S . -B /tmp/bc -DCMAKE_BUILD_TYPE=Release -DTCENC_CUDA=ON -DTCENC_WERROR=ON -DTCENC_BUILD_TESTS=ON \
    -DCMAKE_PREFIX_PATH=/tmp/gtest -DCMAKE_CXX_FLAGS="-isystem $DEPS/include" | tail -1
  time cmake --build /tmp/bc -j16 --target tcenc tcenc_unit_tests 2>&1 | grep -E "error|warning" | head; } > "$OUT/c/build.txt" 2>&1
timeout 200 /tmp/bc/tests/tcenc_unit_tests --gtest_filter='gpu/CudaInterCoding*:CudaInterCoding*:InterSao*' > "$OUT/c/unit.txt" 2>&1
echo "unit tests rc=$?" >> "$OUT/c/runs.txt"
run() {  # name clip
  /tmp/bc/tcenc -i "$2" -o "$OUT/c/$1.hevc" --csv "$OUT/c/$1.csv" --qp 32 --bframes 0 --gpu --gpu-decisions \
    --preset ultrafast --pipeline-rows --threads 16 --quiet 2> "$OUT/c/$1.log"
  echo "$1 rc=$?" >> "$OUT/c/runs.txt"
}
for size in 1920x1080:60 3840x2160:40 7680x4320:16; do
  dims=${size%%:*}; frames=${size##*:}
  python3 bench/cuda/make_panned_clip.py samples/vt2people_320x192_9f.y4m ${dims%x*} ${dims#*x} $frames /tmp/clip.y4m
  run $dims /tmp/clip.y4m
  rm -f /tmp/clip.y4m
done
md5sum "$OUT"/c/*.hevc | sed "s|$OUT/c/||" | sort > "$OUT/c/md5.txt"
rm -f "$OUT"/c/*.hevc
tail -3 "$OUT/c/unit.txt"; cat "$OUT/c/runs.txt" "$OUT/c/md5.txt"
