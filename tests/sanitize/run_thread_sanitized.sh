#!/usr/bin/env bash
# Builds the unit tests with ThreadSanitizer in BUILD_DIR and runs the tests that use
# several encoder contexts from several threads at once, and the threaded encoder itself
# (thread pool, wavefront rows, WPP substreams; every data race aborts).
#
#   tests/sanitize/run_thread_sanitized.sh BUILD_DIR
set -euo pipefail
[[ $# -eq 1 ]] || { echo "usage: $0 BUILD_DIR" >&2; exit 2; }
build_dir=$1
source_dir=$(cd "$(dirname "$0")/../.." && pwd)
export TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1
cmake -S "$source_dir" -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTCENC_TSAN=ON \
    -DTCENC_BUILD_TESTS=ON -DTCENC_CUDA=OFF --log-level=WARNING  # as run_sanitized.sh
cmake --build "$build_dir" -j"${JOBS:-$(nproc)}" --target tcenc_unit_tests
"$build_dir/tests/tcenc_unit_tests" --gtest_brief=1 --gtest_filter='CApi.SameInputGivesSameBytesSequentiallyAndInParallel:CApi.ConfigSet*:ThreadPool.*:CoarsePrefetch.*:Wavefront.*:ThreadedEncoder.*:*RowFinisherTest.*:ReadAhead.*:SerialWorker.*:BFramesApi.*:PipelineApi.*:*PipelineDepth.*:PipelineRowsApi.*:LookaheadComplexity.SameAnswerOnAPool'
echo "run_thread_sanitized: no data race"
