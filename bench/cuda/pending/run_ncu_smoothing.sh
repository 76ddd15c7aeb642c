#!/bin/bash
# For the next device time: Nsight Compute's report of the GPU call's kernels (the smoothing
# passes are most of it: 4.2 ms of the 5.3 ms call at 4K, 16.9 of 21.1 ms at 8K on an H100,
# bench/results/gpu_2026-12-05e/h100_smoothing_windows_ab/) on gpu_motion_bench's 4K frames, as
# text. ncu is on the device machine (/usr/local/cuda/bin/ncu); if the performance counters
# are not permitted (ERR_NVGPUCTRPERM) the log says so. Carry build-cuda/devdeps/include.
#   OUT=$OUT bash bench/cuda/pending/run_ncu_smoothing.sh
set -u
OUT=${OUT:-$PWD/gpu-results}; mkdir -p "$OUT/r"
export PATH=/usr/local/cuda/bin:$PATH
{ nvidia-smi -L
  cmake -S . -B /tmp/bN -DCMAKE_BUILD_TYPE=Release -DTCENC_CUDA=ON -DTCENC_BUILD_TESTS=OFF \
    -DCMAKE_CXX_FLAGS="-isystem $PWD/build-cuda/devdeps/include" -DCMAKE_CUDA_FLAGS="-lineinfo" | tail -1
  cmake --build /tmp/bN -j16 --target gpu_motion_bench 2>&1 | grep -E "error|FAILED" | head; } > "$OUT/r/build.txt" 2>&1
for kernel in ${KERNELS:-vector_smoothing_kernel inter_coding_kernel block_search_kernel}; do
  timeout ${NCU_TIMEOUT:-200} ncu --kernel-name "regex:$kernel" --launch-skip 8 --launch-count 2 --set full \
    --page details --print-units base /tmp/bN/gpu_motion_bench samples/vt2people_320x192_9f.y4m 12 /dev/null \
    > "$OUT/r/ncu_$kernel.txt" 2>&1
  echo "$kernel rc=$?" >> "$OUT/r/runs.txt"
done
cat "$OUT/r/runs.txt"
