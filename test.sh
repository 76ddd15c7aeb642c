#!/usr/bin/env bash
# Builds tcenc with the tests (warnings are errors) and runs them.
#   ./test.sh            every test but those labelled "long"
#   ./test.sh --long     every test
#   ./test.sh -- -R y4m  arguments after "--" go to ctest
set -euo pipefail
cd "$(dirname "$0")"

usage() {
    echo "usage: $0 [--long] [-- ctest arguments...]" >&2
    exit 2
}

long=0
ctest_args=()
while [[ $# -gt 0 ]]; do
    case "$1" in
    --long) long=1 ;;
    --) shift; ctest_args=("$@"); break ;;
    -h | --help) usage ;;
    *) echo "test.sh: unknown argument '$1'" >&2; usage ;;
    esac
    shift
done

source tools/setup/ensure_packages.sh

# phase NAME: prints how long the phase before it took.
phase_start=$SECONDS
phase() {
    echo "test.sh: $1 took $((SECONDS - phase_start)) s" >&2
    phase_start=$SECONDS
}

ensure_packages cmake g++ libcli11-dev ffmpeg libde265-examples python3 \
    libgtest-dev libbenchmark-dev x265 clang

cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DTCENC_BUILD_TESTS=ON -DTCENC_WERROR=ON \
    --log-level=WARNING
cmake --build build -j"$(nproc)"
phase "set-up and build"

label_filter=(-LE long)
[[ $long -eq 1 ]] && label_filter=()
ctest --test-dir build --output-on-failure -j"$(nproc)" "${label_filter[@]}" "${ctest_args[@]}"
phase "ctest"

# Reliability guardrails (docs/FUZZING.md): the unit tests and a short conformance subset
# under AddressSanitizer + UndefinedBehaviorSanitizer, then every fuzzer for a fixed time.
tests/sanitize/run_sanitized.sh build-sanitize
phase "sanitizers (build and run)"
# ThreadSanitizer on the tests that encode with several contexts in parallel (long suite).
if [[ $long -eq 1 ]]; then
    tests/sanitize/run_thread_sanitized.sh build-tsan
    phase "ThreadSanitizer (build and run)"
fi
if command -v clang++ >/dev/null; then
    fuzz_seconds=20
    [[ $long -eq 1 ]] && fuzz_seconds=300
    tests/fuzz/run_fuzzers.sh build-fuzz "$fuzz_seconds"
    phase "fuzzers (build and run)"
else
    echo "test.sh: clang++ is missing, so the fuzzers cannot be built (apt-get install clang)" >&2
    exit 1
fi
