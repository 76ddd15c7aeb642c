#!/bin/bash
# Thirty-fifth session: fewer instructions in the block search, predict_blocks, the intra kernels
# and the forward transform, the same streams.
#   - block search: the start candidates' SADs a word (four samples) a thread, one warp sum a
#     candidate's half (a thread a sample read a byte a candidate and summed four warps); the
#     full-sample SADs of a position summed on four neighbouring lanes (no shared atomics); the
#     sub-sample steps' vertical items three candidates each (the three with one horizontal
#     offset read the same five words of pairs).
#   - predict_blocks (smoothing, area, split and intra decisions): the window words' indices
#     stepped by a cursor (PackedWindowCursor) instead of two divisions each; the smoothing held
#     at 40 registers (6 thread blocks an SM) and the intra decision at 32 (8).
#   - intra coding and intra decision: each angular mode's reference stored once a block
#     (intra_angular_reference_entry), each sample two reads and one weighted sum
#     (intra_predicted_sample_from_reference) instead of intra_predicted_sample's projection and
#     edge cases per sample and mode (half of the intra coding's instructions).
#   - the forward transform's passes (inter coding, intra coding, 8x8 intra CUs): each sum folded
#     about the DCT row's middle (forward_dot), half the products.
# Apply the patch first (git apply bench/cuda/pending/session35_kernels.patch): the tree with it
# (N) against the tree with it reverted (O), built on the device: the camera clip (carried) at
# 1080p 10 frames, 4K 40 and 8K 16, N and O interleaved; every stream must have the CPU mirror's
# digest (since signhide -1, thirty-fifth session: 1080p c01e2378..., 4K 78b0dab6..., 8K
# 50b94819...).
# Then the GPU unit tests but the 1080p ones (74x42: the thirty-fourth session's fix of the
# full-sample SAD at widths that are not whole words, never run on a GPU yet), the kernels of
# 6-frame 4K encodes (Nsight Compute), N and O, and the new block search's, smoothing's and intra coding's
# instructions and stalls per SASS line.
#   OUT=$OUT timeout 560 bash bench/cuda/pending/run_session35.sh camera_1080p_10f.y4m; \
#     OUT=$OUT bash bench/cuda/pack_results.sh 'r/1080.1.N.hevc' 'r/4k.1.N.hevc'
set -u
CLIP=$1
OUT=${OUT:-$PWD/gpu-results}
source bench/cuda/device_steps.sh
rm -rf /tmp/old && mkdir /tmp/old && tar cf - --exclude=./build --exclude=./build-cuda --exclude=./bench/results --exclude='./*.y4m' . | tar xf - -C /tmp/old
(cd /tmp/old && patch -R -p1 -s < bench/cuda/pending/session35_kernels.patch && DEPS=$DEPS build_tcenc /tmp/bO) \
  > "$OUT/r/build_old.txt" 2>&1 &
build_gpu_unit_tests 8 > "$OUT/r/build_tests.txt" 2>&1 &
start_device_call
wait
new_old_encodes "$CLIP" 2
run_gpu_unit_tests 'gpu/*:-*1920x1080*'
grep -E "^\[  (PASSED|FAILED) " "$OUT/r/gpu_unit_tests.txt"
kernel_times 4k /tmp/bA/tcenc /tmp/c4k.y4m
kernel_times 4k.old /tmp/bO/tcenc /tmp/c4k.y4m
head -12 "$OUT/r/kernel_times.4k.txt" "$OUT/r/kernel_times.4k.old.txt"
kernel_source_pages block_search vector_smoothing intra_coding_kernel inter_coding_kernel
for f in "$OUT"/r/*.hevc; do case $(basename $f) in 1080.1.N.hevc|4k.1.N.hevc) ;; *) rm -f "$f" ;; esac; done
