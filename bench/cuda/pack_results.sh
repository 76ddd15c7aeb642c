#!/bin/bash
# Packs what a run on the GPU machine left under $OUT into files the device tool brings back (at
# most 8 files, 16 MiB each, 64 MiB together): the files named by the arguments (globs relative
# to $OUT; at most 6, each at most 16 MiB) move to $OUT/keep/ (their folders joined to the name
# with '_'), every other stream and raw video (*.hevc, *.y4m, *.yuv) is dropped, and the rest
# (logs, CSVs, tables) goes into $OUT/results.tgz. Unpack here with `tar xzf results.tgz`.
#   OUT=dir bash bench/cuda/pack_results.sh ['e2e/1920x1080.*pipeline.hevc' ...]
set -u
OUT=${OUT:-$PWD/gpu-results}
cd "$OUT" || exit 1
mkdir -p keep
kept=0
for pattern in "$@"; do
  for file in $pattern; do
    [ -f "$file" ] || continue
    if [ "$kept" -ge 6 ] || [ "$(stat -c %s "$file")" -gt $((16 << 20)) ]; then
      echo "pack_results: $file left out (a seventh file, or over 16 MiB)"
      continue
    fi
    mv "$file" "keep/${file//\//_}"
    kept=$((kept + 1))
  done
done
while IFS= read -r -d '' file; do
  echo "pack_results: dropped $file"
  rm -f "$file"
done < <(find . -path ./keep -prune -o -type f \( -name '*.hevc' -o -name '*.y4m' -o -name '*.yuv' \) -print0)
mapfile -t entries < <(ls -A | grep -v -x -e keep -e results.tgz)
if [ ${#entries[@]} -gt 0 ]; then
  tar czf results.tgz "${entries[@]}" && rm -rf "${entries[@]}"
fi
ls -la . keep
