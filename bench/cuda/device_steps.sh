# Steps shared by the device scripts from the twenty-sixth session on (sourced; the earlier
# scripts keep their own copies as records of the calls that ran). Needs OUT and
# build-cuda/devdeps (CLI11's headers, googletest's sources) carried.
export PATH=/usr/local/cuda/bin:$PATH
DEPS=$PWD/build-cuda/devdeps
mkdir -p "$OUT/r"

device_header() { nvidia-smi -L; nproc; grep -m1 "model name" /proc/cpuinfo; }

# start_device_call: the machine's description, the tree's command line in /tmp/bA and the
# clip upscaler in /tmp/upscale_clip, logged to $OUT/r/build.txt.
start_device_call() {
  { device_header; time build_tcenc /tmp/bA
    g++ -O2 -std=c++20 -o /tmp/upscale_clip bench/cuda/upscale_clip.cpp; } > "$OUT/r/build.txt" 2>&1
}

# build_tcenc DIR: the command line with CUDA on, tests off.
build_tcenc() {
  cmake -S . -B "$1" -DCMAKE_BUILD_TYPE=Release -DTCENC_CUDA=ON -DTCENC_WERROR=ON -DTCENC_BUILD_TESTS=OFF \
    -DCMAKE_CXX_FLAGS="-isystem $DEPS/include" | tail -1
  cmake --build "$1" -j"$(nproc)" --target tcenc 2>&1 | grep -E "error|warning|FAILED" | head -20
}

# build_gpu_unit_tests [JOBS]: googletest and the unit tests with CUDA on (/tmp/bT), its errors
# and warnings on stdout (a script may run it in the background beside other builds).
build_gpu_unit_tests() {
  local jobs=${1:-$(nproc)}
  cmake -S "$DEPS/googletest" -B /tmp/gtest-build -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/tmp/gtest \
    -DBUILD_GMOCK=OFF >/dev/null && cmake --build /tmp/gtest-build -j"$jobs" >/dev/null &&
    cmake --install /tmp/gtest-build >/dev/null
  cmake -S . -B /tmp/bT -DCMAKE_BUILD_TYPE=Release -DTCENC_CUDA=ON -DTCENC_WERROR=ON -DCMAKE_PREFIX_PATH=/tmp/gtest \
    -DTCENC_BUILD_TESTS=ON -DCMAKE_CXX_FLAGS="-isystem $DEPS/include" | tail -1
  cmake --build /tmp/bT -j"$jobs" --target tcenc_unit_tests 2>&1 | grep -E "error|warning|FAILED" | head -20
}

# run_gpu_unit_tests FILTER: builds the unit tests (build_gpu_unit_tests; quick where a script
# built them already), runs FILTER into $OUT/r/gpu_unit_tests.txt and its exit status into
# $OUT/r/runs.txt.
run_gpu_unit_tests() {
  build_gpu_unit_tests >> "$OUT/r/build.txt" 2>&1
  timeout 150 /tmp/bT/tests/tcenc_unit_tests --gtest_filter="$1" > "$OUT/r/gpu_unit_tests.txt" 2>&1
  echo "unit tests rc=$?" >> "$OUT/r/runs.txt"
}

# encode BINARY NAME CLIP THREADS [more options]: the GPU mode's low-delay P command of the
# device A/Bs (QP 32, ultrafast, --pipeline-rows), stream, CSV and stderr under $OUT/r.
encode() {
  local binary=$1 name=$2 clip=$3 threads=$4; shift 4
  "$binary" -i "$clip" -o "$OUT/r/$name.hevc" --csv "$OUT/r/$name.csv" --qp 32 --bframes 0 --gpu --gpu-decisions \
    --preset ultrafast --pipeline-rows --threads "$threads" --quiet "$@" 2> "$OUT/r/$name.log"
  echo "$name rc=$?" >> "$OUT/r/runs.txt"
}

# new_old_encodes CLIP ROUNDS: the tree's build (/tmp/bA, N) against the old one (/tmp/bO, O) on
# CLIP at 1080p (the first round only), its 4K upscale of 40 frames (/tmp/c4k.y4m, kept for the
# kernels' times) in ROUNDS interleaved rounds, and the 8K one of 16 frames once each; then
# `digests`.
new_old_encodes() {
  local clip=$1 rounds=$2 round tree binary
  /tmp/upscale_clip "$clip" /tmp/c4k.y4m 2 40
  /tmp/upscale_clip "$clip" /tmp/c8k.y4m 4 16
  for ((round = 1; round <= rounds; round++)); do
    for tree in N O; do
      binary=/tmp/bA/tcenc; [ $tree = O ] && binary=/tmp/bO/tcenc
      [ $round = 1 ] && encode $binary 1080.$round.$tree "$clip" 16
      encode $binary 4k.$round.$tree /tmp/c4k.y4m 16
    done
  done
  encode /tmp/bA/tcenc 8k.N /tmp/c8k.y4m 16
  encode /tmp/bO/tcenc 8k.O /tmp/c8k.y4m 16
  rm -f /tmp/c8k.y4m
  digests
}

# digests: every stream's MD5 into $OUT/r/md5.txt, and the runs and the digests' counts.
digests() {
  md5sum "$OUT"/r/*.hevc | sed "s|$OUT/r/||" | sort > "$OUT/r/md5.txt"
  cat "$OUT/r/runs.txt"; cut -c1-10 "$OUT/r/md5.txt" | sort | uniq -c
}

# kernel_times NAME BINARY CLIP: Nsight Compute's kernel durations of a 6-frame encode (the GPU
# mode's low-delay P command, 16 threads) into $OUT/r/kernels.NAME.csv and kernel_times.py's table
# into kernel_times.NAME.txt (the stream dropped); prints its first line and the intra kernels'.
kernel_times() {
  local name=$1 binary=$2 clip=$3
  timeout 100 ncu --metrics gpu__time_duration.sum --csv --print-units base "$binary" -i "$clip" \
    -o "$OUT/r/ncu.$name.hevc" --qp 32 --bframes 0 --gpu --gpu-decisions --preset ultrafast --pipeline-rows \
    --threads 16 --quiet --frames 6 > "$OUT/r/kernels.$name.csv" 2> "$OUT/r/ncu.$name.log"
  echo "ncu $name rc=$?" >> "$OUT/r/runs.txt"
  rm -f "$OUT/r/ncu.$name.hevc"
  python3 bench/cuda/kernel_times.py "$OUT/r/kernels.$name.csv" 6 40 > "$OUT/r/kernel_times.$name.txt" 2>&1
  head -1 "$OUT/r/kernel_times.$name.txt"
  grep intra "$OUT/r/kernel_times.$name.txt" | head -8
}

# kernel_sections NAME REGEX SKIP COUNT SECONDS CLIP: Nsight Compute's speed of light, occupancy,
# launch, warp state and scheduler sections of COUNT launches of the kernels matching REGEX after
# SKIP of them (a 4-frame encode of CLIP, the GPU mode's command, 16 threads) into
# $OUT/r/ncu_NAME_sections.txt; prints their durations, occupancy and stall lines.
kernel_sections() {
  local name=$1 regex=$2 skip=$3 count=$4 seconds=$5 clip=$6
  timeout "$seconds" ncu -k "regex:$regex" -s "$skip" -c "$count" --section SpeedOfLight --section Occupancy \
    --section LaunchStats --section WarpStateStats --section SchedulerStats /tmp/bA/tcenc -i "$clip" \
    -o "$OUT/r/ncu_full.hevc" --qp 32 --bframes 0 --gpu --gpu-decisions --preset ultrafast --threads 16 --quiet \
    --frames 4 > "$OUT/r/ncu_${name}_sections.txt" 2>&1
  echo "ncu sections rc=$?" >> "$OUT/r/runs.txt"
  rm -f "$OUT/r/ncu_full.hevc"
  grep -E "Duration|Achieved Occupancy|Registers Per|Stall|Warp Cycles Per Issued|Block Limit|Theoretical Occ" \
    "$OUT/r/ncu_${name}_sections.txt" | head -30
}

# kernel_source_pages KERNEL...: Nsight Compute's source page (instructions and stall samples per
# SASS line) and the speed of light, warp state and occupancy sections of one launch of each
# KERNEL (a regex; its second launch) in a 3-frame encode of /tmp/c4k.y4m by /tmp/bA/tcenc, into
# $OUT/r/source_sass.KERNEL.csv and source_details.KERNEL.txt (the report dropped).
kernel_source_pages() {
  local kernel
  for kernel in "$@"; do
    timeout 60 ncu -k "regex:$kernel" -s 1 -c 1 --section SourceCounters --section SpeedOfLight \
      --section WarpStateStats --section Occupancy -o "$OUT/r/source.$kernel" /tmp/bA/tcenc -i /tmp/c4k.y4m \
      -o "$OUT/r/ncu_source.hevc" --qp 32 --bframes 0 --gpu --gpu-decisions --preset ultrafast --threads 16 \
      --quiet --frames 3 > "$OUT/r/ncu_source.$kernel.log" 2>&1
    echo "ncu source $kernel rc=$?" >> "$OUT/r/runs.txt"
    rm -f "$OUT/r/ncu_source.hevc"
    ncu -i "$OUT/r/source.$kernel.ncu-rep" --page source --csv --print-source sass > "$OUT/r/source_sass.$kernel.csv" 2>&1
    ncu -i "$OUT/r/source.$kernel.ncu-rep" --page details > "$OUT/r/source_details.$kernel.txt" 2>&1
    rm -f "$OUT/r/source.$kernel.ncu-rep"
  done
}
