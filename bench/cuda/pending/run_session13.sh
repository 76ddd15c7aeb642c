#!/bin/bash
# Thirteenth session's device run, on the tree with session13_combined.patch applied (stage
# trace, finishing after the analysis, the SAO decisions' wait; TC_INTERLEAVE=1 and
# TC_SAO_WAIT_ABOVE_RIGHT=1 restore the old order and wait): builds tcenc and the unit tests,
# runs the GPU unit tests, then times new against old at 1080p / 4K / 8K.
set -u
OUT=${OUT:-$PWD/gpu-results}; mkdir -p "$OUT/r"
BUILD=/tmp/tcenc-gpu-build
DEPS=$PWD/build-cuda/devdeps
export PATH=/usr/local/cuda/bin:$PATH
{ nvidia-smi -L; nproc
  cmake -S "$DEPS/googletest" -B /tmp/gtest-build -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/tmp/gtest \
    -DBUILD_GMOCK=OFF >/dev/null && cmake --build /tmp/gtest-build -j16 >/dev/null && cmake --install /tmp/gtest-build >/dev/null
  time cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DTCENC_CUDA=ON -DTCENC_WERROR=ON -DCMAKE_PREFIX_PATH=/tmp/gtest \
    -DCMAKE_CXX_FLAGS="-isystem $DEPS/include" | tail -1
  time cmake --build "$BUILD" -j16 --target tcenc tcenc_unit_tests 2>&1 | grep -E "error|warning|FAILED" | head -20
} > "$OUT/r/build.txt" 2>&1
run() {  # name clip args...
  local name=$1 clip=$2; shift 2
  local start=$(date +%s.%N)
  TC_TRACE=1 "$BUILD/tcenc" -i "$clip" -o "$OUT/r/$name.hevc" --csv "$OUT/r/$name.csv" --qp 32 --bframes 0 \
    --preset ultrafast --gpu --gpu-decisions --quiet "$@" 2> "$OUT/r/$name.log"
  echo "$name rc=$? wall_s=$(python3 -c "print(round($(date +%s.%N) - $start, 3))")" >> "$OUT/r/runs.txt"
}
# new: the filters on the GPU (--gpu-filters) and the rows finished after the analysis with the
# SAO decisions' shorter wait; old: neither.
new() { run "$@" --gpu-filters; }
old() { TC_INTERLEAVE=1 TC_SAO_WAIT_ABOVE_RIGHT=1 run "$@"; }
# Most needed first (a cut run keeps what it did): the GPU unit tests, the 1080p stream, 4K and 8K
# new against old, then the 4K A/B of the filters and of the order apart, then 1080p old.
timeout 120 "$BUILD/tests/tcenc_unit_tests" --gtest_filter='gpu/CudaInterCoding*:CudaInterCoding*:accel/InterDeblocking*:SliceLayout*' \
  > "$OUT/r/gpu_unit_tests.txt" 2>&1
echo "unit tests rc=$?" >> "$OUT/r/runs.txt"
python3 bench/cuda/make_panned_clip.py samples/vt2people_320x192_9f.y4m 1920 1080 60 /tmp/p1080.y4m
new 1080.new /tmp/p1080.y4m --pipeline
python3 bench/cuda/make_panned_clip.py samples/vt2people_320x192_9f.y4m 3840 2160 40 /tmp/p4k.y4m
new 4k.new.1 /tmp/p4k.y4m --pipeline
old 4k.old.1 /tmp/p4k.y4m --pipeline
python3 bench/cuda/make_panned_clip.py samples/vt2people_320x192_9f.y4m 7680 4320 16 /tmp/p8k.y4m
new 8k.new /tmp/p8k.y4m --pipeline
old 8k.old /tmp/p8k.y4m --pipeline
rm -f /tmp/p8k.y4m
run 4k.cpufilters.1 /tmp/p4k.y4m --pipeline
TC_INTERLEAVE=1 TC_SAO_WAIT_ABOVE_RIGHT=1 new 4k.gpufilters_oldorder.1 /tmp/p4k.y4m --pipeline
new 4k.new.2 /tmp/p4k.y4m --pipeline
old 4k.old.2 /tmp/p4k.y4m --pipeline
rm -f /tmp/p4k.y4m
old 1080.old /tmp/p1080.y4m --pipeline
new 1080.new.slices4 /tmp/p1080.y4m --pipeline --slices 4
rm -f /tmp/p1080.y4m
md5sum "$OUT"/r/*.hevc | sed "s|$OUT/r/||" | sort > "$OUT/r/md5.txt"
cat "$OUT/r/runs.txt"
