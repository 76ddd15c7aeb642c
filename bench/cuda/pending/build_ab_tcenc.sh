# Sourced by the twentieth session's device scripts (run_session20_ab.sh,
# run_session20_threads.sh): builds tcenc (CUDA on) twice, /tmp/bA from the tree and /tmp/bB
# with REVERT_PATCH applied (reverted again after), logging to $OUT/r/build.txt. Needs OUT,
# REVERT_PATCH and build-cuda/devdeps (CLI11's headers).
export PATH=/usr/local/cuda/bin:$PATH
DEPS=$PWD/build-cuda/devdeps
build() {  # dir
  cmake -S . -B "$1" -DCMAKE_BUILD_TYPE=Release -DTCENC_CUDA=ON -DTCENC_WERROR=ON -DTCENC_BUILD_TESTS=OFF \
    -DCMAKE_CXX_FLAGS="-isystem $DEPS/include" | tail -1
  cmake --build "$1" -j16 --target tcenc 2>&1 | grep -E "error|warning|FAILED" | head -20
}
{ nvidia-smi -L; nproc; lscpu | grep "Model name"
  time build /tmp/bA
  patch -p1 -s < "$REVERT_PATCH" && time build /tmp/bB
  patch -p1 -R -s < "$REVERT_PATCH"; } > "$OUT/r/build.txt" 2>&1
