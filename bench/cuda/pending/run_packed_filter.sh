#!/bin/bash
# Thirty-third session, never run (no device was lent): the 16x16 predictions on packed operands
# (accel/packed_luma_filter.h: window rows read a word at a time, four horizontal sums a thread
# with dp4a, two vertical sums with dp2a) in predict_blocks (the smoothing, the area, split and
# intra decisions, and the inter coding's luma, which read 64 taps a sample from global memory)
# and in the block search's window and sub-sample steps: bench/cuda/pending/packed_filter.patch,
# applied to the tree (N), against a copy of the tree without it (OLD, carried untracked: e.g.
# `git worktree add /tmp/old HEAD`, then copied into the repository as old_tree/ without its .git
# file, bench/results, docs, tests and samples, so that the carried files stay under 64 MiB).
# The camera clip (carried) at 1080p 10 frames, 4K 40 frames and 8K 16 frames, new and old: every
# stream must have the CPU mirror's digest (1080p a9773f4d..., 4K 29388eb1..., 8K 51e05142...).
# Then the GPU unit tests but the 1080p ones (74x42 among the motion sizes: rows that are not whole
# words), the kernels of 6-frame 4K encodes (Nsight Compute), new and old, and the new kernels'
# instructions and stalls per SASS line as long as the call lasts.
#   git apply bench/cuda/pending/packed_filter.patch
#   OUT=$OUT timeout 400 bash bench/cuda/pending/run_packed_filter.sh camera_1080p_10f.y4m old_tree; \
#     OUT=$OUT bash bench/cuda/pack_results.sh 'r/1080.1.N.hevc' 'r/4k.1.N.hevc'
set -u
CLIP=$1
OLD=$2
OUT=${OUT:-$PWD/gpu-results}
source bench/cuda/device_steps.sh
(cd "$OLD" && build_tcenc /tmp/bO) > "$OUT/r/build_old.txt" 2>&1 &
# The unit tests' build beside the others (run_gpu_unit_tests then finds it built).
build_gpu_unit_tests 8 > "$OUT/r/build_tests.txt" 2>&1 &
start_device_call
wait
new_old_encodes "$CLIP" 1
run_gpu_unit_tests 'gpu/*:-*1920x1080*'
tail -3 "$OUT/r/gpu_unit_tests.txt"
kernel_times 4k /tmp/bA/tcenc /tmp/c4k.y4m
kernel_times 4k.old /tmp/bO/tcenc /tmp/c4k.y4m
head -12 "$OUT/r/kernel_times.4k.txt" "$OUT/r/kernel_times.4k.old.txt"
# Instructions and stalls per SASS line (Nsight Compute's source page) of one launch each: the
# second smoothing half, the inter coding, the block search, a wave of the intra coding (as long
# as the call's time lasts).
kernel_source_pages vector_smoothing inter_coding_kernel block_search intra_coding_kernel
# Streams kept for decoding here: one of each clip's new ones.
for f in "$OUT"/r/*.hevc; do case $(basename $f) in 1080.1.N.hevc|4k.1.N.hevc) ;; *) rm -f "$f" ;; esac; done
