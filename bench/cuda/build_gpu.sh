#!/bin/bash
# Configures and builds tcenc with TCENC_CUDA=ON on the GPU machine (the step that
# run_gpu_checks.sh starts with), for runs that need only the build.
#   DEPS=build-cuda/devdeps BUILD=/tmp/tcenc-gpu-build bash bench/cuda/build_gpu.sh [targets...]
set -u
DEPS=${DEPS:-$PWD/build-cuda/devdeps}
BUILD=${BUILD:-/tmp/tcenc-gpu-build}
export PATH=/usr/local/cuda/bin:$PATH
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(tcenc tcenc_unit_tests gpu_motion_bench)
prefix=
generator=(); command -v ninja >/dev/null && generator=(-G Ninja)
if [ -d "$DEPS/googletest" ] && [ ! -d /tmp/gtest ]; then
  cmake -S "$DEPS/googletest" -B /tmp/gtest-build "${generator[@]}" -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_INSTALL_PREFIX=/tmp/gtest -DBUILD_GMOCK=OFF >/dev/null && cmake --build /tmp/gtest-build -j16 >/dev/null &&
    cmake --install /tmp/gtest-build >/dev/null
fi
[ -d /tmp/gtest ] && prefix=/tmp/gtest
cmake -S . -B "$BUILD" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release -DTCENC_CUDA=ON -DTCENC_WERROR=ON \
  -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_CXX_FLAGS="-isystem $DEPS/include" | tail -1
cmake --build "$BUILD" -j16 --target "${targets[@]}" 2>&1 | grep -E "error|warning|FAILED" | head -40
