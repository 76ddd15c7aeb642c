#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/) with clang in BUILD_DIR and runs each for a fixed
# time, starting from the seeds in fuzz/corpus/<target>. Fails if any target crashes,
# leaks, times out or breaks one of its checks; the reproducer is then in
# BUILD_DIR/fuzz-artifacts/<target>/ and the log in BUILD_DIR/fuzz-logs/<target>.log.
#
#   tests/fuzz/run_fuzzers.sh BUILD_DIR [SECONDS_PER_TARGET] [TARGET...]
#
# SECONDS_PER_TARGET defaults to 20; TARGETs default to all of them. New corpus entries go
# to BUILD_DIR/fuzz-corpus/<target>, never into the source tree. That directory is emptied
# first, because libFuzzer replays the whole corpus before it looks at the clock and a
# corpus grown over many runs would stretch a 20 s run to minutes; KEEP_CORPUS=1 keeps it
# (for long runs that build on earlier ones).
# Environment: JOBS (build parallelism, default nproc), CC / CXX (default clang / clang++),
# KEEP_CORPUS.
set -euo pipefail

usage() {
    echo "usage: $0 BUILD_DIR [SECONDS_PER_TARGET] [TARGET...]" >&2
    exit 2
}

[[ $# -ge 1 ]] || usage
build_dir=$1
seconds=${2:-20}
shift $(($# >= 2 ? 2 : 1))
targets=("$@")
[[ ${#targets[@]} -gt 0 ]] || targets=(fuzz_y4m_reader fuzz_settings fuzz_api)
[[ $seconds =~ ^[0-9]+$ && $seconds -gt 0 ]] || usage

source_dir=$(cd "$(dirname "$0")/../.." && pwd)
jobs=${JOBS:-$(nproc)}
# Without the CUDA backend (-DTCENC_CUDA=OFF): the fuzzers drive the parsers and the API on the
# CPU; the main build compiles the CUDA code.

CC=${CC:-clang} CXX=${CXX:-clang++} cmake -S "$source_dir" -B "$build_dir" \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTCENC_FUZZ=ON -DTCENC_BUILD_TESTS=OFF -DTCENC_CUDA=OFF \
    --log-level=WARNING
cmake --build "$build_dir" -j"$jobs" --target "${targets[@]}"

failed=()
for target in "${targets[@]}"; do
    binary="$build_dir/fuzz/$target"
    corpus="$build_dir/fuzz-corpus/$target"
    artifacts="$build_dir/fuzz-artifacts/$target"
    log="$build_dir/fuzz-logs/$target.log"
    [[ ${KEEP_CORPUS:-0} == 1 ]] || rm -rf "$corpus"
    mkdir -p "$corpus" "$artifacts" "$(dirname "$log")"
    echo "run_fuzzers: $target for ${seconds}s" >&2
    # The first corpus directory receives new inputs; the seeds in the tree are read only.
    if "$binary" -max_total_time="$seconds" -timeout=60 -rss_limit_mb=4096 \
        -print_final_stats=1 -artifact_prefix="$artifacts/" \
        "$corpus" "$source_dir/fuzz/corpus/$target" >"$log" 2>&1; then
        grep -E '^stat::number_of_executed_units|^Done' "$log" | sed "s/^/  $target: /" >&2 || true
    else
        echo "run_fuzzers: $target FAILED; log: $log; reproducer(s):" >&2
        ls -1 "$artifacts" | sed "s|^|  $artifacts/|" >&2
        tail -n 40 "$log" >&2
        failed+=("$target")
    fi
done

if [[ ${#failed[@]} -gt 0 ]]; then
    echo "run_fuzzers: failed: ${failed[*]}" >&2
    exit 1
fi
echo "run_fuzzers: all ${#targets[@]} targets ran ${seconds}s each without a finding" >&2
