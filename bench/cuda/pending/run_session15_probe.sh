#!/bin/bash
# Fifteenth session's first device run: why the rows' CPU work of a 4K GPU-decisions picture is
# 2.4-3.5x larger on the H100 host than on the development machine (visit 36 / SAO 16 / CABAC
# substreams 62 ms summed a picture at 4 threads there, 15-17 / 6 / 20-23 ms on two threads here).
# The same 4K panned clip and command (TC_TRACE, session14_timeline.patch applied on the device
# only): the CPU mirror on 1 and 2 threads (no GPU at all in the rows' inputs), the GPU on 1, 4,
# 12 and 16 threads; a one-thread CPU-only encode of the sample for a core-speed ratio; perf where
# the machine has it; Nsight Compute on the GPU call's kernels. Carry build-cuda/devdeps/include.
set -u
OUT=${OUT:-$PWD/gpu-results}; mkdir -p "$OUT/r"
export PATH=/usr/local/cuda/bin:$PATH
B=/tmp/bT
{ nvidia-smi -L; nproc; g++ --version | head -1; which perf valgrind ncu nsys python3
  grep -m1 "model name" /proc/cpuinfo; grep MHz /proc/cpuinfo | sort | uniq -c | head; cat /proc/loadavg
  cat /proc/sys/kernel/perf_event_paranoid; cpupower frequency-info 2>/dev/null | head -5
  patch -p1 -s < bench/cuda/pending/session14_timeline.patch
  cmake -S . -B $B -DCMAKE_BUILD_TYPE=Release -DTCENC_CUDA=ON -DTCENC_BUILD_TESTS=OFF \
    -DCMAKE_CXX_FLAGS="-isystem $PWD/build-cuda/devdeps/include" -DCMAKE_CUDA_FLAGS=-lineinfo | tail -1
  time cmake --build $B -j16 --target tcenc gpu_motion_bench 2>&1 | grep -E "error|FAILED" | head; } > "$OUT/r/build.txt" 2>&1
# Core speed: the sample, CPU only, one thread, medium, three times (the same runs here give the ratio).
for i in 1 2 3; do /usr/bin/time -f "sample_t1 %e s %U user" $B/tcenc -i samples/vt2people_320x192_9f.y4m -o /tmp/s.hevc \
  --threads 1 --quiet 2>> "$OUT/r/core_speed.txt"; done
python3 bench/cuda/make_panned_clip.py samples/vt2people_320x192_9f.y4m 3840 2160 12 /tmp/p4k.y4m
run() {  # name threads args...
  local name=$1 threads=$2; shift 2
  local start=$(date +%s.%N)
  TC_TRACE=1 TC_INTERLEAVE=1 $B/tcenc -i /tmp/p4k.y4m -o "$OUT/r/$name.hevc" --csv "$OUT/r/$name.csv" --qp 32 --bframes 0 \
    --gpu --quiet --preset ultrafast --pipeline --gpu-decisions --threads "$threads" "$@" 2> "$OUT/r/$name.log"
  echo "$name rc=$? wall_s=$(python3 -c "print(round($(date +%s.%N) - $start, 3))")" >> "$OUT/r/runs.txt"
}
run mirror.t1 1 --gpu-algorithm-on-cpu
run mirror.t2 2 --gpu-algorithm-on-cpu
run gpu.t1 1
run gpu.t4 4
run gpu.t12 12
run gpu.t16 16
if command -v perf > /dev/null; then
  perf stat -e task-clock,cycles,instructions,context-switches,cpu-migrations,page-faults -o "$OUT/r/perf_stat_mirror_t1.txt" \
    $B/tcenc -i /tmp/p4k.y4m -o /tmp/x.hevc --qp 32 --bframes 0 --gpu --quiet --preset ultrafast --pipeline --gpu-decisions \
    --threads 1 --gpu-algorithm-on-cpu 2>> "$OUT/r/perf_err.txt"
  perf stat -e task-clock,cycles,instructions,context-switches,cpu-migrations,page-faults -o "$OUT/r/perf_stat_gpu_t4.txt" \
    $B/tcenc -i /tmp/p4k.y4m -o /tmp/x.hevc --qp 32 --bframes 0 --gpu --quiet --preset ultrafast --pipeline --gpu-decisions \
    --threads 4 2>> "$OUT/r/perf_err.txt"
  perf record -F 1999 -g -o /tmp/perf.data $B/tcenc -i /tmp/p4k.y4m -o /tmp/x.hevc --qp 32 --bframes 0 --gpu --quiet \
    --preset ultrafast --pipeline --gpu-decisions --threads 4 2>> "$OUT/r/perf_err.txt"
  perf report -i /tmp/perf.data --no-children --sort symbol --stdio 2>/dev/null | grep -v "^$" | head -150 > "$OUT/r/perf_gpu_t4.txt"
fi
rm -f /tmp/p4k.y4m
for kernel in vector_smoothing_kernel inter_coding_kernel block_search_kernel; do
  timeout 100 ncu --kernel-name "regex:$kernel" --launch-skip 8 --launch-count 1 --set full \
    --page details --print-units base $B/gpu_motion_bench samples/vt2people_320x192_9f.y4m 12 /dev/null \
    > "$OUT/r/ncu_$kernel.txt" 2>&1
  echo "ncu $kernel rc=$?" >> "$OUT/r/runs.txt"
done
md5sum "$OUT"/r/*.hevc | sed "s|$OUT/r/||" | sort > "$OUT/r/md5.txt"
cat "$OUT/r/runs.txt"
