#!/usr/bin/env bash
# Builds tcenc (Release) and encodes the bundled sample to out/vt2people.hevc.
set -euo pipefail
cd "$(dirname "$0")"

source tools/setup/ensure_packages.sh

ensure_packages cmake g++ libcli11-dev ffmpeg libde265-examples python3

cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DTCENC_BUILD_TESTS=OFF --log-level=WARNING
cmake --build build -j"$(nproc)"

mkdir -p out
./build/tcenc -i samples/vt2people_320x192_9f.y4m -o out/vt2people.hevc --psnr
echo "run.sh: the stream is out/vt2people.hevc (play it with: ffplay out/vt2people.hevc)"
