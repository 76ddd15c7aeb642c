#!/usr/bin/env bash
# Builds the unit tests and the CLI with AddressSanitizer + UndefinedBehaviorSanitizer
# (TCENC_SANITIZE=ON: every finding aborts) in BUILD_DIR and runs:
#   1. every unit test;
#   2. a short conformance subset under the sanitizers: the sample clip's first 3 frames at
#      two QPs, 5 frames with 4 reference pictures, a 98x74 crop of it (made with ffmpeg),
#      B-frames (3 and 7, open GOP), intra refresh, realtime with the GPU path (its CPU twin
#      here), three slices on two threads, each decoded with ffmpeg (MD5 SEI checked) and
#      compared byte for byte with the encoder's --recon output.
#
#   tests/sanitize/run_sanitized.sh BUILD_DIR
#
# Environment: JOBS (build parallelism, default nproc), CC / CXX (default: CMake's choice).
set -euo pipefail

[[ $# -eq 1 ]] || { echo "usage: $0 BUILD_DIR" >&2; exit 2; }
build_dir=$1
source_dir=$(cd "$(dirname "$0")/../.." && pwd)
jobs=${JOBS:-$(nproc)}
sample="$source_dir/samples/vt2people_320x192_9f.y4m"

export ASAN_OPTIONS=halt_on_error=1:detect_leaks=1:abort_on_error=0:strict_string_checks=1:detect_stack_use_after_return=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1

# Without the CUDA backend: its code cannot run on a machine without a GPU (its tests skip), and
# the main build (test.sh) compiles it with -Werror already.
# -O1 -g1 (file and line in the reports): the build takes about half as long as with -O2 -g (6.0
# against 11.2 minutes on two cores), the tests a little longer (docs/FUZZING.md).
cmake -S "$source_dir" -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTCENC_SANITIZE=ON \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG" -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG" \
    -DTCENC_BUILD_TESTS=ON -DTCENC_CUDA=OFF --log-level=WARNING
cmake --build "$build_dir" -j"$jobs" --target tcenc_unit_tests tcenc

work="$build_dir/sanitize_work"
rm -rf "$work"
mkdir -p "$work"

# The unit tests in `jobs` shards (googletest's GTEST_TOTAL_SHARDS), each a process of its own,
# at once; a shard's output is printed where it fails. Left out here: four tests that encode the
# same clip again for every thread count or frame-thread setting (a quarter of the sanitized
# tests' time, 130 of 400 s on two cores). The main suite runs them; the code they reach runs here
# in the B-frame and pipeline API tests (anchor pairs, the coarse prefetch, frame threads, the
# pipeline's hash threads), and ThreadSanitizer (./test.sh --long) runs them all.
unit_filter=-ThreadedEncoder.AnchorPairsPairEveryPictureWithTheSameStream:ThreadedEncoder.CoarsePrefetchGivesTheSameStream
unit_filter+=:ThreadedEncoder.FrameThreadsPairPicturesWithTheSameStream:PipelineRowsApi.AutomaticHashThreadsAreThreeAboveTwo1080pPictures
echo "run_sanitized: unit tests in $jobs shards" >&2
pids=()
for ((shard = 0; shard < jobs; shard++)); do
    GTEST_TOTAL_SHARDS=$jobs GTEST_SHARD_INDEX=$shard "$build_dir/tests/tcenc_unit_tests" --gtest_brief=1 \
        --gtest_filter="$unit_filter" > "$work/unit_tests.$shard.log" 2>&1 &
    pids+=($!)
done
failed=0
for ((shard = 0; shard < jobs; shard++)); do
    if ! wait "${pids[$shard]}"; then
        echo "run_sanitized: unit test shard $shard of $jobs failed:" >&2
        cat "$work/unit_tests.$shard.log" >&2
        failed=1
    fi
done
[[ $failed -eq 0 ]] || exit 1

# encode_and_check NAME INPUT TCENC_ARGS...: encodes, decodes with ffmpeg, compares with --recon.
encode_and_check() {
    local name=$1 input=$2
    shift 2
    echo "run_sanitized: encode $name" >&2
    "$build_dir/tcenc" -i "$input" -o "$work/$name.hevc" --recon "$work/$name.recon.y4m" --quiet "$@"
    ffmpeg -nostdin -v error -xerror -err_detect crccheck+explode -i "$work/$name.hevc" \
        -f rawvideo -pix_fmt yuv420p "$work/$name.decoded.yuv"
    ffmpeg -nostdin -v error -i "$work/$name.recon.y4m" -f rawvideo -pix_fmt yuv420p \
        "$work/$name.recon.yuv"
    if ! cmp -s "$work/$name.decoded.yuv" "$work/$name.recon.yuv"; then
        echo "run_sanitized: $name: ffmpeg's decode differs from the encoder's reconstruction" >&2
        return 1
    fi
    [[ -s "$work/$name.decoded.yuv" ]] || { echo "run_sanitized: $name: nothing decoded" >&2; return 1; }
}

encode_and_check sample_qp22 "$sample" --frames 3 --qp 22
encode_and_check sample_qp37 "$sample" --frames 3 --qp 37
encode_and_check sample_ref4 "$sample" --frames 5 --qp 30 --ref 4
ffmpeg -nostdin -v error -i "$sample" -vf crop=98:74:13:7 -frames:v 3 -pix_fmt yuv420p \
    -f yuv4mpegpipe "$work/crop_98x74.y4m"
encode_and_check crop_98x74 "$work/crop_98x74.y4m" --qp 30
# The GOP tools: B-frames with a flush, open GOP, intra refresh, realtime, the GPU path's CPU twin.
encode_and_check sample_b3 "$sample" --qp 30 --bframes 3 --ref 2
encode_and_check sample_b7_open_gop "$sample" --qp 32 --bframes 7 --keyint 4 --open-gop
encode_and_check sample_intra_refresh "$sample" --qp 30 --intra-refresh --keyint 3
encode_and_check sample_realtime "$sample" --qp 30 --bframes 2 --realtime --gpu --quiet
# The GPU decisions' CPU twin with its deblocking and SAO statistics, an odd size, two slices.
encode_and_check crop_gpu_filters "$work/crop_98x74.y4m" --qp 30 --bframes 0 --slices 2 --threads 2 \
    --gpu --gpu-algorithm-on-cpu --gpu-decisions --gpu-filters
# Slices (one per CTU row of the sample) on two threads, B pictures.
encode_and_check sample_slices3 "$sample" --qp 30 --bframes 3 --slices 3 --threads 2

echo "run_sanitized: no sanitizer finding" >&2
