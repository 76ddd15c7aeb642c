#!/bin/bash
# The GPU machine's checks for the CUDA backend, in one go (docs/BENCHMARKS.md, "CUDA (H100)"):
# configure and build with TCENC_CUDA=ON, run the GPU unit tests and the byte-identity ctests,
# encode a panned 1080p clip with and without --gpu and compare the streams, and time the
# GPU stages at 1080p, 4K and 8K. Results go to $OUT (default ./gpu-results).
#   DEPS: a folder with include/CLI (CLI11 headers) and googletest/ (sources), for machines
#   that lack them.
set -u
OUT=${OUT:-$PWD/gpu-results}
DEPS=${DEPS:-$PWD/build-cuda/devdeps}
BUILD=${BUILD:-/tmp/tcenc-gpu-build}
mkdir -p "$OUT"
export PATH=/usr/local/cuda/bin:$PATH
log="$OUT/log.txt"
{
  nvidia-smi -L; nvcc --version | tail -1; cmake --version | head -1; c++ --version | head -1
  prefix=
  generator=(); command -v ninja >/dev/null && generator=(-G Ninja)
  if [ -d "$DEPS/googletest" ]; then
    cmake -S "$DEPS/googletest" -B /tmp/gtest-build "${generator[@]}" -DCMAKE_BUILD_TYPE=Release \
      -DCMAKE_INSTALL_PREFIX=/tmp/gtest -DBUILD_GMOCK=OFF >/dev/null && cmake --build /tmp/gtest-build -j16 >/dev/null &&
      cmake --install /tmp/gtest-build >/dev/null && prefix=/tmp/gtest
  fi
  cmake -S . -B "$BUILD" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release -DTCENC_CUDA=ON -DTCENC_WERROR=ON \
    -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_CXX_FLAGS="-isystem $DEPS/include" | tail -3
  time cmake --build "$BUILD" -j16 --target tcenc tcenc_unit_tests gpu_motion_bench 2>&1 | grep -E "error|warning|FAILED" | head -40
} >"$log" 2>&1
echo "build done" >>"$log"

"$BUILD/tests/tcenc_unit_tests" --gtest_filter='gpu*:accel*:CudaInterCoding*' >"$OUT/gpu_unit_tests.txt" 2>&1
echo "unit tests rc=$?" >>"$log"
(cd "$BUILD" && ctest -R 'gpu\.sample' --output-on-failure) >"$OUT/gpu_ctest.txt" 2>&1
echo "ctest rc=$?" >>"$log"

clip=/tmp/pan_1920x1080.y4m
python3 bench/cuda/make_panned_clip.py samples/vt2people_320x192_9f.y4m 1920 1080 8 "$clip"
{
  for config in "--qp 27" "--qp 32 --ref 3" "--qp 32 --bframes 3" "--qp 32 --bframes 3 --preset ultrafast" "--qp 30 --preset superfast" \
      "--qp 32 --bframes 0 --gpu-decisions" "--qp 27 --bframes 0 --preset superfast --gpu-decisions" \
      "--qp 32 --bframes 3 --gpu-decisions" "--qp 32 --bframes 0 --gpu-decisions --pipeline"; do
    # The plain CPU path, --gpu, and the GPU's algorithm on the CPU: --gpu must equal the latter.
    "$BUILD/tcenc" -i "$clip" -o /tmp/cpu.hevc --csv /tmp/cpu.csv --quiet $config
    "$BUILD/tcenc" -i "$clip" -o /tmp/gpu.hevc --csv /tmp/gpu.csv $config --gpu 2>&1 | grep -v "^tcenc: 8 frames" 
    "$BUILD/tcenc" -i "$clip" -o /tmp/gpu_on_cpu.hevc --quiet $config --gpu --gpu-algorithm-on-cpu
    if cmp /tmp/gpu_on_cpu.hevc /tmp/gpu.hevc; then result=IDENTICAL; else result=DIFFERENT; fi
    echo "1080p $config: cpu path $(stat -c %s /tmp/cpu.hevc) bytes, --gpu $(stat -c %s /tmp/gpu.hevc) bytes, GPU algorithm on the CPU $(stat -c %s /tmp/gpu_on_cpu.hevc) bytes: --gpu and GPU algorithm on the CPU $result"
    echo "  encode_ms cpu: $(tail -n +2 /tmp/cpu.csv | cut -d, -f9 | tr '\n' ' ')"
    echo "  encode_ms gpu: $(tail -n +2 /tmp/gpu.csv | cut -d, -f9 | tr '\n' ' ')"
    name=$(echo "$config" | tr -d ' -')
    cp /tmp/gpu.hevc "$OUT/pan1080p_$name.gpu.hevc"
  done
  # Frame-level threads (pairs of B pictures at once on all cores) against one thread, with --gpu.
  for threads in 1 0; do
    "$BUILD/tcenc" -i "$clip" -o /tmp/gpu_threads$threads.hevc --qp 32 --bframes 3 --no-b-adapt --preset ultrafast \
      --gpu --threads $threads --csv /tmp/gpu_threads$threads.csv --quiet 2>/dev/null
  done
  if cmp /tmp/gpu_threads1.hevc /tmp/gpu_threads0.hevc; then result=IDENTICAL; else result=DIFFERENT; fi
  echo "1080p --bframes 3 ultrafast --gpu, --threads 1 and all cores (pairs: $(tail -n +2 /tmp/gpu_threads0.csv | cut -d, -f18 | grep -c 1)): $result"
  cp /tmp/gpu_threads0.hevc "$OUT/frame_threads_gpu.hevc"
} >"$OUT/encode_compare.txt" 2>&1

"$BUILD/gpu_motion_bench" samples/vt2people_320x192_9f.y4m 40 "$OUT/gpu_bench.md" >"$OUT/gpu_bench_stdout.txt" 2>&1
echo "bench rc=$?" >>"$log"
cat "$log" "$OUT/encode_compare.txt" "$OUT/gpu_bench.md"
tail -n 5 "$OUT/gpu_unit_tests.txt" "$OUT/gpu_ctest.txt"
